"""Starts `citeline` commands as forked processes of one pre-imported parent.

A fresh `citeline ingest` spends most of its first seconds importing torch, transformers and
chromadb; the crash test needs dozens of them. This parent imports those once (and runs nothing:
no model, no Chroma client, no OpenMP region, so forking is safe), then for each JSON argv line
on stdin forks a child that runs `ui.cli.main()` with that argv, as the console script would.
It prints `pid N` when the child starts and `exit N CODE` when it ends (CODE < 0: killed by
signal -CODE). The children are real processes: SIGKILL ends them mid-write like any ingest.

    python -m tests.ingest_zygote   (stdin: ["ingest", "DIR", "--index", "IDX", "--json"], ...)
"""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    from rag import env  # noqa: F401  (offline switches first)

    import bm25s  # noqa: F401
    import chromadb  # noqa: F401
    import langchain_chroma  # noqa: F401
    import sentence_transformers  # noqa: F401
    import torch  # noqa: F401

    import ingest.pipeline  # noqa: F401
    import ui.cli

    print("ready", flush=True)
    for line in sys.stdin:
        argv, log = json.loads(line)
        pid = os.fork()
        if pid == 0:
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            sys.argv = ["citeline", *argv]
            code = 0
            try:
                ui.cli.main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:
                import traceback

                traceback.print_exc()
                code = 1
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"exit {pid} {os.waitstatus_to_exitcode(status)}", flush=True)


if __name__ == "__main__":
    main()
