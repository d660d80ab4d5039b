"""The store's schema, as a numbered list of migrations applied in order, and their runner.

Version N is the same schema on both backends; each migration carries its SQL for each. The
database keeps its version (SQLite: `PRAGMA user_version`, as every file the bot ever wrote has
it; PostgreSQL: one row per applied migration in `schema_migrations`). Opening the store applies
what is pending (`open_store`), as does `python -m bot db upgrade`; `db status` shows it.

- Applying is one transaction holding a lock (SQLite: BEGIN IMMEDIATE; PostgreSQL:
  pg_advisory_xact_lock), which re-reads the version under the lock: of two processes starting
  at once, one migrates and the other then finds nothing pending. A failing migration leaves
  the version and the schema as they were.
- A schema newer than this code knows is refused with a clear error (StoreError), before any
  write: an older bot must not write into a schema it does not know.
- SQLite files from before migrations have `user_version = 1` and, created at some open since,
  any of the tables and columns that are now migration 2 (guild_settings, pair_answers,
  review_decisions, questions.candidates). Migration 2 on SQLite therefore creates each of them
  only where missing: it takes both a file that has them all and one that has none of them.

Types: PostgreSQL keeps Discord ids as BIGINT (snowflakes stay below 2**63 until 2084),
timestamps as TIMESTAMPTZ, days as DATE, JSON as JSONB, a server's watched channels as
BIGINT[], keys as identity columns and pair and group ids with the "C" collation (sorted as
SQLite sorts them). SQLite keeps what it always kept: ISO 8601 text for timestamps (with their
UTC offset) and days, JSON text, INTEGER ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.backend import Backend, BackendName, MigrationTransaction
from bot.store.errors import StoreError


@dataclass(frozen=True)
class Migration:
    """One step of the schema: its number, what it does, its statements on each backend."""

    version: int
    name: str
    sqlite: tuple[str, ...]
    postgresql: tuple[str, ...]
    # SQLite only: (table, column, declaration) added where missing (see the module).
    sqlite_columns: tuple[tuple[str, str, str], ...] = ()

    def apply(self, tx: MigrationTransaction, backend: BackendName) -> None:
        """Run this migration's statements in `tx` and record its version there."""
        for statement in self.sqlite if backend == "sqlite" else self.postgresql:
            tx.execute(statement)
        if backend == "sqlite":
            for table, column, declaration in self.sqlite_columns:
                if column not in tx.columns(table):
                    tx.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
        tx.set_version(self.version, self.name)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "votes and recorded questions",
        sqlite=(
            # As the bot has always written them (PRAGMA user_version = 1).
            """CREATE TABLE votes (
                id          INTEGER PRIMARY KEY,
                pair_id     TEXT NOT NULL,
                question    TEXT NOT NULL,
                language    TEXT NOT NULL,
                vote        INTEGER NOT NULL CHECK (vote IN (-1, 1)),
                user_hash   TEXT NOT NULL,
                guild_id    INTEGER,
                message_id  INTEGER,
                created_at  TEXT NOT NULL,
                UNIQUE (message_id, user_hash)
            )""",
            "CREATE INDEX votes_pair ON votes (pair_id)",
            """CREATE TABLE questions (
                id            INTEGER PRIMARY KEY,
                question      TEXT NOT NULL,
                folded        TEXT NOT NULL,
                language      TEXT NOT NULL,
                outcome       TEXT NOT NULL,
                score         REAL,
                best_pair_id  TEXT,
                source        TEXT NOT NULL,
                guild_id      INTEGER,
                created_at    TEXT NOT NULL
            )""",
            "CREATE INDEX questions_folded ON questions (folded)",
        ),
        postgresql=(
            """CREATE TABLE votes (
                id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                pair_id     TEXT COLLATE "C" NOT NULL,
                question    TEXT NOT NULL,
                language    TEXT NOT NULL,
                vote        SMALLINT NOT NULL CHECK (vote IN (-1, 1)),
                user_hash   TEXT NOT NULL,
                guild_id    BIGINT,
                message_id  BIGINT,
                created_at  TIMESTAMPTZ NOT NULL,
                UNIQUE (message_id, user_hash)
            )""",
            "CREATE INDEX votes_pair ON votes (pair_id)",
            """CREATE TABLE questions (
                id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                question      TEXT NOT NULL,
                folded        TEXT NOT NULL,
                language      TEXT NOT NULL,
                outcome       TEXT NOT NULL,
                score         DOUBLE PRECISION,
                best_pair_id  TEXT COLLATE "C",
                source        TEXT NOT NULL,
                guild_id      BIGINT,
                created_at    TIMESTAMPTZ NOT NULL
            )""",
            "CREATE INDEX questions_folded ON questions (folded)",
        ),
    ),
    Migration(
        2,
        "servers' settings, answer counts, review decisions, candidates of a question",
        sqlite=(
            # IF NOT EXISTS: files from before migrations may have any of these (see the module).
            # `watched_channel_ids` is a JSON array of channel ids, NULL while the server never
            # set its channels; `language` NULL while it never chose one.
            """CREATE TABLE IF NOT EXISTS guild_settings (
                guild_id             INTEGER PRIMARY KEY,
                watched_channel_ids  TEXT,
                language             TEXT,
                updated_at           TEXT NOT NULL,
                updated_by           TEXT NOT NULL
            )""",
            # How often each pair answered: a count per day, no question text.
            """CREATE TABLE IF NOT EXISTS pair_answers (
                pair_id  TEXT NOT NULL,
                day      TEXT NOT NULL,
                n        INTEGER NOT NULL,
                PRIMARY KEY (pair_id, day)
            )""",
            # What curators decided about the groups of the review queue (bot.curation's ids).
            """CREATE TABLE IF NOT EXISTS review_decisions (
                group_id    TEXT PRIMARY KEY,
                decision    TEXT NOT NULL,
                pair_id     TEXT,
                decided_at  TEXT NOT NULL,
                decided_by  TEXT NOT NULL
            )""",
        ),
        # `candidates`: a JSON list of {"id": pair id, "score": 0-100}, best first (NULL in rows
        # written before it).
        sqlite_columns=(("questions", "candidates", "TEXT"),),
        postgresql=(
            """CREATE TABLE guild_settings (
                guild_id             BIGINT PRIMARY KEY,
                watched_channel_ids  BIGINT[],
                language             TEXT,
                updated_at           TIMESTAMPTZ NOT NULL,
                updated_by           TEXT NOT NULL
            )""",
            """CREATE TABLE pair_answers (
                pair_id  TEXT COLLATE "C" NOT NULL,
                day      DATE NOT NULL,
                n        INTEGER NOT NULL,
                PRIMARY KEY (pair_id, day)
            )""",
            """CREATE TABLE review_decisions (
                group_id    TEXT COLLATE "C" PRIMARY KEY,
                decision    TEXT NOT NULL,
                pair_id     TEXT COLLATE "C",
                decided_at  TIMESTAMPTZ NOT NULL,
                decided_by  TEXT NOT NULL
            )""",
            "ALTER TABLE questions ADD COLUMN candidates JSONB",
        ),
    ),
    Migration(
        3,
        "the knowledge version every process polls",
        # One row (id 1): the version, bumped by each announcement, and what was announced.
        sqlite=(
            """CREATE TABLE knowledge_version (
                id            INTEGER PRIMARY KEY CHECK (id = 1),
                version       INTEGER NOT NULL,
                content_hash  TEXT NOT NULL,
                changed_at    TEXT NOT NULL,
                changed_by    TEXT NOT NULL
            )""",
        ),
        postgresql=(
            """CREATE TABLE knowledge_version (
                id            SMALLINT PRIMARY KEY CHECK (id = 1),
                version       BIGINT NOT NULL,
                content_hash  TEXT NOT NULL,
                changed_at    TIMESTAMPTZ NOT NULL,
                changed_by    TEXT NOT NULL
            )""",
        ),
    ),
)

