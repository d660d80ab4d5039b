"""Settings from the environment and an optional `.env` file, checked once at start.

Environment variables win over the `.env` file. Every invalid value is reported in one
`ConfigError`, written for the person running the bot. No Discord import here: the CLI reads
settings without touching Discord.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from dotenv import dotenv_values

from bot.engine import default_knowledge_dir

T = TypeVar("T")

DEFAULT_DATABASE_PATH = Path("data/feedback.sqlite3")
DEFAULT_COOLDOWN_SECONDS = 30.0
DEFAULT_COOLDOWN_RATE = 5
DEFAULT_MAX_QUESTION_CHARS = 300
# Discord's own cap on a string option of a slash command.
MAX_QUESTION_CHARS_LIMIT = 6000
DEFAULT_MANAGE_PERMISSION = "manage_guild"
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")

_PERMISSION_NAME = re.compile(r"^[a-z][a-z_]*[a-z]$")
_NO_IDS: tuple[int, ...] = ()
_ARTICLE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Every setting the bot reads, for `.env.example` and error messages.
KEYS = (
    "DISCORD_TOKEN",
    "DISCORD_DEV_GUILD_ID",
    "DISCORD_API_BASE",
    "DISCORD_GATEWAY_URL",
    "ASK_CHANNEL_IDS",
    "SHARD_COUNT",
    "SHARD_IDS",
    "DATABASE_PATH",
    "KNOWLEDGE_DIR",
    "ARTICLE_ID",
    "ASK_COOLDOWN_SECONDS",
    "ASK_COOLDOWN_RATE",
    "MAX_QUESTION_CHARS",
    "LOG_LEVEL",
    "MANAGE_PERMISSION",
)


class ConfigError(Exception):
    """One or more settings are invalid; the message lists each one for the user."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"invalid settings ({len(problems)}):\n{lines}")


@dataclass(frozen=True)
class Settings:
    """Everything the bot is configured with. `repr` never shows the token."""

    token: str | None = field(default=None, repr=False)
    dev_guild_id: int | None = None
    api_base: str | None = None
    gateway_url: str | None = None
    ask_channel_ids: frozenset[int] = frozenset()
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    database_path: Path = DEFAULT_DATABASE_PATH
    knowledge_dir: Path = field(default_factory=default_knowledge_dir)
    article_id: str | None = None
    ask_cooldown_seconds: float = DEFAULT_COOLDOWN_SECONDS
    ask_cooldown_rate: int = DEFAULT_COOLDOWN_RATE
    max_question_chars: int = DEFAULT_MAX_QUESTION_CHARS
    log_level: str = "INFO"
    manage_permission: str = DEFAULT_MANAGE_PERMISSION

    @property
    def has_token(self) -> bool:
        """Whether a token is set (the CLI then connects to Discord)."""
        return bool(self.token)

    @property
    def token_hint(self) -> str:
        """A safe stand-in for the token in messages: set or not, never any of its characters."""
        return "<set>" if self.token else "<not set>"

    @property
    def log_level_number(self) -> int:
        """The log level as the logging module's number."""
        return logging.getLevelNamesMapping()[self.log_level]


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> Settings:
    """Read the settings: `environ` (default os.environ) over `env_file` (if it exists).

    Raises ConfigError listing every invalid value.
    """
    env: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        env.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    env.update(os.environ if environ is None else environ)
    return _Reader(env).settings()


