"""`db status` and `db upgrade`, run as a person would (a subprocess), on both backends; and the
other commands on a PostgreSQL store (DATABASE_URL)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.store import MIGRATIONS, SCHEMA_VERSION
from tests.cli.cli_helpers import RunCli
from tests.support.old_store import write_old_file
from tests.support.postgres import free_port
from tests.support.stores import StoreTarget


def _env(target: StoreTarget) -> dict[str, str]:
    if target.kind == "sqlite":
        return {"DATABASE_PATH": target.where}
    return {"DATABASE_URL": target.where}


def test_status_then_upgrade_then_status(run_cli: RunCli, store_target: StoreTarget) -> None:
    env = _env(store_target)
    before = run_cli("db", "status", env=env)
    assert before.returncode == 0, before.stderr
    assert f"backend: {store_target.kind}" in before.stdout
    assert f"version 0 (this bot knows {SCHEMA_VERSION})" in before.stdout
    assert f"pending: {len(MIGRATIONS)} migration(s)" in before.stdout
    if store_target.kind == "sqlite":
        assert not Path(store_target.where).exists()  # status creates nothing

    upgrade = run_cli("db", "upgrade", env=env)
    assert upgrade.returncode == 0, upgrade.stderr
    assert f"applied {len(MIGRATIONS)} migration(s)" in upgrade.stdout
    for migration in MIGRATIONS:
        assert f"{migration.version}  {migration.name}" in upgrade.stdout

    again = run_cli("db", "upgrade", env=env)
    assert again.returncode == 0, again.stderr
    assert "nothing applied" in again.stdout

    after = run_cli("db", "status", env=env)
    assert after.returncode == 0, after.stderr
    assert f"version {SCHEMA_VERSION} (this bot knows {SCHEMA_VERSION})" in after.stdout
    assert "pending: none" in after.stdout


def test_an_old_file_shows_what_is_pending_and_upgrades(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    write_old_file(path)
    status = run_cli("db", "status", env={"DATABASE_PATH": str(path)})
    assert "version 1 " in status.stdout
    assert f"pending: {SCHEMA_VERSION - 1} migration(s)" in status.stdout
    upgrade = run_cli("db", "upgrade", env={"DATABASE_PATH": str(path)})
    assert upgrade.returncode == 0, upgrade.stderr
    assert f"applied {SCHEMA_VERSION - 1} migration(s)" in upgrade.stdout
    assert "1  votes" not in upgrade.stdout


def test_a_newer_schema_is_refused_with_exit_1(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    env = {"DATABASE_PATH": str(path)}
    status = run_cli("db", "status", env=env)
    assert status.returncode == 1
    assert "newer than this bot knows" in status.stdout
    upgrade = run_cli("db", "upgrade", env=env)
    assert upgrade.returncode == 1
    assert "newer than this version of the bot knows" in upgrade.stderr
    assert "Traceback" not in upgrade.stderr


def test_an_unreachable_postgres_is_exit_2_without_the_password(run_cli: RunCli) -> None:
    url = f"postgresql://bot:s3cret-pw@127.0.0.1:{free_port()}/bot"  # nothing listens there
    done = run_cli("db", "status", env={"DATABASE_URL": url}, timeout=120)
    assert done.returncode == 2
    assert "cannot reach PostgreSQL at postgresql://bot@127.0.0.1" in done.stderr
    assert "s3cret-pw" not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr


def test_questions_asked_at_the_terminal_reach_the_review_queue_in_postgres(
    run_cli: RunCli, postgres_url: str, tiny_knowledge: Path
) -> None:
    env = {"DATABASE_URL": postgres_url, "KNOWLEDGE_DIR": str(tiny_knowledge)}
    asked = run_cli("ask", "Wie ist das Wetter morgen in Berlin?", env=env)
    assert asked.returncode == 0, asked.stderr
    target = StoreTarget("postgresql", postgres_url)
    assert target.query("SELECT question, source FROM questions") == [
        ("Wie ist das Wetter morgen in Berlin?", "cli_ask")
    ]
    report = run_cli("feedback", env=env)
    assert report.returncode == 0, report.stderr
    assert "Wie ist das Wetter morgen in Berlin?" in report.stdout
    assert "postgresql://postgres@127.0.0.1" in report.stdout
