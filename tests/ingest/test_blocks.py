"""Documents as structure: every loader's blocks are exact slices of the extracted text, with the
heading path above them; titles come from the document when the metadata is junk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.blocks import Block
from ingest.loaders import LoadedDocument, load
from ingest.titles import is_junk_title

LIMIT = 10_000_000


def _exact(doc: LoadedDocument) -> list[tuple[str, str, tuple[str, ...]]]:
    """(kind, text, path) of each block, after checking that spans are exact, ordered and disjoint."""
    out = []
    previous = 0
    for b in doc.blocks:
        assert previous <= b.start <= b.end <= len(doc.text), b
        piece = doc.text[b.start : b.end]
        if b.kind != "page_break":
            assert piece and piece == piece.strip(), b
        out.append((b.kind, piece, b.path))
        previous = b.end
    return out


MARKDOWN = """\
# Request Files { #request-files }

You can define files to be uploaded by the client using `File`.

## `UploadFile` { #uploadfile }

Using `UploadFile` has several advantages over `bytes`:

* It uses a "spooled" file.
* It works well for large files
  like images, videos and large binaries.

| Name | Type |
|------|------|
| file | bytes |

```python
async def create(file: UploadFile): ...
```

### Details

Setext heading below.

Other Section
-------------

Last words.
"""


def test_markdown_blocks_have_exact_spans_kinds_and_heading_paths(tmp_path):
    f = tmp_path / "files.md"
    f.write_text(MARKDOWN)
    doc = load(f, LIMIT)
    blocks = _exact(doc)
    assert doc.title == "Request Files"
    assert [(kind, text) for kind, text, _ in blocks] == [
        ("heading", "# Request Files { #request-files }"),
        ("paragraph", "You can define files to be uploaded by the client using `File`."),
        ("heading", "## `UploadFile` { #uploadfile }"),
        ("paragraph", "Using `UploadFile` has several advantages over `bytes`:"),
        ("list_item", '* It uses a "spooled" file.'),
        ("list_item", "* It works well for large files\n  like images, videos and large binaries."),
        ("table_row", "| Name | Type |"),
        ("table_row", "| file | bytes |"),
        ("code", "```python\nasync def create(file: UploadFile): ...\n```"),
        ("heading", "### Details"),
        ("paragraph", "Setext heading below."),
        ("heading", "Other Section\n-------------"),
        ("paragraph", "Last words."),
    ]
    paths = {text: path for _, text, path in blocks}
    assert paths["* It uses a \"spooled\" file."] == ("Request Files", "UploadFile")
    assert paths["Setext heading below."] == ("Request Files", "UploadFile", "Details")
    assert paths["Last words."] == ("Request Files", "Other Section")
    assert not any("{" in label or "#" in label for _, _, path in blocks for label in path)


def test_markdown_spans_survive_crlf_and_a_bom(tmp_path):
    f = tmp_path / "crlf.md"
    f.write_bytes(b"\xef\xbb\xbf# Title\r\n\r\nFirst line\r\nsecond line.\r\n\r\n- item\r\n")
    doc = load(f, LIMIT)
    assert [(k, t) for k, t, _ in _exact(doc)] == [
        ("heading", "# Title"), ("paragraph", "First line\r\nsecond line."), ("list_item", "- item")]


def test_html_blocks_have_exact_spans_and_headings_without_permalinks(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(
        "<html><head><title>untitled</title></head><body><main>"
        "<h1>Tutorial<a class='headerlink' href='#t'>¶</a></h1><p>Intro   text\n here.</p>"
        "<h2>Request Files</h2><ul><li>First <b>item</b></li><li><p>Second item</p></li></ul>"
        "<pre>def f():\n    return 1</pre>"
        "<table><tr><th>Name</th><th>Type</th></tr><tr><td>file</td><td>bytes</td></tr></table>"
        "<h3>UploadFile</h3><p>Spooled to disk.</p></main></body></html>"
    )
    doc = load(f, LIMIT)
    blocks = _exact(doc)
    assert doc.title == "Tutorial"  # "untitled" in <title> is junk
    assert [(k, t) for k, t, _ in blocks] == [
        ("heading", "# Tutorial"), ("paragraph", "Intro text here."), ("heading", "## Request Files"),
        ("list_item", "First item"), ("list_item", "Second item"), ("code", "```\ndef f():\n    return 1\n```"),
        ("table_row", "Name | Type"), ("table_row", "file | bytes"), ("heading", "### UploadFile"),
        ("paragraph", "Spooled to disk."),
    ]
    assert blocks[-1][2] == ("Tutorial", "Request Files", "UploadFile")
    assert blocks[3][2] == ("Tutorial", "Request Files")


def test_an_untitled_html_page_opening_with_code_is_titled_by_its_first_line_not_the_fence(tmp_path):
    f = tmp_path / "page.html"
    f.write_text("<html><body><pre>pip install kiln</pre><p>Kilns fire pots at high heat.</p></body></html>")
    doc = load(f, LIMIT)
    assert doc.text.startswith("```\npip install kiln\n```")
    assert doc.title == "pip install kiln"


def _docx(path: Path, core_title: str) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = core_title
    document.add_heading("Field Guide", level=1)
    document.add_paragraph("Birds of the northern coast.")
    document.add_heading("Gulls", level=2)
    document.add_paragraph("Herring gulls nest on cliffs.", style="List Bullet")
    document.add_paragraph("Kittiwakes nest on ledges.", style="List Number")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Bird", "Eggs"), ("Gull", "3")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_heading("Terns", level=2)
    document.add_paragraph("Arctic terns migrate farthest.")
    document.save(str(path))
    return path


def test_docx_blocks_follow_paragraph_styles_and_tables_stay_in_place(tmp_path):
    doc = load(_docx(tmp_path / "guide.docx", "Microsoft Word - guide.doc"), LIMIT)
    blocks = _exact(doc)
    assert doc.title == "Field Guide"
    assert [(k, t) for k, t, _ in blocks] == [
        ("heading", "Field Guide"), ("paragraph", "Birds of the northern coast."), ("heading", "Gulls"),
        ("list_item", "Herring gulls nest on cliffs."), ("list_item", "Kittiwakes nest on ledges."),
        ("table_row", "Bird | Eggs"), ("table_row", "Gull | 3"), ("heading", "Terns"),
        ("paragraph", "Arctic terns migrate farthest."),
    ]
    assert blocks[6][2] == ("Field Guide", "Gulls")
    assert blocks[-1][2] == ("Field Guide", "Terns")


def test_docx_keeps_a_real_metadata_title(tmp_path):
    assert load(_docx(tmp_path / "g.docx", "Seabirds of Norway"), LIMIT).title == "Seabirds of Norway"


def _paper(path: Path, title: str | None) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    if title is not None:
        pdf.set_title(title)

    def write(size: int, text: str) -> None:
        pdf.set_font("helvetica", size=size)
        pdf.multi_cell(0, size * 0.6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)  # paragraph spacing

    pdf.add_page()
    write(22, "Spanner: Globally Distributed Data")
    write(16, "1 Introduction")
    # An explicit hyphenated line break, then a paragraph long enough that fpdf wraps it.
    write(11, "Spanner is a scalable, globally distributed data-\nbase designed, built and deployed at "
              "Google. At the highest level of abstraction it is a database that shards data across many "
              "sets of Paxos state machines in datacenters spread all over the world.")
    write(11, "Short closing line.")
    pdf.add_page()
    write(16, "2 Implementation")
    write(11, "A Spanner deployment is called a universe.")
    pdf.output(str(path))
    return path


def test_pdf_text_is_reflowed_with_exact_spans_headings_and_pages(tmp_path):
    from pypdf import PdfReader

    path = _paper(tmp_path / "spanner.pdf", "paper.dvi")
    raw = PdfReader(str(path)).pages[0].extract_text()
    assert "data-\nbase" in raw and "shards\ndata" in raw.replace(" \n", "\n"), raw  # what re-flowing undoes
    doc = load(path, LIMIT)
    blocks = _exact(doc)
    assert doc.title == "Spanner: Globally Distributed Data"
    paragraph = ("Spanner is a scalable, globally distributed database designed, built and deployed at Google. "
                 "At the highest level of abstraction it is a database that shards data across many sets of "
                 "Paxos state machines in datacenters spread all over the world.")
    assert [(k, t) for k, t, _ in blocks] == [
        ("heading", "Spanner: Globally Distributed Data"), ("heading", "1 Introduction"),
        ("paragraph", paragraph), ("paragraph", "Short closing line."), ("page_break", ""),
        ("heading", "2 Implementation"), ("paragraph", "A Spanner deployment is called a universe."),
    ]
    assert blocks[2][2] == ("Spanner: Globally Distributed Data", "1 Introduction")
    assert blocks[-1][2] == ("Spanner: Globally Distributed Data", "2 Implementation")
    assert doc.text[doc.page_starts[1]:].startswith("2 Implementation")


def test_pdf_keeps_a_real_metadata_title(tmp_path):
    assert load(_paper(tmp_path / "s.pdf", "Spanner (OSDI 2012)"), LIMIT).title == "Spanner (OSDI 2012)"


@pytest.mark.parametrize("title, junk", [
    ("paper.dvi", True), ("Microsoft Word - x.doc", True), ("Microsoft PowerPoint - talk", True),
    ("untitled", True), ("Untitled-3", True), ("", True), ("  ", True), ("12", True), ("notes", True),
    ("Spanner: Google's Globally Distributed Database", False), ("The Google File System", False),
    ("Word Embeddings in 2020", False),
])
def test_junk_titles(title, junk):
    assert is_junk_title(title, Path("/docs/notes.pdf")) is junk


def test_block_paths_end_with_their_heading():
    from ingest.blocks import with_paths

    blocks = with_paths([Block("heading", 0, 1, 1, "A"), Block("heading", 2, 3, 3, "B"),
                         Block("heading", 4, 5, 2, "C"), Block("paragraph", 6, 7)])
    assert [b.path for b in blocks] == [("A",), ("A", "B"), ("A", "C"), ("A", "C")]


def test_a_section_end_closes_its_heading_and_is_no_block():
    from ingest.blocks import with_paths

    blocks = with_paths([Block("heading", 0, 1, 1, "A"), Block("heading", 2, 3, 6, "ENTRY"), Block("paragraph", 4, 5),
                         Block("section_end", 5, 5, 6), Block("paragraph", 6, 7)])
    assert [(b.kind, b.path) for b in blocks] == [("heading", ("A",)), ("heading", ("A", "ENTRY")),
                                                  ("paragraph", ("A", "ENTRY")), ("paragraph", ("A",))]


def test_markdown_text_after_a_subsection_under_the_next_heading_is_that_headings(tmp_path):
    """`##` after a `###` block ends it: what follows carries the `##` path, not the `###`'s."""
    page = tmp_path / "guide.md"
    page.write_text("# Guide\n\n## Install\n\n### On Linux\n\nUse apt.\n\n## Configure\n\nEdit the file.\n\n"
                    "#### Deep\n\nDeep text.\n\n## Run\n\nRun it.\n")
    doc = load(page, 50_000_000)
    paths = {doc.text[b.start:b.end]: b.path for b in doc.blocks if b.kind == "paragraph"}
    assert paths == {"Use apt.": ("Guide", "Install", "On Linux"), "Edit the file.": ("Guide", "Configure"),
                     "Deep text.": ("Guide", "Configure", "Deep"), "Run it.": ("Guide", "Run")}


