"""Starting `python -m bot` from anywhere: the env file it reads (--env-file, ENV_FILE, .env in the
current directory), the data folder (DATA_DIR, else the XDG data home), no token without a
terminal (how a service manager starts it) and a `python` without the bot's dependencies.

Every run is a subprocess in a temporary directory, never in the checkout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.engine import Engine
from tests.cli.cli_helpers import RunCli, clean_env, words
from tests.support.knowledge import TINY_TEXTS
from tests.support.terminal import bot_at_a_terminal

GERMAN = "Wann und wo trafen sich Putin und Tokajew?"


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """A home of its own, so that no run reads or writes the real user's data folder."""
    (tmp_path / "home").mkdir()
    return {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": ""}


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working directory with nothing of the bot in it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def _asks_the_tiny_article(stdout: str) -> bool:
    reply = json.loads(stdout)
    return bool(TINY_TEXTS["de"]["subject"] in (reply["answer"] or ""))


# --- the env file ------------------------------------------------------------------------------


def test_env_file_in_the_current_directory_is_read(
    run_cli: RunCli, tiny_knowledge: Path, elsewhere: Path, home: dict[str, str]
) -> None:
    (elsewhere / ".env").write_text(f"KNOWLEDGE_DIR={tiny_knowledge}\n", encoding="utf-8")
    done = run_cli("ask", "--json", "hallo", cwd=elsewhere, env=home)
    assert done.returncode == 0, done.stderr
    assert _asks_the_tiny_article(done.stdout)


@pytest.mark.parametrize("how", ["--env-file", "ENV_FILE"])
def test_an_env_file_named_is_read_from_anywhere(
    how: str, run_cli: RunCli, tiny_knowledge: Path, elsewhere: Path, home: dict[str, str]
) -> None:
    named = elsewhere.parent / "etc" / "article-bot.env"
    named.parent.mkdir()
    named.write_text(f"KNOWLEDGE_DIR={tiny_knowledge}\n", encoding="utf-8")
    # A .env in the current directory is not read when another file is named.
    (elsewhere / ".env").write_text("LOG_LEVEL=LOUD\n", encoding="utf-8")
    if how == "--env-file":
        done = run_cli("--env-file", named, "ask", "--json", "hallo", cwd=elsewhere, env=home)
    else:
        env = {**home, "ENV_FILE": str(named)}
        done = run_cli("ask", "--json", "hallo", cwd=elsewhere, env=env)
    assert done.returncode == 0, done.stderr
    assert _asks_the_tiny_article(done.stdout)


def test_the_environment_wins_over_the_env_file(
    run_cli: RunCli, tiny_knowledge: Path, tmp_path: Path, elsewhere: Path, home: dict[str, str]
) -> None:
    named = tmp_path / "bot.env"
    named.write_text("KNOWLEDGE_DIR=/no/such/folder\n", encoding="utf-8")
    env = {**home, "KNOWLEDGE_DIR": str(tiny_knowledge)}
    done = run_cli("--env-file", named, "ask", "--json", "hallo", cwd=elsewhere, env=env)
    assert done.returncode == 0, done.stderr
    assert _asks_the_tiny_article(done.stdout)


@pytest.mark.parametrize("how", ["--env-file", "ENV_FILE"])
def test_a_named_env_file_that_is_missing_is_an_error(
    how: str, run_cli: RunCli, elsewhere: Path, home: dict[str, str]
) -> None:
    missing = elsewhere / "missing.env"
    if how == "--env-file":
        done = run_cli("--env-file", missing, "ask", "hallo", cwd=elsewhere, env=home)
    else:
        done = run_cli("ask", "hallo", cwd=elsewhere, env={**home, "ENV_FILE": str(missing)})
    assert done.returncode == 2
    assert str(missing) in done.stderr
    assert "no such file" in done.stderr
    assert "Traceback" not in done.stderr


# --- the data folder ---------------------------------------------------------------------------


def _feedback_file(done: subprocess.CompletedProcess[str]) -> Path:
    """The store `feedback` reports on (it says so when there is none yet)."""
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip().splitlines()[0]
    assert line.startswith("No feedback yet: "), line
    return Path(line.removeprefix("No feedback yet: ").split(" does not exist")[0])


def test_the_data_folder_does_not_depend_on_the_current_directory(
    run_cli: RunCli, tmp_path: Path, elsewhere: Path, home: dict[str, str]
) -> None:
    default = _feedback_file(run_cli("feedback", cwd=elsewhere, env=home))
    assert default == Path(home["HOME"]) / ".local/share/article-bot/feedback.sqlite3"
    xdg = {**home, "XDG_DATA_HOME": str(tmp_path / "xdg")}
    assert _feedback_file(run_cli("feedback", cwd=elsewhere, env=xdg)) == (
        tmp_path / "xdg/article-bot/feedback.sqlite3"
    )
    data = {**home, "DATA_DIR": str(tmp_path / "data")}
    assert _feedback_file(run_cli("feedback", cwd=elsewhere, env=data)) == (
        tmp_path / "data/feedback.sqlite3"
    )
    database = {**data, "DATABASE_PATH": str(tmp_path / "votes.sqlite3")}
    assert _feedback_file(run_cli("feedback", cwd=elsewhere, env=database)) == (
        tmp_path / "votes.sqlite3"
    )
    assert not (elsewhere / "data").exists()


# --- no token ----------------------------------------------------------------------------------


@pytest.mark.parametrize("stdin", ["piped", "null"])
def test_no_token_and_no_terminal_exits_non_zero_with_one_line(
    stdin: str, elsewhere: Path, home: dict[str, str]
) -> None:
    """As systemd starts it (standard input /dev/null) or as a pipe would: not the prompt, which
    would meet the end of its input and exit 0 as if all were well."""
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        input="Wann war das Treffen?\n" if stdin == "piped" else None,
        stdin=subprocess.DEVNULL if stdin == "null" else None,
        cwd=elsewhere,
        env=clean_env(home),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "no DISCORD_TOKEN found" in lines[0]
    assert str(elsewhere / ".env") in lines[0]  # where it looked
    assert "ask --json -" in lines[0]
    assert "chat" in lines[0]


def test_no_token_names_the_env_file_it_read(
    run_cli: RunCli, tmp_path: Path, elsewhere: Path, home: dict[str, str]
) -> None:
    named = tmp_path / "bot.env"
    named.write_text("DISCORD_TOKEN=\n", encoding="utf-8")
    done = run_cli("--env-file", named, stdin="", cwd=elsewhere, env=home)
    assert done.returncode == 2
    assert f"in {named})" in done.stderr
    done = run_cli("sync", cwd=elsewhere, env={**home, "ENV_FILE": str(named)})
    assert done.returncode == 2
    assert "sync needs the bot's token" in done.stderr
    assert str(named) in done.stderr


def test_piping_questions_in_still_works_without_a_token(
    run_cli: RunCli, engine: Engine, elsewhere: Path, home: dict[str, str]
) -> None:
    asked = run_cli("ask", "--json", "-", stdin=f"{GERMAN}\n", cwd=elsewhere, env=home)
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout)["kind"] == "answer"
    chatted = run_cli("chat", stdin=f"{GERMAN}\n", cwd=elsewhere, env=home)
    assert chatted.returncode == 0, chatted.stderr
    answer = engine.ask(GERMAN)
    assert words(getattr(answer, "answer", "")) in words(chatted.stdout)


