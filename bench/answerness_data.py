"""Question/answer-unit pairs from the question-phrased headings of public Markdown documentation.

A heading phrased as a question ("How do I pin a version?", "Why is my build slow?") is answered
by the first answer unit of its section; the other units of the same page (other sections), the
heading itself (it restates the question) and the later units of its own section are what a
resembling-but-not-answering unit looks like. Units are built by our own parser and unit builder
(ingest.markdown_blocks, rag.units.answer_units) and embedded as ingest does (each sentence a span
pooled in its passage), so they look like answer-time units.

The pages come from git snapshots of the repositories listed in bench/data/answerness/NOTICE
(owner/name and commit; `fetch` put them under /work/.mirror/<owner>+<name>/repo). The raw pages
are not committed: this script rebuilds the pairs from the snapshots.

    python -m bench.answerness_data --mirror /work/.mirror --out .citeline-answerness/pairs.npz
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest.markdown_blocks import front_matter, markdown_blocks
from rag.embeddings import get_embedder
from rag.sentences import split_sentences
from rag.question_type import question_type
from rag.terms import terms
from rag.unit_scoring import answer_fit
from rag.units import Unit, answer_units

NOTICE = Path(__file__).parent / "data" / "answerness" / "NOTICE"
# A question heading: ends with "?", or opens with a question word and runs a few words.
_ASKS = re.compile(r"^(how|what|why|when|where|which|who|can|could|does|do|is|are|should|will|would|may)\b", re.I)
# Translations and localised copies: one language is enough, and the encoder reads English.
_LOCALE = re.compile(r"(^|/)(i18n|translations?|locales?|[a-z]{2}(?:[-_][A-Za-z]{2,4})?)(/|$)")
_MAX_NEGATIVES = 40
# Sections of a page embedded besides its questions' (each costs an encoder pass): a sample.
_OTHER_SECTIONS = 12
# About a passage at answer time (ingest's chunks aim at 1000 characters).
_MAX_SECTION_CHARS = 1500


@dataclass
class Section:
    heading: str
    start: int  # of the heading
    end: int
    question: bool


@dataclass
class Pairs:
    """Every question with its candidate units (first one the answer)."""

    questions: list[str] = field(default_factory=list)
    repos: list[str] = field(default_factory=list)
    # Per unit: the question it belongs to, its role, kind, text and sentence vectors.
    unit_question: list[int] = field(default_factory=list)
    unit_role: list[str] = field(default_factory=list)  # answer | heading | later | other
    unit_kind: list[str] = field(default_factory=list)
    unit_text: list[str] = field(default_factory=list)
    # What the rule's form fit (rag/unit_scoring.answer_fit) adds to the unit's resemblance.
    unit_fit: list[float] = field(default_factory=list)
    part_vectors: list[np.ndarray] = field(default_factory=list)


def is_question(label: str) -> bool:
    words = label.split()
    if len(words) < 3 or len(label) > 200:
        return False
    return label.endswith("?") or bool(_ASKS.match(label))


def english_docs(git_dir: Path) -> list[str]:
    names = subprocess.run(["git", "-C", str(git_dir), "ls-tree", "-r", "--name-only", "HEAD"],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    out = []
    for name in names:
        low = name.lower()
        if not low.endswith((".md", ".mdx")) or "changelog" in low or "release" in low:
            continue
        parts = [p for p in low.split("/")[:-1] if p != "en"]
        if _LOCALE.search("/".join(parts) + "/") or "versioned_docs" in low or "node_modules" in low:
            continue
        out.append(name)
    return out


def sections(text: str) -> list[Section]:
    blocks = markdown_blocks(text)
    heads = [b for b in blocks if b.kind == "heading"]
    out = []
    # A page titled by a question in its front matter ("title: How do I ...?", knowledge-base
    # pages) answers it in the body before its first heading.
    body, title = front_matter(text)
    if body and title and is_question(title):
        end = heads[0].start if heads else len(text)
        out.append(Section(title, body, min(end, body + _MAX_SECTION_CHARS), True))
    for i, h in enumerate(heads):
        end = heads[i + 1].start if i + 1 < len(heads) else len(text)
        out.append(Section(h.label, h.start, min(end, h.start + _MAX_SECTION_CHARS), is_question(h.label)))
    return out


def section_units(text: str, section: Section, embedder) -> list[tuple[Unit, np.ndarray]]:
    """The section's answer units with their sentence vectors, in order: heading first. Without
    an embedder the vectors are left empty (zeros) and only the units are read."""
    passage = text[section.start : section.end]
    units = answer_units(passage, section.start)
    sentences = split_sentences(passage, offset=section.start)
    if not units or not sentences:
        return []
    spans = [(s.start - section.start, s.end - section.start) for s in sentences]
    if embedder is None:
        vectors = np.zeros((len(spans), 384), dtype=np.float32)
    else:
        _, (vectors,) = embedder.encode_passages([passage], [spans])
    out = []
    for unit in units:
        rows = [i for i, s in enumerate(sentences) if s.start < unit.end and unit.start < s.end]
        if not rows:
            continue
        out.append((unit, vectors[rows]))
    return out


def build(mirror: Path, rng: np.random.Generator, embed: bool = True) -> Pairs:
    embedder = get_embedder() if embed else None
    pairs = Pairs()
    seen_pages: set[str] = set()
    for line in NOTICE.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        repo, commit = line.split()[:2]
        git_dir = mirror / repo.replace("/", "+") / "repo"
        seen_questions: set[str] = set()
        for name in english_docs(git_dir):
            text = subprocess.run(["git", "-C", str(git_dir), "show", f"{commit}:{name}"],
                                  capture_output=True, text=True, errors="replace").stdout
            digest = hashlib.sha1(text.encode()).hexdigest()
            if digest in seen_pages:
                continue
            seen_pages.add(digest)
            secs = sections(text)
            asked = [s for s in secs if s.question and s.heading.lower() not in seen_questions]
            if not asked:
                continue
            rest = [i for i, s in enumerate(secs) if not s.question]
            if len(rest) > _OTHER_SECTIONS:
                rest = list(rng.choice(rest, _OTHER_SECTIONS, replace=False))
            read = {i for i, s in enumerate(secs) if s.question} | set(rest)
            units = [section_units(text, s, embedder) if i in read else [] for i, s in enumerate(secs)]
            for q_section, q_units in zip(secs, units):
                if q_section not in asked or not q_units:
                    continue
                titled = q_units[0][0].kind != "heading"  # a front-matter title: no heading unit
                head = [] if titled else [q_units[0]]
                if len(q_units) < 2 - titled:
                    continue
                seen_questions.add(q_section.heading.lower())
                qi = len(pairs.questions)
                pairs.questions.append(q_section.heading)
                pairs.repos.append(repo)
                answer, *later = q_units[1 - titled :]
                others = [u for s, us in zip(secs, units) if s is not q_section for u in us if u[0].kind != "heading"]
                if len(others) > _MAX_NEGATIVES:
                    others = [others[i] for i in sorted(rng.choice(len(others), _MAX_NEGATIVES, replace=False))]
                qtype, q_terms = question_type(q_section.heading), terms(q_section.heading)
                for role, group in (("answer", [answer]), ("heading", head), ("later", later), ("other", others)):
                    for unit, vectors in group:
                        pairs.unit_question.append(qi)
                        pairs.unit_role.append(role)
                        pairs.unit_kind.append(unit.kind)
                        pairs.unit_text.append(unit.display)
                        pairs.unit_fit.append(answer_fit(unit, qtype, q_terms, terms(unit.read)).value)
                        pairs.part_vectors.append(vectors)
        print(repo, len(pairs.questions), len(pairs.unit_role), flush=True)
    return pairs


def save(pairs: Pairs, out: Path) -> None:
    embedder = get_embedder()
    out.parent.mkdir(parents=True, exist_ok=True)
    counts = np.array([len(v) for v in pairs.part_vectors])
    np.savez_compressed(
        out,
        questions=np.array(pairs.questions), repos=np.array(pairs.repos),
        question_vectors=embedder.encode(pairs.questions),
        unit_question=np.array(pairs.unit_question), unit_role=np.array(pairs.unit_role),
        unit_kind=np.array(pairs.unit_kind), unit_text=np.array(pairs.unit_text), unit_fit=np.array(pairs.unit_fit),
        part_offsets=np.concatenate([[0], np.cumsum(counts)]),
        parts=np.concatenate(pairs.part_vectors).astype(np.float16),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=Path(".citeline-answerness/pairs.npz"))
    parser.add_argument("--fits-only", type=Path, help="write only the units' rule fits here (no encoding)")
    args = parser.parse_args()
    if args.fits_only:
        pairs = build(args.mirror, np.random.default_rng(0), embed=False)
        np.savez(args.fits_only, unit_fit=np.array(pairs.unit_fit), unit_text=np.array(pairs.unit_text))
        return
    save(build(args.mirror, np.random.default_rng(0)), args.out)


if __name__ == "__main__":
    main()
