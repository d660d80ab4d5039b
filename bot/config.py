"""Settings from the environment and an optional `.env` file, checked once at start.

Every setting is declared once, as a field of `Settings` made by `setting()`: its environment
name, parser, default and help text. From that declaration follow `SETTINGS` (the table), `KEYS`,
the reading and checking in `load_settings` and the text of `.env.example` (`env_example()`).

Environment variables win over the `.env` file. Every invalid value is reported in one
`ConfigError`, written for the person running the bot; a token is never shown. No Discord import
here: the CLI reads settings without touching Discord.
"""

from __future__ import annotations

import enum
import logging
import os
import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Final, Literal, TypeVar
from urllib.parse import urlsplit

from bot.engine import default_knowledge_dir

T = TypeVar("T")

# The env file read unless ENV_FILE or --env-file names another: .env in the current directory.
DEFAULT_ENV_FILE = Path(".env")
# The folder under the user's data home (XDG), and the store's file name inside DATA_DIR.
DATA_FOLDER = "article-bot"
DATABASE_FILE = "feedback.sqlite3"
DEFAULT_COOLDOWN_SECONDS = 30.0
DEFAULT_COOLDOWN_RATE = 5
DEFAULT_MAX_QUESTION_CHARS = 300
# Discord's own cap on a string option of a slash command.
MAX_QUESTION_CHARS_LIMIT = 6000
DEFAULT_MANAGE_PERMISSION = "manage_guild"
DEFAULT_LOG_LEVEL = "INFO"
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
DEFAULT_LOG_FORMAT = "text"
LOG_FORMATS = ("text", "json")
DEFAULT_STATUS_HOST = "127.0.0.1"

_PERMISSION_NAME = re.compile(r"^[a-z][a-z_]*[a-z]$")
_ARTICLE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The key under which a `Settings` field keeps its declaration.
_DECLARATION = "setting"
# `.env.example` lines stay within 100 characters, "# " included.
_COMMENT_WIDTH = 98

ENV_EXAMPLE_HEADER = """\
# Settings of the article bot. Copy to .env (never commit .env) or set them in the environment;
# environment variables win over this file. It is read from the current directory, or from the
# file named by ENV_FILE or --env-file. Only DISCORD_TOKEN is needed to connect to Discord: without
# it, `python -m bot` at a terminal opens the local prompt.
#
# Generated from bot/config.py; after changing a setting there, regenerate it with
#   python -c "from bot.config import env_example; print(env_example(), end='')" > .env.example"""


def default_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """DATA_DIR unless set: $XDG_DATA_HOME/article-bot, or ~/.local/share/article-bot (the XDG
    base directory default); never the current directory. A relative XDG_DATA_HOME is ignored, as
    the XDG specification says."""
    env = os.environ if environ is None else environ
    xdg = env.get("XDG_DATA_HOME", "").strip()
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / DATA_FOLDER
    home = env.get("HOME", "").strip()
    try:
        base = Path(home) if home else Path.home()
    except RuntimeError:  # no HOME and no password entry (an arbitrary container uid)
        return Path("/var/lib") / DATA_FOLDER
    return base / ".local" / "share" / DATA_FOLDER


DEFAULT_DATA_DIR = default_data_dir()
DEFAULT_DATABASE_PATH = DEFAULT_DATA_DIR / DATABASE_FILE