# The schema version this code writes and reads.
SCHEMA_VERSION = MIGRATIONS[-1].version


@dataclass(frozen=True)
class SchemaStatus:
    """Where the store is and how its schema stands (`python -m bot db status`)."""

    backend: BackendName
    where: str
    version: int
    latest: int
    pending: tuple[Migration, ...]

    @property
    def newer(self) -> bool:
        """Whether the database has a schema newer than this code knows."""
        return self.version > self.latest


def _check(numbered: tuple[Migration, ...]) -> None:
    # The list itself: numbered 1, 2, 3, ... with no gap (a mistake here must not reach a file).
    if [m.version for m in numbered] != list(range(1, len(numbered) + 1)):
        raise AssertionError("migrations must be numbered 1, 2, 3, ... in order")


_check(MIGRATIONS)


def pending_after(version: int) -> tuple[Migration, ...]:
    """The migrations a database at `version` still needs, in order."""
    return tuple(m for m in MIGRATIONS if m.version > version)


def refuse_newer(version: int, where: str) -> None:
    """Raise StoreError if `version` is newer than this code knows."""
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the store {where} has schema version {version}, newer than this version of the "
            f"bot knows ({SCHEMA_VERSION}): it was upgraded by a newer bot. Run that version "
            "(or a newer one); this one will not write into a schema it does not know."
        )


def status(backend: Backend) -> SchemaStatus:
    """How the schema of `backend` stands, changing nothing."""
    version = backend.schema_version()
    return SchemaStatus(
        backend.name, backend.where, version, SCHEMA_VERSION, pending_after(version)
    )


def upgrade(backend: Backend) -> tuple[Migration, ...]:
    """Apply the pending migrations (see the module); returns those this call applied (none
    when another process applied them first). StoreError for a newer schema."""
    version = backend.schema_version()
    refuse_newer(version, backend.where)
    if version == SCHEMA_VERSION:
        return ()

    def apply_pending(tx: MigrationTransaction) -> tuple[Migration, ...]:
        now = tx.version()  # again, under the lock: another process may have been first
        refuse_newer(now, backend.where)
        pending = pending_after(now)
        for migration in pending:
            migration.apply(tx, backend.name)
        return pending

    return backend.migrate(apply_pending)