UPLOADS = """\
# Request Files { #request-files }

You can define files to be uploaded by the client using `File`.

## Install { #install }

To receive uploaded files, first install `python-multipart`.

## `UploadFile` { #uploadfile }

Using `UploadFile` has several advantages over `bytes`:

* It uses a spooled file: a file stored in memory up to a maximum size limit, and after passing this limit it
  is stored on disk.
* It works well for large files like images, videos and large binaries without consuming all the memory.
"""


def test_heading_paths_reach_the_catalog_chroma_the_encoder_and_the_sources(tmp_path, make_settings, embedder):
    from ingest.passage_input import embedding_input
    from ingest.pipeline import ingest
    from rag.engine import Engine
    from tests.conftest import open_store

    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "files.md").write_text(UPLOADS)
    (corpus / "plain.txt").write_text("Harbor Notes\n\nThe harbor master logged eleven ships at dawn.\n")
    settings = make_settings(chunk_size=300, chunk_overlap=50)
    assert not ingest([corpus], settings).failed
    store = open_store(settings, embedder)
    try:
        chunks = list(store.catalog.iter_chunks())
        by_path = {c.path: [] for c in chunks}
        for c in chunks:
            by_path[c.path].append(c)
        assert [c.heading for c in by_path["plain.txt"]] == [""]
        md = by_path["files.md"]
        assert {c.heading for c in md} == {"Request Files", "Request Files › Install", "Request Files › UploadFile"}
        assert all(c.title == "Request Files" for c in md)
        metadata = store.collection.get(ids=[c.chunk_id for c in chunks], include=["metadatas"])
        headings = {cid: meta.get("heading", "") for cid, meta in zip(metadata["ids"], metadata["metadatas"])}
        assert headings == {c.chunk_id: c.heading for c in chunks}
        upload = next(c for c in md if c.heading.endswith("UploadFile"))
        assert embedding_input(upload, True)[0].startswith("Request Files\nUploadFile\n## `UploadFile`")
        plain = by_path["plain.txt"][0]
        assert embedding_input(plain, True)[0] == f"{plain.title}\n{plain.text}"
    finally:
        store.close()
    answer = Engine(settings).ask("What do I need to install to receive uploaded files?")
    assert not answer.abstained and answer.sources
    install = next(s for s in answer.sources if "python-multipart" in s.text)
    assert install.heading == "Request Files › Install", install


