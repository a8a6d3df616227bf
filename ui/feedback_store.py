"""Users' thumbs up/down on answers, kept in `<index>/feedback.sqlite3` for `citeline feedback export`.

Every answer a face shows is recorded under a random id (the question, the history it was answered
with, the answer and its cited spans), so that a rating can name the answer by id alone and the
record holds what was shown, not what a client claims was shown. Only the newest `KEEP_ANSWERS`
unrated answers are kept; rated ones stay until the file is deleted.

Why here, in `ui/`: ratings come from the faces and are read only by the CLI's export; neither
retrieval nor answering reads them (`rag/`), and ingest never writes them (`ingest/`). The file sits
in the index folder because its spans point into that index's documents and it moves with them.

SQLite (WAL) gives what an append-only file would have to build by hand: a killed writer leaves
the last committed rows whole, several servers on one index folder write through its locks, and a
rating given twice replaces the first.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, TypeAdapter

from rag.types import Message

log = logging.getLogger(__name__)

FILE_NAME = "feedback.sqlite3"
MAX_COMMENT_CHARS = 2000
KEEP_ANSWERS = 10_000  # unrated answers kept for a later rating; older ones are pruned
_PRUNE_EVERY = 256
ANSWER_ID_PATTERN = r"^[0-9a-f]{32}$"

Rating = Literal["up", "down"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    created_at REAL NOT NULL,
    question TEXT NOT NULL,
    history TEXT NOT NULL,
    answer TEXT NOT NULL,
    abstained INTEGER NOT NULL,
    sources TEXT NOT NULL,
    llm TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ratings (
    answer_id TEXT PRIMARY KEY REFERENCES answers(id),
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL,
    rated_at REAL NOT NULL
);
"""



# Processes opening a new store at once each hold a read lock while asking for the write lock WAL needs:
# SQLite answers "database is locked" at once, without waiting out the busy timeout (a deadlock otherwise).
# One that backs off and asks again gets it (tests/ui/test_feedback_store.py, several processes at once).
_WAL_TRIES = 200


def _to_wal(conn: sqlite3.Connection) -> None:
    for attempt in range(_WAL_TRIES):
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == _WAL_TRIES - 1:
                raise
            time.sleep(0.01 + 0.04 * secrets.randbelow(100) / 100)

class CitedSpan(BaseModel):
    """Where a cited sentence sits: enough to tell later whether an answer cites the same place."""

    n: int
    doc_id: str
    path: str
    start: int
    end: int
    text: str


class ShownAnswer(BaseModel):
    """An answer as a face showed it, with what it was asked."""

    question: str
    history: list[Message] = Field(default_factory=list)
    answer: str
    abstained: bool
    sources: list[CitedSpan] = Field(default_factory=list)
    llm: str = Field("none", description="The generator that wrote it (a spec: none, ollama:MODEL, ...).")


class RatedAnswer(ShownAnswer):
    """A shown answer and the user's verdict on it."""

    id: str
    rating: Rating
    comment: str = ""
    created_at: float
    rated_at: float


_HISTORY = TypeAdapter(list[Message])
_SOURCES = TypeAdapter(list[CitedSpan])


class UnknownAnswer(LookupError):
    """No recorded answer has this id (never given, or pruned)."""


class CommentTooLong(ValueError):
    """The message says by how much, without naming the field (each face names it its own way)."""


class FeedbackStore:
    """The feedback file of one index folder. Safe to share between threads (each has its own
    connection) and processes (SQLite's locks)."""

    def __init__(self, index: Path) -> None:
        self.path = Path(index) / FILE_NAME
        self._local = threading.local()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # One connection per thread, opened on first use: opening one and checking the schema cost
        # more than the insert it served (docs/quality.md).
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
            try:
                _to_wal(conn)
                conn.execute("PRAGMA synchronous=NORMAL")  # in WAL mode: a killed process loses no commit
                conn.executescript(_SCHEMA)
            except BaseException:
                conn.close()
                raise
            self._local.conn = conn
        yield conn

    def record(self, shown: ShownAnswer) -> str:
        """Keeps an answer that may be rated later; returns its id."""
        answer_id = secrets.token_hex(16)
        with self._connect() as conn:
            cursor = conn.execute(
                "INSERT INTO answers (id, created_at, question, history, answer, abstained, sources, llm) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (answer_id, time.time(), shown.question, _HISTORY.dump_json(shown.history).decode(),
                 shown.answer, int(shown.abstained), _SOURCES.dump_json(shown.sources).decode(), shown.llm),
            )
            if cursor.lastrowid and cursor.lastrowid % _PRUNE_EVERY == 0:
                conn.execute("DELETE FROM answers WHERE seq <= ? AND id NOT IN (SELECT answer_id FROM ratings)",
                             (cursor.lastrowid - KEEP_ANSWERS,))
        return answer_id

    def try_record(self, shown: ShownAnswer) -> str | None:
        """`record`, or None when the index folder can't be written (read-only, disk full): answering
        must not fail because feedback can't be kept."""
        try:
            return self.record(shown)
        except (sqlite3.Error, OSError) as exc:
            log.warning("feedback: cannot record the answer in %s: %s", self.path, exc)
            return None

    def rate(self, answer_id: str, rating: Rating, comment: str = "") -> RatedAnswer:
        """Stores (or replaces) the rating of a recorded answer."""
        if len(comment) > MAX_COMMENT_CHARS:
            raise CommentTooLong(f"is {len(comment):,} characters, over the {MAX_COMMENT_CHARS:,} limit")
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if conn.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
                    raise UnknownAnswer(answer_id)
                conn.execute(
                    "INSERT INTO ratings (answer_id, rating, comment, rated_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (answer_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment, "
                    "rated_at = excluded.rated_at",
                    (answer_id, rating, comment, time.time()),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return next(self.rated(answer_id=answer_id))

    def unrate(self, answer_id: str) -> None:
        """Takes a rating back (the answer stays recorded, to be rated again)."""
        with self._connect() as conn:
            conn.execute("DELETE FROM ratings WHERE answer_id = ?", (answer_id,))

    def rated(self, only: Rating | None = None, answer_id: str | None = None) -> Iterator[RatedAnswer]:
        """Rated answers, oldest rating first."""
        if not self.path.exists():
            return
        where, params = [], []
        if only is not None:
            where.append("r.rating = ?")
            params.append(only)
        if answer_id is not None:
            where.append("a.id = ?")
            params.append(answer_id)
        sql = ("SELECT a.id, a.created_at, a.question, a.history, a.answer, a.abstained, a.sources, a.llm, "
               "r.rating, r.comment, r.rated_at FROM ratings r JOIN answers a ON a.id = r.answer_id"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY r.rated_at, a.seq")
        with self._connect() as conn:
            rows = conn.execute(sql, params).fetchall()
        for (id_, created_at, question, history, answer, abstained, sources, llm, rating, comment, rated_at) in rows:
            yield RatedAnswer(id=id_, created_at=created_at, question=question, history=_HISTORY.validate_json(history),
                              answer=answer, abstained=bool(abstained), sources=_SOURCES.validate_json(sources),
                              llm=llm, rating=rating, comment=comment, rated_at=rated_at)
