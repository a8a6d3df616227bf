"""The `citeline` command. Heavy libraries are imported inside commands, so `--help` is instant."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from rag.errors import CitelineError


class _Commands(TyperGroup):
    """Every command's CitelineError ends as one line on stderr and its exit status, not a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except CitelineError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    cls=_Commands,
    name="citeline",
    help="Ask questions of your documents and get answers whose every sentence cites its source.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Typer's rich help prints a type after every flag (`--json <bool>`) as if it took a value.
    rich_markup_mode=None,
)

IndexOption = Annotated[
    Optional[Path],
    typer.Option("--index", help="Index folder (default ./.citeline, or $CITELINE_INDEX).", show_default=False),
]

ChromaURLOption = Annotated[
    Optional[str],
    typer.Option("--chroma-url", help="A Chroma server holding the vectors, e.g. http://127.0.0.1:8000 "
                 "(default: embedded in the index folder, or $CITELINE_CHROMA_URL).", show_default=False),
]


ScopeCollectionOption = Annotated[
    Optional[list[str]],
    typer.Option("--collection", metavar="NAME",
                 help="Read only this collection (repeatable; 'all': every one, the default).", show_default=False),
]
WhereOption = Annotated[
    Optional[list[str]],
    typer.Option("--where", metavar="FILTER", help="Read only documents passing this filter (repeatable, all apply): "
                 "'type=pdf', 'path=handbook/**', 'title=guide', 'date>=2024-01-01', 'author=Ann'.",
                 show_default=False),
]


def _scope(collections: list[str] | None, where: list[str] | None):
    """The Scope of --collection/--where (None: the whole index); a bad filter fails here, exit 2."""
    from rag.engine import Scope, check_filters, every_collection

    names = None if every_collection(collections) else tuple(collections)
    filters = tuple(where or ())
    check_filters(filters)
    return None if names is None and not filters else Scope(collections=names, where=filters)


