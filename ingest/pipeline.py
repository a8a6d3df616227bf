"""Incremental, idempotent ingest of files into an index.

A document whose bytes (and the pipeline's settings) are unchanged is skipped before it is even
parsed; a changed one is re-chunked and its old chunks replaced; one that vanished from a walked
folder is removed. Writing is the `WriteSession`'s (ingest.write_session): this module finds,
reads and chunks the documents and says which to write and which to take out.
"""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.chunker import ChunkingPolicy, split_into_chunks
from ingest.discover import Candidate, discover
from ingest.mail_parts import MailParts, attachment_candidates
from ingest import page_words
from ingest.ignore import SelectionRules
from ingest.loaders import LoadedDocument, LoadError, NoDocument, load
from ingest.markdown_titles import title_as_sent
from ingest.crawl import CrawlLimits, WebFetch, fetch_urls
from ingest.progress import FileDone, FileStarted, Finishing, Outcome, Progress
from ingest.write_session import PendingDocument, WriteSession
from rag.collection_names import check_collection_name
from rag.scope import DEFAULT_COLLECTION
from ingest.settings import IngestSettings
from rag.types import DocumentRecord


@dataclass(frozen=True, slots=True)
class FileFailure:
    path: str
    error: str


@dataclass(frozen=True, slots=True)
class FileWarning:
    path: str
    warning: str


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    # Indexed already by another collection and put in this one without being read again (not
    # counted in `unchanged`, which holds the collection's own unchanged documents).
    joined: int = 0
    removed: int = 0
    failed: list[FileFailure] = field(default_factory=list)
    # Unsupported files left out of a walked folder, by type (".png": 5, "Makefile": 1).
    skipped_types: dict[str, int] = field(default_factory=dict)
    excluded: int = 0
    chunks: int = 0
    reused: int = 0
    seconds: float = 0.0
    warnings: list[FileWarning] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return sum(self.skipped_types.values())

    def skipped_summary(self, shown: int = 5) -> str:
        """The skipped types, most files first, on one short line: ".png 5, .svg 3, Makefile 1, 2 other types"."""
        ranked = sorted(self.skipped_types.items(), key=lambda item: (-item[1], item[0]))
        # A type is a file's name when it has no suffix: folded and cut, so no odd name breaks the line.
        parts = [f"{' '.join(kind.split())[:40]} {count}" for kind, count in ranked[:shown]]
        rest = len(ranked) - shown
        if rest > 0:
            parts.append(f"{rest} other type{'s' if rest > 1 else ''}")
        return ", ".join(parts)

    def as_json(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "joined": self.joined,
            "removed": self.removed,
            "failed": [{"path": f.path, "error": f.error} for f in self.failed],
            "skipped": self.skipped,
            "skipped_types": dict(self.skipped_types),
            "excluded": self.excluded,
            "chunks": self.chunks,
            "reused": self.reused,
            "seconds": round(self.seconds, 3),
            "warnings": [{"path": w.path, "warning": w.warning} for w in self.warnings],
        }


def doc_id_for(root: Path | str, relpath: str) -> str:
    return hashlib.sha256(f"{root}\0{relpath}".encode()).hexdigest()[:20]


