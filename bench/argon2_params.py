"""CPU and wall time of one argon2id hash and verify for candidate parameter sets, on this machine.

    .venv/bin/python bench/argon2_params.py [--reps 20]

CPU seconds are this process's own (``time.process_time``: every thread argon2 starts is counted), so a hash
that spreads over several lanes shows more CPU than wall time. Candidates are interleaved, one hash each per
round, so a busy neighbour on a shared machine slows them all alike. The last row is what the app uses
(``fitnesscrm.accounts.passwords``); docs/security.md#password-hashing records a run of this script.
"""

from __future__ import annotations

import argparse
import statistics
import time

from argon2 import PasswordHasher

from fitnesscrm.accounts import passwords

# (label, time_cost, memory_cost KiB, parallelism). The OWASP Password Storage Cheat Sheet lists five
# equivalent argon2id configurations (m=47104/t=1 … m=7168/t=5, p=1); the library default is RFC 9106's
# "second recommended" option (t=3, m=64 MiB, p=4), which is what the app used before.
CANDIDATES = [
    ("argon2-cffi default (before)", 3, 65536, 4),
    ("OWASP m=46 MiB t=1 p=1", 1, 47104, 1),
    ("OWASP m=19 MiB t=2 p=1", 2, 19456, 1),
    ("OWASP m=12 MiB t=3 p=1", 3, 12288, 1),
    ("m=19 MiB t=2 p=2", 2, 19456, 2),
]


def measure(hasher: PasswordHasher, password: str, stored: str) -> tuple[float, float, float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    hasher.hash(password)
    hash_cpu, hash_wall = time.process_time() - cpu, time.perf_counter() - wall
    cpu, wall = time.process_time(), time.perf_counter()
    hasher.verify(stored, password)
    return hash_cpu, hash_wall, time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()
    password = "granite-orchard-velvet-19"  # noqa: S105 - a sample to hash
    rows = [
        *CANDIDATES,
        ("in use (accounts.passwords)", passwords.TIME_COST, passwords.MEMORY_COST_KIB, passwords.PARALLELISM),
    ]
    hashers = [PasswordHasher(time_cost=t, memory_cost=m, parallelism=p) for _, t, m, p in rows]
    stored = [h.hash(password) for h in hashers]  # also warms each one up
    samples: list[list[tuple[float, float, float, float]]] = [[] for _ in rows]
    for _ in range(args.reps):
        for index, hasher in enumerate(hashers):
            samples[index].append(measure(hasher, password, stored[index]))
    print(f"argon2id, {args.reps} interleaved rounds; medians in milliseconds")
    print(
        f"{'parameters':32} {'hash CPU':>9} {'hash wall':>10} {'verify CPU':>11} {'verify wall':>12}"
        f" {'sign-ins/s per core':>20}"
    )
    for (label, *_), runs in zip(rows, samples, strict=True):
        medians = (statistics.median(column) * 1000 for column in zip(*runs, strict=True))
        hash_cpu, hash_wall, verify_cpu, verify_wall = medians
        print(
            f"{label:32} {hash_cpu:9.1f} {hash_wall:10.1f} {verify_cpu:11.1f} {verify_wall:12.1f}"
            f" {1000 / verify_cpu:20.1f}"
        )


if __name__ == "__main__":
    main()
