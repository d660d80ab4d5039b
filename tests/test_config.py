"""Settings: one declaration, defaults, the .env file, precedence, errors written for people."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from bot.config import (
    DEFAULT_DATA_DIR,
    KEYS,
    SETTINGS,
    ConfigError,
    Settings,
    default_data_dir,
    env_example,
    load_settings,
)
from bot.engine import default_knowledge_dir
from tests.support.paths import REPO_ROOT as REPO

SECRET = "MTIzNDU2Nzg5.secret-token-value"
REGENERATE = (
    "python -c \"from bot.config import env_example; print(env_example(), end='')\" > .env.example"
)

# One invalid value for every setting and the message it must give (after `KEY=<value>: `).
BAD_VALUES = {
    "DISCORD_TOKEN": (f"Bot {SECRET}", "give the bare token, without the 'Bot ' prefix"),
    "DISCORD_DEV_GUILD_ID": ("abc", "not a whole number"),
    "DISCORD_API_BASE": ("discord.com", "not a http or https URL"),
    "DISCORD_GATEWAY_URL": ("http://127.0.0.1/gateway", "not a ws or wss URL"),
    "ASK_CHANNEL_IDS": ("1,x", "not a whole number"),
    "MESSAGE_CONTENT_INTENT": ("maybe", "one of 1, true, yes, on (on) or 0, false, no, off (off)"),
    "SHARD_COUNT": ("0", "must be 1 or more"),
    "SHARD_IDS": ("0,-1", "shard ids start at 0"),
    "ENV_FILE": ("no/such/file.env", "no such file"),
    "DATA_DIR": (
        str(REPO / "pyproject.toml"),
        "is a file; give a folder's path (it is created if missing)",
    ),
    "DATABASE_PATH": (".", "is a folder; give a file's path, e.g. data/feedback.sqlite3"),
    "DATABASE_URL": (
        "mysql://bot:hunter2@db/bot",
        "not a PostgreSQL URL: postgresql://USER:PASSWORD@HOST:PORT/DATABASE "
        "(unset it to use the SQLite file DATABASE_PATH)",
    ),
    "KNOWLEDGE_DIR": ("no/such/folder/here", "no such folder"),
    "KNOWLEDGE_POLL_SECONDS": (
        "-2",
        "must be 0 or more (0: never look for other processes' changes)",
    ),
    "ARTICLE_ID": ("Not An Id", "an article id is lower-case words joined by '-'"),
    "ASK_COOLDOWN_SECONDS": ("-1", "must be 0 or more (0 turns the cooldown off)"),
    "ASK_COOLDOWN_RATE": ("0", "must be 1 or more"),
    "MAX_QUESTION_CHARS": ("7000", "must be between 1 and 6000"),
    "LOG_LEVEL": ("LOUD", "one of CRITICAL, ERROR, WARNING, INFO, DEBUG"),
    "LOG_FORMAT": ("xml", "one of text, json"),
    "LOG_QUESTIONS": ("maybe", "one of 1, true, yes, on (on) or 0, false, no, off (off)"),
    "STATUS_PORT": ("0", "must be between 1 and 65535"),
    "STATUS_HOST": (
        "http://0.0.0.0",
        "a host name or IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0",
    ),
    "MANAGE_PERMISSION": ("Manage Guild", "a Discord permission name such as manage_guild"),
}

# More invalid values whose messages differ from the ones above.
MORE_BAD_VALUES = [
    ("DISCORD_TOKEN", f"{SECRET} {SECRET}", "a token has no spaces"),
    ("DISCORD_DEV_GUILD_ID", "0", "not a Discord id (a positive number)"),
    ("DISCORD_DEV_GUILD_ID", str(2**64), "not a Discord id (a positive number)"),
    ("ASK_CHANNEL_IDS", "1,-5", "not a Discord id (a positive number)"),
    ("MESSAGE_CONTENT_INTENT", "2", "one of 1, true, yes, on (on) or 0, false, no, off (off)"),
    ("SHARD_COUNT", "two", "not a whole number"),
    ("SHARD_IDS", "0,0", "a shard id is listed twice"),
    ("ENV_FILE", ".", "is a folder; give the env file's path, e.g. /etc/article-bot/env"),
    ("SHARD_IDS", "0,a", "not a whole number"),
    ("ASK_COOLDOWN_SECONDS", "soon", "not a number"),
    ("ASK_COOLDOWN_SECONDS", "inf", "must be 0 or more (0 turns the cooldown off)"),
    ("ASK_COOLDOWN_SECONDS", "nan", "must be 0 or more (0 turns the cooldown off)"),
    ("ASK_COOLDOWN_RATE", "1.5", "not a whole number"),
    ("MAX_QUESTION_CHARS", "0", "must be between 1 and 6000"),
    ("MAX_QUESTION_CHARS", "many", "not a whole number"),
    ("DISCORD_API_BASE", "http://", "not a http or https URL"),
    ("STATUS_PORT", "65536", "must be between 1 and 65535"),
    ("STATUS_PORT", "http", "not a whole number"),
    (
        "STATUS_HOST",
        "0.0.0.0 8080",
        "a host name or IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0",
    ),
]


def _problem(key: str, value: str, message: str) -> str:
    shown = "<hidden>" if key in ("DISCORD_TOKEN", "DATABASE_URL") else repr(value)
    return f"{key}={shown}: {message}"


# The declaration


def test_declaration_is_the_settings_dataclass() -> None:
    assert [s.name for s in SETTINGS] == [f.name for f in dataclasses.fields(Settings)]
    assert tuple(s.env for s in SETTINGS) == KEYS
    assert len(set(KEYS)) == len(KEYS)
    for s in SETTINGS:
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", s.env), s.env
        assert s.help.strip(), f"{s.env} has no help text"
    # The secrets are the token and the database URL (it may hold a password); their fields
    # stay out of repr.
    assert [s.env for s in SETTINGS if s.secret] == ["DISCORD_TOKEN", "DATABASE_URL"]
    assert {f.name for f in dataclasses.fields(Settings) if not f.repr} == {
        "token",
        "database_url",
    }


def test_defaults() -> None:
    settings = load_settings({}, env_file=None)
    assert settings == Settings()
    for s in SETTINGS:
        assert getattr(settings, s.name) == s.default, s.env
    assert settings.token is None
    assert not settings.has_token
    assert settings.token_hint == "<not set>"
    assert settings.dev_guild_id is None
    assert settings.api_base is None
    assert settings.gateway_url is None
    assert settings.env_file == Path(".env")
    assert settings.data_dir == DEFAULT_DATA_DIR == default_data_dir()
    assert settings.data_dir.is_absolute()
    assert settings.database_path == DEFAULT_DATA_DIR / "feedback.sqlite3"
    assert settings.knowledge_dir == default_knowledge_dir()
    assert settings.article_id is None
    assert settings.ask_cooldown_seconds == 30
    assert settings.ask_cooldown_rate == 5
    assert settings.max_question_chars == 300
    assert settings.manage_permission == "manage_guild"
    assert settings.ask_channel_ids == frozenset()
    assert settings.message_content_intent is False
    assert settings.shard_count is None
    assert settings.shard_ids is None
    assert settings.log_level == "INFO"
    assert settings.log_level_number == 20
    assert settings.log_format == "text"
    assert settings.log_questions is False
    assert settings.status_port is None  # nothing listens
    assert settings.status_host == "127.0.0.1"


# Reading


def test_every_value_is_read(tmp_path: Path) -> None:
    env = {
        "DISCORD_TOKEN": SECRET,
        "DISCORD_DEV_GUILD_ID": "123456789012345678",
        "DISCORD_API_BASE": "http://127.0.0.1:8080/api/v10/",
        "DISCORD_GATEWAY_URL": "ws://127.0.0.1:8080/gateway",
        "ASK_CHANNEL_IDS": "111, 222,,333",
        "MESSAGE_CONTENT_INTENT": "Yes",
        "SHARD_COUNT": "4",
        "SHARD_IDS": "0,2",
        "ENV_FILE": str(tmp_path / "bot.env"),
        "DATA_DIR": str(tmp_path / "data"),
        "DATABASE_PATH": str(tmp_path / "fb.sqlite3"),
        "DATABASE_URL": "postgresql://bot:pw@127.0.0.1:5432/bot",
        "KNOWLEDGE_DIR": str(tmp_path),
        "KNOWLEDGE_POLL_SECONDS": "0.5",
        "ARTICLE_ID": "putin-kasachstan-2024-11",
        "ASK_COOLDOWN_SECONDS": "12.5",
        "ASK_COOLDOWN_RATE": "3",
        "MAX_QUESTION_CHARS": "500",
        "LOG_LEVEL": "debug",
        "LOG_FORMAT": "JSON",
        "LOG_QUESTIONS": "1",
        "STATUS_PORT": "9102",
        "STATUS_HOST": "::",
        "MANAGE_PERMISSION": "administrator",
    }
    assert set(env) == set(KEYS)
    (tmp_path / "bot.env").write_text("", encoding="utf-8")
    s = load_settings(env, env_file=None)
    assert s.token == SECRET
    assert s.has_token
    assert s.dev_guild_id == 123456789012345678
    assert s.api_base == "http://127.0.0.1:8080/api/v10"
    assert s.gateway_url == "ws://127.0.0.1:8080/gateway"
    assert s.ask_channel_ids == frozenset({111, 222, 333})
    assert s.message_content_intent is True
    assert s.shard_count == 4
    assert s.shard_ids == (0, 2)
    assert s.env_file == tmp_path / "bot.env"
    assert s.data_dir == tmp_path / "data"
    assert s.database_path == tmp_path / "fb.sqlite3"
    assert s.database_url == "postgresql://bot:pw@127.0.0.1:5432/bot"
    assert s.knowledge_dir == tmp_path
    assert s.knowledge_poll_seconds == 0.5
    assert s.article_id == "putin-kasachstan-2024-11"
    assert s.ask_cooldown_seconds == 12.5
    assert s.ask_cooldown_rate == 3
    assert s.max_question_chars == 500
    assert s.log_level == "DEBUG"
    assert s.log_level_number == 10
    assert s.log_format == "json"
    assert s.log_questions is True
    assert s.status_port == 9102
    assert s.status_host == "::"
    assert s.manage_permission == "administrator"


def test_values_are_stripped_and_quotes_dropped_from_the_token() -> None:
    s = load_settings({"DISCORD_TOKEN": f" '{SECRET}' ", "LOG_LEVEL": " warning "}, None)
    assert s.token == SECRET
    assert s.log_level == "WARNING"


def test_env_file_and_precedence(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        f"DISCORD_TOKEN={SECRET}\nMAX_QUESTION_CHARS=200\nLOG_LEVEL=WARNING\nSHARD_COUNT=3\n",
        encoding="utf-8",
    )
    s = load_settings({"MAX_QUESTION_CHARS": "100", "SHARD_IDS": "2"}, env_file=env_file)
    assert s.token == SECRET  # from the file
    assert s.max_question_chars == 100  # the environment wins
    assert s.log_level == "WARNING"
    assert (s.shard_count, s.shard_ids) == (3, (2,))  # cross-checked across both sources
    assert load_settings({}, env_file=tmp_path / "missing.env").token is None


def test_env_file_named_by_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENV_FILE names the file; without it, .env in the current directory; ENV_FILE inside a
    file has no effect."""
    named = tmp_path / "bot.env"
    named.write_text("LOG_LEVEL=ERROR\nENV_FILE=/no/such/file\n", encoding="utf-8")
    s = load_settings({"ENV_FILE": str(named)})
    assert (s.log_level, s.env_file) == ("ERROR", named)
    here = tmp_path / "here"
    here.mkdir()
    (here / ".env").write_text(f"LOG_LEVEL=DEBUG\nENV_FILE={named}\n", encoding="utf-8")
    monkeypatch.chdir(here)
    s = load_settings({})
    assert (s.log_level, s.env_file) == ("DEBUG", Path(".env"))
    assert load_settings({"ENV_FILE": str(named)}).log_level == "ERROR"
    with pytest.raises(ConfigError) as info:
        load_settings({"ENV_FILE": str(tmp_path / "missing.env")})
    assert info.value.problems == [f"ENV_FILE={str(tmp_path / 'missing.env')!r}: no such file"]


