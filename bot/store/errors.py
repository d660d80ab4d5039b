"""What can go wrong with the store, in two kinds a caller treats differently."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot be used: unreadable, written by a newer version of the bot, closed, or
    a statement the database refused. Retrying will not help; the message says what to fix."""


class StoreUnavailable(StoreError):
    """The database is there but cannot be reached right now: PostgreSQL is down or restarting,
    or a SQLite file stayed locked by another process beyond the busy timeout. Transient: the
    write was not made (or, where the connection broke during its commit, may have been), and
    the same call can be tried again in a moment."""
