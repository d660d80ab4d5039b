"""The schema: versioned migrations applied at open, on both backends; SQLite files written
before migrations (version 1, with or without the tables added since by drift) upgrade and keep
their rows; a newer schema is refused; two processes opening at once apply each migration once.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from bot.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError, open_store
from tests.support.old_store import (
    DRIFT_CANDIDATES,
    DRIFT_GUILD_SETTINGS,
    DRIFT_LATER,
    write_old_file,
)
from tests.support.stores import StoreTarget


def _user_version(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


def _uses_everything(store: Store) -> None:
    """Every table of the latest schema takes a write."""
    store.record_question(
        question="Schnee?",
        language="de",
        outcome="none",
        score=20.0,
        best_pair_id="p",
        source="cli_ask",
        guild_id=None,
        candidates=[("p", 20.0)],
    )
    store.record_answer("p")
    store.decide_group("g2", "dismissed", pair_id=None, by="cli")
    store.save_guild_settings(6, watched_channel_ids={1}, language="en", user_id=1)
    assert store.announce_knowledge("h", by="test") == 1


def test_a_new_file_gets_the_whole_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "store.sqlite3"
    with open_store(path) as store:
        status = store.schema_status()
        _uses_everything(store)
    assert (status.version, status.latest, status.pending) == (SCHEMA_VERSION, SCHEMA_VERSION, ())
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert _user_version(path) == SCHEMA_VERSION


def test_a_new_postgres_database_records_each_migration(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        assert store.schema_status().version == SCHEMA_VERSION
        _uses_everything(store)
    target = StoreTarget("postgresql", postgres_url)
    applied = target.query("SELECT version, name FROM schema_migrations ORDER BY version")
    assert applied == [(m.version, m.name) for m in MIGRATIONS]
    # Proper types: ids are BIGINT, stamps TIMESTAMPTZ, candidates JSONB.
    types = dict(
        target.query(
            "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = current_schema()"
        )
    )
    assert types["votes.guild_id"] == types["votes.message_id"] == "bigint"
    assert types["votes.created_at"] == "timestamp with time zone"
    assert types["questions.candidates"] == "jsonb"
    assert types["guild_settings.watched_channel_ids"] == "ARRAY"
    assert types["pair_answers.day"] == "date"


@pytest.mark.parametrize(
    "drift",
    [
        pytest.param((), id="version-1-only"),
        pytest.param((DRIFT_GUILD_SETTINGS,), id="with-server-settings"),
        pytest.param(
            (DRIFT_GUILD_SETTINGS, DRIFT_LATER, DRIFT_CANDIDATES),
            id="with-every-later-table",
        ),
    ],
)
def test_a_file_from_before_migrations_upgrades_and_keeps_its_rows(
    tmp_path: Path, drift: tuple[str, ...]
) -> None:
    path = tmp_path / "old.sqlite3"
    write_old_file(path, *drift)
    assert _user_version(path) == 1

    with open_store(path, upgrade=False) as store:
        status = store.schema_status()
    assert status.version == 1
    assert [m.version for m in status.pending] == list(range(2, SCHEMA_VERSION + 1))

    with open_store(path) as store:
        # The old rows, read through the new schema.
        assert store.vote_count() == 1
        assert [r.pair_id for r in store.worst_rated()] == ["p"]
        assert store.top_unanswered()[0].question in ("Wetter?", "Regen?")
        recorded = store.recorded_questions()
        assert recorded[0].question == "Wetter?"
        assert recorded[0].candidates == ()  # NULL in a row from before the column
        if DRIFT_CANDIDATES in drift:
            assert recorded[1].candidates == (("p", 31.5),)
        if DRIFT_GUILD_SETTINGS in drift:
            settings = store.guild_settings(5)
            assert settings is not None
            assert (settings.watched_channel_ids, settings.language) == (frozenset({9}), "de")
        if DRIFT_LATER in drift:
            assert store.pair_standing()[0].answers == 4
            assert store.dismissed_groups() == {"g1"}
        _uses_everything(store)
    assert _user_version(path) == SCHEMA_VERSION
    # Opening again applies nothing and changes nothing.
    with open_store(path) as store:
        assert store.upgrade() == ()
        assert store.vote_count() == 1
        assert len(store.recorded_questions()) == len(recorded) + 1


def test_a_newer_sqlite_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match=f"schema version {SCHEMA_VERSION + 1}, newer than"):
        open_store(path)
    assert _user_version(path) == SCHEMA_VERSION + 1
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT name FROM sqlite_master").fetchall() == []


def test_a_newer_postgres_schema_is_refused(postgres_url: str) -> None:
    with open_store(postgres_url):
        pass
    target = StoreTarget("postgresql", postgres_url)
    target.query(
        "INSERT INTO schema_migrations (version, name) VALUES (?, 'from the future')",
        (SCHEMA_VERSION + 1,),
    )
    with pytest.raises(StoreError, match="newer than this version of the bot"):
        open_store(postgres_url)


def test_an_unusable_path_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(blocker / "store.sqlite3")


def test_a_file_that_is_no_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("these are notes, not a database\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="not a database"):
        open_store(path)


def test_stores_opening_at_once_apply_each_migration_once(store_target: StoreTarget) -> None:
    # Eight "processes" (stores of their own, each with its own connection) start together on
    # an empty database: the lock lets one migrate; the others wait and find nothing pending.
    start = threading.Barrier(8)
    applied: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def open_one() -> None:
        try:
            start.wait()
            with store_target.open(upgrade=False) as store:
                done = store.upgrade()
                store.announce_knowledge("h", by="t")
            with lock:
                applied.extend(m.version for m in done)
        except BaseException as exc:
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(applied) == [m.version for m in MIGRATIONS]
    assert store_target.query("SELECT version FROM knowledge_version") == [(8,)]


def test_many_connections_opening_a_new_file_at_once_all_get_wal(tmp_path: Path) -> None:
    # Switching a new file to WAL needs it to itself, and SQLite says "busy" at once (without
    # the busy timeout) while another connection converts it: several shards starting on a new
    # file failed now and then ("database is locked"). Each opener now asks again.
    from bot.store.sqlite import SQLiteBackend

    for round_ in range(20):
        path = tmp_path / f"store-{round_}.sqlite3"
        start = threading.Event()
        errors: list[BaseException] = []

        def open_one(
            path: Path = path,
            start: threading.Event = start,
            errors: list[BaseException] = errors,
        ) -> None:
            start.wait()
            try:
                SQLiteBackend(path).close()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=open_one) for _ in range(16)]
        for thread in threads:
            thread.start()
        start.set()
        for thread in threads:
            thread.join()
        assert errors == []
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
