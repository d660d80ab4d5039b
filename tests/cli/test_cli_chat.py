"""`python -m bot chat`: the local question prompt. (`python -m bot` without a token at a terminal
opens it too: tests/cli/test_cli_start.py.)"""

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
from tests.support.terminal import bot_at_a_terminal

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


# --- the prompt as a person uses it ------------------------------------------------------------


def _chat(engine: Engine, lines: str) -> str:
    out = io.StringIO()
    assert run_prompt(engine, stdin=io.StringIO(lines), stdout=out) == 0
    return out.getvalue()


def _exchanges(output: str) -> dict[str, str]:
    """What the prompt printed after each echoed line ('? line')."""
    parts = output.split("\n? ")[1:]
    return {p.split("\n", 1)[0]: p.split("\n", 1)[1] if "\n" in p else "" for p in parts}


@pytest.mark.parametrize("typo", [":topic", ":sorce 3", ":hilfe", ":Quit"])
def test_a_mistyped_command_is_not_asked_as_a_question(engine: Engine, typo: str) -> None:
    said = _exchanges(_chat(engine, f"{typo}\n"))[typo]
    assert f"{typo.split(maxsplit=1)[0]}" in said
    assert ":topics" in said  # the commands that exist
    # Not an answer, not a "the article does not say".
    assert "»" not in said
    assert "no_answer" not in said
    assert said.strip().splitlines()[0].startswith(("Unbekannter Befehl", "Unknown command"))


def test_every_message_of_an_exchange_is_in_the_language_of_the_last_question(
    engine: Engine,
) -> None:
    output = _chat(
        engine,
        f"{ENGLISH}\n:source 0\n:source abc\n:topic\n{GERMAN}\n:source 0\n:source abc\n:topic\n",
    )
    parts = output.split("\n? ")[1:]
    english, german = parts[1:4], parts[5:8]
    assert english[0].split("\n", 1)[1].startswith("The article has paragraphs")
    assert english[1].split("\n", 1)[1].startswith("Usage: :source N")
    assert english[2].split("\n", 1)[1].startswith("Unknown command :topic")
    assert german[0].split("\n", 1)[1].startswith("Der Artikel hat die Absätze")
    assert german[1].split("\n", 1)[1].startswith("So geht's: :source N")
    assert german[2].split("\n", 1)[1].startswith("Unbekannter Befehl :topic")


def test_one_shot_ask_does_not_mention_what_only_the_prompt_understands(
    run_cli: RunCli, engine: Engine
) -> None:
    unanswered = "Wie ist das Wetter morgen in Paris?"
    offered = next(
        q
        for q in ("Putin", "Tokajew", "Kasachstan", "Pipeline")
        if isinstance(engine.ask(q), DidYouMean)
    )
    for question in (unanswered, offered):
        done = run_cli("ask", question)
        assert done.returncode == 0, done.stderr
        assert ":topics" not in done.stdout
        assert "Nummer" not in done.stdout
        assert "number" not in done.stdout
    # ...while the prompt does tell.
    output = _chat(engine, f"{unanswered}\n{offered}\n")
    assert ":topics" in output
    assert "Nummer" in output or "number" in output


class _CtrlC(io.StringIO):
    """Standard input on which the person presses Ctrl-C after the given lines."""

    def readline(self, size: int | None = -1) -> str:
        line = super().readline()
        if not line:
            raise KeyboardInterrupt
        return line


def test_ctrl_c_at_the_prompt_leaves_quietly(engine: Engine) -> None:
    out = io.StringIO()
    assert run_prompt(engine, stdin=_CtrlC(f"{GERMAN}\n"), stdout=out) == 0
    said = out.getvalue()
    assert expected_answer(engine, GERMAN) in words(said)
    assert said.rstrip().endswith("Tschüss!")


def test_the_prompt_edits_lines_at_a_terminal() -> None:
    """At a real terminal (a pty): arrow-up recalls the last question, :quit leaves."""
    pytest.importorskip("pty")
    with bot_at_a_terminal(["chat"], cwd=REPO_ROOT) as term:
        term.read_until(b"? ")
        term.type(b"wer ist tokajew\r")
        assert b"Tokajew" in term.read_until(b"\n? ")
        term.type(b"\x1b[A bitte\r")  # arrow up, then more words: the line is recalled
        recalled = term.read_until(b"\n? ")
        assert b"wer ist tokajew bitte" in recalled
        assert b"^[[A" not in recalled
        term.type(b":quit\r")
        code = term.child.wait(timeout=30)
        rest = term.read_until(b"\xff", timeout=2)
    assert code == 0
    assert b"Traceback" not in rest
