"""Where a test's store lives, on either backend, and a way to look at its tables directly.

The store's tests run on both backends (the `store_target` fixture in tests/conftest.py): a
SQLite file in the test's folder, and a fresh database on the session's PostgreSQL server.
`StoreTarget.query` reads (or changes) the tables with a connection of its own, not through the
store, so a test can check what really is on disk.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg

from bot.store import Store, open_store


@dataclass(frozen=True)
class StoreTarget:
    """One place for a store: `where` is what `open_store` takes (a path or a URL)."""

    kind: str  # "sqlite" or "postgresql"
    where: str

    def open(self, **options: Any) -> Store:
        """The store there (schema upgraded), as every process opens it."""
        return open_store(self.where, **options)

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        """Run one statement (`?` placeholders) on a separate connection, committed; its rows."""
        if self.kind == "sqlite":
            with sqlite3.connect(self.where) as db:
                return db.execute(sql, params).fetchall()
        with psycopg.connect(self.where, autocommit=True) as conn:
            cursor = conn.execute(sql.replace("?", "%s"), params)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []

    def stamp(self, value: object) -> datetime:
        """A stored timestamp as a datetime (ISO text in SQLite, TIMESTAMPTZ in PostgreSQL)."""
        return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def sqlite_target(folder: Path, name: str = "store.sqlite3") -> StoreTarget:
    """A SQLite file in `folder` (not created until opened)."""
    return StoreTarget("sqlite", str(folder / name))
