"""What the encoder sees for a chunk: the title and headings, then the text; a list of works cited
without the title. On the Clinical Science ACE paper (bench/data/docsqa/papers, CC BY, see its NOTICE)."""

from pathlib import Path

from ingest.chunker import ChunkingPolicy, split_into_chunks
from ingest.passage_input import embedding_input
from tests.conftest import corpus_document

PAPER = "papers/corpus/clinical-science-2014-ace-n-domain-inhibitors.pdf"


def test_works_cited_are_embedded_without_the_papers_title():
    doc = corpus_document(PAPER)
    chunks = split_into_chunks(doc.text, doc_id="d", path=Path(PAPER).name, title=doc.title, policy=ChunkingPolicy(1000, 200),
                               page_starts=doc.page_starts, blocks=doc.blocks)
    cited = [c for c in chunks if c.heading.endswith("REFERENCES")]
    prose = [c for c in chunks if "zinc dipeptidyl carboxypeptidase" in c.text and not c.heading.endswith("REFERENCES")]
    assert cited and prose
    assert all(embedding_input(c, True)[0] == c.text for c in cited)
    assert all(embedding_input(c, True)[0].startswith(doc.title + "\n") for c in prose)
    text, spans = embedding_input(cited[0], True)
    assert all(text[s:e].strip() for s, e in spans)
