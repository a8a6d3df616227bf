"""A table row found by the value it holds (rag/named_row.py), with short codes read as codes (rag/terms.py).

The workbook is laid out as a user made it from tzdata's public-domain tables (tests/rag/data/tzdata): a
sheet of ISO 3166 codes and country names, a sheet of time zones whose rows list country codes. Every row
of both repeats "Country codes" or "Code"/"Country name"; the row asked for holds the country named.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.named_row import is_labelled_row, names_value
from rag.terms import terms
from tests.format_files import write_xlsx
from tests.rag.conftest import served

TZDATA = Path(__file__).parent / "data" / "tzdata"


def _rows(name: str) -> list[list[str]]:
    lines = (TZDATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def _workbook(folder: Path) -> bytes:
    countries = [["Code", "Country name"], *[[code, country] for code, country in _rows("iso3166.tab")]]
    zones = [["Country codes", "Coordinates", "TZ", "Comments"], *[(row + [""])[:4] for row in _rows("zone1970.tab")]]
    return write_xlsx(folder / "tzdata-zones.xlsx", {"Countries": countries, "Zones": zones}).read_bytes()


@pytest.fixture(scope="module")
def zones_engine(tmp_path_factory, embedder):
    yield from served(tmp_path_factory, "tzdata", {"tzdata-zones.xlsx": _workbook(tmp_path_factory.mktemp("book"))})


@pytest.mark.parametrize("question, row", [
    # "NO" is a stop word to BM25's list: dropped, the Norway row read as the question restated, and
    # as a fragment (no function word) while "IS" and "IT" rows read as sentences.
    ("What is the country code for Norway?", "Code: NO; Country name: Norway"),
    ("What code does Norway have?", "Code: NO; Country name: Norway"),
    ("Which country has code VA?", "Code: VA; Country name: Vatican City"),
    ("What is the code of Vatican City?", "Code: VA; Country name: Vatican City"),
    ("What is the country code for Sweden?", "Code: SE; Country name: Sweden"),
])
def test_the_row_holding_the_name_asked_answers_first(zones_engine, question, row):
    answer = zones_engine.ask(question)
    assert not answer.abstained
    assert answer.sources[0].text.endswith(row), answer.answer


def test_the_row_named_by_its_value_is_shown_without_the_rows_that_only_share_its_columns(zones_engine):
    answer = zones_engine.ask("What is the country code for Norway?")
    assert [s.text for s in answer.sources] == ["[Countries row 168] Code: NO; Country name: Norway"]


def test_a_labelled_row_is_two_cells_or_more_each_named():
    assert is_labelled_row("[Countries row 168] Code: NO; Country name: Norway")
    assert is_labelled_row("Requirement: ~1.2; Versions allowed: >=1.2.0 <1.3.0")
    assert not is_labelled_row("Default: None")
    assert not is_labelled_row("Note: this is a sentence; it goes on.")
    assert not is_labelled_row("Figure 1: GFS Architecture")


def test_a_row_is_named_by_a_whole_value_not_by_its_columns_names_nor_by_a_value_among_others():
    asked = terms("What is the country code for Norway?")
    assert names_value("[Countries row 168] Code: NO; Country name: Norway", asked)
    assert not names_value("[Zones row 102] Country codes: DE,DK,NO,SE,SJ; TZ: Europe/Berlin", asked)
    assert not names_value("[Countries row 198] Code: SE; Country name: Sweden", asked)
    assert not names_value("[Zones row 147] Country codes: IT,SM,VA; TZ: Europe/Rome", terms("Which country has code VA?"))
