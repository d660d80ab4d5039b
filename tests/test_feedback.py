"""The store: votes, unanswered questions, reports, servers' settings, durability, schema."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.feedback import (
    SCHEMA_VERSION,
    FeedbackError,
    FeedbackStore,
    GuildSettings,
    GuildSettingsCache,
    hash_user,
)
from tests.support.paths import REPO_ROOT as REPO


def _vote(store: FeedbackStore, pair: str, vote: int, user: int, message: int) -> None:
    store.record_vote(
        pair_id=pair,
        question=f"Question of {pair}?",
        language="de",
        vote=vote,  # type: ignore[arg-type]
        user_id=user,
        guild_id=1,
        message_id=message,
    )


def _ask(store: FeedbackStore, question: str, outcome: str = "none") -> None:
    store.record_question(
        question=question,
        language="de",
        outcome=outcome,  # type: ignore[arg-type]
        score=None,
        best_pair_id=None,
        source="slash",
        guild_id=None,
    )


def test_creates_folder_wal_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "feedback.sqlite3"
    with FeedbackStore(path):
        pass
    assert path.exists()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    # Opening again keeps the data and the schema.
    with FeedbackStore(path) as store:
        assert store.vote_count() == 0


def test_worst_rated(tmp_path: Path) -> None:
    with FeedbackStore(tmp_path / "f.sqlite3") as store:
        _vote(store, "good", 1, user=1, message=10)
        _vote(store, "good", 1, user=2, message=10)
        _vote(store, "mixed", 1, user=1, message=11)
        _vote(store, "mixed", -1, user=2, message=11)
        _vote(store, "bad", -1, user=1, message=12)
        _vote(store, "bad", -1, user=2, message=13)
        report = store.worst_rated(10)
    assert [(r.pair_id, r.up, r.down, r.net) for r in report] == [
        ("bad", 0, 2, -2),
        ("mixed", 1, 1, 0),
    ]
    assert report[0].question == "Question of bad?"


def test_a_second_vote_replaces_the_first(tmp_path: Path) -> None:
    with FeedbackStore(tmp_path / "f.sqlite3") as store:
        _vote(store, "p", -1, user=7, message=1)
        _vote(store, "p", 1, user=7, message=1)
        assert store.vote_count() == 1
        assert store.worst_rated() == []
    with sqlite3.connect(tmp_path / "f.sqlite3") as db:
        stored = db.execute("SELECT user_hash FROM votes").fetchall()
    assert stored == [(hash_user(7),)]
    assert hash_user(7) != "7"


def test_top_unanswered_groups_spellings(tmp_path: Path) -> None:
    times = iter(datetime(2024, 11, 28, 12, tzinfo=UTC) + timedelta(minutes=i) for i in range(9))
    with FeedbackStore(tmp_path / "f.sqlite3", now=lambda: next(times)) as store:
        _ask(store, "Wie ist das Wetter?")
        _ask(store, "wie ist das wetter")
        _ask(store, "Wie ist das WETTER??", outcome="suggestions")
        _ask(store, "Wer gewinnt die Wahl?")
        report = store.top_unanswered(5)
    assert [(r.question, r.count, r.outcome) for r in report] == [
        ("Wie ist das WETTER??", 3, "suggestions"),
        ("Wer gewinnt die Wahl?", 1, "none"),
    ]
    assert report[0].last_seen == datetime(2024, 11, 28, 12, 2, tzinfo=UTC)
    with FeedbackStore(tmp_path / "f.sqlite3") as store:
        assert len(store.top_unanswered(1)) == 1


def test_bad_values_are_refused(tmp_path: Path) -> None:
    with FeedbackStore(tmp_path / "f.sqlite3") as store:
        with pytest.raises(ValueError, match="vote"):
            _vote(store, "p", 0, user=1, message=1)
        with pytest.raises(ValueError, match="outcome"):
            _ask(store, "x", outcome="maybe")


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(FeedbackError, match="newer version"):
        FeedbackStore(path)


def test_unusable_path_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(FeedbackError, match="cannot open the feedback database"):
        FeedbackStore(blocker / "feedback.sqlite3")


def test_a_recorded_vote_survives_a_kill(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite3"
    script = (
        "import os, signal\n"
        "from bot.feedback import FeedbackStore\n"
        f"store = FeedbackStore({str(path)!r})\n"
        "store.record_vote(pair_id='p', question='q', language='de', vote=-1, user_id=1,"
        " guild_id=None, message_id=5)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, timeout=30, check=False
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    with FeedbackStore(path) as store:
        assert store.vote_count() == 1
        assert [r.pair_id for r in store.worst_rated()] == ["p"]


async def test_usable_from_asyncio_threads(tmp_path: Path) -> None:
    with FeedbackStore(tmp_path / "f.sqlite3") as store:
        await asyncio.gather(
            *(
                asyncio.to_thread(_vote, store, f"p{i % 3}", -1, user=i, message=i)
                for i in range(30)
            )
        )
        assert store.vote_count() == 30


# --- servers' settings -------------------------------------------------------------------------

# The schema as the bot before per-server settings wrote it (version 1), kept here verbatim so that
# later changes to the module cannot change what an "old file" is.
_OLD_SCHEMA = """
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


