"""What one short transaction costs through PgBouncer, with and without the per-transaction SET LOCAL, and
straight to PostgreSQL — against the running `make stack` (its PgBouncer and PostgreSQL, demo data loaded).

    make stack && .venv/bin/python bench/pooled_transaction_cost.py [--rounds 30]

Each round runs 50 transactions (one indexed SELECT each, as a request's authentication lookup does) per
variant, interleaved; medians of the per-transaction time, and the ratio to PgBouncer without SET LOCAL.
docs/deployment.md, "Connection pooling", records a run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fitnesscrm.core.db import make_engine
from ops.stack import default_stack


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    stack = default_stack()
    engines = {
        "PgBouncer, SET LOCAL per transaction": make_engine(
            stack.database_url, statement_timeout_ms=15000, transaction_pooling=True
        ),
        "PgBouncer, timeout from connect_query": make_engine(stack.database_url, transaction_pooling=True),
        "PostgreSQL direct, startup option": make_engine(stack.direct_database_url, statement_timeout_ms=15000),
    }
    statement = text("SELECT id, email FROM users WHERE email = :email")
    samples: dict[str, list[float]] = {name: [] for name in engines}
    for _ in range(args.rounds):
        for name, engine in engines.items():
            started = time.perf_counter()
            for _ in range(50):
                with engine.begin() as conn:
                    conn.execute(statement, {"email": "admin@demo.example.com"}).all()
            samples[name].append((time.perf_counter() - started) / 50 * 1000)
    base = statistics.median(samples["PgBouncer, timeout from connect_query"])
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:40} {median:6.2f} ms per transaction  x{median / base:.2f}")


if __name__ == "__main__":
    main()
