"""Nothing acknowledged is lost: not to a kill -9 (both backends), not to several processes
writing one SQLite file at once, not to PostgreSQL restarting while people vote. A database
that cannot be reached raises StoreUnavailable, bounded in time, and the store recovers."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.store import Store, StoreUnavailable, open_store
from bot.store.sqlite import SQLiteBackend
from tests.support.paths import REPO_ROOT as REPO
from tests.support.postgres import PostgresServer, start_or_skip
from tests.support.stores import StoreTarget, sqlite_target

# A process that votes in a loop, saying "ack N" after each vote whose call returned.
VOTER = """
import sys
from bot.store import open_store
store = open_store(sys.argv[1])
first, count = int(sys.argv[2]), int(sys.argv[3])
for message in range(first, first + count):
    store.record_vote(pair_id="p", question="q", language="de", vote=1, user_id=message,
                      guild_id=1, message_id=message)
    print("ack", message, flush=True)
print("done", flush=True)
"""


def _voter(where: str, first: int, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", VOTER, where, str(first), str(count)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _stored_messages(target: StoreTarget) -> set[int]:
    return {int(row[0]) for row in target.query("SELECT message_id FROM votes")}


def _vote(store: Store, message: int) -> None:
    store.record_vote(
        pair_id="p",
        question="q",
        language="de",
        vote=1,
        user_id=message,
        guild_id=1,
        message_id=message,
    )


def _eventually(check: Callable[[], bool], within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {within} s")
        time.sleep(0.05)


def test_acknowledged_votes_survive_a_kill(store_target: StoreTarget) -> None:
    with store_target.open():
        pass  # the schema, so that the voter starts voting at once
    voter = _voter(store_target.where, 1, 100_000)
    assert voter.stdout is not None
    acked: list[int] = []
    for line in voter.stdout:
        word, _, number = line.partition(" ")
        assert word == "ack", line
        acked.append(int(number))
        if len(acked) == 40:
            voter.send_signal(signal.SIGKILL)  # while it goes on voting
            break
    # What it acknowledged before it died, and this side had not read yet, is acknowledged too.
    acked.extend(int(line.partition(" ")[2]) for line in voter.stdout if line.startswith("ack "))
    voter.wait(timeout=30)
    assert voter.returncode == -signal.SIGKILL
    stored = _stored_messages(store_target)
    assert set(acked) <= stored
    # At most the one vote in flight when the kill came is there without its "ack".
    assert len(stored - set(acked)) <= 1


def test_saved_guild_settings_survive_a_kill(store_target: StoreTarget) -> None:
    script = (
        "import os, signal, sys\n"
        "from bot.store import open_store\n"
        "store = open_store(sys.argv[1])\n"
        "store.save_guild_settings(1, watched_channel_ids={5}, language='en', user_id=1)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, store_target.where],
        cwd=REPO,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    with store_target.open() as store:
        settings = store.guild_settings(1)
    assert settings is not None
    assert (settings.watched_channel_ids, settings.language) == (frozenset({5}), "en")


def test_several_processes_share_one_sqlite_file(tmp_path: Path) -> None:
    # Three processes open one new file at once (they race to create the schema too) and vote.
    target = sqlite_target(tmp_path)
    voters = [_voter(target.where, 1 + n * 1000, 200) for n in range(3)]
    for voter in voters:
        out, err = voter.communicate(timeout=120)
        assert voter.returncode == 0, err
        assert out.splitlines()[-1] == "done"
    expected = {n * 1000 + k for n in range(3) for k in range(1, 201)}
    assert _stored_messages(target) == expected
    with target.open() as store:
        assert store.vote_count() == 600


def test_a_sqlite_file_locked_beyond_the_busy_timeout_is_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with open_store(path) as store:
        _vote(store, 1)
    store = Store(SQLiteBackend(path, busy_timeout_ms=200))
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process writing, and writing, and writing
        with pytest.raises(StoreUnavailable, match="locked"):
            _vote(store, 2)
        assert store.vote_count() == 1  # reading goes on meanwhile (WAL)
        holder.execute("ROLLBACK")
        _vote(store, 3)  # and once it lets go, writing too
        assert store.vote_count() == 2
    finally:
        holder.close()
        store.close()


# --- PostgreSQL going away ----------------------------------------------------------------------


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A server of this test's own, which it may stop and restart."""
    server = start_or_skip()
    try:
        yield server
    finally:
        server.remove()


def test_votes_acknowledged_before_a_restart_are_all_there_after_it(
    own_postgres: PostgresServer,
) -> None:
    target = StoreTarget("postgresql", own_postgres.create_database())
    store = target.open()
    acked: list[int] = []
    unavailable: list[int] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def vote_in_a_loop() -> None:
        for message in range(1, 100_000):
            if stop.is_set():
                return
            try:
                _vote(store, message)
                acked.append(message)
            except StoreUnavailable:
                unavailable.append(message)
            except BaseException as exc:  # anything else is a failure of the test
                failures.append(exc)
                return
            time.sleep(0.001)

    voter = threading.Thread(target=vote_in_a_loop)
    voter.start()
    try:
        _eventually(lambda: len(acked) >= 50)
        own_postgres.restart()  # fast: every connection of the pool is cut
        after = len(acked)
        _eventually(lambda: len(acked) >= after + 50 or bool(failures))
    finally:
        stop.set()
        voter.join(timeout=60)
    assert failures == []
    stored = _stored_messages(target)
    assert set(acked) <= stored
    # The votes that raised are the only ones not acknowledged (retried, some may be stored).
    assert stored - set(acked) <= set(unavailable)
    _vote(store, 0)
    assert store.vote_count() == len(stored) + 1
    store.close()


def test_while_postgres_is_down_calls_raise_unavailable_and_then_recover(
    own_postgres: PostgresServer,
) -> None:
    # With a password in the URL (the server trusts anyone): it never shows in what is said.
    url = own_postgres.create_database().replace("postgres@", "postgres:s3cret-pw@")
    store = open_store(url)
    assert "s3cret-pw" not in store.where
    _vote(store, 1)
    own_postgres.stop()
    try:
        with pytest.raises(StoreUnavailable, match="cannot reach PostgreSQL") as down:
            _vote(store, 2)
        assert "s3cret-pw" not in str(down.value)
        assert "postgres@127.0.0.1" in str(down.value)
        with pytest.raises(StoreUnavailable):
            store.vote_count()
        with pytest.raises(StoreUnavailable):
            store.knowledge_version()
        with pytest.raises(StoreUnavailable):
            store.announce_knowledge("h", by="t")
    finally:
        own_postgres.pg_ctl("start")

    def votes_again() -> bool:
        try:
            _vote(store, 3)
        except StoreUnavailable:
            return False
        return True

    _eventually(votes_again)  # the pool reconnects by itself
    assert store.vote_count() == 2
    store.close()


def test_opening_a_store_on_a_server_that_is_down_is_unavailable(
    own_postgres: PostgresServer,
) -> None:
    url = own_postgres.create_database()
    own_postgres.stop()
    with pytest.raises(StoreUnavailable, match="cannot reach PostgreSQL"):
        open_store(url)