def test_markdown_front_matter_gives_the_title_and_one_metadata_block(tmp_path):
    f = tmp_path / "page.md"
    f.write_text("---\ntitle: \"Query Parameters\"\nsummary: x\n---\n\nIntro words.\n\n## Defaults\n\nText.\n")
    doc = load(f, LIMIT)
    assert doc.title == "Query Parameters"
    assert [(k, t, p) for k, t, p in _exact(doc)] == [
        ("metadata", "---\ntitle: \"Query Parameters\"\nsummary: x\n---", ()),
        ("paragraph", "Intro words.", ()), ("heading", "## Defaults", ("Defaults",)), ("paragraph", "Text.", ("Defaults",))]


# Trimmed from Poetry's docs (MIT licence, docs/dependency-specification.md and
# docs/managing-environments.md): Hugo shortcodes around code and in a heading, no front matter.
HUGO = """{{< tabs tabTotal="2" tabID1="bash" tabID2="powershell" >}}

## `git` dependencies {{< badge "new" >}}

To depend on a library located in a `git` repository,
the minimum information you need to specify is the location of the repository:

{{< tabs tabTotal="2" tabID1="git-project" tabID2="git-poetry" tabName1="[project]" tabName2="[tool.poetry]">}}

{{< tab tabID="git-project" >}}
```toml
[project]
dependencies = ["requests @ git+https://github.com/requests/requests.git"]
```
{{< /tab >}}

{{< tab tabID="git-poetry" >}}
In the `tool.poetry` section you use the `git` key:
{{< /tab >}}
{{< /tabs >}}

{{% note %}}
Looking for `poetry shell`? It was moved to a plugin.
{{% /note %}}

"""


