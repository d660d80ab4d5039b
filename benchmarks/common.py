"""What the benchmarks share: their question files and comma-separated counts, and a temporary
PostgreSQL server."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.postgres import PostgresServer, PostgresUnavailable


def add_questions_option(parser: argparse.ArgumentParser) -> None:
    """--questions FILE (repeatable): the question files the benchmarks ask from."""
    parser.add_argument(
        "--questions",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="question file (JSON lines, as for `python -m bot eval`) to ask from; repeatable "
        "(default: the knowledge's canonical questions)",
    )


def counts(text: str, option: str, parser: argparse.ArgumentParser) -> list[int]:
    """A comma-separated list of whole numbers of 1 or more ("1,2,4"); a usage error otherwise."""
    try:
        values = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        parser.error(f"{option} takes whole numbers, e.g. 1,2,4")
    if not values or any(n < 1 for n in values):
        parser.error(f"{option} takes whole numbers of 1 or more")
    return values


@contextmanager
def temporary_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the run (tests/support/postgres.py), removed afterwards; exits
    with 2 and the reason when none can be started."""
    server = PostgresServer()
    try:
        server.start()
    except PostgresUnavailable as exc:
        print(f"error: no PostgreSQL server could be started: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    try:
        yield server
    finally:
        server.remove()
