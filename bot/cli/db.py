"""`db upgrade` and `db status`: the store's schema by hand (every process also applies pending
migrations when it opens the store).

`db upgrade` applies what is pending and prints each migration it applied (none: "up to date");
`db status` prints the backend, where it is (a PostgreSQL URL without its password), the schema
version and the pending migrations, changing nothing (a SQLite file that does not exist yet is
not created). Exit codes: 0 done, 1 the store cannot be used (a schema newer than this bot
knows, an unreadable file), 2 it cannot be reached (PostgreSQL down, SQLite locked).
"""

from __future__ import annotations

import sys

from bot.config import Settings
from bot.store import (
    SCHEMA_VERSION,
    SchemaStatus,
    StoreError,
    StoreUnavailable,
    open_store,
    store_exists,
)
from bot.store.migrations import pending_after

EXIT_UNUSABLE = 1
EXIT_UNREACHABLE = 2


def cmd_db(settings: Settings, action: str) -> int:
    """Run `db upgrade` or `db status`."""
    try:
        if action == "status":
            return _status(settings)
        return _upgrade(settings)
    except StoreUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNREACHABLE
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE


def _upgrade(settings: Settings) -> int:
    with open_store(settings, upgrade=False) as store:
        applied = store.upgrade()
        where = f"{store.backend_name} {store.where}"
    if not applied:
        print(f"{where}: up to date at schema version {SCHEMA_VERSION}; nothing applied.")
        return 0
    print(f"{where}: applied {len(applied)} migration(s):")
    for migration in applied:
        print(f"  {migration.version}  {migration.name}")
    print(f"Now at schema version {SCHEMA_VERSION}.")
    return 0


def _status(settings: Settings) -> int:
    if not store_exists(settings):
        path = settings.database_path
        status = SchemaStatus(
            "sqlite", f"{path} (not created yet)", 0, SCHEMA_VERSION, pending_after(0)
        )
    else:
        with open_store(settings, upgrade=False) as store:
            status = store.schema_status()
    print(f"backend: {status.backend}")
    print(f"where:   {status.where}")
    print(f"schema:  version {status.version} (this bot knows {status.latest})")
    if status.newer:
        print("pending: none; the schema is newer than this bot knows: run a newer bot")
        return EXIT_UNUSABLE
    if not status.pending:
        print("pending: none")
        return 0
    print(f"pending: {len(status.pending)} migration(s) (python -m bot db upgrade, or any start):")
    for migration in status.pending:
        print(f"  {migration.version}  {migration.name}")
    return 0
