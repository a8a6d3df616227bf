"""The edit benchmark at a tiny size: it runs, and the chunks after an edit keep their vectors."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED

pytestmark = pytest.mark.skipif(
    not (SHARED / "eval" / "xquad-en").exists(),
    reason="needs the XQuAD eval data in ../shared/eval/xquad-en beside the checkout",
)


def test_reuse_on_edit_reports_reused_chunks():
    out = subprocess.run([sys.executable, "-m", "bench.reuse_on_edit", "--docs", "2", "--paragraphs", "4"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result["documents"] == 2 and result["edit_chunks"] == result["full_chunks"] > 2
    assert 0 < result["edit_reused"] < result["edit_chunks"]