def test_data_dir_and_the_database_in_it(tmp_path: Path) -> None:
    s = load_settings({"DATA_DIR": str(tmp_path / "data")}, env_file=None)
    assert s.data_dir == tmp_path / "data"
    assert s.database_path == tmp_path / "data" / "feedback.sqlite3"
    assert not s.data_dir.exists()  # created when the store opens, not when settings are read
    both = {"DATA_DIR": str(tmp_path), "DATABASE_PATH": str(tmp_path / "votes.sqlite3")}
    assert load_settings(both, env_file=None).database_path == tmp_path / "votes.sqlite3"


def test_the_default_data_dir_follows_xdg() -> None:
    assert default_data_dir({"XDG_DATA_HOME": "/srv/xdg"}) == Path("/srv/xdg/article-bot")
    home = {"HOME": "/home/someone"}
    assert default_data_dir(home) == Path("/home/someone/.local/share/article-bot")
    # Unset, empty or relative (the XDG specification says to ignore it): the home default.
    for xdg in ("", "  ", "relative/data"):
        assert default_data_dir({**home, "XDG_DATA_HOME": xdg}) == default_data_dir(home)


def test_os_environ_is_the_default_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("ASK_COOLDOWN_RATE", "9")
    assert load_settings(env_file=None).ask_cooldown_rate == 9


