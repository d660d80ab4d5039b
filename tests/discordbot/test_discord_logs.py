"""Logs: text or one JSON object per line, never a token, and people's questions only with
LOG_QUESTIONS=1 (at INFO and above; discord.py's own DEBUG lines are for developers)."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from bot.config import Settings
from bot.discordbot.logs import JsonFormatter, RedactToken, TextFormatter, configure_logging
from bot.engine import Answered, Engine
from tests.discordbot.discord_support import TOKEN, FakeDiscord, Harness, eventually

SECRET = "MTIzNDU2Nzg5.Gabcde.a-very-secret-token-value"
# Questions with words that appear in no log line of ours.
PRIVATE = "Why did Putin visit Kazakhstan, asks Zebulon Quackenbush?"
PRIVATE_OFF = "Wie heißt die Katze von Zebulon Quackenbush?"
MARK = "Quackenbush"


def _record(msg: str, *args: Any, **extra: Any) -> logging.LogRecord:
    record = logging.LogRecord("bot.test", logging.INFO, __file__, 1, msg, args, None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_json_lines_carry_time_level_logger_message_and_context() -> None:
    record = _record("vote stored for %s", "a-pair", pair="a-pair", vote=1)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "INFO"
    assert entry["logger"] == "bot.test"
    assert entry["message"] == "vote stored for a-pair"
    assert entry["time"].endswith("+00:00")
    assert (entry["pair"], entry["vote"]) == ("a-pair", 1)


def test_json_lines_carry_the_traceback_in_one_line() -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.LogRecord(
            "bot.test", logging.ERROR, __file__, 1, "failed", None, exc_info=sys.exc_info()
        )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert "RuntimeError: boom" in json.loads(line)["exception"]


def test_text_lines_show_the_context_after_the_message() -> None:
    line = TextFormatter().format(_record("question: %s", "answer", source="slash", guild=None))
    assert line.endswith("bot.test: question: answer [source=slash guild=None]")


def test_the_token_is_redacted_everywhere() -> None:
    redact = RedactToken(SECRET)
    for record in (
        _record("token %s", SECRET),
        _record("context", where=f"Bot {SECRET}"),
        _record("a url", url=f"/interactions/123/{'x' * 40}/callback"),
    ):
        assert redact.filter(record)
        for formatter in (JsonFormatter(), TextFormatter()):
            text = formatter.format(record)
            assert SECRET not in text
            assert "x" * 40 not in text
    try:
        raise ValueError(f"401 for {SECRET}")
    except ValueError:
        record = logging.LogRecord(
            "bot.test", logging.ERROR, __file__, 1, "failed", None, exc_info=sys.exc_info()
        )
    redact.filter(record)
    assert SECRET not in JsonFormatter().format(record)
    assert SECRET not in TextFormatter().format(record)


@pytest.fixture
def root_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


def test_configure_logging_writes_json_to_stderr(
    root_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(Settings(token=SECRET, log_format="json"))
    logging.getLogger("bot.test").warning("the token is %s", SECRET, extra={"guild": 7})
    [line] = capsys.readouterr().err.splitlines()
    entry = json.loads(line)
    assert entry["message"] == "the token is <token>"
    assert entry["guild"] == 7


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _everything(records: list[logging.LogRecord], level: int) -> str:
    out = io.StringIO()
    formatter = JsonFormatter()
    for record in records:
        if record.levelno >= level:
            out.write(formatter.format(record) + "\n")
    return out.getvalue()


async def _ask_in_every_way(fake: FakeDiscord, engine: Engine, bot: Any) -> None:
    handle = await fake.interact_command("ask", {"question": PRIVATE})
    await handle.response()
    await (await fake.interact_command("ask", {"question": PRIVATE_OFF}, locale="de")).response()
    target = await fake.post_message(f"<@{fake.bot_user_id}> {PRIVATE}")
    await fake.wait_for_bot_message(fake.channel_id)
    menu = await fake.interact_command("Ask the article", command_type=3, target_message=target)
    await menu.response()
    await fake.interact_autocomplete("ask", {"question": PRIVATE})
    expected = engine.ask(PRIVATE, "en")
    assert isinstance(expected, Answered)
    vote = await fake.interact_component(handle, f"ab:vote:up:en:{expected.match.pair_id}")
    await vote.response()
    await eventually(lambda: not bot.events.in_flight)


@pytest.mark.parametrize("verbatim", [False, True])
async def test_questions_reach_the_log_only_with_log_questions(
    harness: Harness, fake: FakeDiscord, engine: Engine, verbatim: bool
) -> None:
    collect = _Collect()
    root = logging.getLogger()
    root.addHandler(collect)
    level = root.level
    root.setLevel(logging.DEBUG)
    try:
        bot = await harness.start(log_questions=verbatim)
        await _ask_in_every_way(fake, engine, bot)
    finally:
        root.removeHandler(collect)
        root.setLevel(level)
    ours = [r for r in collect.records if r.name.startswith("bot.")]
    questions = [r for r in ours if r.getMessage().startswith("question: ")]
    # /ask twice, the mention, the message menu: one line each (autocomplete and votes none).
    sources = sorted(getattr(r, "source", "") for r in questions)
    assert sources == ["context_menu", "message", "slash", "slash"]
    info = _everything(collect.records, logging.INFO)
    assert TOKEN not in _everything(collect.records, logging.DEBUG)
    if verbatim:
        assert MARK in info
        assert {getattr(r, "question", None) for r in questions} >= {PRIVATE, PRIVATE_OFF}
    else:
        assert MARK not in info, [line for line in info.splitlines() if MARK in line]
        assert all(not hasattr(r, "question") for r in questions)
        entry = json.loads(JsonFormatter().format(questions[0]))
        assert {entry["source"], entry["outcome"], entry["language"]} == {"slash", "answer", "en"}
