from ingest.chunker import ChunkingPolicy, split_into_chunks
from tests.conftest import SAMPLE_FILE


def _chunks(text, size=300, overlap=80, page_starts=None):
    return split_into_chunks(text, doc_id="d", path="p.txt", title="T", policy=ChunkingPolicy(size, overlap),
                             page_starts=page_starts)


def test_every_chunk_is_an_exact_slice_of_the_file():
    text = SAMPLE_FILE.read_text(encoding="utf-8")
    for size, overlap in [(200, 50), (400, 100), (1000, 200), (5000, 0)]:
        chunks = _chunks(text, size, overlap)
        assert chunks, (size, overlap)
        for c in chunks:
            assert text[c.start:c.end] == c.text
        covered = set()
        for c in chunks:
            covered.update(range(c.start, c.end))
        # Everything but whitespace between sentences is covered.
        assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


def test_chunks_end_on_sentence_boundaries_and_overlap():
    text = " ".join(f"Sentence number {i} is here." for i in range(40))
    chunks = _chunks(text, 200, 60)
    assert len(chunks) > 3
    for c in chunks:
        assert c.text.startswith("Sentence") and c.text.endswith(".")
        assert len(c.text) <= 200
    for a, b in zip(chunks, chunks[1:]):
        assert b.start < a.end, "consecutive chunks share whole sentences"
        assert b.start > a.start


def test_paragraph_break_closes_a_full_chunk():
    para1 = " ".join(f"Alpha {i} words." for i in range(14))  # ~210 chars: over 60% of 300
    para2 = " ".join(f"Beta {i} words." for i in range(10))
    chunks = _chunks(para1 + "\n\n" + para2, size=300, overlap=0)
    assert chunks[0].text == para1


def test_overlong_sentence_is_cut_at_spaces():
    text = "word " * 500
    chunks = _chunks(text.strip(), 300, 0)
    assert all(len(c.text) <= 300 for c in chunks)
    assert all(text[c.start:c.end] == c.text for c in chunks)


def test_ids_depend_on_content_only():
    text = SAMPLE_FILE.read_text(encoding="utf-8")
    a = [c.chunk_id for c in _chunks(text)]
    assert a == [c.chunk_id for c in _chunks(text)]
    assert a != [c.chunk_id for c in _chunks(text.replace("Culiacán", "Culiacan"))]
    assert len(set(a)) == len(a)


def test_pages_follow_page_starts():
    text = "Page one text here.\n\nPage two text here."
    chunks = _chunks(text, size=25, overlap=0, page_starts=[0, 21])
    assert [c.page for c in chunks] == [1, 2]
