"""`citeline eval abstain --docs SET`: in-domain negatives built from a documentation-QA set.

The set's answerable questions are asked of an index of its corpus without the page that answers
them (leave-one-out). An index per page would cost one copy each: the gold pages are dealt into
`folds` groups instead, and each fold's index is the full index with that group's pages taken out
(a copy, cached next to it, no re-embedding). A question whose gold phrase some remaining page
still holds (under the scorer's folding) could be answered right from it: it is no negative and is
dropped. The same answerable questions asked of the full index give the wrong-abstention rate;
those whose page a fold keeps, asked of that fold's smaller index, give it there.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from rich.markup import escape
from rich.table import Table

from ingest.datasets import DatasetError
from ingest.settings import IngestSettings
from ingest.write_session import WriteSession
from rag.engine import Engine, Signals
from ui.evaluation.docsqa import check_against_corpus
from ui.evaluation.docsqa_set import DocsQAItem, contains_gold, fold, load_set
from ui.evaluation.index_build import recorded_build
from ui.evaluation.indexes import ingest_folder
from ui.evaluation.results_file import write_results
from ui.evaluation.retrieval import default_eval_index
from ui.settings import Settings

# answerable: asked of the full index; kept-in-fold: asked of a fold's index that keeps its page
# (a smaller index, as the negatives' are: what abstaining costs there).
Role = Literal["in-domain", "answerable", "kept-in-fold"]
LEFT_OUT_FILE = "left-out.json"


@dataclass(frozen=True)
class Fold:
    number: int  # from 1
    of: int
    left_out: tuple[str, ...]  # gold pages, relative to the corpus folder


@dataclass
class NegativeProbe:
    set: str
    role: Role
    fold: int  # 0: the full index
    id: str
    question: str
    gold_path: str
    abstained: bool
    contains_gold: bool  # the answer shown holds a gold phrase (answered right, for an answerable)
    answer: str
    signals: Signals  # what the abstention decided on (rag/abstention.py)


@dataclass
class DocsAbstainReport:
    dataset: str
    corpus: str
    folds: int
    pages_left_out: int
    negatives_built: int  # answerable questions whose gold page a fold left out
    true_negatives: int  # ... of which no remaining page holds a gold phrase: the negatives asked
    in_domain_recall: float  # true negatives abstained
    in_domain_precision: float  # abstentions that were on negatives (answerables asked of the full index)
    answerables: int
    wrong_abstention: float  # answerables abstained on the full index
    answered_right: float  # answerables whose answer on the full index holds a gold phrase
    kept_in_fold: int  # answerables asked of the folds that keep their page
    kept_in_fold_wrong_abstention: float
    kept_in_fold_answered_right: float


@dataclass
class DocsAbstainSummary:
    sets: list[DocsAbstainReport] = field(default_factory=list)
    in_domain_recall: float = 0.0  # pooled over the sets
    in_domain_precision: float = 0.0
    wrong_abstention: float = 0.0
    results_file: str = ""


def folds(items: list[DocsQAItem], count: int) -> list[Fold]:
    """The answerables' gold pages dealt round-robin into `count` folds (fewer when there are fewer pages)."""
    pages = sorted({i.gold_path for i in items if i.kind == "answerable" and i.gold_path})
    count = min(count, len(pages))
    return [Fold(n + 1, count, tuple(pages[n::count])) for n in range(count)]


def fold_index(full: Path, fold_: Fold, settings: IngestSettings) -> Path:
    """The full index without `fold_`'s pages: a copy next to it, remade when the full index was
    rebuilt since (by other ingest code) or the fold leaves out other pages."""
    index = full.with_name(f"{full.name}-leaveout-{fold_.number}of{fold_.of}")
    built = recorded_build(full)
    made = {"left_out": list(fold_.left_out), "full": asdict(built) if built else None}
    record = index / LEFT_OUT_FILE
    if record.exists() and json.loads(record.read_text(encoding="utf-8")) == made:
        return index
    if index.exists():
        if not record.exists():
            raise DatasetError(f"{index}: exists and is no leave-out copy (no {LEFT_OUT_FILE}); not replacing it")
        shutil.rmtree(index)
    shutil.copytree(full, index)
    left_out = set(fold_.left_out)
    with WriteSession.open(settings.model_copy(update={"index": index}), create=False) as session:
        session.begin()
        for doc in session.catalog.documents():
            if doc.path in left_out:
                session.forget(doc.doc_id)
        session.finish()
    record.write_text(json.dumps(made) + "\n", encoding="utf-8")
    return index


def true_negatives(items: list[DocsQAItem], fold_: Fold, remaining: list[str]) -> list[DocsQAItem]:
    """The answerables whose gold page `fold_` leaves out and whose gold phrases none of the
    `remaining` texts (the index's documents, titles included) holds under the scorer's folding."""
    corpus = [fold(text) for text in remaining]
    left_out = set(fold_.left_out)
    return [i for i in items if i.kind == "answerable" and i.gold_path in left_out
            and not any(fold(p) in text for p in i.gold_phrases for text in corpus)]


def _indexed_texts(engine: Engine) -> list[str]:
    return [f"{record.title}\n{engine.document(record.doc_id).text}" for record in engine.documents(limit=None).documents]


def _probe(engine: Engine, set_name: str, role: Role, fold_number: int, item: DocsQAItem) -> NegativeProbe:
    answer = engine.ask(item.question)
    signals = engine.abstention_signals(item.question)
    shown = "" if answer.abstained else answer.answer
    return NegativeProbe(set_name, role, fold_number, item.id, item.question, item.gold_path or "", answer.abstained,
                         contains_gold(shown, item.gold_phrases), answer.answer, signals)


