"""What the store needs of a database, so that `Store` is written once over both backends
(`bot.store.sqlite`, `bot.store.postgres`).

The store's SQL is written once, in the dialect both databases share (`?` placeholders, which
the PostgreSQL backend turns into psycopg's; `ON CONFLICT ... DO UPDATE`, `COUNT(*) FILTER`,
`RETURNING`). What differs is behind these protocols: how a unit of work gets a transaction and
retries, how the schema version is kept and locked while migrating, and how a JSON value or a
list of Discord ids is passed (JSON text in SQLite; JSONB and BIGINT[] in PostgreSQL). Reading
back, `bot.store.store` accepts either form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal, Protocol, TypeVar

T = TypeVar("T")

BackendName = Literal["sqlite", "postgresql"]
Row = tuple[Any, ...]


class Transaction(Protocol):
    """The statements of one unit of work (`Backend.run`)."""

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        """Run one statement; every row it returns (none for most writes)."""
        ...

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        """Run one statement that returns nothing."""
        ...


class MigrationTransaction(Transaction, Protocol):
    """The one transaction that migrates the schema, holding the backend's migration lock."""

    def version(self) -> int:
        """The schema version the database has now (0: none)."""
        ...

    def set_version(self, version: int, name: str) -> None:
        """Record that migration `version` (called `name`) is applied, in this transaction."""
        ...

    def columns(self, table: str) -> set[str]:
        """The column names of `table` (empty if there is no such table)."""
        ...


class Backend(Protocol):
    """One database the store lives in."""

    @property
    def name(self) -> BackendName:
        """Which backend: "sqlite" or "postgresql"."""
        ...

    @property
    def where(self) -> str:
        """Where the data is, for people: a path, or a URL without its password."""
        ...

    def run(self, work: Callable[[Transaction], T], *, write: bool) -> T:
        """Run `work` against the database and return its result. A write runs in a transaction
        that is committed, durably, before this returns. Raises StoreUnavailable when the
        database cannot be reached (after the backend's bounded retries), StoreError for
        anything else the database refused."""
        ...

    def migrate(self, work: Callable[[MigrationTransaction], T]) -> T:
        """Run `work` in one transaction that holds the migration lock: a second process
        migrating at the same time waits for this one and then sees its version."""
        ...

    def schema_version(self) -> int:
        """The schema version now (0 for an empty database), without taking the lock."""
        ...

    def json_value(self, value: object) -> object:
        """`value` as a parameter for a JSON column."""
        ...

    def id_list_value(self, ids: Iterable[int]) -> object:
        """A list of Discord ids as a parameter for an id-list column."""
        ...

    def close(self) -> None:
        """Close every connection (idempotent); later calls raise StoreError."""
        ...
