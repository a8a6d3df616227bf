"""The titles of the sections MyST `{ref}` roles name, found in the catalog's Markdown documents."""

from rag.catalog import Catalog
from rag.ref_titles import RefTargets, ref_titles
from rag.types import Chunk, DocumentRecord


def _put(catalog: Catalog, name: str, text: str, kind: str = "markdown") -> None:
    record = DocumentRecord(doc_id=name, path=f"{name}.md", root="r", title=name, content_hash=name,
                            chunks=1, ingested_at=0.0, kind=kind)
    catalog.put_document(record, text, [Chunk(chunk_id=f"{name}-0", doc_id=name, path=record.path, title=name,
                                              index=0, start=0, end=len(text), text=text)])


def test_a_label_is_the_title_of_the_heading_under_its_target(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    _put(catalog, "shell", "(shell-completion)=\n\n# Shell Completion\n\nText.\n")
    _put(catalog, "options", "Intro.\n\n(tuple-type)=\n(tuples)=\n## Multi Value Options as **Tuples** {#t}\n")
    _put(catalog, "prose", "(not-a-heading)=\n\nJust a paragraph.\n")
    _put(catalog, "text", "(plain)=\n\n# Plain\n", kind="txt")
    known: dict[str, str] = {}
    found = ref_titles(RefTargets(catalog), ["shell-completion", "tuple-type", "not-a-heading", "plain", "missing"], known)
    assert found == {"shell-completion": "Shell Completion", "tuple-type": "Multi Value Options as Tuples"}
    # Each label looked up once: a miss is remembered too.
    assert known["missing"] == "" and set(known) == {"shell-completion", "tuple-type", "not-a-heading", "plain",
                                                     "missing"}


def test_a_target_in_a_document_the_caller_may_not_read_names_nothing(tmp_path):
    # review36: a `{ref}` in a public page named the heading of a restricted collection's page.
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    _put(catalog, "hr", "(q3-plans)=\n\n# Layoffs planned for Q3\n")
    _put(catalog, "public", "See {ref}`q3-plans`.\n")
    assert ref_titles(RefTargets(catalog), ["q3-plans"], readable=frozenset({"public"})) == {}
    assert ref_titles(RefTargets(catalog), ["q3-plans"], readable=frozenset({"public", "hr"})) == {"q3-plans": "Layoffs planned for Q3"}
    assert ref_titles(RefTargets(catalog), ["q3-plans"]) == {"q3-plans": "Layoffs planned for Q3"}  # no scope: the whole index


def test_two_targets_of_one_label_give_the_same_title_each_time(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    _put(catalog, "b-project", "(installation)=\n\n# Installing B\n")
    _put(catalog, "a-project", "(installation)=\n\n# Installing A\n")
    assert ref_titles(RefTargets(catalog), ["installation"]) == {"installation": "Installing A"}  # the first path


def test_the_targets_are_read_once_until_the_catalog_changes(tmp_path, monkeypatch):
    # A lookup per label was a scan of every document's text, per passage read.
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    _put(catalog, "shell", "(shell-completion)=\n\n# Shell Completion\n")
    targets = RefTargets(catalog)
    assert ref_titles(targets, ["shell-completion"]) == {"shell-completion": "Shell Completion"}
    read: list[str] = []
    original = catalog.document_text
    monkeypatch.setattr(catalog, "document_text", lambda doc_id: read.append(doc_id) or original(doc_id))
    assert ref_titles(targets, ["shell-completion", "prompts"]) == {"shell-completion": "Shell Completion"}
    assert read == []
    _put(catalog, "prompts", "Intro.\n\n  (prompts)=  \n## User Input Prompts\n")
    assert ref_titles(targets, ["shell-completion", "prompts"]) == {"shell-completion": "Shell Completion",
                                                                    "prompts": "User Input Prompts"}
    assert sorted(read) == ["prompts", "shell"]


def test_a_label_written_inline_before_its_target_line_still_finds_it(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    _put(catalog, "guide", "Write `(shell-completion)=` above a heading.\n\n(shell-completion)=\n# Shell Completion\n")
    assert ref_titles(RefTargets(catalog), ["shell-completion"]) == {"shell-completion": "Shell Completion"}