def test_a_file_from_before_server_settings_gains_them_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.executescript(f"BEGIN; {_OLD_SCHEMA} PRAGMA user_version = 1; COMMIT;")
    db.execute(
        "INSERT INTO votes (pair_id, question, language, vote, user_hash, guild_id, message_id,"
        " created_at) VALUES ('p', 'q?', 'de', -1, ?, 1, 10, '2024-11-28T12:00:00+00:00')",
        (hash_user(7),),
    )
    db.execute(
        "INSERT INTO questions (question, folded, language, outcome, source, created_at)"
        " VALUES ('Wetter?', 'wetter', 'de', 'none', 'slash', '2024-11-28T12:00:00+00:00')"
    )
    db.commit()
    db.close()

    with FeedbackStore(path) as store:
        assert store.vote_count() == 1
        assert [r.pair_id for r in store.worst_rated()] == ["p"]
        assert [r.question for r in store.top_unanswered()] == ["Wetter?"]
        assert store.all_guild_settings() == []
        store.save_guild_settings(5, watched_channel_ids={9}, language="de", user_id=7)
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"votes", "questions", "guild_settings"} <= tables
        # No new schema version: a bot from before still opens the file (it ignores the table).
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        assert db.execute("SELECT COUNT(*) FROM votes").fetchone()[0] == 1
    with FeedbackStore(path) as store:
        assert store.vote_count() == 1
        settings = store.guild_settings(5)
        assert settings is not None
        assert settings.watched_channel_ids == frozenset({9})


def test_guild_settings_are_stored_whole_and_stamped(tmp_path: Path) -> None:
    times = iter(datetime(2024, 11, 28, 12, tzinfo=UTC) + timedelta(minutes=i) for i in range(9))
    path = tmp_path / "f.sqlite3"
    with FeedbackStore(path, now=lambda: next(times)) as store:
        assert store.guild_settings(1) is None
        first = store.save_guild_settings(1, watched_channel_ids=[30, 20], language=None, user_id=7)
        assert first.watched_channel_ids == frozenset({20, 30})
        assert first.language is None
        assert first.updated_by == hash_user(7)
        assert store.guild_settings(1) == first
        # Saving again replaces the whole row: an emptied list is a list, not "never set".
        second = store.save_guild_settings(1, watched_channel_ids=(), language="en", user_id=8)
        store.save_guild_settings(2, watched_channel_ids=None, language="de", user_id=8)
        assert store.guild_settings(1) == second
        assert second.watched_channel_ids == frozenset()
        assert second.updated_at == datetime(2024, 11, 28, 12, 1, tzinfo=UTC)
        assert [s.guild_id for s in store.all_guild_settings()] == [1, 2]
        with pytest.raises(ValueError, match="language"):
            store.save_guild_settings(1, watched_channel_ids=None, language="xx", user_id=8)  # type: ignore[arg-type]
    with sqlite3.connect(path) as db:
        stored = db.execute(
            "SELECT guild_id, watched_channel_ids, language, updated_by FROM guild_settings"
        ).fetchall()
    # Who changed them is kept like a voter: hashed, never the user id.
    assert stored == [(1, "[]", "en", hash_user(8)), (2, None, "de", hash_user(8))]


