"""`python -m bot chat` and `python -m bot` without a token: the local question prompt."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.prompt import run_prompt
from bot.engine import Answered, DidYouMean, Engine, SmallTalk
from bot.texts import smalltalk_reply
from tests.cli.cli_helpers import RunCli, words
from tests.support.paths import REPO_ROOT

GERMAN = "Wann und wo trafen sich Putin und Tokajew?"
ENGLISH = "How long is the CPC pipeline?"


def expected_answer(engine: Engine, question: str) -> str:
    result = engine.ask(question)
    assert isinstance(result, Answered), result
    return words(result.answer)


def test_chat_answers_piped_questions_and_exits_at_eof(run_cli: RunCli, engine: Engine) -> None:
    greeting = engine.ask("hallo")
    assert isinstance(greeting, SmallTalk)
    done = run_cli("chat", stdin=f"hallo\n{GERMAN}\n\n{ENGLISH}\n")
    assert done.returncode == 0
    assert "Traceback" not in done.stderr
    out = words(done.stdout)
    assert words(smalltalk_reply(greeting.intent, greeting.language, engine.kb)) in out
    assert expected_answer(engine, GERMAN) in out
    assert expected_answer(engine, ENGLISH) in out
    assert out.index(expected_answer(engine, GERMAN)) < out.index(expected_answer(engine, ENGLISH))


def test_chat_stops_at_quit(run_cli: RunCli, engine: Engine) -> None:
    done = run_cli("chat", stdin=f"{GERMAN}\n:quit\n{ENGLISH}\n")
    assert done.returncode == 0
    out = words(done.stdout)
    assert expected_answer(engine, GERMAN) in out
    assert expected_answer(engine, ENGLISH) not in out


def test_chat_commands(run_cli: RunCli, engine: Engine) -> None:
    paragraph = engine.kb.article.content_paragraphs[0]
    done = run_cli("chat", stdin=f":topics\n:source {paragraph.number}\n:source 9999\n:help\n")
    assert done.returncode == 0
    assert "Traceback" not in done.stderr
    out = words(done.stdout)
    for pair in engine.kb.pairs:
        assert words(pair.question["de"]) in out
    assert words(paragraph.text) in out


def test_chat_answers_a_picked_suggestion(
    run_cli: RunCli, tiny_knowledge: Path, tiny_engine: Engine
) -> None:
    offered = tiny_engine.ask("Zoo Astana")
    assert isinstance(offered, DidYouMean)
    second = offered.candidates[1]
    picked = tiny_engine.answer_pair(second.pair_id, offered.language)
    assert picked is not None
    done = run_cli("--knowledge", tiny_knowledge, "chat", stdin="Zoo Astana\n2\n")
    assert done.returncode == 0
    out = words(done.stdout)
    for candidate in offered.candidates:
        assert words(candidate.question) in out
    assert words(picked.answer) in out


def test_run_prompt_in_process(engine: Engine) -> None:
    stdin, stdout = io.StringIO(f"{GERMAN}\n\n\x00\n{'x' * 10_000}\n"), io.StringIO()
    assert run_prompt(engine, stdin=stdin, stdout=stdout) == 0
    assert expected_answer(engine, GERMAN) in words(stdout.getvalue())


def test_python_m_bot_without_a_token_opens_the_local_prompt(
    run_cli: RunCli, engine: Engine, tmp_path: Path
) -> None:
    """No DISCORD_TOKEN in the environment and no .env in the working directory."""
    assert not (tmp_path / ".env").exists()
    done = run_cli(stdin=f"{GERMAN}\n{ENGLISH}\n", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "DISCORD_TOKEN" in done.stdout
    out = words(done.stdout)
    assert expected_answer(engine, GERMAN) in out
    assert expected_answer(engine, ENGLISH) in out


@pytest.mark.parametrize(
    "code",
    [
        "import sys, bot.engine, bot.cli.main; assert 'discord' not in sys.modules",
        (
            "import sys, bot.cli.main, bot.cli.prompt, bot.cli.kb_check, bot.cli.evaluate,"
            " bot.cli.render_text, bot.cli.result_json; assert 'discord' not in sys.modules"
        ),
        (
            "import sys; from bot.cli.main import main;"
            " assert main(['ask', '--json', 'Wann war das Treffen?']) == 0;"
            " assert main(['kb', 'check']) == 0; assert 'discord' not in sys.modules"
        ),
    ],
    ids=["import", "every-cli-module", "ask-and-kb-check"],
)
def test_the_command_line_does_not_import_discord(code: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
