"""The bot's store: what people thought of the answers (votes, and the questions it could not
answer well, for the curators' review queue), how often each pair answered, the curators'
decisions, each server's settings, and the knowledge version every process polls.

One interface (`Store`), two backends: SQLite (the default, one file, nothing to set up; several
processes on one machine may share it) and PostgreSQL when DATABASE_URL names one (every process
of a deployment on one database). `open_store(settings)` picks one and applies the pending
schema migrations. Inside:

  records.py     the values it returns and what decides what is recorded (record_for, ...)
  store.py       Store, written once over both backends, and open_store
  backend.py     what Store needs of a database          migrations.py  the numbered schema
  sqlite.py      the SQLite backend                      postgres.py    the PostgreSQL backend
  cache.py       servers' settings in memory             errors.py      StoreError, StoreUnavailable
"""

from bot.store.cache import GuildSettingsCache
from bot.store.errors import StoreError, StoreUnavailable
from bot.store.migrations import MIGRATIONS, SCHEMA_VERSION, Migration, SchemaStatus
from bot.store.records import (
    LOW_CONFIDENCE,
    OUTCOMES,
    RECORDED_CANDIDATES,
    Decision,
    GuildSettings,
    KnowledgeVersion,
    Outcome,
    PairStanding,
    RatedAnswer,
    Record,
    RecordedQuestion,
    UnansweredQuestion,
    Vote,
    candidates_for,
    hash_user,
    record_for,
)
from bot.store.store import Store, is_postgres_url, open_store, store_exists

__all__ = [
    "LOW_CONFIDENCE",
    "MIGRATIONS",
    "OUTCOMES",
    "RECORDED_CANDIDATES",
    "SCHEMA_VERSION",
    "Decision",
    "GuildSettings",
    "GuildSettingsCache",
    "KnowledgeVersion",
    "Migration",
    "Outcome",
    "PairStanding",
    "RatedAnswer",
    "Record",
    "RecordedQuestion",
    "SchemaStatus",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "UnansweredQuestion",
    "Vote",
    "candidates_for",
    "hash_user",
    "is_postgres_url",
    "open_store",
    "record_for",
    "store_exists",
]
