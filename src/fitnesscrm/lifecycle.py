"""Process lifecycle shared by the gunicorn master and its workers: the drain flag.

On SIGTERM the master (see gunicorn_conf.py) first *drains*: for FITNESSCRM_DRAIN_SECONDS it keeps serving
while `/readyz` answers 503 and every response closes its connection, so load balancers and nginx stop
sending new work here; then gunicorn's own graceful stop lets in-flight requests finish. The flag lives in
one byte of anonymous shared memory mapped by the master before it forks, so every worker (including ones
forked later) sees the master's write. Without gunicorn (tests, the development server) it is never set.
"""

from __future__ import annotations

import mmap

_flag: mmap.mmap | None = None


def share_drain_flag() -> None:
    """Map the shared flag; call in the gunicorn master before the first worker forks."""
    global _flag
    if _flag is None:
        _flag = mmap.mmap(-1, 1)  # anonymous mappings are MAP_SHARED: forked children share the byte


def start_draining() -> None:
    if _flag is not None:
        _flag[0] = 1


def draining() -> bool:
    return _flag is not None and _flag[0] == 1
