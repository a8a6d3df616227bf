"""Evidence: the units of retrieved passages with the vectors they are scored by (real index)."""

import pytest

from tests.rag.conftest import engine_of_files

# After Poetry's docs (MIT licence, docs/dependency-specification.md): a table with no lead-in,
# under the heading that says what its rows are.
WILDCARDS = """# Dependency specification

## Version constraints

### Wildcard requirements

**Wildcard requirements** allow for the latest (dependency dependent) version where the wildcard is positioned.

`1.2.*` is an example of a wildcard requirement.

| Requirement | Versions allowed |
| ----------- | ---------------- |
| *           | >=0.0.0          |
| 1.*         | >=1.0.0 <2.0.0   |
| 1.2.*       | >=1.2.0 <1.3.0   |

### Exact requirements

If you want to depend on a specific version, you can use an exact requirement such as `==1.2.3`.
"""


@pytest.fixture(scope="module")
def wildcard_engine(tmp_path_factory):
    engine = engine_of_files(tmp_path_factory, "wildcards", {"dependency-specification.md": WILDCARDS})
    yield engine
    engine.close()


def test_a_table_row_is_read_with_its_header_and_section(wildcard_engine):
    answer = wildcard_engine.ask("Which versions does the wildcard requirement 1.2.* allow?")
    assert not answer.abstained
    assert "Requirement: 1.2.*; Versions allowed: >=1.2.0 <1.3.0" in answer.answer, answer.answer
    row = next(s for s in answer.sources if ">=1.2.0 <1.3.0" in s.text)
    # The row is cited as the document has it; the answer shows it with its header.
    assert row.text.startswith("| 1.2.*") and row.text.rstrip().endswith("|")


def test_a_passage_cut_inside_a_code_block_gives_no_unit_from_its_lines(tmp_path_factory):
    # Ruff's docs (MIT licence; bench/data/docsqa/ruff, configuration.md): long TOML examples and the CLI
    # help output, some chunk boundaries fall inside them. No unit of such a passage comes from the code
    # it starts inside (its comments had been headings, its lines sentences).
    from pathlib import Path

    from rag.evidence import gather
    from rag.passage import read_passages
    from rag.retriever import Hit
    from rag.units import FENCE, closes, in_fenced_code

    text = (Path(__file__).resolve().parents[2] / "bench/data/docsqa/ruff/corpus/configuration.md").read_text()
    engine = engine_of_files(tmp_path_factory, "ruff-configuration", {"configuration.md": text})
    try:
        catalog = engine.store.catalog
        chunks = [c for cs in catalog.chunks_of_documents(d.doc_id for d in catalog.documents()).values() for c in cs]
        doc = catalog.document_text(chunks[0].doc_id)
        cut = [c for c in chunks if in_fenced_code(doc[: c.start])]
        assert cut
        hits = [Hit(c, 1.0, None, None) for c in cut]
        evidence = gather(read_passages(hits, catalog, engine.store.embedder), catalog, engine.store.embedder)
        assert evidence

        def past_block(start: int) -> int:
            opened = ""  # the fence of the block `start` lies inside, as the document's lines open and close them
            for line in doc[:start].splitlines():
                found = FENCE.match(line)
                opened = ("" if closes(opened, line) else opened) if opened else (found.group(1) if found else "")
            at = start
            for line in doc[start:].splitlines(keepends=True):
                at += len(line)
                if closes(opened, line.rstrip("\r\n")):
                    break
            return at

        assert not [e.unit.display for e in evidence if e.unit.start < past_block(e.hit.chunk.start)]
    finally:
        engine.close()