def _ask_full(index: Path, settings: Settings, answerables: list[DocsQAItem], set_name: str) -> list[NegativeProbe]:
    engine = Engine(settings.model_copy(update={"index": index}).engine)
    try:
        return [_probe(engine, set_name, "answerable", 0, item) for item in answerables]
    finally:
        engine.close()


def _ask_fold(index: Path, settings: Settings, answerables: list[DocsQAItem], set_name: str,
              fold_: Fold) -> list[NegativeProbe]:
    """The fold's true negatives, and the answerables whose page it keeps, asked of its index."""
    engine = Engine(settings.model_copy(update={"index": index}).engine)
    try:
        negatives = true_negatives(answerables, fold_, _indexed_texts(engine))
        kept = [i for i in answerables if i.gold_path not in fold_.left_out]
        return ([_probe(engine, set_name, "in-domain", fold_.number, item) for item in negatives]
                + [_probe(engine, set_name, "kept-in-fold", fold_.number, item) for item in kept])
    finally:
        engine.close()


def _share(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 4) if flags else 0.0


def _precision(probes: list[NegativeProbe]) -> float:
    right = sum(p.abstained for p in probes if p.role == "in-domain")
    wrong = sum(p.abstained for p in probes if p.role == "answerable")
    return round(right / (right + wrong), 4) if right + wrong else 0.0


def evaluate_set(set_file: Path, settings: Settings, fold_count: int, fresh: bool = False) -> tuple[DocsAbstainReport, list[NegativeProbe]]:
    """One documentation-QA set (its corpus/ next to it): negatives built, asked, scored."""
    corpus = set_file.parent / "corpus"
    items = load_set(set_file)
    if not corpus.is_dir():
        raise DatasetError(f"{corpus}: not a folder (the corpus of {set_file})")
    answerables = [i for i in items if i.kind == "answerable"]
    if not answerables:
        raise DatasetError(f"{set_file}: no answerable items to leave out")
    check_against_corpus(answerables, corpus)
    full = default_eval_index(corpus, settings)
    ingested = ingest_folder(corpus, settings.model_copy(update={"index": full}).ingest, fresh)
    if ingested.failed:
        raise DatasetError(f"{ingested.failed[0].path}: could not be ingested ({ingested.failed[0].error})")
    name = set_file.parent.name
    probes = _ask_full(full, settings, answerables, name)
    built = 0
    plan = folds(answerables, fold_count)
    for fold_ in plan:
        built += sum(i.gold_path in fold_.left_out for i in answerables)
        probes += _ask_fold(fold_index(full, fold_, settings.ingest), settings, answerables, name, fold_)
    negatives = [p for p in probes if p.role == "in-domain"]
    positives = [p for p in probes if p.role == "answerable"]
    kept = [p for p in probes if p.role == "kept-in-fold"]
    return DocsAbstainReport(
        dataset=name, corpus=str(corpus), folds=len(plan), pages_left_out=sum(len(f.left_out) for f in plan),
        negatives_built=built, true_negatives=len(negatives),
        in_domain_recall=_share([p.abstained for p in negatives]), in_domain_precision=_precision(probes),
        answerables=len(positives), wrong_abstention=_share([p.abstained for p in positives]),
        answered_right=_share([p.contains_gold for p in positives]), kept_in_fold=len(kept),
        kept_in_fold_wrong_abstention=_share([p.abstained for p in kept]),
        kept_in_fold_answered_right=_share([p.contains_gold for p in kept]),
    ), probes


def evaluate_docs_negatives(set_files: list[Path], settings: Settings, fold_count: int, results_path: Path,
                            fresh: bool = False) -> DocsAbstainSummary:
    summary = DocsAbstainSummary(results_file=str(results_path))
    probes: list[NegativeProbe] = []
    for set_file in set_files:
        report, asked = evaluate_set(set_file, settings, fold_count, fresh)
        summary.sets.append(report)
        probes += asked
    write_results(probes, results_path)
    summary.in_domain_recall = _share([p.abstained for p in probes if p.role == "in-domain"])
    summary.in_domain_precision = _precision(probes)
    summary.wrong_abstention = _share([p.abstained for p in probes if p.role == "answerable"])
    return summary


def docs_negatives_tables(summary: DocsAbstainSummary) -> list[Table]:
    table = Table(title="abstention on documentation leave-out negatives")
    columns = ("set", "folds", "pages left out", "negatives built", "true negatives", "in-domain recall",
               "in-domain precision", "answerables", "wrong abstention", "answered right",
               "kept in a fold", "wrong abstention there")
    for column in columns:
        table.add_column(column, justify="left" if column == "set" else "right")
    for r in summary.sets:
        table.add_row(escape(r.dataset), str(r.folds), str(r.pages_left_out), str(r.negatives_built),
                      str(r.true_negatives), f"{r.in_domain_recall:.4f}", f"{r.in_domain_precision:.4f}",
                      str(r.answerables), f"{r.wrong_abstention:.4f}", f"{r.answered_right:.4f}",
                      str(r.kept_in_fold), f"{r.kept_in_fold_wrong_abstention:.4f}")
    table.add_row("all", "", "", "", str(sum(r.true_negatives for r in summary.sets)),
                  f"{summary.in_domain_recall:.4f}", f"{summary.in_domain_precision:.4f}",
                  str(sum(r.answerables for r in summary.sets)), f"{summary.wrong_abstention:.4f}", "", "", "")
    return [table]
