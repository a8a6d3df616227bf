"""A Sphinx project's pages named by their titles where `:doc:` and `toctree` name their files; only
the project's own .rst/.md files are read, and only their heads."""

import os
import time

import pytest

from ingest.formats.doc_titles import MAX_LOOKUPS, DocTitles, shown_title
from ingest.loaders import load

LIMIT = 50_000_000


def _project(tmp_path):
    """docs/ with conf.py, an index, a nested page, a Markdown page, and a secret beside docs/."""
    docs = tmp_path / "docs"
    (docs / "usage" / "domains").mkdir(parents=True)
    (docs / "conf.py").write_text("project = 'Kiln'\n")
    (docs / "installation.rst").write_text(":orphan:\n\n.. _install:\n\n============\nInstallation\n============\n\nRun it.\n")
    (docs / "usage" / "domains" / "index.rst").write_text("Domains of the :mod:`kiln` API\n==============================\n")
    (docs / "usage" / "quick.md").write_text("---\ntitle: x\n---\n\n# Quick *start*\n\nGo.\n")
    (tmp_path / "secret.rst").write_text("Secret Title\n============\n")
    return docs


def test_a_title_is_read_from_the_named_pages_head(tmp_path):
    docs = _project(tmp_path)
    titles = DocTitles(docs / "usage" / "page.rst")
    assert titles.title("/installation") == "Installation"  # from the source folder, overlined
    assert titles.title("domains/index") == "Domains of the kiln API"  # relative, its role shown as text
    assert titles.title("../installation") == "Installation"
    assert titles.title("quick") == "Quick start"


@pytest.mark.parametrize("name", ["/../secret", "../secret", "/etc/passwd", "nowhere", "a\x00b", "", "C:\\x"])
def test_nothing_outside_the_source_folder_or_absent_has_a_title(tmp_path, name):
    docs = _project(tmp_path)
    assert DocTitles(docs / "page.rst").title(name) == ""


def test_a_link_out_of_the_source_folder_is_not_followed(tmp_path):
    docs = _project(tmp_path)
    os.symlink(tmp_path / "secret.rst", docs / "linked.rst")
    assert DocTitles(docs / "page.rst").title("linked") == ""


def test_lookups_are_bounded(tmp_path):
    docs = _project(tmp_path)
    titles = DocTitles(docs / "page.rst")
    for n in range(MAX_LOOKUPS):
        titles.title(f"missing{n}")
    assert titles.title("installation") == ""  # past the bound nothing more is read
    assert shown_title("All about firing <firing>") == "All about firing" and shown_title("firing") == ""


def test_doc_links_and_toctrees_show_the_pages_titles(tmp_path):
    docs = _project(tmp_path)
    (docs / "index.rst").write_text(
        "Kiln\n====\n\nSee :doc:`usage/domains/index` and :doc:`the setup </installation>`.\n\n"
        "The pages below discuss installing and using the kiln.\n\n"
        ".. toctree::\n   :maxdepth: 2\n   :caption: User guide\n\n   installation\n   Firing notes <firing>\n"
        "   usage/quick\n   missing\n   self\n\n"
        ".. toctree::\n   :hidden:\n\n   installation\n\n"
        ".. toctree::\n   :glob:\n\n   usage/*\n")
    doc = load(docs / "index.rst", LIMIT)
    assert "See Domains of the kiln API and the setup." in doc.text
    # The list of pages the built page shows, under its caption; an absent page, `self`, a glob: nothing.
    # (the hidden toctree shows nothing either)
    # (marked as a list's items since try42, so the caption is read as the list's lead-in)
    assert doc.text.endswith("kiln.\n\nUser guide:\n\n- Installation\n\n- Firing notes\n\n- Quick start")
    assert [b.kind for b in doc.blocks].count("list_item") == 3


def test_a_huge_hostile_toctree_loads_quickly_and_reads_no_more_than_the_bound(tmp_path):
    docs = _project(tmp_path)
    # The ways out of the folder come first, inside the look-up bound, so only the folder check keeps them out.
    entries = "   ../secret\n" + "".join(f"   p{n}\n" for n in range(50_000)) + "   :doc:`x\x01`\n   installation\n"
    (docs / "big.rst").write_text(f"Big\n===\n\n:doc:`/../secret` :doc:`a :doc:`b``\n\n.. toctree::\n\n{entries}\n")
    started = time.monotonic()
    doc = load(docs / "big.rst", LIMIT)
    assert time.monotonic() - started < 60
    assert "Secret Title" not in doc.text and doc.title == "Big"


def test_a_page_naming_itself_has_no_title_there(tmp_path):
    docs = _project(tmp_path)
    assert DocTitles(docs / "installation.rst").title("installation") == ""
    assert DocTitles(docs / "installation.rst").title("/usage/domains/index") == "Domains of the kiln API"
