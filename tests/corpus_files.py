"""Files of every supported kind (and broken ones), written by the tests themselves."""

from __future__ import annotations

from pathlib import Path


def write_pdf(path: Path, pages: list[str], title: str | None = None, password: str | None = None) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    if title:
        pdf.set_title(title)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    if password is None:
        pdf.output(str(path))
        return path
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(bytes(pdf.output()))))
    writer.encrypt(user_password=password, owner_password=password)
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def write_docx(path: Path, paragraphs: list[str], title: str | None = None) -> Path:
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    for p in paragraphs:
        document.add_paragraph(p)
    document.save(str(path))
    return path


def write_mixed_folder(root: Path) -> dict[str, str]:
    """Good files of each kind; returns relative path -> a distinctive phrase it contains."""
    (root / "notes").mkdir(parents=True, exist_ok=True)
    (root / "plain.txt").write_text(
        "Harbor Report\n\nThe lighthouse keeper counted forty-two ships in March. "
        "Storms closed the harbor twice.\n\nA new pier opened in April.\n"
    )
    (root / "notes" / "guide.md").write_text(
        "# Beekeeping Guide\n\nQueen bees can live for five years. Worker bees live for six weeks in summer.\n"
    )
    (root / "page.html").write_text(
        "<html><head><title>Volcano Facts</title><style>p{color:red}</style>"
        "<script>var hidden = 'script text never indexed';</script></head>"
        "<body><nav>Home | About</nav><main><h1>Volcano Facts</h1>"
        "<p>Mount Etna is the most active volcano in Europe.</p><p>It erupted <b>again</b> in 2021.</p></main>"
        "<footer>copyright footer</footer></body></html>"
    )
    write_pdf(
        root / "report.pdf",
        ["Glacier Survey. The first page describes the northern glacier.",
         "The second page says the southern glacier retreated ninety meters."],
        title="Glacier Survey",
    )
    write_docx(
        root / "notes" / "minutes.docx",
        ["Board Minutes", "The board approved the solar farm budget on Tuesday."],
        title="Board Minutes",
    )
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return {
        "plain.txt": "forty-two ships",
        "notes/guide.md": "five years",
        "page.html": "Mount Etna",
        "report.pdf": "ninety meters",
        "notes/minutes.docx": "solar farm budget",
    }


def write_bad_files(root: Path) -> dict[str, str]:
    """Broken inputs; returns relative path -> a word the error line must contain."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "binary.txt").write_bytes(b"\x00\x01\x02\x03binary\x00data" * 20)
    (root / "empty.md").write_text("   \n\n")
    (root / "latin1.txt").write_bytes("Caf\xe9 au lait".encode("latin-1"))
    (root / "corrupt.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf\n%%EOF")
    write_pdf(root / "locked.pdf", ["Secret text."], password="hunter2")
    (root / "broken.docx").write_bytes(b"PK\x03\x04 not a real zip")
    (root / "dangling.txt").symlink_to(root / "no-such-target.txt")
    return {
        "binary.txt": "binary",
        "empty.md": "empty",
        "latin1.txt": "UTF-8",
        "corrupt.pdf": "PDF",
        "locked.pdf": "encrypted",
        "broken.docx": "DOCX",
        "dangling.txt": "does not exist",
    }
