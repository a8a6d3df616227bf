"""The embedded Chroma Systems rag/store.py counts, and stops once forgotten and unused."""

from __future__ import annotations

import gc
import threading

from rag import store
from rag.store import IndexPaths, open_vectors


def test_a_vectors_finalizer_run_while_its_thread_holds_the_count_returns(tmp_path):
    # A cyclic GC run inside `_hold`'s critical section runs finalizers on that thread: one taking the lock
    # there waited for itself.
    vectors = open_vectors(IndexPaths(tmp_path))
    system = vectors.client._system
    assert store._users[id(system)] == 1

    def collect_while_holding() -> None:
        nonlocal vectors
        with store._users_lock:
            del vectors
            gc.collect()

    worker = threading.Thread(target=collect_while_holding, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive()
    # The release it queued is counted by the next hold.
    again = open_vectors(IndexPaths(tmp_path))
    assert store._users[id(system)] == 1
    del again
    gc.collect()
    assert id(system) not in store._users
