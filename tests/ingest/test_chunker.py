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


# -- structured documents: chunks follow blocks and carry their heading path --------------------

def _md_chunks(text: str, size: int, overlap: int = 0, flat: bool = False):
    from ingest.markdown_blocks import markdown_blocks

    return split_into_chunks(text, doc_id="d", path="p.md", title="Guide", policy=ChunkingPolicy(size, overlap),
                             blocks=None if flat else markdown_blocks(text))


LISTED = (
    "# Guide\n\n## Uploads\n\n"
    + " ".join(f"Files arrive in part {i} of the request body." for i in range(6))
    + "\n\nUsing `UploadFile` has several advantages over `bytes`:\n\n"
    + "".join(f"* Advantage number {i} holds. It is explained here.\n" for i in range(8))
    + "\n## Limits\n\nThe size limit is set by the server. It defaults to one megabyte.\n"
)


def test_a_list_that_fits_is_never_split_and_stays_with_its_lead_in():
    items = [line for line in LISTED.splitlines() if line.startswith("* ")]
    chunks = _md_chunks(LISTED, size=600)
    with_list = [c for c in chunks if items[0] in c.text]
    assert len(with_list) == 1
    assert all(item in with_list[0].text for item in items)
    assert "advantages over `bytes`:" in with_list[0].text
    # Without the blocks, the sentence packer cuts this list (what the structure fixes).
    flat = _md_chunks(LISTED, size=600, flat=True)
    assert not any(all(item in c.text for item in items) for c in flat)


def test_a_list_item_is_never_cut_between_its_sentences():
    for size in (120, 200, 300):
        for c in _md_chunks(LISTED, size=size, overlap=60):
            for line in c.text.splitlines():
                if line.startswith("* "):
                    assert line.endswith("explained here."), (size, c.text)


def test_chunks_carry_their_heading_path_and_start_at_headings():
    chunks = _md_chunks(LISTED, size=600, overlap=100)
    assert chunks[0].heading == "Guide › Uploads"
    assert chunks[-1].heading == "Guide › Limits" and chunks[-1].text.startswith("## Limits")
    assert all(LISTED[c.start:c.end] == c.text and len(c.text) <= 600 for c in chunks)
    # The overlap repeats text of the same section only.
    assert not any("## Limits" in a.text and b.heading != "Guide › Limits" for a, b in zip(chunks, chunks[1:]))


def test_a_sentence_of_a_later_section_in_a_chunk_is_placed_under_that_section():
    text = ("# Tutorial\n\n## A\n\nFirst section words. They say little.\n\n## B\n\nThe cited sentence sits here.\n\n"
            "### B1\n\nDeeper still.\n")
    [chunk] = _md_chunks(text, size=1000)
    assert chunk.heading == "Tutorial › A"
    assert chunk.heading_at(text.index("First section")) == "Tutorial › A"
    assert chunk.heading_at(chunk.start) == "Tutorial › A"  # the headings above the first words of content
    assert chunk.heading_at(text.index("The cited sentence")) == "Tutorial › B"
    assert chunk.heading_at(text.index("## B")) == "Tutorial › B"  # a heading is in its own section
    assert chunk.heading_at(text.index("Deeper still")) == "Tutorial › B › B1"
    # A chunk inside one section has no breaks; flat text has no headings at all.
    assert all(not c.heading_breaks for c in _md_chunks(LISTED, size=200))
    assert _md_chunks(text, size=1000, flat=True)[0].heading_at(text.index("Deeper")) == ""


def test_table_rows_and_code_blocks_stay_whole():
    text = ("# Data\n\n" + "| id | name | note |\n|----|------|------|\n"
            + "".join(f"| {i} | row {i} | a note. Another sentence. |\n" for i in range(30))
            + "\n```python\n" + "".join(f"x{i} = {i}  # set. Next.\n" for i in range(6)) + "```\n")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "row" in line]
    code = text[text.index("```python"):].rstrip("\n")
    chunks = _md_chunks(text, size=300, overlap=50)
    for c in chunks:
        for line in c.text.splitlines():
            if "row" in line:
                assert line in rows
    assert sum(code in c.text for c in chunks) == 1