def test_a_language_this_version_does_not_know_reads_as_unset(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite3"
    with FeedbackStore(path) as store:
        store.save_guild_settings(1, watched_channel_ids=None, language="de", user_id=1)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE guild_settings SET language = 'xx'")
    with FeedbackStore(path) as store:
        settings = store.guild_settings(1)
    assert settings is not None
    assert settings.language is None


def test_guild_settings_watched_falls_back_to_the_default() -> None:
    default = frozenset({1, 2})
    assert GuildSettings(5).watched(default) == default
    assert GuildSettings(5, watched_channel_ids=frozenset()).watched(default) == frozenset()
    assert GuildSettings(5, watched_channel_ids=frozenset({3})).watched(default) == {3}


def test_the_cache_writes_through_and_reads_from_memory(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite3"
    with FeedbackStore(path) as store:
        store.save_guild_settings(1, watched_channel_ids={10}, language=None, user_id=1)
        cache = GuildSettingsCache(store)
        cache.load()
        assert cache.get(1).watched_channel_ids == frozenset({10})
        assert cache.get(2) == GuildSettings(2)  # a server that set nothing

        before, after = cache.update(2, lambda s: replace(s, language="de"), user_id=3)
        assert before == GuildSettings(2)
        assert after.language == "de"
        assert cache.get(2) == after == store.guild_settings(2)
        assert set(cache.all()) == {1, 2}

        # No change, no write: the stamp stays the first one.
        again = cache.update(2, lambda s: replace(s, language="de"), user_id=4)
        assert again == (after, after)
        assert store.guild_settings(2) == after

        # A failed write leaves memory as the file has it.
        store.close()
        with pytest.raises(sqlite3.ProgrammingError):
            cache.update(2, lambda s: replace(s, language="en"), user_id=3)
        assert cache.get(2) == after


def test_saved_guild_settings_survive_a_kill(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite3"
    script = (
        "import os, signal\n"
        "from bot.feedback import FeedbackStore\n"
        f"store = FeedbackStore({str(path)!r})\n"
        "store.save_guild_settings(1, watched_channel_ids={5}, language='en', user_id=1)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, timeout=30, check=False
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    with FeedbackStore(path) as store:
        settings = store.guild_settings(1)
    assert settings is not None
    assert (settings.watched_channel_ids, settings.language) == (frozenset({5}), "en")


# --- what is recorded for the curators ------------------------------------------------------------


def test_a_file_from_before_candidates_gains_the_column_and_tables_and_keeps_its_rows(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(f"BEGIN; {_OLD_SCHEMA} PRAGMA user_version = 1; COMMIT;")
    db.execute(
        "INSERT INTO questions (question, folded, language, outcome, source, created_at)"
        " VALUES ('Wetter?', 'wetter', 'de', 'none', 'slash', '2024-11-28T12:00:00+00:00')"
    )
    db.commit()
    db.close()

    with FeedbackStore(path) as store:
        [old] = store.recorded_questions()
        assert (old.question, old.candidates) == ("Wetter?", ())
        store.record_question(
            question="Regen?",
            language="de",
            outcome="none",
            score=31.5,
            best_pair_id="p",
            source="cli_ask",
            guild_id=None,
            candidates=[("p", 31.5), ("q", 30.0)],
        )
        store.record_answer("p")
        store.decide_group("g1", "dismissed", pair_id=None, by="cli")
    # Opening again (as every start does) finds the column there and changes nothing.
    with FeedbackStore(path) as store:
        assert [q.question for q in store.recorded_questions()] == ["Wetter?", "Regen?"]
        assert store.recorded_questions()[1].candidates == (("p", 31.5), ("q", 30.0))
        assert store.dismissed_groups() == {"g1"}
        assert store.pair_standing()[0].answers == 1
    with sqlite3.connect(path) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(questions)")}
        assert "candidates" in columns
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1


def test_record_result_counts_answers_and_keeps_weak_spots_with_candidates(tmp_path: Path) -> None:
    from bot.engine import Engine

    engine = Engine.load()
    with FeedbackStore(tmp_path / "f.sqlite3") as store:
        answered = engine.ask("wer ist tokajew")
        assert answered.kind == "answer"
        store.record_result(answered, engine, source="cli_ask", guild_id=None)
        off = engine.ask("Wie ist das Wetter morgen in Berlin?")
        assert off.kind == "none"
        store.record_result(off, engine, source="cli_ask", guild_id=None)
        store.record_down_vote(
            "wer ist tokajew", "de", "besuch-praesident-tokajew", engine, source="vote", guild_id=1
        )
        [standing] = store.pair_standing()
        assert (standing.pair_id, standing.answers) == ("besuch-praesident-tokajew", 1)
        weak, down = store.recorded_questions()
        assert (weak.outcome, weak.language) == ("none", "de")
        assert weak.candidates
        assert all(0 < score <= 100 for _, score in weak.candidates)
        assert list(weak.candidates) == sorted(weak.candidates, key=lambda c: -c[1])
        assert (down.outcome, down.best_pair_id) == ("voted_down", "besuch-praesident-tokajew")
        assert down.score is not None
        assert down.score >= 70
        # A 👎 is not an unanswered question.
        assert [q.question for q in store.top_unanswered()] == [off.question]
