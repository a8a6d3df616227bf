"""The edit benchmark at a tiny size: it runs, and the chunks after an edit keep their vectors."""

import json
import os
import subprocess
import sys

from tests.conftest import ROOT


def test_reuse_on_edit_reports_reused_chunks(xquad_file):
    # The benchmark reads <CITELINE_EVAL_DATA>/xquad-en: point it at the file the fixture checked.
    env = {**os.environ, "CITELINE_EVAL_DATA": str(xquad_file.parents[1])}
    out = subprocess.run([sys.executable, "-m", "bench.reuse_on_edit", "--docs", "2", "--paragraphs", "4"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result["documents"] == 2 and result["edit_chunks"] == result["full_chunks"] > 2
    assert 0 < result["edit_reused"] < result["edit_chunks"]