def test_markdown_shortcodes_are_markup_not_blocks_or_titles(tmp_path):
    from ingest.chunker import ChunkingPolicy, split_into_chunks

    f = tmp_path / "dependency-specification.md"
    f.write_text(HUGO)
    doc = load(f, LIMIT)
    blocks = _exact(doc)
    assert doc.title == "Dependency specification"  # no H1: named after the file, not its first section
    assert [(kind, text) for kind, text, _ in blocks] == [
        ("heading", '## `git` dependencies {{< badge "new" >}}'),
        ("paragraph", "To depend on a library located in a `git` repository,\n"
                      "the minimum information you need to specify is the location of the repository:"),
        ("code", '```toml\n[project]\ndependencies = ["requests @ git+https://github.com/requests/requests.git"]\n```'),
        ("paragraph", "In the `tool.poetry` section you use the `git` key:"),
        ("paragraph", "Looking for `poetry shell`? It was moved to a plugin."),
    ]
    assert all(path == ("git dependencies",) for _, _, path in blocks)
    chunks = split_into_chunks(doc.text, doc_id="d1", path=str(f), title=doc.title,
                               policy=ChunkingPolicy(size=300, overlap=50), blocks=doc.blocks)
    assert chunks and all(HUGO[c.start:c.end] == c.text for c in chunks)
    # No chunk is only shortcodes: they are no block of their own.
    assert all(re.sub(r"\{\{[<%].*?[%>]\}\}", "", c.text).strip() for c in chunks)


