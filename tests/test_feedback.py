"""The feedback store: votes, unanswered questions, reports, durability, schema version."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.feedback import SCHEMA_VERSION, FeedbackError, FeedbackStore, hash_user
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
