"""The SQLite backend: the embedded default, one file, nothing to set up.

WAL mode with `synchronous=FULL`: a write is on disk when its call returns, so anything
acknowledged survives the process being killed. Several processes on one machine may share the
file (the bot's shards, the CLI): WAL lets them read while one writes, and a writer waits up to
the busy timeout for another to finish; a file still locked after that is StoreUnavailable.
Every write is one `BEGIN IMMEDIATE` transaction (it takes the write lock at once, so it never
fails half-way for a lock another process holds). In a process, one connection behind a lock:
calls are short and thread-safe, so async code runs them with `asyncio.to_thread`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Literal, TypeVar

from bot.store.backend import Row
from bot.store.errors import StoreError, StoreUnavailable

T = TypeVar("T")

# How long a writer waits for another process (a second shard, the CLI) to let go of the file.
BUSY_TIMEOUT_MS = 5000
# How long to wait before asking again for WAL mode on a file another connection holds.
WAL_RETRY_SECONDS = 0.01
# SQLite's primary result codes for "another connection holds the lock".
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6


def _param(value: object) -> object:
    # Timestamps and days as ISO 8601 text, as the bot has always stored them.
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


class _Statements:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return self._db.execute(sql, tuple(map(_param, params))).fetchall()

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        self._db.execute(sql, tuple(map(_param, params)))


class _Migrating(_Statements):
    def version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def set_version(self, version: int, name: str) -> None:
        # Inside the transaction: committed, or rolled back, with the migration.
        self._db.execute(f"PRAGMA user_version = {int(version)}")

    def columns(self, table: str) -> set[str]:
        return {str(row[1]) for row in self._db.execute(f"PRAGMA table_info({table})")}


_S = TypeVar("_S", bound=_Statements)


class SQLiteBackend:
    """The store in one SQLite file (created, with its folder, if missing)."""

    name: Literal["sqlite"] = "sqlite"

    def __init__(self, path: Path | str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._closed = False
        try:
            if str(self.path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: no implicit transactions; `run` says where they begin.
            self._db = sqlite3.connect(
                self.path,
                timeout=busy_timeout_ms / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from exc
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            self._into_wal(busy_timeout_ms / 1000)
            self._db.execute("PRAGMA synchronous = FULL")
        except sqlite3.Error as exc:
            self._db.close()
            raise self._error(exc, "open") from exc

    def _into_wal(self, patience: float) -> None:
        """Switch the file to WAL mode. Changing the journal mode needs the file to itself, and
        SQLite answers "busy" at once, without waiting the busy timeout, while another
        connection opens or converts it (several shards starting on a new file): so it is
        tried again, a few milliseconds apart, for as long as the busy timeout."""
        deadline = time.monotonic() + patience
        while True:
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                code = getattr(exc, "sqlite_errorcode", None)
                busy = code is not None and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
                if not busy or time.monotonic() >= deadline:
                    raise
                time.sleep(WAL_RETRY_SECONDS)

    @property
    def where(self) -> str:
        return str(self.path)

    def run(self, work: Callable[[_Statements], T], *, write: bool) -> T:
        return self._transaction(work, _Statements, write=write)

    def migrate(self, work: Callable[[_Migrating], T]) -> T:
        return self._transaction(work, _Migrating, write=True)

    def _transaction(
        self,
        work: Callable[[_S], T],
        statements: type[_S],
        *,
        write: bool,
    ) -> T:
        with self._lock:
            if self._closed:
                raise StoreError(f"the store {self.path} is closed")
            db = self._db
            try:
                if write:
                    db.execute("BEGIN IMMEDIATE")
                try:
                    result = work(statements(db))
                    if write:
                        db.execute("COMMIT")
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise self._error(exc, "write to" if write else "read") from exc
            return result

    def schema_version(self) -> int:
        return self._transaction(lambda tx: tx.version(), _Migrating, write=False)

    def json_value(self, value: object) -> object:
        return json.dumps(value)

    def id_list_value(self, ids: Iterable[int]) -> object:
        return json.dumps(sorted(ids))

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._db.close()

    def _error(self, exc: sqlite3.Error, doing: str) -> StoreError:
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return StoreUnavailable(
                f"cannot {doing} the store {self.path}: another process kept it locked "
                f"beyond the busy timeout ({exc})"
            )
        return StoreError(f"cannot {doing} the store {self.path}: {exc}")
