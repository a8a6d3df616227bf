"""Which code built a cached evaluation index, so that figures are never measured on chunks an older
ingest made.

An ingest re-processes a document only when its file or the pipeline fingerprint (a version string
bumped by hand) changes, so after a change to the chunker a cached index kept the old chunks. The
cache therefore records what built it: the fingerprint and a digest of the source of every module
the ingest pipeline (and the benchmark readers) import, from `ingest` and `rag`. When either differs,
or when asked (`--fresh`), the cache is removed and built again from nothing.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.util
import json
import shutil
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from ingest.datasets import DatasetError
from ingest.pipeline import pipeline_fingerprint
from ingest.settings import IngestSettings

RECORD_FILE = "eval-build.json"
# Where documents become chunks, vectors and BM25 rows; what they import is followed from here.
_ROOTS = ("ingest.pipeline", "ingest.datasets")
_PACKAGES = ("ingest", "rag")
# Where the evaluation commands keep their caches by default (see default_eval_index).
DEFAULT_CACHE_DIR = ".citeline-eval"


@dataclass(frozen=True)
class IndexBuild:
    fingerprint: str
    code: str  # sha256 over the sources of the modules the pipeline imports


def _imported(module: str) -> set[str]:
    """The project modules `module`'s source imports, at any depth of the file (lazy ones too)."""
    spec = importlib.util.find_spec(module)
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from pkg import name` may name a submodule; names that are not modules are dropped below.
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        found.update(n for n in names if n.split(".")[0] in _PACKAGES)
    return {name for name in found if _is_module(name)}


def _is_module(name: str) -> bool:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    return spec is not None and spec.origin is not None and spec.origin.endswith(".py")


@functools.cache
def pipeline_modules() -> tuple[str, ...]:
    """Every module of `ingest` and `rag` the pipeline and the benchmark readers import, followed through
    (once per process: the sources are read again for each digest)."""
    seen: set[str] = set()
    todo = list(_ROOTS)
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += sorted(_imported(module) - seen)
    return tuple(sorted(seen))


def current_build(settings: IngestSettings) -> IndexBuild:
    digest = hashlib.sha256()
    for module in pipeline_modules():
        digest.update(f"{module}\0".encode())
        digest.update(Path(importlib.util.find_spec(module).origin).read_bytes())
    return IndexBuild(pipeline_fingerprint(settings), digest.hexdigest())


def recorded_build(index: Path) -> IndexBuild | None:
    try:
        return IndexBuild(**json.loads((index / RECORD_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _reason_to_rebuild(index: Path, build: IndexBuild, fresh: bool) -> str | None:
    if fresh:
        return "--fresh"
    recorded = recorded_build(index)
    if recorded is None:
        return "no record of the code that built it"
    if recorded.fingerprint != build.fingerprint:
        return f"the pipeline fingerprint changed ({recorded.fingerprint} -> {build.fingerprint})"
    if recorded.code != build.code:
        return "the ingest code changed since it was built"
    return None


def _ours(index: Path) -> bool:
    """A cache an evaluation made (one with a record, or one under the default folder) or an empty
    folder. Only those are removed (`--index` may name any folder)."""
    return ((index / RECORD_FILE).exists() or Path(DEFAULT_CACHE_DIR).resolve() in index.resolve().parents
            or not any(index.iterdir()))


def prepare(index: Path, settings: IngestSettings, fresh: bool = False) -> IndexBuild | None:
    """Remove the cached index at `index` when asked (`fresh`) or when other code built it, saying
    why on stderr. Returns the build to `record` once the ingest into it has finished, or None for
    an index of unknown making that is kept as it is (not ours, not asked to rebuild it)."""
    build = current_build(settings)
    if not index.exists():
        return build
    reason = _reason_to_rebuild(index, build, fresh)
    if reason is None:
        return build
    if not _ours(index):
        if fresh:
            raise DatasetError(f"{index}: not an evaluation cache (no {RECORD_FILE}, not under {DEFAULT_CACHE_DIR}/); "
                               "not removing it to rebuild")
        print(f"{index}: not an evaluation cache (no {RECORD_FILE}): used as it is, whatever code built it",
              file=sys.stderr)
        return None
    print(f"rebuilding the evaluation index {index}: {reason}", file=sys.stderr)
    shutil.rmtree(index)
    return build


def record(index: Path, build: IndexBuild | None) -> None:
    if build is not None:
        (index / RECORD_FILE).write_text(json.dumps(asdict(build)) + "\n", encoding="utf-8")
