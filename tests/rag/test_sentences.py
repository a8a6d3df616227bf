from rag.sentences import split_sentences


def test_spans_are_exact_and_abbreviations_hold():
    text = ('Dr. Smith met J. R. Doe at 3.5 p.m. yesterday. He said "Hi." Then left.\n'
            "The results were\nconfirmed by U.S. officials. (See Fig. 2.) Done!")
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Dr. Smith met J. R. Doe at 3.5 p.m. yesterday.",
        'He said "Hi."',
        "Then left.",
        "The results were\nconfirmed by U.S. officials.",
        "(See Fig. 2.)",
        "Done!",
    ]
    for s in sentences:
        assert text[s.start:s.end] == s.text


def test_headlines_on_their_own_line_are_sentences():
    text = "Big Headline Here\nBody sentence one. Body two."
    assert [s.text for s in split_sentences(text)] == ["Big Headline Here", "Body sentence one.", "Body two."]


def test_offset_shifts_spans():
    assert split_sentences("One. Two.", offset=100)[1].start == 105


def test_a_line_ending_unfinished_goes_on_past_a_link_or_a_capital():
    # Poetry's configuration.md: the sentence wraps before a Markdown link.
    text = ("Do not download entire wheels to extract metadata but use\n"
            "[HTTP range requests](https://developer.mozilla.org/en-US/docs/Web/HTTP/Range_requests)\n"
            "to only download the METADATA files of wheels.\n"
            "Especially with slow network connections, this setting can speed up dependency resolution.")
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [text[:text.index("\nEspecially")], text[text.index("Especially"):]]
    # A PDF's line break before a name: "Spanner is the" is no sentence.
    assert [s.text for s in split_sentences("Spanner is the\nGoogle database. It scales.")] == [
        "Spanner is the\nGoogle database.", "It scales."]


def test_a_finished_line_before_markup_still_ends_its_sentence():
    text = "Install it first:\n`pip install httpx`\nDone"
    assert [s.text for s in split_sentences(text)] == ["Install it first:", "`pip install httpx`", "Done"]


def test_a_bracketed_label_starts_its_own_line():
    # A spreadsheet's rows as the loader writes them: each row is citable on its own.
    text = "Sheet Boats\n[Boats row 2] Boat: Sea Swift; Home port: Harwich\n[Boats row 3] Boat: Grey Heron"
    assert len(split_sentences(text)) == 3


# uv's docs (MIT or Apache-2.0 licence, github.com/astral-sh/uv docs/), hard-wrapped at 100 columns:
# concepts/python-versions.md, concepts/authentication/certificates.md, pip/environments.md.
_UV_UPGRADE = ("uv will update executables that it manages. However, it will prefer the latest patch version of each\n"
               "Python minor version by default. For example:")
_UV_CERTIFICATES = (
    "To use custom CA certificates, set the\n"
    "[`SSL_CERT_FILE`](../../reference/environment.md#ssl_cert_file) environment variable to the path of\n"
    "a PEM-encoded certificate bundle (e.g., `certs.pem`, `ca-bundle.crt`), or set\n"
    "[`SSL_CERT_DIR`](../../reference/environment.md#ssl_cert_dir) to one or more directories containing\n"
    "PEM-encoded certificate files. Multiple entries are supported, separated using a platform-specific\n"
    "delimiter (`:` on Unix, `;` on Windows).")
_UV_SYSTEM = (
    "Installing into system Python across platforms and distributions is notoriously difficult. uv\n"
    "supports the common cases, but will not work in all cases. For example, installing into system\n"
    "Python on Debian prior to Python 3.10 is unsupported due to the\n"
    "[distribution's patching of `distutils` (but not `sysconfig`)](https://ffy00.github.io/blog/02-python-debian-and-the-install-locations/).")


def test_a_hard_wrapped_line_goes_on_past_a_capital():
    # The next line's first word did not fit on the line: the sentence goes on ("Python minor version
    # by default." alone was cited as an answer).
    assert [s.text for s in split_sentences(_UV_UPGRADE)] == [
        "uv will update executables that it manages.",
        "However, it will prefer the latest patch version of each\nPython minor version by default.",
        "For example:"]
    texts = [s.text for s in split_sentences(_UV_CERTIFICATES)]
    assert texts[0].endswith("containing\nPEM-encoded certificate files.") and texts[0].startswith("To use")
    # A line holding a link that no wrapper breaks runs past the width: the width is the other lines'.
    assert "installing into system\nPython on Debian" in split_sentences(_UV_SYSTEM)[-1].text


def test_a_full_line_before_a_block_of_its_own_still_ends():
    line = "uv will update executables that it manages and prefers the latest patch version"
    for block in ("- Python 3.12 is the default", "Note: this may change", "## Python versions",
                  "| Python | 3.12 |", "> Python 3.12", "[Boats row 2] Boat: Sea Swift"):
        assert len(split_sentences(f"{line}\n{block}")) == 2, block
    # A Markdown hard break ends the line; a short line (a title) was not wrapped.
    assert len(split_sentences(f"{line}  \nPython 3.12 is the default.")) == 2
    assert len(split_sentences("Installing Python\nPython 3.12 is the default when none is found.")) == 2