class ConfigError(Exception):
    """One or more settings are invalid; the message lists each one for the user."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            f"invalid settings ({len(problems)}):\n{lines}\n"
            "Set them in the environment or in .env; .env.example explains each one."
        )


@dataclass(frozen=True)
class Setting:
    """One setting: where it is read from, how it is checked, what `.env.example` says of it."""

    env: str
    parse: Callable[[str], object]
    default: object
    help: str
    # The value `.env.example` shows; None: the default, written as in the environment.
    example: str | None = None
    # A secret is never shown: not in `repr(Settings)`, not in an error message.
    secret: bool = False
    # The `Settings` field it fills (set from the field when the table is made).
    name: str = ""

    def shown(self, value: str) -> str:
        """The value as an error message may quote it."""
        return "<hidden>" if self.secret else repr(value)

    def example_value(self) -> str:
        """What follows `KEY=` in `.env.example`."""
        return _env_text(self.default) if self.example is None else self.example

    def example_block(self) -> str:
        """The help text as comment lines, then `KEY=value`."""
        lines = [
            f"# {line}"
            for paragraph in self.help.split("\n")
            for line in textwrap.wrap(
                paragraph, _COMMENT_WIDTH, break_long_words=False, break_on_hyphens=False
            )
        ]
        return "\n".join([*lines, f"{self.env}={self.example_value()}"])


def setting(
    env: str,
    parse: Callable[[str], T],
    default: T,
    help: str,
    *,
    example: str | None = None,
    secret: bool = False,
) -> T:
    """Declare a field of `Settings`: read from `env` with `parse`, `default` when unset.

    `parse` raises ValueError with a message for the person running the bot. `help` (paragraphs
    split by newlines) is the comment above the key in `.env.example`.
    """
    declaration = Setting(env, parse, default, help, example, secret)
    return field(default=default, repr=not secret, metadata={_DECLARATION: declaration})


# Parsers: each turns a non-empty, stripped value into the setting's type or raises ValueError
# saying what is wrong (never quoting the value: the error message adds it where that is safe).


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


def _poll_seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError("not a number of seconds") from None
    if not number >= 0 or number == float("inf"):
        raise ValueError("must be 0 or more (0: never look for other processes' changes)")
    return number


def _question_chars(value: str) -> int:
    number = _int(value)
    if not 1 <= number <= MAX_QUESTION_CHARS_LIMIT:
        raise ValueError(f"must be between 1 and {MAX_QUESTION_CHARS_LIMIT}")
    return number


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def _flag(value: str) -> bool:
    word = value.lower()
    if word not in _TRUE + _FALSE:
        raise ValueError(f"one of {', '.join(_TRUE)} (on) or {', '.join(_FALSE)} (off)")
    return word in _TRUE


def _snowflake(value: str) -> int:
    number = _int(value)
    if not 0 < number < 2**64:
        raise ValueError("not a Discord id (a positive number)")
    return number


def _items(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _snowflake_set(value: str) -> frozenset[int]:
    return frozenset(_snowflake(part) for part in _items(value))


def _shard_ids(value: str) -> tuple[int, ...]:
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


def _file_path(value: str) -> Path:
    path = Path(value).expanduser()
    if path.is_dir():
        raise ValueError("is a folder; give a file's path, e.g. data/feedback.sqlite3")
    return path


def _database_url(value: str) -> str:
    # Checked for its scheme only (psycopg reads the rest); the error never quotes the value,
    # which holds a password.
    scheme, sep, _ = value.partition("://")
    if not sep or scheme.lower() not in ("postgresql", "postgres"):
        raise ValueError(
            "not a PostgreSQL URL: postgresql://USER:PASSWORD@HOST:PORT/DATABASE "
            "(unset it to use the SQLite file DATABASE_PATH)"
        )
    return value


def _env_file(value: str) -> Path:
    path = Path(value).expanduser()
    if path.is_dir():
        raise ValueError("is a folder; give the env file's path, e.g. /etc/article-bot/env")
    if not path.is_file():
        raise ValueError("no such file")
    return path


def _folder_path(value: str) -> Path:
    path = Path(value).expanduser()
    if path.exists() and not path.is_dir():
        raise ValueError("is a file; give a folder's path (it is created if missing)")
    return path


def _directory(value: str) -> Path:
    path = Path(value).expanduser()
    if not path.is_dir():
        raise ValueError("no such folder")
    return path


def _matching(pattern: re.Pattern[str], wanted: str) -> Callable[[str], str]:
    """A parser taking a value that matches `pattern`; `wanted` says what that is."""

    def parse(value: str) -> str:
        if not pattern.match(value):
            raise ValueError(wanted)
        return value

    return parse


_article_id = _matching(_ARTICLE_ID, "an article id is lower-case words joined by '-'")


def _one_of(choices: tuple[str, ...], spelt: Callable[[str], str]) -> Callable[[str], str]:
    """A parser taking one of `choices`, compared as `spelt` spells it (str.upper, str.lower)."""

    def parse(value: str) -> str:
        word = spelt(value)
        if word not in choices:
            raise ValueError(f"one of {', '.join(choices)}")
        return word

    return parse


_log_level = _one_of(LOG_LEVELS, str.upper)
_log_format = _one_of(LOG_FORMATS, str.lower)


def _port(value: str) -> int:
    number = _int(value)
    if not 1 <= number <= 65535:
        raise ValueError("must be between 1 and 65535")
    return number


def _host(value: str) -> str:
    # An address to bind to, not a URL: aiohttp takes a host name or an IPv4/IPv6 address.
    if any(c.isspace() for c in value) or "/" in value:
        raise ValueError("a host name or IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0")
    return value


_permission_name = _matching(_PERMISSION_NAME, "a Discord permission name such as manage_guild")


@dataclass(frozen=True)
class Settings:
    """Everything the bot is configured with. `repr` never shows the token."""

    token: str | None = setting(
        "DISCORD_TOKEN",
        _token,
        None,
        "The bot token from https://discord.com/developers/applications (Bot -> Reset Token).\n"
        "Never logged or printed.",
        secret=True,
    )
    dev_guild_id: int | None = setting(
        "DISCORD_DEV_GUILD_ID",
        _snowflake,
        None,
        "While developing: sync the slash commands to this server at every start (instant). "
        "Unset, a normal start never syncs; register globally once with `python -m bot sync`.",
    )
    api_base: str | None = setting(
        "DISCORD_API_BASE",
        _http_url,
        None,
        "Where discord.py sends its REST requests, if not to Discord (a fake Discord in tests).\n"
        "The base includes the API version, e.g. http://127.0.0.1:8080/api/v10",
    )
    gateway_url: str | None = setting(
        "DISCORD_GATEWAY_URL",
        _ws_url,
        None,
        "Where discord.py connects to the gateway, if not to Discord (a fake Discord in tests).\n"
        "E.g. ws://127.0.0.1:8080/gateway",
    )
    ask_channel_ids: frozenset[int] = setting(
        "ASK_CHANNEL_IDS",
        _snowflake_set,
        frozenset(),
        "Channels (comma-separated ids) where every message is a question, on every server that "
        "has not chosen its own with /config watch and /config unwatch. The bot then asks for "
        "the privileged message-content intent (enable it in the developer portal). Unset, the "
        "bot answers only mentions, DMs, slash commands and the context menu, and needs no "
        "privileged intent.",
    )
    message_content_intent: bool = setting(
        "MESSAGE_CONTENT_INTENT",
        _flag,
        False,
        "Ask for the privileged message-content intent even without ASK_CHANNEL_IDS, so that the "
        "channels a server watches with /config watch get every message's text (enable the "
        "intent in the developer portal first, or Discord refuses the connection). Off, such "
        "channels reach the bot without text: only mentions are answered there, and /config "
        "watch says so. ASK_CHANNEL_IDS set turns it on as well.",
        example="0",
    )
    shard_count: int | None = setting(
        "SHARD_COUNT",
        _positive_int,
        None,
        "Sharding: unset = one process runs all shards (the count Discord recommends). To split "
        "the bot over processes, give every process the same SHARD_COUNT and its own SHARD_IDS.",
    )
    shard_ids: tuple[int, ...] | None = setting(
        "SHARD_IDS",
        _shard_ids,
        None,
        "The shards this process runs: comma-separated ids below SHARD_COUNT (e.g. 0,1); needs "
        "SHARD_COUNT. Unset: every shard.",
    )
    # RUF009: setting() is a field specifier (it returns dataclasses.field), not a shared default.
    env_file: Path = setting(  # noqa: RUF009
        "ENV_FILE",
        _env_file,
        DEFAULT_ENV_FILE,
        "The env file the settings are read from (as --env-file does), given in the environment: "
        "in the file itself it has no effect. Unset: .env in the current directory, if there is "
        "one. A file named here must exist.",
        example="",
    )
    data_dir: Path = setting(  # noqa: RUF009
        "DATA_DIR",
        _folder_path,
        DEFAULT_DATA_DIR,
        "Where the bot keeps its data (created when needed). Unset: $XDG_DATA_HOME/article-bot, "
        "i.e. ~/.local/share/article-bot of the user running it; /data in the container image.",
        example="",
    )
    database_path: Path = setting(  # noqa: RUF009
        "DATABASE_PATH",
        _file_path,
        DEFAULT_DATABASE_PATH,
        "The bot's store (votes, the questions for the curators' review queue, servers' "
        "settings) as a SQLite file, unless DATABASE_URL is set; the folder is created. Several "
        f"processes on one machine may share it. Unset: {DATABASE_FILE} in DATA_DIR.",
        example="",
    )
    database_url: str | None = setting(
        "DATABASE_URL",
        _database_url,
        None,
        "Keep the store in PostgreSQL instead of the SQLite file, shared by every process (every "
        "shard, the CLI): postgresql://USER:PASSWORD@HOST:PORT/DATABASE. The schema is created "
        "and upgraded at start (or by `python -m bot db upgrade`). The password is never logged "
        "or printed. Unset: SQLite at DATABASE_PATH.",
        secret=True,
    )
    knowledge_dir: Path = setting(  # noqa: RUF009
        "KNOWLEDGE_DIR",
        _directory,
        default_knowledge_dir(),
        "The knowledge folder. Unset: the one shipped with the bot.",
        example="",
    )
    knowledge_poll_seconds: float = setting(
        "KNOWLEDGE_POLL_SECONDS",
        _poll_seconds,
        2.0,
        "How often (seconds) the bot looks in the store for knowledge another process of it "
        "reloaded or changed (/kb reload, an attach), and then loads it from KNOWLEDGE_DIR too. "
        "0: never (one process).",
    )
    article_id: str | None = setting(
        "ARTICLE_ID",
        _article_id,
        None,
        "Which article of the knowledge folder, by its folder name (lower-case words joined "
        "by '-'). Unset: the only one.",
    )
    ask_cooldown_seconds: float = setting(
        "ASK_COOLDOWN_SECONDS",
        _non_negative_float,
        DEFAULT_COOLDOWN_SECONDS,
        "Per-user limit on asking: at most ASK_COOLDOWN_RATE questions in ASK_COOLDOWN_SECONDS "
        "seconds; 0 turns the limit off.",
    )
    ask_cooldown_rate: int = setting(
        "ASK_COOLDOWN_RATE",
        _positive_int,
        DEFAULT_COOLDOWN_RATE,
        "How many questions a user may ask within ASK_COOLDOWN_SECONDS (1 or more).",
    )
    max_question_chars: int = setting(
        "MAX_QUESTION_CHARS",
        _question_chars,
        DEFAULT_MAX_QUESTION_CHARS,
        "Longest question accepted (slash option limit; longer messages are cut with a note). "
        f"1-{MAX_QUESTION_CHARS_LIMIT}.",
    )
    log_level: str = setting(
        "LOG_LEVEL",
        _log_level,
        DEFAULT_LOG_LEVEL,
        f"How much is logged: {', '.join(LOG_LEVELS[:-1])} or {LOG_LEVELS[-1]}.",
    )
    log_format: str = setting(
        "LOG_FORMAT",
        _log_format,
        DEFAULT_LOG_FORMAT,
        "How log lines look: text (for people) or json (one JSON object per line: time, level, "
        "logger, message and the line's context, for a log collector).",
    )
    log_questions: bool = setting(
        "LOG_QUESTIONS",
        _flag,
        False,
        "1: each question's text goes into its INFO log line. Questions are personal data: off "
        "(0), the line carries only ids, the outcome and the language.",
        example="0",
    )
    status_port: int | None = setting(
        "STATUS_PORT",
        _port,
        None,
        "Serve GET /healthz (200 while every shard of this process is connected and ready, 503 "
        "otherwise) and GET /metrics (Prometheus text format) over HTTP on this port. Unset: "
        "nothing listens.",
    )
    status_host: str = setting(
        "STATUS_HOST",
        _host,
        DEFAULT_STATUS_HOST,
        "The address the status endpoint listens on: 127.0.0.1 keeps it on this machine; "
        "0.0.0.0 lets a Prometheus elsewhere (or outside a container) reach it.",
    )
    manage_permission: str = setting(
        "MANAGE_PERMISSION",
        _permission_name,
        DEFAULT_MANAGE_PERMISSION,
        "The Discord permission a member needs for /kb reload and /config (a discord.py "
        "permission name).",
    )

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


def _table() -> tuple[Setting, ...]:
    table = []
    for f in fields(Settings):
        declaration = f.metadata.get(_DECLARATION)
        if not isinstance(declaration, Setting):
            raise TypeError(f"Settings.{f.name} must be declared with setting()")
        table.append(replace(declaration, name=f.name))
    return tuple(table)


# Every setting the bot reads, in `.env.example` order.
SETTINGS = _table()
KEYS = tuple(s.env for s in SETTINGS)


class _FromEnvironment(enum.Enum):
    ENV_FILE = "ENV_FILE"


# `load_settings(env_file=FROM_ENVIRONMENT)`: the file ENV_FILE names, else DEFAULT_ENV_FILE.
FROM_ENVIRONMENT: Final = _FromEnvironment.ENV_FILE


def is_file(path: Path) -> bool:
    """Whether `path` is a file; False also where it cannot be looked at (the current directory
    of `sudo -u`, unreadable for that user)."""
    try:
        return path.is_file()
    except OSError:
        return False


def env_file_in(environ: Mapping[str, str] | None = None) -> Path:
    """The env file `environ` (default os.environ) names with ENV_FILE, else DEFAULT_ENV_FILE."""
    named = (os.environ if environ is None else environ).get("ENV_FILE", "").strip()
    return Path(named).expanduser() if named else DEFAULT_ENV_FILE


def load_settings(
    environ: Mapping[str, str] | None = None,
    env_file: Path | Literal[_FromEnvironment.ENV_FILE] | None = FROM_ENVIRONMENT,
) -> Settings:
    """Read the settings: `environ` (default os.environ) over `env_file` (if it exists; by
    default the one ENV_FILE names, else .env in the current directory; None: no file).

    An empty value means unset. ENV_FILE in the file itself is ignored. Raises ConfigError
    listing every invalid value (an ENV_FILE that names no file is one).
    """
    environ = os.environ if environ is None else environ
    if env_file is FROM_ENVIRONMENT:
        env_file = env_file_in(environ)
    env: dict[str, str] = {}
    if env_file is not None and is_file(env_file):
        # Imported only when there is a file to read: most starts have none.
        from dotenv import dotenv_values

        values = dotenv_values(env_file).items()
        env.update({k: v for k, v in values if v is not None and k != "ENV_FILE"})
    env.update(environ)
    return _read(env)


def _read(env: Mapping[str, str]) -> Settings:
    values: dict[str, Any] = {}
    problems: list[str] = []
    failed: set[str] = set()
    for s in SETTINGS:
        value = env.get(s.env, "").strip()
        if not value:
            continue
        try:
            values[s.name] = s.parse(value)
        except ValueError as exc:
            problems.append(f"{s.env}={s.shown(value)}: {exc}")
            failed.add(s.env)
    if "database_path" not in values and "data_dir" in values:
        values["database_path"] = values["data_dir"] / DATABASE_FILE
    settings = Settings(**values)
    if "SHARD_COUNT" not in failed:  # a broken count is reported already
        problems.extend(_shard_problems(settings))
    if problems:
        raise ConfigError(problems)
    return settings


def _shard_problems(settings: Settings) -> list[str]:
    if settings.shard_ids is None:
        return []
    if settings.shard_count is None:
        return ["SHARD_IDS needs SHARD_COUNT (how many shards in total)."]
    if any(i >= settings.shard_count for i in settings.shard_ids):
        ids = ",".join(map(str, settings.shard_ids))
        return [f"SHARD_IDS={ids}: every id must be below SHARD_COUNT={settings.shard_count}."]
    return []


def env_example() -> str:
    """The text of `.env.example`: every setting with its help, in declaration order."""
    return "\n\n".join([ENV_EXAMPLE_HEADER, *(s.example_block() for s in SETTINGS)]) + "\n"


def _env_text(value: object) -> str:
    """A default written as it would stand in the environment."""
    if value is None:
        return ""
    if isinstance(value, float):
        return format(value, "g")
    if isinstance(value, frozenset | tuple):
        return ",".join(str(v) for v in sorted(value))
    return str(value)
