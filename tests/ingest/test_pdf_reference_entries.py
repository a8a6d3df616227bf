"""A list of works cited as one block per entry, on real papers (bench/data/docsqa/{pdfdev,papers}, licences
in their NOTICE files) and on entries as the page reader cut them in Tesseract's "Table detection in
heterogeneous documents" (Shafait and Smith, DAS 2010)."""

from pathlib import Path

from ingest.loaders import LoadedDocument
from ingest.pdf_reference_entries import regroup_entries
from ingest.pdf_references import Piece
from tests.conftest import corpus_document

LIMIT = 100_000_000


def _entries(doc: LoadedDocument) -> list[str]:
    return [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "reference"]


def test_an_address_on_a_line_of_its_own_ends_its_entry():
    entries = _entries(corpus_document("pdfdev/corpus/nist-sp-800-218-secure-software-development-framework.pdf"))
    order = next(e for e in entries if e.startswith("[EO14028]"))
    assert order.endswith("May 12, 2021. https://www.govinfo.gov/app/details/DCPD-202100401")
    assert not any(e.startswith(("https://", "216. ")) for e in entries)  # had been entries of their own


def test_entries_that_ran_together_are_split():
    entries = _entries(corpus_document("pdfdev/corpus/proteomics-2020-drosophila-eye-protein-quantification.pdf"))
    assert "[49] H.S.Li,J.A.Porter,C.Montell,J. Neurosci.1998,18,9601." in entries
    assert "[50] J.A.Porter,B.Minke,C.Montell,EMBO J.1995,14,4450." in entries  # had been inside [49]
    numbers = [int(e[1:e.index("]")]) for e in entries if e.startswith("[")]
    assert numbers == sorted(numbers) and len(numbers) >= 60


def test_an_entry_cut_over_two_lines_is_one():
    entries = _entries(corpus_document("papers/corpus/sjtrem-2010-dvt-prophylaxis-trauma.pdf"))
    entry = next(e for e in entries if e.startswith("50. Decousus H"))
    assert entry.endswith("N Engl J Med 1998, 338:409-15.")


def test_authors_alone_on_a_line_go_on_into_the_title_and_venue():
    cut = ["[1] http://www.isri.unlv.edu/ISRI/OCRtk.", "[2] F. Cesarini, S. Marinai, L. Sarti, and G. Soda.",
           "Trainable table location in document images. In Proc.",
           "Int. Conf. on Pattern Recognition, pages 236–240, Quebec, Canada, Aug. 2002.",
           "[3] A. C. e Silva. Learning rich hidden markov models in document analysis: Table location. In Proc. "
           "Int. Conf. on Document Analysis and Recognition, pages 843–847, Barcelona, Spain, July 2009. "
           "[4] B. Gatos, D. Danatsas, I. Pratikakis, and S. J.",
           "Perantonis. Automatic table detection in document images. In Proc. Int. Conf. on Advances in Pattern "
           "Recognition, pages 612–621, Path, UK, Aug. 2005."]
    pieces = [Piece("heading", 1, "7. REFERENCES", 7)] + [Piece("reference", 0, text, 7) for text in cut]
    entries = [p.text for p in regroup_entries(pieces, lambda a, b: f"{a} {b}")[1:]]
    assert [e[:4] for e in entries] == ["[1] ", "[2] ", "[3] ", "[4] "]
    assert entries[1].endswith("In Proc. Int. Conf. on Pattern Recognition, pages 236–240, Quebec, Canada, Aug. 2002.")
    assert entries[3].startswith("[4] B. Gatos") and entries[3].endswith("Path, UK, Aug. 2005.")


def test_an_author_and_year_list_keeps_one_entry_per_author():
    entries = _entries(corpus_document("pdfdev/corpus/micropub-2025-fly-cell-atlas-ovary.pdf"))
    assert sum(e.startswith(("Cetera M", "Duhart JC", "Zartman JJ")) for e in entries) == 3
    assert not any(e.startswith("10.1016/") for e in entries)  # a DOI's line goes with its entry
