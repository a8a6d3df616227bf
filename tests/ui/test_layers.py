"""The faces talk to the core only through the engine façade, its types, settings and errors."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
ALLOWED = {"rag.engine", "rag.types", "rag.settings", "rag.errors", "rag.env", "rag.scope"}
ENGINE_INSIDES = {"store", "retriever", "answerer", "embedder", "checker", "generative", "chain", "finder"}


def reaches(source: str, name: str) -> list[str]:
    """Imports of core modules other than the allowed ones, and `engine.<inside>` uses, in `source`."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module] if node.module != "rag" else [f"rag.{a.name}" for a in node.names]
            found += [f"{name}:{node.lineno} {m}" for m in modules if m.startswith("rag.") and m not in ALLOWED]
        elif isinstance(node, ast.Import):
            found += [f"{name}:{node.lineno} {a.name}" for a in node.names
                      if a.name.startswith("rag.") and a.name not in ALLOWED]
        elif isinstance(node, ast.Attribute) and node.attr in ENGINE_INSIDES:
            owner = node.value
            name = getattr(owner, "id", None) or getattr(owner, "attr", None)
            if name == "engine" or (isinstance(owner, ast.Call) and "engine" in ast.unparse(owner.func)):
                found.append(f"{name}:{node.lineno} engine.{node.attr}")
    return found


def test_faces_use_only_the_facade_types_settings_and_errors():
    found = [r for path in sorted(UI.rglob("*.py")) for r in reaches(path.read_text(), str(path.relative_to(UI.parent)))]
    assert not found, found


def test_a_reach_is_seen():
    source = ("from rag.cite import CitationFinder\nfrom rag import status\nimport rag.store\n"
              "x = self.engine.store.catalog\ny = engine.retriever\nz = engine.ask\nfrom rag.types import Answer\n"
              "_engine(settings).store.close()\n")
    assert sorted(r.split(" ")[1] for r in reaches(source, "f")) == sorted(
        ["rag.cite", "rag.status", "rag.store", "engine.store", "engine.retriever", "engine.store"])
