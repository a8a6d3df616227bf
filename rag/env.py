"""Process environment that must be fixed before any heavy library is imported.

Nothing here may reach a model hub or a telemetry endpoint, and numpy's BLAS threads must not
compete with torch's intra-op threads for the two cores (measured: with defaults a dense query's
p50 doubled and its p95 grew fivefold).
"""

from __future__ import annotations

import os

_OFFLINE = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ORT_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}

# BLAS work in this program is small (fusion, cosine of a few hundred vectors): one thread is
# faster than two fighting torch, which gets the cores for the encoder.
_BLAS_THREADS = {
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    # llama.cpp's OpenMP threads spin while waiting; on two busy cores that made SmolLM2's prompt
    # time several times longer (docs/performance.md, "Figures behind the defaults").
    "OMP_WAIT_POLICY": "PASSIVE",
}


def configure() -> None:
    """Set offline/telemetry switches and BLAS thread counts unless the user already chose."""
    for key, value in {**_OFFLINE, **_BLAS_THREADS}.items():
        os.environ.setdefault(key, value)


def torch_threads() -> int:
    """Threads for torch's intra-op pool: every core, unless CITELINE_TORCH_THREADS says otherwise."""
    return int(os.environ.get("CITELINE_TORCH_THREADS", os.cpu_count() or 1))


configure()