def test_a_hugo_code_shortcode_pair_is_one_code_block(tmp_path):
    # Trimmed from Hugo's docs (Apache License 2.0, content/en/content-management/archetypes.md of
    # gohugoio/hugoDocs): TOML between `{{< code-toggle >}}` lines had been read as a paragraph.
    f = tmp_path / "archetypes.md"
    f.write_text("---\ntitle: Archetypes\n---\n\n## Overview\n\nThis is the default archetype:\n\n"
                 "{{< code-toggle file=archetypes/default.md fm=true >}}\ntitle = '{{ .Name }}'\n\ndate = '{{ .Date }}'\n"
                 "draft = true\n{{< /code-toggle >}}\n\nWhen you create new content, Hugo evaluates the archetype.\n")
    doc = load(f, LIMIT)
    assert [(k, t) for k, t, _ in _exact(doc)][1:] == [
        ("heading", "## Overview"), ("paragraph", "This is the default archetype:"),
        ("code", "{{< code-toggle file=archetypes/default.md fm=true >}}\ntitle = '{{ .Name }}'\n\n"
                 "date = '{{ .Date }}'\ndraft = true\n{{< /code-toggle >}}"),
        ("paragraph", "When you create new content, Hugo evaluates the archetype.")]


def test_a_headings_closing_marks_and_colon_attribute_list_are_not_its_words(tmp_path):
    # hatch's changelog (try22): "## [1.26.0](…) - 2024-11-10 ## {: #hatchling-v1.26.0 }" was the heading
    # "1.26.0 - 2024-11-10 ## {: #hatchling-v1.26.0 }" in every source's locator.
    f = tmp_path / "hatchling.md"
    f.write_text("# Hatchling history\n\n## [1.26.0](https://x.org/r) - 2024-11-10 ## {: #hatchling-v1.26.0 }\n\n"
                 "Fixed the build.\n\n## Other ## {:.wide}\n\nMore.\n")
    doc = load(f, LIMIT)
    assert [b.label for b in doc.blocks if b.kind == "heading"] == ["Hatchling history", "1.26.0 - 2024-11-10", "Other"]