def test_every_chunk_of_the_projects_docs_is_exact_and_covers_the_text():
    from tests.conftest import ROOT

    for path in sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]:
        text = path.read_text(encoding="utf-8")
        for size, overlap in [(300, 50), (1000, 200)]:
            chunks = _md_chunks(text, size, overlap)
            covered = set()
            for c in chunks:
                assert text[c.start:c.end] == c.text and 0 < len(c.text) <= size, path
                covered.update(range(c.start, c.end))
            assert all(text[i].isspace() for i in range(len(text)) if i not in covered), path
            # Each chunk brings new text: none is only the overlap of the one before.
            assert all(b.start > a.start and b.end > a.end for a, b in zip(chunks, chunks[1:])), path


def test_a_list_item_that_fits_is_whole_even_where_cutting_it_would_fill_the_chunk_more():
    intro = "The uploader accepts many kinds of files. Each kind is described below in turn."
    item = ("* Large files are spooled: they stay in memory up to a limit and go to disk after it, "
            "so memory use stays flat. Reading them later works the same way whichever place they are in, "
            "through the same async methods.")
    text = f"# Uploads\n\n{intro}\n\n{item}\n"
    assert len(intro) < 0.4 * 300 and 0.6 * 300 < len(item) <= 300
    chunks = _md_chunks(text, size=300, overlap=0)
    assert any(item in c.text for c in chunks), [c.text for c in chunks]


def test_a_new_section_starts_a_new_chunk_once_the_chunk_is_a_quarter_full():
    para = "Sentence about the topic at hand with enough words in it. " * 2
    text = f"# Doc\n\n## Alpha\n\n{para}\n\n## Beta\n\n{para}\n\n{para}\n\n{para}\n"
    chunks = _md_chunks(text, size=400, overlap=0)
    assert [c.heading for c in chunks][:2] == ["Doc › Alpha", "Doc › Beta"]
    assert chunks[1].text.startswith("## Beta")


def test_front_matter_is_in_no_chunk_and_a_page_of_front_matter_alone_has_none():
    text = "---\ntitle: \"Basic usage\"\ndraft: false\nmenu:\n  docs:\n    weight: 10\n---\n\n# Basic usage\n\nStart here.\n"
    chunks = _md_chunks(text, size=400, overlap=0)
    assert [c.text for c in chunks] == ["# Basic usage\n\nStart here."]
    assert chunks[0].start == text.index("# Basic usage") and chunks[0].heading == "Basic usage"
    assert _md_chunks("---\ntitle: Empty\n---\n", size=400, overlap=0) == []



SCRIPT = (
    "# Scripts\n\n## Single-file Scripts\n\nPDM can run single-file scripts with inline script metadata. "
    "The following is an example of such a script, which fetches the list of PEPs and prints ten of them. "
    "It declares its dependencies in a comment block at the top of the file. "
    "The block names the Python versions it runs on as well, and PDM reads both before it runs anything.\n\n"
    "```python\nimport requests\nresp = requests.get(URL)\nprint(resp.json())\n```\n\n"
    "When you run it with `pdm run test_script.py`, PDM will create a temporary environment and run the script:\n\n"
    "```python\n[\n" + "".join(f"│   ('{i}', 'Title of proposal number {i}'),\n" for i in range(12)) + "]\n```\n"
    "Add `--reuse-env` option if you want to reuse the environment created last time.\n"
)


def test_a_lead_in_to_a_long_block_ends_a_chunk_of_prose_and_the_next_repeats_it_with_the_block():
    lead = "When you run it with `pdm run test_script.py`"
    output = SCRIPT[SCRIPT.index("```python\n[") : SCRIPT.index("]\n```") + 5]
    chunks = _md_chunks(SCRIPT, size=1000, overlap=200)
    assert all(SCRIPT[c.start:c.end] == c.text for c in chunks)
    # The sentence is in a chunk without the printed output (its vector reads as prose), and the
    # output's chunk still holds the sentence that introduces it.
    assert any(lead in c.text and output not in c.text for c in chunks)
    assert any(lead in c.text and output in c.text for c in chunks)