def test_without_a_token_at_a_terminal_the_local_prompt_opens(
    engine: Engine, elsewhere: Path, home: dict[str, str]
) -> None:
    """What `make run` does without a token: a person at a terminal gets the prompt."""
    pytest.importorskip("pty")
    with bot_at_a_terminal([], cwd=elsewhere, env=clean_env(home)) as term:
        banner = term.read_until(b"? ")
        term.type(GERMAN.encode() + b"\r")
        answered = term.read_until(b"\n? ")
        term.type(b"\x04")  # Ctrl-D: end of input
        code = term.child.wait(timeout=30)
    assert code == 0
    assert b"DISCORD_TOKEN" in banner  # it says that it is local
    assert b"Astana" in answered
    assert b"Traceback" not in banner + answered


# --- a python without the bot's dependencies ---------------------------------------------------


def test_a_python_without_the_dependencies_says_which_to_use(elsewhere: Path) -> None:
    """`python -m bot sync` outside an activated venv runs the system's python: in a checkout it
    finds bot/ but none of its dependencies. `-S` (no site-packages) stands in for that python."""
    done = subprocess.run(
        [sys.executable, "-S", "-m", "bot", "sync"],
        cwd=elsewhere,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "No module named" in lines[0]
    assert ".venv/bin/python -m bot" in lines[0]