class _Reader:
    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.problems: list[str] = []

    def raw(self, key: str) -> str | None:
        value = self.env.get(key)
        if value is None:
            return None
        value = value.strip()
        return value or None

    def parse(self, key: str, convert: Callable[[str], T], default: T) -> T:
        value = self.raw(key)
        if value is None:
            return default
        try:
            return convert(value)
        except ValueError as exc:
            self.problems.append(f"{key}={_shown(key, value)}: {exc}")
            return default

    def settings(self) -> Settings:
        shard_count = self.parse("SHARD_COUNT", _positive_int, None)
        shard_ids = self.parse("SHARD_IDS", _int_list, None)
        if shard_ids is not None:
            if shard_count is None:
                self.problems.append("SHARD_IDS needs SHARD_COUNT (how many shards in total).")
            elif any(i >= shard_count for i in shard_ids):
                self.problems.append(
                    f"SHARD_IDS={','.join(map(str, shard_ids))}: every id must be below "
                    f"SHARD_COUNT={shard_count}."
                )
        knowledge_dir = self.parse("KNOWLEDGE_DIR", _directory, default_knowledge_dir())
        settings = Settings(
            token=self.parse("DISCORD_TOKEN", _token, None),
            dev_guild_id=self.parse("DISCORD_DEV_GUILD_ID", _snowflake, None),
            api_base=self.parse("DISCORD_API_BASE", _http_url, None),
            gateway_url=self.parse("DISCORD_GATEWAY_URL", _ws_url, None),
            ask_channel_ids=frozenset(self.parse("ASK_CHANNEL_IDS", _snowflake_list, _NO_IDS)),
            shard_count=shard_count,
            shard_ids=shard_ids,
            database_path=self.parse("DATABASE_PATH", Path, DEFAULT_DATABASE_PATH),
            knowledge_dir=knowledge_dir,
            article_id=self.parse("ARTICLE_ID", _article_id, None),
            ask_cooldown_seconds=self.parse(
                "ASK_COOLDOWN_SECONDS", _non_negative_float, DEFAULT_COOLDOWN_SECONDS
            ),
            ask_cooldown_rate=self.parse("ASK_COOLDOWN_RATE", _positive_int, DEFAULT_COOLDOWN_RATE),
            max_question_chars=self.parse(
                "MAX_QUESTION_CHARS", _question_chars, DEFAULT_MAX_QUESTION_CHARS
            ),
            log_level=self.parse("LOG_LEVEL", _log_level, "INFO"),
            manage_permission=self.parse(
                "MANAGE_PERMISSION", _permission_name, DEFAULT_MANAGE_PERMISSION
            ),
        )
        if self.problems:
            raise ConfigError(self.problems)
        return settings


def _shown(key: str, value: str) -> str:
    # Never echo a token back, not even a broken one.
    return "<hidden>" if key == "DISCORD_TOKEN" else repr(value)


def _token(value: str) -> str:
    value = value.strip("'\"")
    if value.lower().startswith("bot "):
        raise ValueError("give the bare token, without the 'Bot ' prefix")
    if any(c.isspace() for c in value):
        raise ValueError("a token has no spaces")
    return value


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError("not a whole number") from None


def _positive_int(value: str) -> int:
    number = _int(value)
    if number < 1:
        raise ValueError("must be 1 or more")
    return number


def _non_negative_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError("not a number") from None
    if not number >= 0 or number == float("inf"):
        raise ValueError("must be 0 or more (0 turns the cooldown off)")
    return number


def _question_chars(value: str) -> int:
    number = _int(value)
    if not 1 <= number <= MAX_QUESTION_CHARS_LIMIT:
        raise ValueError(f"must be between 1 and {MAX_QUESTION_CHARS_LIMIT}")
    return number


def _snowflake(value: str) -> int:
    number = _int(value)
    if not 0 < number < 2**64:
        raise ValueError("not a Discord id (a positive number)")
    return number


def _items(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _snowflake_list(value: str) -> tuple[int, ...]:
    return tuple(_snowflake(part) for part in _items(value))


def _int_list(value: str) -> tuple[int, ...]:
    numbers = tuple(_int(part) for part in _items(value))
    if any(n < 0 for n in numbers):
        raise ValueError("shard ids start at 0")
    if len(set(numbers)) != len(numbers):
        raise ValueError("a shard id is listed twice")
    return numbers


def _url(value: str, schemes: tuple[str, ...]) -> str:
    parts = urlsplit(value)
    if parts.scheme not in schemes or not parts.netloc:
        raise ValueError(f"not a {' or '.join(schemes)} URL")
    return value


def _http_url(value: str) -> str:
    # discord.py appends paths that start with '/' to this base.
    return _url(value, ("http", "https")).rstrip("/")


def _ws_url(value: str) -> str:
    return _url(value, ("ws", "wss"))


def _directory(value: str) -> Path:
    path = Path(value).expanduser()
    if not path.is_dir():
        raise ValueError("no such folder")
    return path


def _article_id(value: str) -> str:
    if not _ARTICLE_ID.match(value):
        raise ValueError("an article id is lower-case words joined by '-'")
    return value


def _log_level(value: str) -> str:
    level = value.upper()
    if level not in LOG_LEVELS:
        raise ValueError(f"one of {', '.join(LOG_LEVELS)}")
    return level


def _permission_name(value: str) -> str:
    if not _PERMISSION_NAME.match(value):
        raise ValueError("a Discord permission name such as manage_guild")
    return value
