"""PDFs that look right on screen but whose text is hard to get: scans and broken font encodings.

Written by the tests and the OCR bench themselves, from a text PDF whose words are known.
"""

from __future__ import annotations

import random
import re
from io import BytesIO
from pathlib import Path

from tests.corpus_files import write_pdf

# Prose of ordinary words, so that OCR accuracy means something (no made-up tokens).
SCAN_PAGES = [
    "The harbor master counted forty-two ships in March. Storms closed the harbor twice, and the "
    "lighthouse keeper wrote that the western pier had cracked under the weight of the ice. A new "
    "pier opened in April, built of stone from the northern quarry.",
    "Beekeepers in the valley report that queen bees can live for five years, while worker bees live "
    "for six weeks in summer. The honey harvest was larger than last year because the spring was "
    "warm and the orchards flowered early.",
    "The railway reached the town in the autumn of the second year. Farmers sent their grain to the "
    "city markets by train, and the price of bread fell by a third before the winter.",
]


def render_pages(pdf_bytes: bytes, dpi: int) -> list:
    """Each page of a PDF as a grayscale PIL image."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf_bytes)
    try:
        return [page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in document]
    finally:
        document.close()


def _degrade(image, rng: random.Random):
    """What a flatbed scan does to a page: a slight skew, sensor noise, JPEG artefacts."""
    from PIL import Image, ImageFilter

    image = image.rotate(rng.uniform(-1.5, 1.5), resample=Image.BICUBIC, fillcolor=255, expand=False)
    noise = Image.effect_noise(image.size, 18).convert("L")
    image = Image.blend(image, noise, 0.12).filter(ImageFilter.GaussianBlur(0.4))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=70)
    return Image.open(BytesIO(buffer.getvalue()))


def write_scanned_pdf(path: Path, pages: list[str], dpi: int = 200, seed: int = 7) -> Path:
    """An image-only PDF: each text page rendered, degraded like a scan and placed as a full-page image."""
    source = path.with_suffix(".source.pdf")
    write_pdf(source, pages)
    scan_of(source, path, dpi, seed)
    source.unlink()
    return path


def scan_of(source: Path, path: Path, dpi: int = 200, seed: int = 7) -> Path:
    """An image-only PDF at `path` of the text PDF `source`'s pages, degraded like a scan."""
    from fpdf import FPDF

    images = render_pages(source.read_bytes(), dpi)
    rng = random.Random(seed)
    pdf = FPDF(unit="pt", format="A4")
    for image in images:
        pdf.add_page()
        pdf.image(_degrade(image, rng), x=0, y=0, w=pdf.w, h=pdf.h)
    pdf.output(str(path))
    return path


def write_garbled_pdf(path: Path, pages: list[str], seed: int = 3, invisible: bool = False) -> Path:
    """A text PDF whose fonts carry a scrambled ToUnicode map: the page renders correctly (glyphs
    come from the font's encoding) but every extractor reads shuffled letters. `invisible`: the
    text is not drawn either (render mode 3), so nothing can recover it."""
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)]
    shuffled = letters[:]
    random.Random(seed).shuffle(shuffled)
    mapping = dict(zip(letters, shuffled)) | dict(zip((c.upper() for c in letters), (c.upper() for c in shuffled)))
    targets = {code: f"{ord(mapping.get(chr(code), chr(code))):04X}" for code in range(32, 127)}
    return _with_to_unicode(path, pages, targets, invisible)


def write_private_use_pdf(path: Path, pages: list[str]) -> Path:
    """A text PDF whose ToUnicode map sends each character to a private-use code point: the page renders
    as English, every extractor reads glyphs no one can read."""
    return _with_to_unicode(path, pages, {code: f"{0xE000 + code:04X}" for code in range(32, 127)})


def write_indented_scan(path: Path, paragraphs: list[list[str]]) -> Path:
    """An image-only PDF of one page, typed as a plain-text file is: each paragraph's lines as given,
    its first line indented two letters, no blank line between paragraphs."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=28)
    indent = font.getlength("  ")
    image = Image.new("L", (1700, 2200), 255)
    draw = ImageDraw.Draw(image)
    y = 100
    for paragraph in paragraphs:
        for n, line in enumerate(paragraph):
            draw.text((100 + (indent if n == 0 else 0), y), line, fill=0, font=font)
            y += 48
    image.convert("RGB").save(path, resolution=200)
    return path


def write_unmapped_pdf(path: Path, pages: list[str]) -> Path:
    """A text PDF whose ToUnicode map sends every letter to the one-byte code <00>: pypdf reads NUL
    characters, pdfium takes <00> for "no mapping" and falls back to the font's encoding, reading the
    text right. The case for the recovery's pdfium step."""
    targets = {code: "00" if chr(code).isalpha() else f"{code:04X}" for code in range(32, 127)}
    return _with_to_unicode(path, pages, targets)


def _with_to_unicode(path: Path, pages: list[str], mapping: dict[int, str], invisible: bool = False) -> Path:
    """A helvetica text PDF of `pages` whose fonts' ToUnicode maps each code to the hex in `mapping`."""
    from fpdf import FPDF
    from fpdf.enums import TextMode
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, StreamObject

    source = BytesIO()
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        if invisible:
            pdf.text_mode = TextMode.INVISIBLE
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    reader = PdfReader(str(path))
    writer = PdfWriter(clone_from=reader)
    lines = [f"<{code:02X}> <{target}>" for code, target in mapping.items()]
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Scrambled def "
        "1 begincodespacerange <00> <FF> endcodespacerange "
        f"{len(lines)} beginbfchar\n" + "\n".join(lines) + "\nendbfchar endcmap "
        "CMapName currentdict /CMap defineresource pop end end"
    )
    for page in writer.pages:
        fonts = page["/Resources"]["/Font"]
        for name in fonts:
            font = fonts[name].get_object()
            stream = StreamObject()
            stream.set_data(cmap.encode("ascii"))
            font[NameObject("/ToUnicode")] = writer._add_object(stream)
    writer.write(source)
    path.write_bytes(source.getvalue())
    return path


def character_error_rate(reference: str, hypothesis: str) -> float:
    """Levenshtein distance over characters / reference length, whitespace folded."""
    ref = re.sub(r"\s+", " ", reference).strip()
    hyp = re.sub(r"\s+", " ", hypothesis).strip()
    previous = list(range(len(hyp) + 1))
    for i, a in enumerate(ref, 1):
        current = [i]
        for j, b in enumerate(hyp, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1] / max(len(ref), 1)