def test_empty_values_mean_unset() -> None:
    s = load_settings({"DISCORD_TOKEN": "", "DISCORD_DEV_GUILD_ID": "  ", "SHARD_COUNT": ""}, None)
    assert s.token is None
    assert s.dev_guild_id is None
    assert s.shard_count is None


def test_cooldown_zero_turns_it_off() -> None:
    assert load_settings({"ASK_COOLDOWN_SECONDS": "0"}, env_file=None).ask_cooldown_seconds == 0


# Errors


def test_every_setting_has_a_bad_value_case() -> None:
    assert set(BAD_VALUES) == set(KEYS)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [(key, value, message) for key, (value, message) in BAD_VALUES.items()] + MORE_BAD_VALUES,
)
def test_each_setting_reports_its_error(key: str, value: str, message: str) -> None:
    env = {key: value}
    if key == "SHARD_IDS":
        env["SHARD_COUNT"] = "4"
    with pytest.raises(ConfigError) as info:
        load_settings(env, env_file=None)
    assert info.value.problems == [_problem(key, value, message)]
    assert _problem(key, value, message) in str(info.value)
    assert SECRET not in str(info.value)


def test_every_problem_is_reported_at_once() -> None:
    env = {key: value for key, (value, _) in BAD_VALUES.items()}
    with pytest.raises(ConfigError) as info:
        load_settings(env, env_file=None)
    assert info.value.problems == [_problem(k, v, m) for k, (v, m) in BAD_VALUES.items()]
    message = str(info.value)
    assert message.startswith(f"invalid settings ({len(KEYS)}):\n  - DISCORD_TOKEN=<hidden>: ")
    assert "Traceback" not in message
    assert ".env.example" in message  # where to read what each setting wants
    assert SECRET not in message
    assert "hunter2" not in message


