"""Questions asked at the terminal are recorded in the bot's store, unless --no-record; recording
never breaks answering."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.cli_helpers import RunCli

# Off topic, with questions near enough to be recorded as its candidates.
OFF_TOPIC = "Wie ist das Wetter morgen in Astana?"
ANSWERED = "wer ist tokajew"


def _questions(db: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT question, outcome, source FROM questions").fetchall()


def test_ask_records_weak_spots_and_counts_answers(run_cli: RunCli, tmp_path: Path) -> None:
    env = {"DATA_DIR": str(tmp_path)}
    assert run_cli("ask", OFF_TOPIC, env=env).returncode == 0
    assert run_cli("ask", ANSWERED, env=env).returncode == 0
    db = tmp_path / "feedback.sqlite3"
    assert _questions(db) == [(OFF_TOPIC, "none", "cli_ask")]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT pair_id, n FROM pair_answers").fetchall() == [
            ("besuch-praesident-tokajew", 1)
        ]
        [(candidates,)] = conn.execute("SELECT candidates FROM questions").fetchall()
    assert candidates.startswith('[{"id": ')


def test_no_record_keeps_nothing(run_cli: RunCli, tmp_path: Path) -> None:
    env = {"DATA_DIR": str(tmp_path)}
    assert run_cli("--no-record", "ask", OFF_TOPIC, env=env).returncode == 0
    assert run_cli("ask", "--json", OFF_TOPIC, "--no-record", env=env).returncode == 0
    assert run_cli("chat", "--no-record", stdin=OFF_TOPIC + "\n", env=env).returncode == 0
    assert not (tmp_path / "feedback.sqlite3").exists()


def test_the_prompt_and_ask_dash_record_each_question(run_cli: RunCli, tmp_path: Path) -> None:
    env = {"DATA_DIR": str(tmp_path)}
    assert run_cli("chat", stdin=f"{OFF_TOPIC}\n:topics\n", env=env).returncode == 0
    assert (
        run_cli("ask", "--json", "-", stdin=f"{OFF_TOPIC}\n{ANSWERED}\n", env=env).returncode == 0
    )
    assert _questions(tmp_path / "feedback.sqlite3") == [
        (OFF_TOPIC, "none", "prompt"),
        (OFF_TOPIC, "none", "cli_ask"),
    ]


def test_a_store_that_cannot_be_written_never_breaks_answering(
    run_cli: RunCli, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    done = run_cli("ask", OFF_TOPIC, env={"DATABASE_PATH": str(blocker / "feedback.sqlite3")})
    assert done.returncode == 0
    assert "keine Antwort" in done.stdout
    assert "not recorded" in done.stderr
    assert "Traceback" not in done.stderr
