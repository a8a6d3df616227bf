"""Ingest's settings: how files are read, chunked and embedded into the index. Ingest writes the
index the store slice names, so `IngestSettings` carries that slice too (`settings.store`); the
one `citeline` object (`ui.settings.Settings`) composes it with the engine's and the server's."""

from __future__ import annotations

from pydantic import Field

from rag.settings import StoreSettings, slice_of


class IngestSettings(StoreSettings):
    """What `ingest.pipeline` and the index writer read: the index (the store slice) and the ingest knobs."""

    embed_batch_size: int | None = Field(
        None, ge=1,
        description="Chunks per encoder call during ingest; unset: the runtime's own (ONNX: one chunk per call, "
        "one call per core at once, faster than 64-chunk batches; torch: 64). Measured: docs/performance.md.",
    )
    ingest_write_chunks: int = Field(
        256,
        ge=1,
        description="Chunks embedded and written together during ingest: large enough that short documents share "
        "encoder batches; each group is one step after which an interrupted ingest resumes.",
    )
    embed_title: bool = Field(
        True, description="Prefix each chunk with its document title when embedding (not when storing)."
    )

    chunk_size: int = Field(1000, ge=100, description="Target chunk length in characters.")
    chunk_overlap: int = Field(200, ge=0, description="Characters of whole sentences repeated between chunks.")

    max_file_bytes: int = Field(50_000_000, ge=1, description="Files larger than this are rejected at ingest.")
    max_extracted_chars: int = Field(
        20_000_000,
        ge=1,
        description="Most text one file may yield at ingest (about 10,000 book pages); counted while the file is "
        "read, so a small file that inflates past it (a compressed .docx of 190 M characters) is refused at once "
        "with a one-line failure naming the file, before it fills memory or holds the ingest lock for minutes.",
    )
    max_line_chars: int = Field(
        1_000_000,
        ge=1,
        description="Longest line one file's text may hold (about 300 book pages without a line break; a paragraph "
        "of prose is a few thousand characters). A longer line is minified code, a data dump or text that lost its "
        "line breaks: the file is refused with a one-line failure naming it, instead of being embedded for many "
        "minutes with nothing to show (a 15 MB one-line text file).",
    )
    max_load_seconds: float = Field(
        60.0,
        gt=0,
        description="A file whose parsing takes longer than this is rejected at ingest (a hostile or pathological "
        "PDF must not stall the run). Enforced when ingest runs on the main thread (the CLI).",
    )

    @property
    def store(self) -> StoreSettings:
        return slice_of(self, StoreSettings)
