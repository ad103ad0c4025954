"""glibc malloc tuning for the gunicorn processes (called from gunicorn_conf.py in the master, before it forks:
the workers inherit the setting).

A sign-in's argon2 hash allocates one 19 MiB block (accounts/passwords.py). glibc serves a block that large with
mmap and unmaps it on free, but then raises its *dynamic* mmap threshold to the freed size, so every later hash
is served from the malloc arena of the thread that runs it, and an arena keeps what it grew to: each gthread
thread that ever hashed holds ~20 MB more for the rest of the worker's life (4 threads: +80 MB; the worker RSS
of 231 MB against the 200 MB budget of DESIGN.md § 7). Setting the threshold explicitly turns the dynamic
adjustment off: blocks of 1 MiB and more are always mmapped and returned to the system when freed.
"""

from __future__ import annotations

import ctypes

GLIBC = "libc.so.6"
M_MMAP_THRESHOLD = -3  # glibc's malloc.h
MMAP_THRESHOLD_BYTES = 1 << 20


def glibc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(GLIBC)
    except OSError:  # not glibc (musl, macOS): nothing to tune
        return None


def pin_mmap_threshold(threshold: int = MMAP_THRESHOLD_BYTES) -> bool:
    """Fix glibc's mmap threshold; False where that is not possible."""
    libc = glibc()
    mallopt = getattr(libc, "mallopt", None)
    return bool(mallopt(M_MMAP_THRESHOLD, threshold)) if mallopt is not None else False