def test_a_database_url_is_read_and_never_shown() -> None:
    url = "postgresql://bot:hunter2@db.internal:5432/articlebot"
    settings = load_settings({"DATABASE_URL": url}, env_file=None)
    assert settings.database_url == url
    assert "hunter2" not in repr(settings)
    assert load_settings({"DATABASE_URL": "postgres://db/x"}, env_file=None).database_url
    assert load_settings({}, env_file=None).database_url is None


def test_cross_field_problems_come_with_the_others(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(
            {
                "DISCORD_DEV_GUILD_ID": "abc",
                "SHARD_IDS": "0,1",
                "KNOWLEDGE_DIR": str(tmp_path / "nowhere"),
                "LOG_LEVEL": "LOUD",
            },
            env_file=None,
        )
    problems = info.value.problems
    assert len(problems) == 4
    assert "SHARD_IDS needs SHARD_COUNT (how many shards in total)." in problems


def test_shard_ids_must_fit_the_count() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({"SHARD_COUNT": "2", "SHARD_IDS": "1,2"}, env_file=None)
    assert info.value.problems == ["SHARD_IDS=1,2: every id must be below SHARD_COUNT=2."]


def test_a_broken_shard_count_is_reported_once() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({"SHARD_COUNT": "two", "SHARD_IDS": "0,1"}, env_file=None)
    assert info.value.problems == ["SHARD_COUNT='two': not a whole number"]


@pytest.mark.parametrize(
    "token", [f"Bot {SECRET}", f"bot {SECRET}", f"{SECRET} x", f"\t{SECRET}\n{SECRET}"]
)
def test_a_broken_token_is_never_shown(token: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({"DISCORD_TOKEN": token, "LOG_LEVEL": "LOUD"}, env_file=None)
    text = f"{info.value}\n{info.value!r}\n{info.value.problems}"
    assert SECRET not in text
    assert "DISCORD_TOKEN=<hidden>: " in str(info.value)


def test_a_set_token_is_never_shown() -> None:
    s = load_settings({"DISCORD_TOKEN": SECRET}, env_file=None)
    assert SECRET not in repr(s)
    assert SECRET not in str(s)
    assert "token" not in repr(s)
    assert s.token_hint == "<set>"
    assert SECRET not in repr(SETTINGS)


# .env.example


def test_env_example_is_generated_from_the_declaration() -> None:
    committed = (REPO / ".env.example").read_text(encoding="utf-8")
    assert committed == env_example(), (
        ".env.example differs from the settings declared in bot/config.py; "
        f"regenerate it from the repository root with:\n  {REGENERATE}"
    )


def test_env_example_documents_every_setting() -> None:
    example = env_example()
    assert REGENERATE in example
    for s in SETTINGS:
        assert f"\n{s.env}={s.example_value()}\n" in example, s.env
        # The help text stands right above the key.
        help_lines = example.split(f"\n{s.env}=")[0].split("\n\n")[-1]
        assert help_lines.startswith("# "), s.env
        assert " ".join(help_lines.replace("# ", "").split()) == " ".join(s.help.split())
    assert all(len(line) <= 100 for line in example.splitlines())


def test_env_example_loads_as_the_defaults() -> None:
    # With an empty token it means: the local prompt.
    assert load_settings({}, env_file=REPO / ".env.example") == Settings()
    for s in SETTINGS:
        if s.example_value():
            assert s.parse(s.example_value()) == s.default, s.env


# No setting is read anywhere else


def test_no_setting_is_read_from_the_environment_elsewhere() -> None:
    readers = []
    for path in sorted((REPO / "bot").rglob("*.py")):
        if path == REPO / "bot" / "config.py":
            continue
        text = path.read_text(encoding="utf-8")
        if ("environ" in text or "getenv" in text) and any(f'"{key}"' in text for key in KEYS):
            readers.append(str(path.relative_to(REPO)))
    assert readers == []
