"""How the bot logs: to stderr, as text for people (LOG_FORMAT=text, the default) or one JSON
object per line (LOG_FORMAT=json) with `time`, `level`, `logger`, `message`, the line's context
(whatever a call passed as `extra=`) and `exception` when there is one.

Never in a log line: the bot token (`RedactToken` replaces it wherever it would appear, and the
tokens of interaction webhooks too) and, unless LOG_QUESTIONS=1, the text of people's questions
(`log_question` is the one place a question is logged; every other line carries ids only).
discord.py's own DEBUG lines do carry raw events, questions included: DEBUG is for developers.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

import discord

from bot.config import Settings
from bot.engine import Answered, DidYouMean, NoAnswer, PassageFound, Result

# Attributes every LogRecord has; anything else on a record came with `extra=`.
_STANDARD = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys() | {"message", "asctime"}
)
# The token of an interaction's webhook, in a callback or webhook URL.
_WEBHOOK_TOKEN = re.compile(r"(/(?:interactions|webhooks)/\d+/)[A-Za-z0-9_.\-]{20,}")
_COLOURS = {
    logging.DEBUG: "\x1b[40;1m",
    logging.INFO: "\x1b[34;1m",
    logging.WARNING: "\x1b[33;1m",
    logging.ERROR: "\x1b[31m",
    logging.CRITICAL: "\x1b[41m",
}


def context_of(record: logging.LogRecord) -> dict[str, Any]:
    """What a log call passed as `extra=`."""
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


class RedactToken(logging.Filter):
    """Replaces the token in any log line, should one ever carry it (defence in depth): in the
    message, in a traceback, in the context. Interaction webhook tokens in URLs go as well."""

    def __init__(self, token: str | None) -> None:
        super().__init__()
        self.token = token if token and len(token) >= 8 else None

    def redact(self, text: str) -> str:
        """`text` without tokens."""
        if self.token and self.token in text:
            text = text.replace(self.token, "<token>")
        return _WEBHOOK_TOKEN.sub(r"\1<token>", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self.redact(message)
        if clean != message:
            record.msg = clean
            record.args = None
        if record.exc_info and not record.exc_text:
            # Formatted here so that the formatter uses the clean text (it keeps exc_text).
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        for key, value in context_of(record).items():
            if isinstance(value, str):
                setattr(record, key, self.redact(value))
        return True


class TextFormatter(logging.Formatter):
    """`time LEVEL logger: message [key=value ...]`, the level coloured on a terminal."""

    def __init__(self, *, colour: bool = False) -> None:
        super().__init__("%(asctime)s %(levelname)-8s %(name)s: %(message)s")
        self.colour = colour

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        context = context_of(record)
        if context:
            pairs = " ".join(f"{k}={_text(v)}" for k, v in context.items())
            first, newline, rest = text.partition("\n")
            text = f"{first} [{pairs}]{newline}{rest}"
        if self.colour:
            level = f"{record.levelname:<8}"
            text = text.replace(level, f"{_COLOURS.get(record.levelno, '')}{level}\x1b[0m", 1)
        return text


def _text(value: Any) -> str:
    text = str(value)
    return json.dumps(text, ensure_ascii=False) if not text or " " in text else text


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the context,
    and `exception` (the traceback as text) when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in context_of(record).items():
            entry.setdefault(key, value)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(settings: Settings) -> None:
    """Log to stderr at LOG_LEVEL in LOG_FORMAT, with the token redacted."""
    handler = logging.StreamHandler()
    handler.addFilter(RedactToken(settings.token))
    formatter: logging.Formatter
    if settings.log_format == "json":
        formatter = JsonFormatter()
    else:
        # Colours only on a terminal (not in a container's log, not in a file).
        formatter = TextFormatter(colour=handler.stream.isatty() and sys.platform != "win32")
    discord.utils.setup_logging(
        handler=handler, formatter=formatter, level=settings.log_level_number, root=True
    )


def log_question(
    logger: logging.Logger,
    result: Result,
    *,
    source: str,
    guild_id: int | None,
    verbatim: bool,
) -> None:
    """The one INFO line each question gets: what became of it, with ids and scores; its text
    only if `verbatim` (LOG_QUESTIONS=1)."""
    context: dict[str, Any] = {
        "source": source,
        "outcome": result.kind,
        "language": result.language,
        "guild": guild_id,
    }
    if isinstance(result, Answered):
        context.update(pair=result.match.pair_id, score=round(result.match.score, 1))
    elif isinstance(result, DidYouMean):
        context.update(candidates=",".join(c.pair_id for c in result.candidates))
    elif isinstance(result, PassageFound):
        context.update(paragraph=result.paragraph.number, score=round(result.score, 1))
    elif isinstance(result, NoAnswer):
        context.update(reason=result.reason)
    if verbatim:
        context["question"] = result.question
    logger.info("question: %s", result.kind, extra=context)
