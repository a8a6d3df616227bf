"""Start-up: `citeline --help` must not pay for the heavy libraries (checked by what it imports, not by a clock)."""

import subprocess
import sys

from tests.conftest import ROOT

HEAVY = ["torch", "transformers", "sentence_transformers", "chromadb", "onnxruntime", "bm25s", "langchain_core",
         "gradio", "fastapi", "numpy"]


def test_help_imports_no_heavy_library():
    code = (
        "import sys\n"
        "sys.argv = ['citeline', '--help']\n"
        "from ui import cli\n"
        "try:\n"
        "    cli.main()\n"
        "except SystemExit:\n"
        "    pass\n"
        f"loaded = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "ask" in done.stdout