def _settings(**overrides):
    from rag import env  # noqa: F401
    from ui.settings import get_settings

    try:
        return get_settings(**overrides)
    except Exception as exc:  # pydantic's ValidationError names the field
        _fail(f"invalid setting: {_first_error(exc)}", code=2)


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
    return str(exc)


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _engine(settings):
    """The engine over the index, with the writer its faces ingest and remove through."""
    from ingest.index_writer import IndexWriter
    from rag.engine import Engine

    return Engine(settings.engine, IndexWriter(settings.ingest))


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH", help="Files and folders to index (folders recursively), or http(s):// page or sitemap URLs.")],
    index: IndexOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Show no progress (failures, warnings and the "
                                        "summary still print).")] = False,
    chroma_url: ChromaURLOption = None,
    exclude: Annotated[Optional[list[str]], typer.Option(
        "--exclude", metavar="GLOB", help="Leave out matching files or folders (gitignore syntax, relative to "
        "the ingested folder; repeatable). A folder's .citelineignore adds its own.")] = None,
    include: Annotated[Optional[list[str]], typer.Option(
        "--include", metavar="GLOB", help="Take only matching files (gitignore syntax; repeatable).")] = None,
    depth: Annotated[int, typer.Option(
        "--depth", min=0, max=10, metavar="N", help="For URLs: follow same-site links this many clicks deep (0: the page "
        "only; a sitemap URL always reads the pages it lists).")] = 0,
    max_pages: Annotated[int, typer.Option(
        "--max-pages", min=1, max=100_000, metavar="N", help="For URLs: at most this many pages per site or sitemap.")] = 100,
    collection: Annotated[str, typer.Option(
        "--collection", metavar="NAME", help="The collection these documents join (lower-case letters, digits, "
        "'-', '_', '.'). A folder swept again removes from it only.")] = "default",
) -> None:
    """Index documents; unchanged files are skipped, vanished ones removed.

    Types: .txt .md .html .pdf .docx, .pptx (slides and notes), .xlsx .csv (a line per row with its
    headers), .eml .mbox (headers, body; attachments of these types become documents of their own,
    MAIL.eml#attachment/NAME), .rst .adoc, .mdx (read as Markdown).

    http(s):// URLs: the page's main text with the URL as its path; a sitemap.xml (or sitemap index)
    URL reads the pages it lists; --depth N follows same-site links. robots.txt is honoured (user
    agent citeline), other sites are never fetched, pages are re-fetched only when changed (ETag,
    Last-Modified, text hash), and a re-crawl removes the pages the site no longer has.

    PDF pages are checked for unreadable text (broken font encodings): such pages are extracted
    again with pdfium, then OCRed; scanned pages are OCRed (tesseract). Pages that stay unreadable
    fail the file ("text layer is unreadable (font encoding) ... and OCR found no text"). Warnings
    ("3 of 12 pages had no text layer: OCR used") go to stderr and to --json's "warnings".

    Other failures, one line per file: corrupt or encrypted file, zip bomb, binary content, invalid
    UTF-8, empty, over the size or parse-time limit, missing; for URLs robots.txt, HTTP errors,
    redirect loops or redirects to another site, unsupported content types, over the size or
    download-time limit.

    Collections: one index holds several; --collection NAME ingests into NAME. A file another
    collection holds already joins this one without being read again; a file gone from a swept
    folder leaves this collection, and the index only when no other collection holds it.

    Progress goes to stderr: on a terminal a live bar (files, and the chunks of the write under way with
    their rate and time left); otherwise a line per file read and, while a large file embeds, a line
    every 10 s. None with --json or --quiet.

    Exit status: 0 when every file was indexed, 1 when some failed, 2 on usage errors.
    """
    settings = _settings(index=index, chroma_url=chroma_url)
    from ingest.ignore import SelectionError, SelectionRules
    from ingest.crawl import CrawlLimits
    from ingest.index_writer import IndexWriter
    from ingest.web import is_url
    from ui.ingest_progress import progress_on_stderr

    with progress_on_stderr(shown=not (json_out or quiet)) as progress:
        try:
            report = IndexWriter(settings.ingest).ingest([Path(p) for p in paths if not is_url(p)], progress,
                                                         SelectionRules(tuple(include or ()), tuple(exclude or ())),
                                                         urls=[p for p in paths if is_url(p)],
                                                         crawl=CrawlLimits(depth, max_pages),
                                                         collection=collection)
        except SelectionError as exc:
            _fail(str(exc))
    from ui.terminal import shown_in_terminal

    for failure in report.failed:
        typer.echo(shown_in_terminal(f"failed: {failure.path}: {failure.error}"), err=True)
    for warning in report.warnings:
        typer.echo(shown_in_terminal(f"warning: {warning.path}: {warning.warning}"), err=True)
    if json_out:
        typer.echo(json.dumps(report.as_json()))
    else:
        skipped = f"skipped {report.skipped}"
        if report.skipped:
            skipped += f" (unsupported: {report.skipped_summary()})"
        typer.echo(
            f"added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
            f"joined {report.joined}, removed {report.removed}, failed {len(report.failed)}, {skipped}, "
            f"excluded {report.excluded}; {report.chunks} chunks written "
            f"({report.reused} with reused vectors) in {report.seconds:.1f} s"
        )
    raise typer.Exit(1 if report.failed else 0)


LLMOption = Annotated[
    Optional[str],
    typer.Option("--llm", help="none (extractive, default), llamacpp:PATH.gguf, ollama:MODEL or openai:MODEL "
                 "(or $CITELINE_LLM).", show_default=False),
]
LLMBaseURLOption = Annotated[
    Optional[str],
    typer.Option("--llm-base-url", help="Base URL of the OpenAI-compatible or Ollama server.", show_default=False),
]


def _read_history(given: str):
    """--history's turns: the JSON itself when it starts with `[` (what its help shows) or `{` (a turn given
    alone, named as not a list), `-` standard input, anything else a file."""
    from pydantic import TypeAdapter, ValidationError

    from rag.types import Message

    inline = given.lstrip().startswith(("[", "{"))
    named = "(the JSON given)" if inline else "(standard input)" if given == "-" else given
    try:
        raw = given.encode() if inline else sys.stdin.buffer.read() if given == "-" else Path(given).read_bytes()
        return TypeAdapter(list[Message]).validate_json(raw)
    except OSError as exc:
        _fail(f"cannot read --history {named}: {exc.strerror}", code=2)
    except UnicodeError:  # a lone surrogate: what the shell passed is no text
        _fail(f"--history {named}: not valid UTF-8 text", code=2)
    except ValidationError as exc:
        _fail(f"--history {named}: expected a list of {{\"role\": \"user\"|\"assistant\", \"content\": str}}: "
              f"{_first_error(exc)}", code=2)


