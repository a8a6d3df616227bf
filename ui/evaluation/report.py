"""Tables and plots for evaluation reports."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ui.evaluation.qa import QAReport
from ui.evaluation.metrics import METRICS
from ui.evaluation.retrieval import RetrievalReport


def retrieval_table(report: RetrievalReport) -> Table:
    table = Table(title=f"{report.dataset} ({report.split}): {report.queries} queries, "
                        f"{report.documents} documents, {report.chunks} chunks")
    table.add_column("mode")
    for metric in METRICS:
        table.add_column(metric, justify="right")
    table.add_column("ms/query", justify="right")
    for mode, scores in report.scores.items():
        table.add_row(mode, *(f"{scores[m]:.4f}" for m in METRICS), f"{report.query_ms[mode]:.1f}")
    return table


def qa_table(report: QAReport) -> Table:
    table = Table(title=f"{report.dataset}: {report.questions} questions")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in asdict(report).items():
        if key != "dataset":
            table.add_row(key, str(value))
    return table


def plot_retrieval(report: RetrievalReport, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    modes = list(report.scores)
    width = 0.8 / max(len(modes), 1)
    fig, ax = plt.subplots(figsize=(8, 4))
    for i, mode in enumerate(modes):
        xs = [j + i * width for j in range(len(METRICS))]
        ax.bar(xs, [report.scores[mode][m] for m in METRICS], width, label=mode)
    ax.set_xticks([j + width * (len(modes) - 1) / 2 for j in range(len(METRICS))], list(METRICS))
    ax.set_ylim(0, 1)
    ax.set_title(f"{report.dataset} ({report.split})")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def print_table(table: Table) -> None:
    Console().print(table)
