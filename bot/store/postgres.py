"""The PostgreSQL backend (`DATABASE_URL=postgresql://...`): one database every process shares.

psycopg 3 with its connection pool (psycopg_pool.ConnectionPool). The sync pool is the right
fit: the store's API is synchronous because the CLI and the bot share it, and the bot already
runs every store call in a worker thread (`asyncio.to_thread`), where a blocking checkout from a
thread-safe pool is what it needs; an async pool would split the API in two.

- Every checkout is checked (`check=ConnectionPool.check_connection`): a connection that died
  with a server restart is thrown away and the pool connects anew in the background, so the
  store recovers by itself once the database is back.
- A call that cannot reach the database (psycopg's OperationalError: refused, reset, the server
  shutting down, the pool out of connections) is retried with backoff for RETRY_SECONDS in all,
  then raises StoreUnavailable; nothing fails silently. A write returns only after its COMMIT
  (PostgreSQL's default synchronous_commit: on disk). A write whose connection broke during its
  COMMIT may, when retried, be applied twice: votes are keyed (the second is the same vote),
  an answer count may count one more.
- Connections run in autocommit; a write is one explicit transaction. Migrations hold
  pg_advisory_xact_lock(MIGRATION_LOCK) for their transaction.
- The password is never shown: `where` is the URL without it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, Literal, TypeVar

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.types.json import Jsonb
from psycopg.types.numeric import Int8
from psycopg_pool import ConnectionPool

from bot.store.backend import Row
from bot.store.errors import StoreError, StoreUnavailable

T = TypeVar("T")

log = logging.getLogger(__name__)

# How long a call keeps trying to reach the database before it raises StoreUnavailable.
RETRY_SECONDS = 2.0
_FIRST_DELAY = 0.05
_MAX_DELAY = 0.5
# How long opening the store waits for its first connection.
OPEN_TIMEOUT = 5.0
# Connecting gives up after this many seconds (an address that does not answer).
CONNECT_TIMEOUT = 3
POOL_MIN = 1
POOL_MAX = 8
# The advisory lock migrations hold (any fixed number; this one spells "article-bot schema").
MIGRATION_LOCK = 0x4152_5449_434C_4553


def redacted(url: str) -> str:
    """A PostgreSQL URL or conninfo as people may see it: user, host, port, database, no
    password (nor anything else from its options)."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.Error:
        return "postgresql://<unreadable URL>"
    user = f"{parts['user']}@" if parts.get("user") else ""
    host = str(parts.get("host") or "")
    port = f":{parts['port']}" if parts.get("port") else ""
    if "/" in host:  # a unix socket folder
        host, socket = "", f"?host={host}"
    else:
        socket = ""
    return f"postgresql://{user}{host}{port}/{parts.get('dbname') or ''}{socket}"


@lru_cache(maxsize=256)
def _psycopg_sql(sql: str) -> str:
    # The store writes `?` (the dialect both share); psycopg wants `%s`, and a literal `%` would
    # need doubling, so the store's SQL has none.
    if "%" in sql:
        raise AssertionError(f"the store's SQL must not contain '%': {sql}")
    return sql.replace("?", "%s")


class _Statements:
    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self._conn = conn

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        cursor = self._conn.execute(_psycopg_sql(sql), tuple(params))
        return [tuple(row) for row in cursor.fetchall()] if cursor.description else []

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        self._conn.execute(_psycopg_sql(sql), tuple(params))


_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
)"""


class _Migrating(_Statements):
    def version(self) -> int:
        return _version(self._conn)

    def set_version(self, version: int, name: str) -> None:
        self._conn.execute(
            "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (version, name)
        )

    def columns(self, table: str) -> set[str]:
        rows = self._conn.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = %s",
            (table,),
        ).fetchall()
        return {str(row[0]) for row in rows}


def _version(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if row is None or not row[0]:
        return 0
    row = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row is not None else 0


_S = TypeVar("_S", bound=_Statements)


class PostgresBackend:
    """The store in a PostgreSQL database, through a pool of connections (see the module)."""

    name: Literal["postgresql"] = "postgresql"

    def __init__(
        self,
        url: str,
        *,
        retry_seconds: float = RETRY_SECONDS,
        open_timeout: float = OPEN_TIMEOUT,
        max_size: int = POOL_MAX,
    ) -> None:
        self._where = redacted(url)
        self.retry_seconds = retry_seconds
        self._closed = False
        try:
            given = conninfo_to_dict(url)
        except psycopg.Error as exc:
            raise StoreError(f"DATABASE_URL is not a PostgreSQL URL: {type(exc).__name__}") from exc
        kwargs: dict[str, Any] = {"autocommit": True}
        if "connect_timeout" not in given:
            kwargs["connect_timeout"] = CONNECT_TIMEOUT
        self._pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            url,
            kwargs=kwargs,
            min_size=POOL_MIN,
            max_size=max_size,
            open=False,
            check=ConnectionPool.check_connection,
            timeout=retry_seconds,
            name="article-bot-store",
        )
        try:
            self._pool.open(wait=True, timeout=open_timeout)
        except psycopg.Error as exc:
            self._pool.close()
            raise StoreUnavailable(
                f"cannot reach PostgreSQL at {self._where} (tried for {open_timeout:g} s): {exc}"
            ) from exc

    @property
    def where(self) -> str:
        return self._where

    def run(self, work: Callable[[_Statements], T], *, write: bool) -> T:
        return self._retrying(work, _Statements, write=write, lock=False)

    def migrate(self, work: Callable[[_Migrating], T]) -> T:
        return self._retrying(work, _Migrating, write=True, lock=True)

    def schema_version(self) -> int:
        return self._retrying(lambda tx: tx.version(), _Migrating, write=False, lock=False)

    def _retrying(
        self, work: Callable[[_S], T], statements: type[_S], *, write: bool, lock: bool
    ) -> T:
        deadline = time.monotonic() + self.retry_seconds
        delay = _FIRST_DELAY
        attempt = 1
        while True:
            if self._closed:
                raise StoreError(f"the store {self._where} is closed")
            try:
                return self._once(work, statements, write=write, lock=lock, deadline=deadline)
            except psycopg.OperationalError as exc:  # PoolTimeout is one too
                left = deadline - time.monotonic()
                if left <= delay or self._closed:
                    raise StoreUnavailable(
                        f"cannot reach PostgreSQL at {self._where} "
                        f"({attempt} attempt(s) in {self.retry_seconds:g} s): {exc}"
                    ) from exc
                log.info("store: attempt %d failed, retrying: %s", attempt, exc)
                time.sleep(delay)
                delay = min(delay * 2, _MAX_DELAY)
                attempt += 1
            except psycopg.Error as exc:
                raise StoreError(f"PostgreSQL at {self._where} refused: {exc}") from exc

    def _once(
        self,
        work: Callable[[_S], T],
        statements: type[_S],
        *,
        write: bool,
        lock: bool,
        deadline: float,
    ) -> T:
        wait = max(deadline - time.monotonic(), 0.05)
        with self._pool.connection(timeout=wait) as conn:
            if not write:
                return work(statements(conn))
            with conn.transaction():
                if lock:
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                    conn.execute(_VERSION_TABLE)
                return work(statements(conn))

    def json_value(self, value: object) -> object:
        return Jsonb(value)

    def id_list_value(self, ids: Iterable[int]) -> object:
        return [Int8(i) for i in sorted(ids)]

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._pool.close()