def _check_llm(settings) -> None:
    """Every generator the settings name is a valid spec (exit 2 naming the setting otherwise)."""
    from rag.engine import parse_llm_spec
    from rag.errors import InvalidLLMSpec

    for field, spec in [("llm", settings.llm), *(("llm_choices", choice) for choice in settings.llm_choices)]:
        try:
            parse_llm_spec(spec)
        except InvalidLLMSpec as exc:
            _fail(f"{field}: {exc}", code=2)


def _answer_stream(engine, question: str, history, k, token_out, scope=None):
    """Runs one turn, writing tokens to `token_out` as they come; returns the checked answer."""
    from rag.types import FinalEvent, TokenEvent

    final = None
    streamed = False
    for event in engine.stream(question, history=history, k=k, scope=scope):
        if isinstance(event, TokenEvent) and token_out is not None:
            token_out.write(event.text)
            token_out.flush()
            streamed = True
        elif isinstance(event, FinalEvent):
            final = event.answer
    if streamed:
        token_out.write("\n\n")
        token_out.flush()
    return final


@app.command()
def ask(
    question: Annotated[str, typer.Argument(metavar="QUESTION", help="The question.")],
    index: IndexOption = None,
    k: Annotated[Optional[int], typer.Option("--k", min=1, max=50, help="Passages to consider.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    history: Annotated[
        Optional[str],
        typer.Option("--history", help='Earlier turns, oldest first: a JSON list of {"role": "user"|"assistant", '
                     '"content": str}, given as it is, in a file named here, or on standard input with -.',
                     show_default=False),
    ] = None,
    stream: Annotated[bool, typer.Option("--stream", help="Print the LLM's tokens as they come (to stderr with "
                                         "--json); the checked answer follows.")] = False,
    llm: LLMOption = None,
    llm_base_url: LLMBaseURLOption = None,
    chroma_url: ChromaURLOption = None,
    collection: ScopeCollectionOption = None,
    where: WhereOption = None,
) -> None:
    """Answer a question from the index, citing the exact sentences used."""
    if not question.strip():
        _fail("the question is empty", code=2)
    scope = _scope(collection, where)
    turns = _read_history(history) if history else []
    settings = _settings(index=index, llm=llm, llm_base_url=llm_base_url, chroma_url=chroma_url)
    _check_llm(settings)
    engine = _engine(settings)
    token_out = (sys.stderr if json_out else sys.stdout) if stream else None
    answer = _answer_stream(engine, question, turns, k, token_out, scope)
    if json_out:
        typer.echo(json.dumps(answer.public_json(), ensure_ascii=False))
        return
    from ui.terminal import print_answer

    print_answer(answer)


@app.command()
def chat(
    index: IndexOption = None,
    k: Annotated[Optional[int], typer.Option("--k", min=1, max=50, help="Passages to consider.")] = None,
    llm: LLMOption = None,
    llm_base_url: LLMBaseURLOption = None,
    collection: ScopeCollectionOption = None,
    where: WhereOption = None,
) -> None:
    """An interactive conversation in the terminal: follow-up questions see the earlier turns.

    Type a question and press Enter; /reset forgets the conversation; /quit or Ctrl-D ends it.
    """
    scope = _scope(collection, where)
    settings = _settings(index=index, llm=llm, llm_base_url=llm_base_url)
    _check_llm(settings)
    engine = _engine(settings)
    engine.check_scope(scope)
    from rag.types import Message
    from ui.terminal import print_answer

    history: list[Message] = []
    from ui.labels import answered_by

    typer.echo(f"Citeline chat: answers {answered_by(settings.llm)}. "
               "Ask a question; /reset forgets the conversation, /quit ends it.")
    while True:
        try:
            question = input("\n> ").strip()
        except (EOFError, KeyboardInterrupt):
            typer.echo()
            return
        if not question:
            continue
        if question in ("/quit", "/exit"):
            return
        if question == "/reset":
            history.clear()
            typer.echo("(conversation forgotten)")
            continue
        answer = _answer_stream(engine, question, history, k, sys.stdout, scope)
        print_answer(answer)
        history += [Message(role="user", content=question), Message(role="assistant", content=answer.answer)]


@app.command()
def status(index: IndexOption = None,
           json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False) -> None:
    """Show what the index holds: documents, chunks, embedding model, last ingest."""
    settings = _settings(index=index)
    from rag.engine import index_status

    from ui.labels import iso_time

    info = index_status(settings.store)
    if json_out:
        # `last_ingest` stays Unix seconds (as /healthz gives it); `last_ingest_iso` is the text's.
        typer.echo(json.dumps({**info.model_dump(), "last_ingest_iso": iso_time(info.last_ingest)}))
        return
    last = iso_time(info.last_ingest) or "never"
    typer.echo(f"index: {info.index}\ndocuments: {info.documents}\nchunks: {info.chunks}\n"
               f"embedding model: {info.embedding_model}\nlast ingest: {last}")


collections_app = typer.Typer(
    cls=_Commands, help="List the index's collections, or remove one.", add_completion=False,
    pretty_exceptions_enable=False, rich_markup_mode=None,
)
app.add_typer(collections_app, name="collections")


@collections_app.callback(invoke_without_command=True)
def collections(ctx: typer.Context, index: IndexOption = None,
                json_out: Annotated[bool, typer.Option("--json", help="Print one JSON array.")] = False) -> None:
    """List the collections: name, documents, chunks, last ingest."""
    if ctx.invoked_subcommand is not None:
        return
    settings = _settings(index=index)
    from rag.engine import index_collections
    from ui.api.models import CollectionOut
    from ui.labels import iso_time

    found = index_collections(settings)
    if json_out:
        typer.echo(json.dumps([CollectionOut.of(c).model_dump() for c in found]))
        return
    for c in found:
        last = iso_time(c.last_ingest) or "never"
        documents = f"{c.documents} document" + ("" if c.documents == 1 else "s")
        chunks = f"{c.chunks} chunk" + ("" if c.chunks == 1 else "s")
        typer.echo(f"{c.name}\t{documents}\t{chunks}\tlast ingest {last}")


@collections_app.command("remove")
def remove_collection(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The collection to remove.")],
    index: IndexOption = None,
    chroma_url: ChromaURLOption = None,
) -> None:
    """Remove a collection: documents only it holds leave the index (vectors, catalog, BM25); the
    others stay in their other collections."""
    settings = _settings(index=index, chroma_url=chroma_url)
    from ingest.index_writer import IndexWriter

    removal = IndexWriter(settings.ingest).remove_collection(name)
    noun = "document" if removal.removed == 1 else "documents"
    typer.echo(f"removed collection {removal.name}: {removal.removed} {noun} removed, "
               f"{removal.kept} kept (other collections hold them)")


@app.command()
def serve(
    index: IndexOption = None,
    host: Annotated[Optional[str], typer.Option(help="Address to listen on (default 127.0.0.1).")] = None,
    port: Annotated[Optional[int], typer.Option(help="Port (default 7860).")] = None,
    chroma_url: ChromaURLOption = None,
) -> None:
    """Serve the chat in the browser (and its API) on one port."""
    settings = _settings(index=index, host=host, port=port, chroma_url=chroma_url)
    _check_llm(settings)
    from ui.access import Access

    access = Access.from_settings(settings.server)  # a bad access file is one line now, not after the model has loaded
    engine = _engine(settings)
    _warn_about_access(access, [c.name for c in engine.collections()])
    if settings.llm != "none":
        from rag.errors import LLMUnavailable

        try:
            engine.chat_model(settings.llm)  # loads a GGUF now rather than on the first question
        except LLMUnavailable as exc:
            typer.echo(f"warning: llm: {exc}; questions asking for it get a 503 until it is fixed", err=True)
    from ui.server import CannotListen, run

    try:
        run(engine, settings.server)
    except CannotListen as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


def _warn_about_access(access, existing: list[str]) -> None:
    """An access file naming a collection the index lacks is most often a misspelling that leaves the
    real one closed to everyone but the operator: say so at start. Not an error: it may be ingested later."""
    if access.rules is None:
        return
    missing = sorted(set(access.rules) - set(existing))
    closed = sorted(set(existing) - set(access.rules))
    if missing:
        typer.echo(f"warning: access file {access.source}: {', '.join(f'[collections.{n}]' for n in missing)} "
                   f"names no collection of this index (it has: {', '.join(sorted(existing)) or 'none'})", err=True)
    if closed:
        typer.echo(f"warning: access file {access.source}: no table for {', '.join(closed)}: only the "
                   "server's api_token reads it", err=True)


eval_app = typer.Typer(help="Measure retrieval and answer quality on public benchmarks.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
FreshOption = Annotated[bool, typer.Option("--fresh", help="Build the cache index again from nothing first (it is "
                                           "rebuilt unasked when the ingest code changed).")]


def _show_report(report, json_out: bool, tables, results: str | None = None) -> None:
    """An evaluation's report: one JSON object, or its tables (built only then) and where the
    per-item results went."""
    from dataclasses import asdict

    from ui.evaluation.report import print_table

    if json_out:
        typer.echo(json.dumps(asdict(report)))
        return
    for table in tables():
        print_table(table)
    if results:
        typer.echo(f"{results}: {report.results_file}")


@eval_app.command("retrieval")
def eval_retrieval(
    beir: Annotated[Path, typer.Option("--beir", help="BEIR folder: corpus.jsonl, queries.jsonl, qrels/<split>.tsv.")],
    split: Annotated[str, typer.Option(help="Qrels split: train, test or dev.")] = "test",
    mode: Annotated[str, typer.Option(help="dense, bm25, hybrid or all.")] = "all",
    index: Annotated[Optional[Path], typer.Option("--index", help="Cache index (default .citeline-eval/<dataset>).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    plot: Annotated[Optional[Path], typer.Option("--plot", help="Draw the modes side by side into a PNG.")] = None,
    fresh: FreshOption = False,
) -> None:
    """nDCG@10, Recall@10, Recall@100 and MRR@10 per retrieval mode (document level)."""
    if split not in ("train", "test", "dev"):
        _fail(f"--split must be train, test or dev, not {split!r}", code=2)
    modes = ["dense", "bm25", "hybrid"] if mode == "all" else [mode]
    if any(m not in ("dense", "bm25", "hybrid") for m in modes):
        _fail(f"--mode must be dense, bm25, hybrid or all, not {mode!r}", code=2)
    from ingest.datasets import DatasetError
    from ui.evaluation.retrieval import default_eval_index, evaluate_retrieval

    settings = _settings()
    settings = settings.model_copy(update={"index": index or default_eval_index(beir, settings)})
    try:
        report = evaluate_retrieval(beir, split, modes, settings, fresh=fresh)
    except DatasetError as exc:
        _fail(str(exc), code=2)
    if plot:
        from ui.evaluation.report import plot_retrieval

        plot_retrieval(report, plot)
    from ui.evaluation.report import retrieval_table

    _show_report(report, json_out, lambda: [retrieval_table(report)])


@eval_app.command("qa")
def eval_qa(
    squad: Annotated[Path, typer.Option("--squad", help="SQuAD-format JSON file.")],
    index: Annotated[Optional[Path], typer.Option("--index", help="Cache index (default .citeline-eval/<dataset>).")] = None,
    limit: Annotated[Optional[int], typer.Option(help="Ask only the first N questions.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    fresh: FreshOption = False,
) -> None:
    """Retriever hit@1/@5, answer contains gold, citation correctness, abstention, latency."""
    from ingest.datasets import DatasetError
    from ui.evaluation.qa import evaluate_qa
    from ui.evaluation.retrieval import default_eval_index

    settings = _settings()
    settings = settings.model_copy(update={"index": index or default_eval_index(squad, settings)})
    try:
        report = evaluate_qa(squad, settings, limit, fresh=fresh)
    except DatasetError as exc:
        _fail(str(exc), code=2)
    from ui.evaluation.report import qa_table

    _show_report(report, json_out, lambda: [qa_table(report)])


@eval_app.command("docs")
def eval_docs(
    set_file: Annotated[Path, typer.Option("--set", help="Questions: JSONL, one DocsQAItem per line.")],
    corpus: Annotated[Optional[Path], typer.Option("--corpus", help="The documents' folder (default: corpus/ "
                                                   "next to the set file).", show_default=False)] = None,
    index: Annotated[Optional[Path], typer.Option("--index", help="Cache index (default "
                                                  ".citeline-eval/<set>-<hash>/index).")] = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="Ask only the first N items.")] = None,
    results: Annotated[Optional[Path], typer.Option("--results", help="Per-item results, JSONL (default: "
                                                    ".citeline-eval/<set>-<hash>/<set file>.results.jsonl, beside "
                                                    "the set's index; with --index, <index>.results.jsonl).",
                                                    show_default=False)] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    fresh: FreshOption = False,
) -> None:
    """Documentation QA: answered right, abstained right, follow-ups, top-3 retrieval ceiling, answer length."""
    from ingest.datasets import DatasetError
    from ui.evaluation.docsqa import evaluate_docs
    from ui.evaluation.docsqa_set import load_set
    from ui.evaluation.retrieval import DOCS_CORPUS, docs_set_folder

    corpus = corpus or set_file.parent / DOCS_CORPUS
    settings = _settings()
    # One folder per set (its index and its results), so that reading one set's cache shows no other's.
    folder = docs_set_folder(corpus)
    settings = settings.model_copy(update={"index": index or folder / "index"})
    results = results or (Path(f"{index}.results.jsonl") if index else folder / f"{set_file.stem}.results.jsonl")
    try:
        items = load_set(set_file)[:limit]
        report = evaluate_docs(items, set_file.name, corpus, settings, results, fresh)
    except DatasetError as exc:
        _fail(str(exc), code=2)
    from ui.evaluation.docsqa import docs_tables

    _show_report(report, json_out, lambda: docs_tables(report), "per-item results")


@eval_app.command("abstain")
def eval_abstain(
    squad: Annotated[Optional[Path], typer.Option("--squad", help="SQuAD-format JSON file (e.g. XQuAD-en).",
                                                  show_default=False)] = None,
    beir: Annotated[Optional[Path], typer.Option("--beir", help="BEIR folder with train qrels (e.g. SciFact).",
                                                 show_default=False)] = None,
    docs: Annotated[Optional[list[Path]], typer.Option("--docs", help="Instead: a documentation-QA set (questions.jsonl, "
                                                       "corpus/ next to it) whose answerables are asked with their "
                                                       "page left out of the index; repeatable.", show_default=False)] = None,
    folds: Annotated[int, typer.Option("--folds", min=1, help="With --docs: groups the gold pages are left out in.")] = 5,
    sample: Annotated[int, typer.Option("--sample", min=1, help="Questions per group, drawn at random.")] = 300,
    seed: Annotated[int, typer.Option(help="Seed of the draw.")] = 0,
    results: Annotated[Optional[Path], typer.Option("--results", help="Per-question results, JSONL (default: "
                                                    ".citeline-eval/abstain.results.jsonl, or "
                                                    "abstain-docs.results.jsonl with --docs).", show_default=False)] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    fresh: Annotated[bool, typer.Option("--fresh", help="Build the three cache indexes again from nothing first "
                                        "(each is rebuilt unasked when the ingest code changed).")] = False,
) -> None:
    """Abstention precision and recall off-topic (cross-corpus) and in-domain (left-out articles), and wrong abstentions.

    The indexes are the cached eval ones (.citeline-eval/), shared with `eval qa` and `eval retrieval`.
    With --docs: in-domain negatives of documentation (each answerable asked without its page).
    """
    from ingest.datasets import DatasetError

    settings = _settings()
    if docs:
        if squad or beir:
            _fail("--docs is measured on its own: leave out --squad and --beir", code=2)
        from ui.evaluation.docs_negatives import docs_negatives_tables, evaluate_docs_negatives

        results = results or Path(".citeline-eval") / "abstain-docs.results.jsonl"
        try:
            summary = evaluate_docs_negatives(docs, settings, folds, results, fresh)
        except DatasetError as exc:
            _fail(str(exc), code=2)
        _show_report(summary, json_out, lambda: docs_negatives_tables(summary), "per-question results")
        return
    if squad is None or beir is None:
        _fail("give --squad and --beir (or --docs)", code=2)
    from ui.evaluation.abstain import evaluate_abstention

    results = results or Path(".citeline-eval") / "abstain.results.jsonl"
    try:
        report = evaluate_abstention(squad, beir, settings, sample, seed, results, fresh)
    except DatasetError as exc:
        _fail(str(exc), code=2)
    from ui.evaluation.abstain import abstain_tables

    _show_report(report, json_out, lambda: abstain_tables(report), "per-question results")


@eval_app.command("feedback")
def eval_feedback(
    set_file: Annotated[Path, typer.Option("--set", help="Rated answers: JSONL from `citeline feedback export`.")],
    index: IndexOption = None,
    results: Annotated[Optional[Path], typer.Option("--results", help="Per-item results, JSONL (default: "
                                                    "<set>.results.jsonl).", show_default=False)] = None,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 when a thumbs-up item is no longer kept.")] = False,
    llm: Annotated[Optional[str], typer.Option("--llm", help="Ask every item with this generator (default: the "
                                               "one that wrote each rated answer).", show_default=False)] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Users' ratings as regression tests: thumbs-up answers must keep citing what was approved,
    thumbs-down answers count as fixed once the answer changes (see docs/quality.md)."""
    from dataclasses import asdict

    from ingest.datasets import DatasetError
    from ui.evaluation.feedback import evaluate_feedback, feedback_table, load_feedback_set
    from ui.evaluation.report import print_table

    settings = _settings(index=index)
    results = results or set_file.with_name(set_file.name + ".results.jsonl")
    try:
        items = load_feedback_set(set_file)
    except DatasetError as exc:
        _fail(str(exc), code=2)
    _engine(settings).close()  # a missing index is named before any question is asked
    from rag.errors import LLMUnavailable

    try:
        report = evaluate_feedback(items, set_file.name, settings, results, llm)
    except LLMUnavailable as exc:
        _fail(f"llm: {exc} (--llm none asks every item with the extractive answerer)")
    if json_out:
        typer.echo(json.dumps(asdict(report)))
    else:
        print_table(feedback_table(report))
        for answer_id in report.regressions:
            typer.echo(f"regression: {answer_id} (a thumbs-up answer no longer cites what was approved)")
        typer.echo(f"per-item results: {report.results_file}")
    raise typer.Exit(1 if check and report.regressions else 0)


feedback_app = typer.Typer(help="Users' thumbs up/down on answers, kept in the index folder.", no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")


@feedback_app.command("export")
def feedback_export(
    index: IndexOption = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Write the set here (default: standard output).",
                                                show_default=False)] = None,
    only: Annotated[str, typer.Option("--only", help="up, down or all.")] = "all",
) -> None:
    """Rated answers as an eval set (JSONL) that `citeline eval feedback --set FILE` runs."""
    from ui.evaluation.feedback import export_set, write_set

    if only not in ("up", "down", "all"):
        _fail(f"--only: must be up, down or all, not {only!r}", code=2)
    settings = _settings(index=index)
    if not Path(settings.index).is_dir():
        _fail(f"no index at {settings.index}")
    items = export_set(Path(settings.index), only)  # type: ignore[arg-type]
    if out is None:
        write_set(items, sys.stdout)
    else:
        try:
            with open(out, "w", encoding="utf-8") as fh:
                write_set(items, fh)
        except OSError as exc:
            _fail(f"--out {out}: {exc.strerror}", code=2)
    typer.echo(f"{len(items)} rated answer(s) exported" + (f" to {out}" if out else ""), err=True)


@app.command()
def cite(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="A quote or a claim to find in the documents.")],
    index: IndexOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=50, help="Most matches shown.")] = 5,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    collection: ScopeCollectionOption = None,
    where: WhereOption = None,
) -> None:
    """Find where the documents say TEXT: exact and near-exact matches first, then close passages.

    Exit status: 0 when something was found, 1 when nothing was, 2 on usage errors.
    """
    if not text.strip():
        _fail("the text is empty", code=2)
    scope = _scope(collection, where)
    settings = _settings(index=index)
    from ui.labels import source_where
    from ui.terminal import shown_in_terminal

    engine = _engine(settings)
    matches = engine.cite(text, limit, scope)
    if json_out:
        typer.echo(json.dumps({"matches": [m.model_dump() for m in matches]}, ensure_ascii=False))
    elif not matches:
        typer.echo("No passage in the indexed documents says this.")
    for i, m in enumerate(matches if not json_out else [], 1):
        typer.echo(shown_in_terminal(f"{i}. {m.kind} ({m.score:.2f}) {m.title} [{source_where(m, '-')}]"))
        context = " ".join(f"...{m.before[-120:]}>>{m.text}<<{m.after[:120]}...".split())
        typer.echo(shown_in_terminal(f"   {context}"))
    raise typer.Exit(0 if matches else 1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