def pipeline_fingerprint(settings: IngestSettings) -> str:
    """Anything that changes chunks or vectors; a change re-processes every document."""
    # v3: structure-aware chunks with heading paths (embedded with the chunk), re-flowed PDF text.
    # v4: Markdown shortcode lines ({{< tab >}}) are no blocks.
    # v5: front matter in no chunk.
    # v6: PDFs without running headers, footers and page numbers; references sections marked;
    # compounds hyphenated at a line's end keep their hyphen.
    # v7: a line alike on many pages but for more than one number is body text, not furniture.
    # v8: a PDF's body font is the largest size setting >= 10 % of its text (a long small-print table had
    # made every prose line a heading).
    # v9: word spaces a PDF draws as gaps (pypdf reads the words glued) put back from pdfium.
    # v10: a paragraph a figure or table interrupts is joined to its continuation across the float.
    # v11: a heading is larger than every size setting >= 10 % of the text (v8 had raised the body size
    # itself, which took an 11 pt appendix's 12 pt section headings away).
    # v12: a PDF line in another column or table cell than the line before starts a new block; a list of
    # works cited without its heading is found by its numbered entries.
    # v13: an unheaded list's citation marks held to what prose does not write; a line after a number
    # that goes on in lower case is no new cell.
    # v14: Markdown titles from front matter, an H1 heading the page or the file name (not a deep first
    # heading); a PDF heading set on several lines is one, a chart's legend none, an abstract set large a
    # paragraph, a line giving a web address (a masthead) none; the title all of the first page's largest
    # heading; a list of works cited one block an entry, embedded without the document's title.
    # v15: a word pypdf split at a kerning gap ("requi rements") read whole where pdfium reads it so.
    # v16: BM25 reads a flag as a term of its own ("--no-sync" -> "flagnosync", rag/bm25.py).
    # v17: a chunk keeps the heading path of each later section it runs into (a citation's locator); a
    # PDF's title takes the volume line under a series title ("..., Volume II: Privileged Architecture").
    # v18: a PDF's large line without a word ("/app1/p_1", "PI") is no heading; a metadata title found
    # nowhere on page 1 gives way to page 1's title; a scanned cover's title is its largest letters.
    # v19: reStructuredText read as blocks (headings, lists, code) with Sphinx's roles and directives shown
    # as its built page shows them, no longer flat text with `:class:` markup and dropped directives.
    # v20: a Sphinx object description's section ends with its indented text (text after the last config
    # entry is the section's again); a Sphinx directive's options (`:noindex:`) no words of its signature.
    # v21: headings and preformatted code from HTML and .rst/.adoc marked in the text as Markdown marks them.
    # v22: a `<script>`'s or `<style>`'s text no words of a Markdown heading (its tags went, its text
    # stayed); a front-matter title's HTML read as a heading's (ui12).
    # v23: a PDF's page-1 authors and affiliations are paragraphs under the title, not headings; a text
    #      pypdf lays out on a line it is set apart from (a table row beside a caption) starts a block; a
    #      metadata title's spaces folded (pdf12).
    # v24: a .txt file that is reStructuredText (an underlined title and a directive or role: Django's
    # docs) read as .rst is; unknown roles show their text; note/warning labels open their paragraph; an
    # admonition's title heads its text; `seealso` a "See also: " note; `contents` dropped, `console` code.
    # v25: a `<script>`/`<style>` hides a heading's words only up to its closing tag (one that never
    # closes is a tag named in prose); the reST check of .txt files has no backtracking patterns.
    # v26: an .xlsx read past a stale `<dimension>` (rows were lost), title lines above a sheet's header
    # kept (and the header itself where a column of it has no value below), a sheet starting with data
    # keyed by column letters, hidden sheets named so, cells charged as read; a .pptx's SmartArt words read, its slide number, date and footer placeholders no slide text,
    # "PowerPoint Presentation" no title, a line break inside a paragraph no new line; slides and sheets
    # as blocks under a heading per slide ("Slide 3: The Client") or sheet (try14).
    # v27: a reST note/warning whose text opens with a list keeps its label ("Warning: " opens the first
    # item; before code or a table, "Note:" is the lead-in) (mend14).
    # v28: a PDF line giving an e-mail address is no heading and no figure's mark (Tor's authors' e-mails
    # had made its title and "Abstract" body text); running footers under a licence peeled layer by layer;
    # a line set twice the size of the line before starts a block (pdf14).
    # v29: a .docx whose body has no text is read from its headers and footers (mend15).
    # v30: .mdx read as Markdown, its import/export statements and `:::tip` fences in no passage; a
    # front-matter title spelling the file's name its own way ("macOS" of macos.md) kept; the code between
    # a pair of Hugo's code shortcodes (`{{< highlight >}}`, `{{< code-toggle >}}`) one code block (try15).
    # v31: of a .docx's headers and footers, only those its sections show; an e-mail's attachments
    #      read within the caller's max_extracted_chars (mend16b).
    # v32: a self-closing or one-line Hugo code shortcode opens no code block; a shortcode line inside a
    # fence is that fence's code (mend16a).
    # v33: reST domain entries (`.. rst:directive::`, `.. c:macro::`, `.. cpp:member::`) and Sphinx 7.3's
    # `version-added` names keep their text; an entry holding entries heads them (options under their
    # directive); a confval's `:type:`/`:default:` shown after its text; a page's lone section no subtitle;
    # a glossary's terms head their definitions; `.. program::` no heading;
    # .rst/.adoc on the text budget, substitutions weighed before they expand (try17); a glossary entry of
    # several terms, one a line, heads its definition (after review17; v33 had not been released).
    # v34: a PDF page whose lines open with bullets ("● Welcome"), or that says "FedRAMP®" or "Q & A", is read
    # from its text layer, no longer OCRed (or refused) as a broken font encoding; a sheet's header may leave
    # a column unnamed, and "Role:" keys its rows as "Role" (try19).
    # v35: a report's cover lines (authors, where it is available, its date) are text under its title, no
    # headings above its body (cover18).
    # v36: an HTML template with no words of its own (`{% extends "base.html" %}`) is no document; an
    # index page without a title of its own is named by its first line of words, not its folder (b18).
    # v37: a hard-wrapped line that fills the paragraph's width, ends unpunctuated and is followed by no
    # block of its own goes on into the next line's sentence, capital or not (uv's docs, wrap20).
    # v38: reStructuredText autodoc entries keep the text the file writes under them; doctest blocks are code.
    # v39: a heading's `{: #id }` attribute list and the closing `#`s before it are not its words (Ruff's, hatch's).
    # v40: a dingbat font's glyph is a bullet (not the letter "r"); notes at a column's foot follow their page's text.
    # v41: a Type3 bitmap font or a font of spaces alone is no dingbat font.
    # v42: a lead-in to a long code block ends a chunk; the next one repeats it with the block (chunk26).
    # v43: reST's `toctree` is the list of its pages' titles, and `:doc:` shows its page's title (rst34);
    # OCRed paragraphs parted where the page shows it (a gap, an indent after a sentence), not at
    # tesseract's paragraph numbers; a garbled PDF's title read from its OCR; spreadsheet and Office notes (ocr34).
    # v44: a MyST page's `{eval-rst}` blocks are read as their reST (code, paragraphs, directive lines as markup),
    # no longer one block of code (ing36).
    base = f"v44|{settings.embedding_model}|{settings.chunk_size}|{settings.chunk_overlap}|{int(settings.embed_title)}"
    # int8 vectors differ slightly from fp32 ones; torch and fp32 ONNX make the same vectors
    # (cosine 1.000), so they share the old string and their indexes stay valid.
    return f"{base}|onnx-int8" if settings.embedding_runtime == "onnx-int8" else base


