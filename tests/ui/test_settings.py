"""The one `citeline` settings object: every layer's slice, from the same CITELINE_* names."""

import subprocess
import sys

import pytest
from pydantic import ValidationError

from ingest.settings import IngestSettings
from rag.settings import EngineSettings, StoreSettings
from tests.conftest import ROOT
from ui.settings import ServerSettings, Settings

LAYERS = (EngineSettings, IngestSettings, ServerSettings)


def test_every_field_belongs_to_exactly_one_layer_but_the_index_ingest_writes():
    engine, ingest, server = (set(cls.model_fields) for cls in LAYERS)
    assert engine & ingest == set(StoreSettings.model_fields)  # ingest writes the index the engine reads
    assert not engine & server and not ingest & server
    assert engine | ingest | server == set(Settings.model_fields)
    # None of the server's or ingest's knobs is left on the core, nor the core's on the server.
    assert not {"chunk_size", "max_file_bytes", "embed_batch_size"} & set(EngineSettings.model_fields)
    assert not {"host", "port", "api_token", "allowed_origins", "max_upload_bytes"} & set(EngineSettings.model_fields)


def test_each_slice_carries_the_environment_names_of_the_one_object(monkeypatch, tmp_path):
    monkeypatch.setenv("CITELINE_CHUNK_SIZE", "500")
    monkeypatch.setenv("CITELINE_PORT", "0")
    monkeypatch.setenv("CITELINE_FUSION", "rrf")
    monkeypatch.setenv("CITELINE_ALLOWED_ORIGINS", "https://a.org, https://b.org/")
    settings = Settings(index=tmp_path, max_upload_files=3)
    assert type(settings.engine) is EngineSettings and settings.engine.fusion == "rrf"
    assert not hasattr(settings.engine, "chunk_size") and not hasattr(settings.engine, "port")
    assert type(settings.ingest) is IngestSettings and settings.ingest.chunk_size == 500
    assert settings.ingest.index == tmp_path and type(settings.ingest.store) is StoreSettings
    assert not hasattr(settings.ingest, "fusion") and not hasattr(settings.ingest, "port")
    assert type(settings.server) is ServerSettings
    assert (settings.server.port, settings.server.max_upload_files) == (0, 3)
    assert settings.server.allowed_origins == ["https://a.org", "https://b.org"]
    assert not hasattr(settings.server, "index")


def test_the_ingest_and_server_slices_validate_on_their_own_and_read_no_environment(monkeypatch):
    monkeypatch.setenv("CITELINE_CHUNK_SIZE", "500")
    monkeypatch.setenv("CITELINE_PORT", "1")
    assert IngestSettings().chunk_size == 1000 and ServerSettings().port == 7860
    with pytest.raises(ValidationError, match="chunk_size"):
        IngestSettings(chunk_size=10)
    with pytest.raises(ValidationError, match="port"):
        ServerSettings(port=70000)
    assert ServerSettings(allowed_origins="https://x.org").allowed_origins == ["https://x.org"]


@pytest.mark.parametrize("name, value, field", [
    ("CITELINE_CHUNK_SIZE", "5", "chunk_size"),  # ingest
    ("CITELINE_MAX_UPLOAD_BYTES", "0", "max_upload_bytes"),  # server
    ("CITELINE_FUSION", "sum", "fusion"),  # engine
])
def test_a_bad_value_in_any_slice_is_one_line_naming_its_field(tmp_path, name, value, field):
    done = subprocess.run([sys.executable, "-m", "ui.cli", "status", "--index", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, env={**_env(), name: value}, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: invalid setting: {field}: ") and done.stderr.count("\n") == 1, done.stderr


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("CITELINE_")}
