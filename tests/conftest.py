"""Fixtures every test folder may use: a real PostgreSQL server for the session, a fresh
database on it per test, and `store_target`, which runs a test once on each backend.

PostgreSQL tests skip, saying why, when no server can be started here; with REQUIRE_POSTGRES=1
(as `make test` sets it, so CI never passes without them) that is an error instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.postgres import PostgresServer, start_or_skip
from tests.support.stores import StoreTarget, sqlite_target

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One temporary PostgreSQL server for the whole session (never restarted by a test)."""
    server = start_or_skip()
    try:
        yield server
    finally:
        server.remove()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database of the session's server, dropped after the test."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url)


@pytest.fixture(params=BACKENDS)
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> StoreTarget:
    """The test runs once on a SQLite file and once on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return sqlite_target(tmp_path)
    return StoreTarget("postgresql", request.getfixturevalue("postgres_url"))
