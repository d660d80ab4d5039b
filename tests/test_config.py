"""Settings: defaults, the .env file, environment precedence, errors written for people."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import KEYS, ConfigError, Settings, load_settings
from bot.engine import default_knowledge_dir
from tests.support.paths import REPO_ROOT as REPO

SECRET = "MTIzNDU2Nzg5.secret-token-value"


def test_defaults() -> None:
    settings = load_settings({}, env_file=None)
    assert settings.token is None
    assert not settings.has_token
    assert settings.database_path == Path("data/feedback.sqlite3")
    assert settings.knowledge_dir == default_knowledge_dir()
    assert settings.max_question_chars == 300
    assert settings.manage_permission == "manage_guild"
    assert settings.ask_channel_ids == frozenset()
    assert settings.shard_count is None
    assert settings.shard_ids is None
    assert settings.log_level == "INFO"


def test_every_value_is_read(tmp_path: Path) -> None:
    env = {
        "DISCORD_TOKEN": SECRET,
        "DISCORD_DEV_GUILD_ID": "123456789012345678",
        "DISCORD_API_BASE": "http://127.0.0.1:8080/api/v10/",
        "DISCORD_GATEWAY_URL": "ws://127.0.0.1:8080/gateway",
        "ASK_CHANNEL_IDS": "111, 222,,333",
        "SHARD_COUNT": "4",
        "SHARD_IDS": "0,2",
        "DATABASE_PATH": str(tmp_path / "fb.sqlite3"),
        "KNOWLEDGE_DIR": str(tmp_path),
        "ARTICLE_ID": "putin-kasachstan-2024-11",
        "ASK_COOLDOWN_SECONDS": "12.5",
        "ASK_COOLDOWN_RATE": "3",
        "MAX_QUESTION_CHARS": "500",
        "LOG_LEVEL": "debug",
        "MANAGE_PERMISSION": "administrator",
    }
    assert set(env) == set(KEYS)
    s = load_settings(env, env_file=None)
    assert s.token == SECRET
    assert s.dev_guild_id == 123456789012345678
    assert s.api_base == "http://127.0.0.1:8080/api/v10"
    assert s.gateway_url == "ws://127.0.0.1:8080/gateway"
    assert s.ask_channel_ids == frozenset({111, 222, 333})
    assert s.shard_count == 4
    assert s.shard_ids == (0, 2)
    assert s.database_path == tmp_path / "fb.sqlite3"
    assert s.knowledge_dir == tmp_path
    assert s.article_id == "putin-kasachstan-2024-11"
    assert s.ask_cooldown_seconds == 12.5
    assert s.ask_cooldown_rate == 3
    assert s.max_question_chars == 500
    assert s.log_level == "DEBUG"
    assert s.manage_permission == "administrator"


def test_env_file_and_precedence(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        f"DISCORD_TOKEN={SECRET}\nMAX_QUESTION_CHARS=200\nLOG_LEVEL=WARNING\n", encoding="utf-8"
    )
    s = load_settings({"MAX_QUESTION_CHARS": "100"}, env_file=env_file)
    assert s.token == SECRET  # from the file
    assert s.max_question_chars == 100  # the environment wins
    assert s.log_level == "WARNING"
    assert load_settings({}, env_file=tmp_path / "missing.env").token is None


def test_empty_values_mean_unset() -> None:
    s = load_settings({"DISCORD_TOKEN": "", "DISCORD_DEV_GUILD_ID": "  ", "SHARD_COUNT": ""}, None)
    assert s.token is None
    assert s.dev_guild_id is None
    assert s.shard_count is None


def test_token_is_never_shown() -> None:
    s = load_settings({"DISCORD_TOKEN": SECRET}, env_file=None)
    assert SECRET not in repr(s)
    assert SECRET not in str(s)
    assert s.token_hint == "<set>"
    with pytest.raises(ConfigError) as info:
        load_settings({"DISCORD_TOKEN": f"Bot {SECRET}"}, env_file=None)
    assert SECRET not in str(info.value)
    assert "DISCORD_TOKEN=<hidden>" in str(info.value)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(
            {
                "DISCORD_DEV_GUILD_ID": "abc",
                "DISCORD_API_BASE": "discord.com",
                "DISCORD_GATEWAY_URL": "http://127.0.0.1/gateway",
                "ASK_CHANNEL_IDS": "1,x",
                "SHARD_IDS": "0,1",
                "KNOWLEDGE_DIR": str(tmp_path / "nowhere"),
                "ASK_COOLDOWN_SECONDS": "-1",
                "ASK_COOLDOWN_RATE": "0",
                "MAX_QUESTION_CHARS": "7000",
                "LOG_LEVEL": "LOUD",
                "MANAGE_PERMISSION": "Manage Guild",
                "ARTICLE_ID": "Not An Id",
            },
            env_file=None,
        )
    message = str(info.value)
    for key in (
        "DISCORD_DEV_GUILD_ID='abc': not a whole number",
        "DISCORD_API_BASE='discord.com': not a http or https URL",
        "DISCORD_GATEWAY_URL",
        "ASK_CHANNEL_IDS",
        "SHARD_IDS needs SHARD_COUNT",
        "KNOWLEDGE_DIR",
        "ASK_COOLDOWN_SECONDS",
        "ASK_COOLDOWN_RATE",
        "MAX_QUESTION_CHARS='7000': must be between 1 and 6000",
        "LOG_LEVEL",
        "MANAGE_PERMISSION",
        "ARTICLE_ID",
    ):
        assert key in message
    assert len(info.value.problems) == 12
    assert "Traceback" not in message


def test_shard_ids_must_fit_the_count() -> None:
    with pytest.raises(ConfigError, match="below SHARD_COUNT=2"):
        load_settings({"SHARD_COUNT": "2", "SHARD_IDS": "1,2"}, env_file=None)
    with pytest.raises(ConfigError, match="listed twice"):
        load_settings({"SHARD_COUNT": "2", "SHARD_IDS": "1,1"}, env_file=None)


def test_cooldown_zero_turns_it_off() -> None:
    assert load_settings({"ASK_COOLDOWN_SECONDS": "0"}, env_file=None).ask_cooldown_seconds == 0


def test_env_example_documents_every_setting() -> None:
    example = (REPO / ".env.example").read_text(encoding="utf-8")
    for key in KEYS:
        assert f"\n{key}=" in example, key
    # The example itself loads (with an empty token it means: local prompt).
    settings = load_settings({}, env_file=REPO / ".env.example")
    assert settings == Settings()
