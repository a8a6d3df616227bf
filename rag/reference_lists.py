"""Whether a retrieved passage is nothing but a document's list of works cited.

Its entries resemble every question on their document's topic (a trial's title names the drug, the
outcome and the population) and answer none: the answerer takes no unit from under a references
heading (rag/evidence.py). A passage read from there fills one of the k places with nothing to quote;
on a paper whose reference list is long, all k ("What is the risk of bleeding with low molecular
weight heparin prophylaxis?" read five chunks of references and declined).
"""

from __future__ import annotations

from rag.chunk_context import HEADING_SEPARATOR
from rag.types import Chunk
from rag.units import is_references_heading


def reference_list(chunk: Chunk) -> bool:
    """Whether every section `chunk` spans is a references section (its innermost heading)."""
    paths = [chunk.heading, *(path for _, path in chunk.heading_breaks)]
    return all(is_references_heading(path.rpartition(HEADING_SEPARATOR)[2]) for path in paths)