class _LoadTimeout(BaseException):
    """Raised inside a loader by the alarm; a BaseException so the loaders' broad handlers let it pass."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    # Signals reach only the main thread; elsewhere (an upload in the server) the size limit is the guard.
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise _LoadTimeout

    deadline = time.monotonic() + seconds
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    # The alarm's exception is lost when it lands in a __del__ or a GC callback (Python prints
    # and drops it there), so a parse that ran past the limit is refused by the clock as well.
    if time.monotonic() > deadline:
        raise _LoadTimeout


class _NotRegular(Exception):
    pass


def _hash_file(path: Path, fingerprint: str) -> str:
    digest = hashlib.sha256(fingerprint.encode())
    # Opened without waiting: a FIFO named like a document blocks a plain open until some writer
    # comes, and the whole ingest with it. Only a regular file is read.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with open(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _NotRegular
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _hash_inline(doc: LoadedDocument, fingerprint: str) -> str:
    return hashlib.sha256(f"{fingerprint}\0{doc.title}\0{doc.text}".encode()).hexdigest()


def ingest(paths: list[Path], settings: IngestSettings, progress: Progress | None = None,
           rules: SelectionRules = SelectionRules(), urls: list[str] = (),
           crawl: CrawlLimits = CrawlLimits(), collection: str = DEFAULT_COLLECTION,
           names: Mapping[Path, str] | None = None) -> IngestReport:
    """Bring `collection` of the index at `settings.index` in step with the given files, folders and web pages.

    `names` gives a file's name as its sender wrote it, where it is stored under another (an upload's
    cleaned name): a title the loader made from the file's name is made from that one instead.

    `rules` (--include/--exclude, plus each folder's .citelineignore) leave files out; an indexed
    file that is now left out is removed like a deleted one. Raises `SelectionError` on a bad rule.
    `crawl` says how far a URL's site is followed (a crawled site is swept like a folder).
    A document indexed already (by any collection) joins `collection` without being read again
    unless it changed; one that left a swept folder leaves `collection`, and the index only when
    no other collection holds it. Raises BadRequest on a bad collection name.
    """
    check_collection_name(collection)
    found = discover(paths, rules)
    report = IngestReport(skipped_types=found.skipped_types, excluded=found.excluded)
    report.failed.extend(FileFailure(p, "path does not exist") for p in found.missing)
    web = fetch_urls(urls, Path(settings.index), settings.max_file_bytes, crawl) if urls else WebFetch()
    report.failed.extend(FileFailure(f.url, f.error) for f in web.failed)
    report.warnings.extend(FileWarning(w.url, w.warning) for w in web.warnings)
    report.unchanged += web.unchanged
    swept = [*found.swept_roots, *web.swept_roots]
    if not found.candidates and not swept and not web.candidates:
        # Nothing to read and no folder to sweep: a mistyped path must not create an empty index.
        return report
    kept = {doc_id_for(page.root, page.url) for page in web.kept}
    # Keyed as discovery names a file given on its own (its folder resolved).
    sent = {p.absolute().parent.resolve() / p.name: name for p, name in (names or {}).items()}
    _run(found.candidates + web.candidates, swept, settings, report, progress, kept, collection, sent)
    web.save(Path(settings.index), {f.path for f in report.failed})
    return report


def ingest_documents(
    documents: Iterable[tuple[str, LoadedDocument]],
    root: str,
    settings: IngestSettings,
    progress: Progress | None = None,
    collection: str = DEFAULT_COLLECTION,
) -> IngestReport:
    """Ingest documents already in memory (e.g. a benchmark's corpus), keyed by (root, name), into `collection`.

    Documents under `root` that are not given again leave the collection.
    """
    check_collection_name(collection)
    candidates = [Candidate(None, root, name, inline=doc) for name, doc in documents]
    return _run(candidates, [root], settings, IngestReport(), progress, collection=collection)


def _run(
    candidates: list[Candidate],
    swept_roots: list,
    settings: IngestSettings,
    report: IngestReport,
    progress: Progress | None,
    kept: set[str] = frozenset(),
    collection: str = DEFAULT_COLLECTION,
    names: Mapping[Path, str] = {},
) -> IngestReport:
    """`kept`: documents that stay as they are though no candidate names them (pages that answered 304)."""
    started = time.perf_counter()
    with WriteSession.open(settings, create=True, collection=collection, progress=progress) as session:
        session.begin()
        session.adopt_embedding_model()
        fingerprint = pipeline_fingerprint(settings)
        catalog = session.catalog
        policy = ChunkingPolicy(settings.chunk_size, settings.chunk_overlap)
        seen_ids: set[str] = set(kept)
        unchanged_ids: list[str] = []
        # One query for every document's version instead of one per file.
        known = dict(catalog.document_versions())
        total = len(candidates)
        parts = MailParts(catalog)
        for number, candidate in enumerate(candidates, 1):
            doc_id = doc_id_for(candidate.root, candidate.relpath)
            seen_ids.add(doc_id)
            if progress:
                progress(FileStarted(number, total, candidate.relpath))
            before_file = _Tally.of(report, session)
            loaded = _ingest_one(candidate, doc_id, known.get(doc_id), session, policy, fingerprint, settings, report,
                                 names)
            if report.unchanged > before_file.unchanged:
                unchanged_ids.append(doc_id)
            if parts.holds(candidate):
                before = parts.previous(candidate)
                if loaded is None:  # unchanged or failed: its attachments stay as they are
                    seen_ids.update(before)
                    if progress:
                        progress(before_file.done(number, total, candidate.relpath, loaded, report, session))
                    continue
                for attachment in attachment_candidates(candidate, loaded):
                    part_id = doc_id_for(attachment.root, attachment.relpath)
                    seen_ids.add(part_id)
                    _ingest_one(attachment, part_id, known.get(part_id), session, policy, fingerprint,
                                settings, report)
                for stale in sorted(set(before) - seen_ids):  # a named file's root is not swept
                    session.forget(stale)
                    report.removed += 1
            if progress:
                progress(before_file.done(number, total, candidate.relpath, loaded, report, session))
        session.flush()
        # Unchanged documents (and those whose new version failed to load: the old one stays)
        # join the collection; written ones joined it with their catalog transaction.
        # Unchanged files new to the collection count as joined instead of unchanged.
        newly_joined = session.join(unchanged_ids)
        report.unchanged -= newly_joined
        report.joined += newly_joined + session.join(sorted(seen_ids.difference(unchanged_ids)))

        for root in swept_roots:
            for doc in catalog.documents(root=str(root), collections=(collection,)):
                if doc.doc_id not in seen_ids:
                    session.leave(doc.doc_id)
                    report.removed += 1
        if progress:
            progress(Finishing(session.counts.chunks))
        session.finish(ingested=True)
        counts = session.counts
    report.added += counts.added
    report.updated += counts.updated
    report.chunks += counts.chunks
    report.reused += counts.reused
    report.seconds = time.perf_counter() - started
    return report


@dataclass(frozen=True, slots=True)
class _Tally:
    """The report's and the session's counts before a file, to say what became of it."""

    unchanged: int
    failed: int
    skipped: int
    chunks: int

    @classmethod
    def of(cls, report: IngestReport, session: WriteSession) -> "_Tally":
        return cls(report.unchanged, len(report.failed), report.skipped, session.queued_chunks)

    def done(self, number: int, total: int, path: str, loaded: LoadedDocument | None, report: IngestReport,
             session: WriteSession) -> FileDone:
        outcome: Outcome = "read"
        if loaded is None:
            outcome = ("unchanged" if report.unchanged > self.unchanged else
                       "failed" if len(report.failed) > self.failed else
                       "skipped" if report.skipped > self.skipped else "read")
        return FileDone(number, total, path, outcome, session.queued_chunks - self.chunks)


def _ingest_one(
    candidate: Candidate,
    doc_id: str,
    known_hash: str | None,
    session: WriteSession,
    policy: ChunkingPolicy,
    fingerprint: str,
    settings: IngestSettings,
    report: IngestReport,
    names: Mapping[Path, str] = {},
) -> LoadedDocument | None:
    """Index one candidate unless unchanged; the document when it was read, else None."""
    shown = str(candidate.file) if candidate.file is not None else candidate.shown or candidate.relpath
    if candidate.refused:
        report.failed.append(FileFailure(shown, candidate.refused))
        return None
    try:
        if candidate.inline is not None:
            content_hash = _hash_inline(candidate.inline, fingerprint)
        else:
            content_hash = _hash_file(candidate.file, fingerprint)
    except _NotRegular:
        report.failed.append(FileFailure(shown, "not a regular file"))
        return None
    except FileNotFoundError:
        report.failed.append(FileFailure(shown, "file does not exist (or is a broken link)"))
        return None
    except OSError as exc:
        report.failed.append(FileFailure(shown, f"cannot read: {exc.strerror or exc}"))
        return None
    # Looked up only for a file whose bytes differ from the version indexed: a re-ingest reads most
    # files unchanged.
    if known_hash == content_hash or (known_hash is not None
                                      and session.catalog.refused_hash(doc_id) == content_hash):
        # The cut copy refused before is unchanged too: the version indexed stays, as it did then.
        report.unchanged += 1
        return None
    try:
        if candidate.inline is not None:
            loaded = candidate.inline
        else:
            with _time_limit(settings.max_load_seconds):
                loaded = load(candidate.file, settings.max_file_bytes, settings.max_extracted_chars,
                              settings.max_line_chars)
        if not loaded.text.strip():
            raise LoadError("no text: the document is empty")
    except NoDocument:
        kind = f"{candidate.file.suffix.lower() if candidate.file is not None else ''} template".strip()
        report.skipped_types[kind] = report.skipped_types.get(kind, 0) + 1
        return None
    except LoadError as exc:
        report.failed.append(FileFailure(shown, str(exc)))
        return None
    except _LoadTimeout:
        report.failed.append(FileFailure(shown, f"took over {settings.max_load_seconds:g} s to parse: refused"))
        return None
    kept = _why_kept(loaded, session.catalog.document(doc_id)) if loaded.partial and known_hash is not None else ""
    if kept:
        session.refuse(doc_id, content_hash)
        report.failed.append(FileFailure(shown, f"{loaded.warnings[0]}: {kept}"))
        return None
    report.warnings.extend(FileWarning(shown, w) for w in loaded.warnings)
    sent = names.get(candidate.file) if candidate.file is not None else None
    if sent is not None:
        loaded = replace(loaded, title=title_as_sent(loaded.title, candidate.file, sent))
    chunks = split_into_chunks(
        loaded.text, doc_id=doc_id, path=candidate.relpath, title=loaded.title, policy=policy,
        page_starts=loaded.page_starts or None, blocks=loaded.blocks or None,
    )
    record = DocumentRecord(
        doc_id=doc_id, path=candidate.relpath, root=str(candidate.root), title=loaded.title,
        content_hash=content_hash, chunks=len(chunks), ingested_at=time.time(), kind=loaded.kind,
        metadata=tuple(loaded.metadata), partial_pages=len(loaded.page_starts) if loaded.partial else None,
    )
    previous = session.catalog.chunk_ids_of(doc_id) if known_hash is not None else []
    # A page image is drawn from the file only while it is the version indexed (its bytes' digest).
    digest = _hash_file(candidate.file, "") if loaded.page_starts and candidate.file is not None else ""
    page_words.save(Path(settings.index), doc_id, loaded.ocr_words, loaded.page_starts, digest)
    session.add(PendingDocument(record, loaded.text, chunks, previous, is_new=known_hash is None))
    return loaded


def _why_kept(loaded: LoadedDocument, indexed: DocumentRecord | None) -> str:
    """Why the version indexed stays instead of this partial load ('' when the load replaces it).

    The pages read of a cut copy never replace a whole version; they replace a cut one that reads no
    more pages (a download further along, or the same bytes after the pipeline changed)."""
    if indexed is None:
        return ""
    if indexed.partial_pages is None:
        return "the version already indexed is kept"
    pages = len(loaded.page_starts)
    if indexed.partial_pages > pages:
        return (f"the version already indexed is kept (it reads {indexed.partial_pages} pages of the file, "
                f"this copy {pages})")
    return ""
