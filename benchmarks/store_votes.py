"""`python -m benchmarks.store_votes`: how many votes a second the store takes, on SQLite and on
PostgreSQL, from 1, 4 and 16 writers at once.

Run from the root of a source checkout. Each writer is a thread with its own `Store` (as each
bot process has one), recording distinct votes as the vote button does (`record_vote`: one
committed, durable transaction each: SQLite WAL with synchronous=FULL, PostgreSQL with fsync
on). PostgreSQL is a temporary server started for the run (tests/support/postgres.py), or
`--database-url`. Prints votes per second and the p50/p99 time of one vote per backend and
writer count. Both backends run on the same disk in the same run: compare them, not the times.

    python -m benchmarks.store_votes [--writers 1,4,16] [--votes 400] [--database-url URL]
"""

from __future__ import annotations

import argparse
import math
import tempfile
import threading
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import counts, temporary_postgres
from bot.store import open_store

DEFAULT_WRITERS = (1, 4, 16)


@dataclass(frozen=True)
class Run:
    """One backend and writer count: the votes written, the wall time, each vote's time."""

    backend: str
    writers: int
    votes: int
    wall: float
    latencies: list[float]

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[max(1, math.ceil(q / 100 * len(ordered))) - 1] if ordered else math.nan


def run(where: str, backend: str, writers: int, votes_each: int, offset: int) -> Run:
    """`writers` threads, each with its own store, each recording `votes_each` votes."""
    stores = [open_store(where) for _ in range(writers)]
    latencies: list[float] = []
    lock = threading.Lock()
    start_line = threading.Barrier(writers + 1)

    def write(index: int) -> None:
        store = stores[index]
        own: list[float] = []
        start_line.wait()
        for n in range(votes_each):
            began = time.perf_counter()
            store.record_vote(
                pair_id="bench-pair",
                question="bench",
                language="en",
                vote=1,
                user_id=offset + index,
                guild_id=1,
                message_id=offset * 1_000_000 + index * votes_each + n,
            )
            own.append(time.perf_counter() - began)
        with lock:
            latencies.extend(own)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    start_line.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    for store in stores:
        store.close()
    return Run(backend, writers, writers * votes_each, wall, latencies)


def report(runs: Sequence[Run]) -> str:
    lines = [
        "votes recorded (each committed and durable before it returns), threads with a store each:",
        f"{'backend':<11} {'writers':>7} {'votes':>6} {'votes/s':>8} {'p50 ms':>7} {'p99 ms':>7}",
    ]
    for r in runs:
        lines.append(
            f"{r.backend:<11} {r.writers:>7} {r.votes:>6} {r.votes / r.wall:>8.0f} "
            f"{r.percentile(50) * 1000:>7.2f} {r.percentile(99) * 1000:>7.2f}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.store_votes",
        description="Votes per second on SQLite and PostgreSQL.",
    )
    parser.add_argument("--writers", default=",".join(map(str, DEFAULT_WRITERS)))
    parser.add_argument("--votes", type=int, default=400, help="votes per writer count in all")
    parser.add_argument(
        "--database-url", default=None, help="a PostgreSQL database to use (its votes grow)"
    )
    args = parser.parse_args(argv)
    writers = counts(args.writers, "--writers", parser)
    if args.votes < 1:
        parser.error("--votes takes a whole number of 1 or more")
    runs: list[Run] = []
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="article-bot-votes-") as tmp:
        url = args.database_url or stack.enter_context(temporary_postgres()).create_database()
        places = {"SQLite": str(Path(tmp) / "store.sqlite3"), "PostgreSQL": url}
        for offset, n in enumerate(writers, start=1):
            for backend, where in places.items():
                runs.append(run(where, backend, n, max(1, args.votes // n), offset))
    print(report(runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
