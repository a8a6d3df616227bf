import logging

import pytest

from ingest.loaders import LoadError, NoDocument, load
from tests.conftest import ROOT
from tests.corpus_files import write_bad_files, write_docx, write_mixed_folder, write_pdf

LIMIT = 10_000_000


def test_text_is_the_decoded_file(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("\ufeffTitle line\n\nCafé crème. Second sentence.\n".encode("utf-8"))
    doc = load(f, LIMIT)
    assert doc.text == "Title line\n\nCafé crème. Second sentence.\n"
    assert doc.title == "Title line"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_unicode_with_a_byte_order_mark_is_text_not_binary(tmp_path, encoding):
    f = tmp_path / "notes.md"
    f.write_bytes("\ufeff# Naïve notes\n\nThe naïve pangolin sleeps.\n".encode(encoding))
    doc = load(f, LIMIT)
    assert doc.text == "# Naïve notes\n\nThe naïve pangolin sleeps.\n"
    assert doc.title == "Naïve notes"


def test_wide_unicode_html_is_read_as_its_text(tmp_path):
    f = tmp_path / "page.html"
    f.write_bytes("<html><head><title>Pangolins</title></head><body><p>The naïve pangolin sleeps.</p></body></html>"
                  .encode("utf-16"))
    doc = load(f, LIMIT)
    assert "The naïve pangolin sleeps." in doc.text and doc.title == "Pangolins"


@pytest.mark.parametrize("data, said", [
    ("# Cut".encode("utf-16") + b"\x41", "not valid UTF-16 (the file ends mid-character"),
    (b"\xff\xfe" + "ab\x00\x01binary".encode("utf-16-le"), "binary content"),
    (b"\xff\xfe" + " \n".encode("utf-16-le"), "empty"),
])
def test_wide_unicode_that_is_no_text_is_refused_in_one_line(tmp_path, data, said):
    f = tmp_path / "bad.md"
    f.write_bytes(data)
    with pytest.raises(LoadError, match=said.replace("(", r"\(")) as caught:
        load(f, LIMIT)
    assert "\n" not in str(caught.value)


def test_markdown_title_is_its_h1_else_its_file_name(tmp_path):
    f = tmp_path / "a.md"
    f.write_text("Intro words\n\n# The Heading\n\nBody.")
    assert load(f, LIMIT).title == "The Heading"
    f = tmp_path / "setting-up.md"
    f.write_text("Intro words\n\n## A Section\n\nBody.")
    assert load(f, LIMIT).title == "Setting up"


def test_html_keeps_main_text_not_markup(tmp_path):
    write_mixed_folder(tmp_path)
    doc = load(tmp_path / "page.html", LIMIT)
    assert doc.title == "Volcano Facts"
    assert "Mount Etna is the most active volcano in Europe." in doc.text
    assert "It erupted again in 2021." in doc.text
    for gone in ("hidden", "color:red", "copyright footer", "Home | About", "<p>"):
        assert gone not in doc.text


def test_pdf_pages_are_kept(tmp_path):
    f = write_pdf(tmp_path / "r.pdf", ["First page words.", "Second page words."], title="Doc Title")
    doc = load(f, LIMIT)
    assert doc.title == "Doc Title"
    assert len(doc.page_starts) == 2
    second = doc.text[doc.page_starts[1]:]
    assert "Second page words." in second and "First page" not in second


def test_docx_paragraphs(tmp_path):
    f = write_docx(tmp_path / "m.docx", ["Heading here", "Body paragraph one."])
    doc = load(f, LIMIT)
    assert doc.text == "Heading here\n\nBody paragraph one."
    assert doc.title == "Heading here"


def test_long_first_line_is_not_the_title(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("A summary sentence that runs on and on " * 6 + "\nShort Headline\n\nBody.")
    assert load(f, LIMIT).title == "Short Headline"


@pytest.mark.parametrize("name", [
    "binary.txt", "empty.md", "latin1.txt", "corrupt.pdf", "locked.pdf", "broken.docx", "dangling.txt"])
def test_bad_input_raises_one_clear_reason(tmp_path, name):
    expected = write_bad_files(tmp_path)
    with pytest.raises(LoadError) as info:
        load(tmp_path / name, LIMIT)
    message = str(info.value)
    assert expected[name].lower() in message.lower()
    assert "\n" not in message


def test_size_limit(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text("word " * 1000)
    with pytest.raises(LoadError, match="limit"):
        load(f, 100)


def test_unsupported_suffix(tmp_path):
    f = tmp_path / "x.xyz"
    f.write_text("a,b")
    with pytest.raises(LoadError, match="unsupported"):
        load(f, LIMIT)


def test_a_truncated_pdf_gives_its_pages_with_one_warning_and_pypdf_says_nothing_more(tmp_path, caplog):
    # pypdf's own warnings ("EOF marker not found") name no file: printed on stderr they stood
    # between ingest's lines, each of which names its file. (A cut PDF was refused whole before
    # ingest/pdf_cut.py; one cut before its first page still is: tests/ingest/test_pdf_cut.py.)
    whole = write_pdf(tmp_path / "whole.pdf", [f"Words of page {n}. " * 20 for n in range(5)]).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) * 4 // 5])
    with caplog.at_level(logging.WARNING):
        doc = load(cut, LIMIT)
    assert doc.partial and doc.warnings[0].startswith("the file is cut short or damaged")
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]


@pytest.mark.parametrize("markup", [
    '{% extends "base.html" %}\n',  # MkDocs' overrides/main.html: had been a document titled by that line
    "<html><body>{% block content %}{{ page.content }}{% endblock %}\n{# a theme's note #}</body></html>",
])
def test_an_html_template_with_no_words_of_its_own_is_no_document(tmp_path, markup):
    page = tmp_path / "main.html"
    page.write_text(markup)
    with pytest.raises(NoDocument, match="^a template"):
        load(page, LIMIT)


def test_an_html_template_with_words_is_a_document(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('{% extends "base.html" %}{% block content %}<p>Otters hold hands asleep.</p>{% endblock %}')
    assert "Otters hold hands asleep." in load(page, LIMIT).text


@pytest.mark.parametrize("markup", ["<html><body><script>app()</script></body></html>", "<html><body></body></html>"])
def test_an_html_page_with_no_text_at_all_is_empty_not_a_template(tmp_path, markup):
    page = tmp_path / "app.html"
    page.write_text(markup)
    with pytest.raises(LoadError) as refused:
        load(page, LIMIT)
    assert not isinstance(refused.value, NoDocument)


def _one_line_of_words(path, characters: int):
    """Real prose (a FastAPI docs page) with its line breaks taken out, repeated to `characters`."""
    words = (ROOT / "bench/data/docsqa/fastapi/corpus/tutorial/first-steps.md").read_text().split()
    line = " ".join(words)
    path.write_text(((line + " ") * (characters // (len(line) + 1) + 1))[:characters])
    return path


def test_a_text_of_one_line_past_the_line_limit_is_refused_with_its_length(tmp_path):
    f = _one_line_of_words(tmp_path / "blob.txt", 1_200_000)
    with pytest.raises(LoadError) as info:
        load(f, LIMIT)  # the default limit
    assert str(info.value) == ("one line runs 1,200,000 characters without a line break, past the 1,000,000-"
                               "character line limit (max_line_chars): minified code or a data dump, not prose: refused")


def test_the_same_words_with_line_breaks_or_under_the_limit_are_read(tmp_path):
    blob = _one_line_of_words(tmp_path / "blob.txt", 30_000)
    with pytest.raises(LoadError, match=r"line limit \(max_line_chars\)"):
        load(blob, LIMIT, max_line_chars=20_000)
    assert len(load(blob, LIMIT, max_line_chars=40_000).text) == 30_000
    words = blob.read_text().split()
    lines = tmp_path / "lines.txt"
    lines.write_text("\n".join(" ".join(words[i:i + 12]) for i in range(0, len(words), 12)))
    assert len(load(lines, LIMIT, max_line_chars=20_000).text) > 25_000
