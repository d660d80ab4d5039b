"""A store as bots before migrations wrote it, kept here verbatim so that later changes to the
store's code cannot change what an "old file" is: the version-1 schema (`PRAGMA user_version =
1`) and the tables and column those bots then added at every open, without a new version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.store import hash_user

# The schema as the bot wrote it at version 1, kept here verbatim so that later changes to the
# module cannot change what an "old file" is.
OLD_SCHEMA = """
CREATE TABLE votes (
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
);
CREATE INDEX votes_pair ON votes (pair_id);
CREATE TABLE questions (
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
);
CREATE INDEX questions_folded ON questions (folded);
"""

# What bots before migrations added at every open without a new version, verbatim: first the
# servers' settings, later the answer counts, review decisions and a question's candidates.
DRIFT_GUILD_SETTINGS = """
CREATE TABLE IF NOT EXISTS guild_settings (
    guild_id             INTEGER PRIMARY KEY,
    watched_channel_ids  TEXT,
    language             TEXT,
    updated_at           TEXT NOT NULL,
    updated_by           TEXT NOT NULL
);
"""
DRIFT_LATER = """
CREATE TABLE IF NOT EXISTS pair_answers (
    pair_id  TEXT NOT NULL,
    day      TEXT NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (pair_id, day)
);
CREATE TABLE IF NOT EXISTS review_decisions (
    group_id    TEXT PRIMARY KEY,
    decision    TEXT NOT NULL,
    pair_id     TEXT,
    decided_at  TEXT NOT NULL,
    decided_by  TEXT NOT NULL
);
"""
DRIFT_CANDIDATES = "ALTER TABLE questions ADD COLUMN candidates TEXT"

STAMP = "2024-11-28T12:00:00+00:00"


def write_old_file(path: Path, *drift: str) -> None:
    """A file as a bot before migrations left it: version 1, a vote and a question, and
    whatever of the later tables (`drift`) it had created by then, with a row in each."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.executescript(f"BEGIN; {OLD_SCHEMA} PRAGMA user_version = 1; COMMIT;")
    db.execute(
        "INSERT INTO votes (pair_id, question, language, vote, user_hash, guild_id, message_id,"
        " created_at) VALUES ('p', 'q?', 'de', -1, ?, 1, 10, ?)",
        (hash_user(7), STAMP),
    )
    db.execute(
        "INSERT INTO questions (question, folded, language, outcome, source, created_at)"
        " VALUES ('Wetter?', 'wetter', 'de', 'none', 'slash', ?)",
        (STAMP,),
    )
    for statement in drift:
        db.executescript(statement)
    if DRIFT_GUILD_SETTINGS in drift:
        db.execute(
            "INSERT INTO guild_settings VALUES (5, '[9]', 'de', ?, ?)", (STAMP, hash_user(7))
        )
    if DRIFT_LATER in drift:
        db.execute("INSERT INTO pair_answers VALUES ('p', '2024-11-28', 4)")
        db.execute(
            "INSERT INTO review_decisions VALUES ('g1', 'dismissed', NULL, ?, 'cli')", (STAMP,)
        )
    if DRIFT_CANDIDATES in drift:
        db.execute(
            "INSERT INTO questions (question, folded, language, outcome, source, created_at,"
            " candidates) VALUES ('Regen?', 'regen', 'de', 'none', 'slash', ?, ?)",
            (STAMP, '[{"id": "p", "score": 31.5}]'),
        )
    db.commit()
    db.close()
