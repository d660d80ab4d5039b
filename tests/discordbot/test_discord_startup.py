"""Login, command sync and the registered commands, as the fake Discord received them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import discord

from bot.config import Settings
from bot.discordbot import endpoints
from bot.discordbot.client import ArticleBot
from bot.engine import Engine
from tests.discordbot.discord_support import COMMANDS, TOKEN, FakeDiscord, Harness


def _by_name(commands: list[dict[str, Any]]) -> dict[tuple[str, int], dict[str, Any]]:
    return {(c["name"], int(c.get("type", 1))): c for c in commands}


def _option(command: dict[str, Any], name: str) -> dict[str, Any]:
    return next(o for o in command.get("options", []) if o["name"] == name)


async def test_login_and_dev_guild_sync(
    harness: Harness, fake: FakeDiscord, engine: Engine
) -> None:
    bot = await harness.start()
    paths = [(r.method, r.path) for r in fake.requests]
    assert ("GET", "/users/@me") in paths
    assert ("GET", "/oauth2/applications/@me") in paths
    guild_put = f"/applications/{fake.application_id}/guilds/{fake.guild_id}/commands"
    assert ("PUT", guild_put) in paths
    # A normal start never registers commands globally.
    assert not any(
        m == "PUT" and p == f"/applications/{fake.application_id}/commands" for m, p in paths
    )
    assert fake.commands_global == []
    assert bot.user is not None
    assert bot.user.id == fake.bot_user_id
    # The token went only into the Authorization header, never into a URL.
    assert all(TOKEN not in r.path for r in fake.requests)

    registered = _by_name(fake.commands_guild[fake.guild_id])
    assert set(registered) == COMMANDS
    ask = registered[("ask", 1)]
    assert ask["name_localizations"]["de"] == "frage"
    assert ask["description_localizations"]["de"].startswith("Stelle eine Frage")
    question = _option(ask, "question")
    assert question["type"] == 3
    assert question["required"] is True
    assert question["autocomplete"] is True
    assert question["max_length"] == 300
    assert question["name_localizations"]["de"] == "frage"
    assert question["description_localizations"]["de"]

    source = _option(registered[("source", 1)], "paragraph")
    assert source["type"] == 4
    assert source["min_value"] == 1
    assert source["max_value"] == len(engine.kb.article.paragraphs)
    assert registered[("source", 1)]["name_localizations"]["de"] == "quelle"
    assert registered[("topics", 1)]["name_localizations"]["de"] == "themen"
    assert registered[("help", 1)]["name_localizations"]["de"] == "hilfe"

    kb = registered[("kb", 1)]
    assert int(kb["default_member_permissions"]) == discord.Permissions(manage_guild=True).value
    assert kb.get("contexts") == [0] or kb.get("dm_permission") is False
    reload = _option(kb, "reload")
    assert reload["type"] == 1
    assert reload["name_localizations"]["de"] == "neu-laden"

    menu = registered[("Ask the article", 3)]
    assert menu["name_localizations"]["de"] == "Artikel fragen"
    assert "description" not in menu or menu["description"] == ""


async def test_no_sync_without_dev_guild(harness: Harness, fake: FakeDiscord) -> None:
    await harness.start(dev_guild_id=None)
    assert not any(r.method == "PUT" and "/commands" in r.path for r in fake.requests)
    assert fake.commands_global == []
    assert fake.commands_guild.get(fake.guild_id, []) == []


async def test_option_limits_follow_settings(harness: Harness, fake: FakeDiscord) -> None:
    await harness.start(max_question_chars=120, manage_permission="administrator")
    registered = _by_name(fake.commands_guild[fake.guild_id])
    assert _option(registered[("ask", 1)], "question")["max_length"] == 120
    kb = registered[("kb", 1)]
    assert int(kb["default_member_permissions"]) == discord.Permissions(administrator=True).value


def _identify_intents(fake: FakeDiscord) -> int:
    # The intents the bot sent in IDENTIFY, as the fake's gateway session recorded them.
    sessions = list(fake._shards.values())
    assert sessions
    return int(sessions[0].intents)


async def test_message_content_intent_only_for_watched_channels(
    harness: Harness, fake: FakeDiscord
) -> None:
    await harness.start()
    intents = discord.Intents._from_value(_identify_intents(fake))
    assert not intents.message_content
    assert intents.guilds
    assert intents.guild_messages
    assert intents.dm_messages


async def test_watched_channels_ask_for_message_content(
    harness: Harness, fake: FakeDiscord
) -> None:
    await harness.start(ask_channel_ids=frozenset({fake.channel_id}))
    intents = discord.Intents._from_value(_identify_intents(fake))
    assert intents.message_content


async def test_sharded_start_asks_for_the_gateway(harness: Harness, fake: FakeDiscord) -> None:
    bot = await harness.start()
    # AutoShardedBot without SHARD_COUNT asks Discord how many shards to run.
    assert any(r.method == "GET" and r.path == "/gateway/bot" for r in fake.requests)
    assert isinstance(bot, discord.AutoShardedClient)
    assert bot.shard_count == 1


async def test_explicit_shards(harness: Harness, fake: FakeDiscord) -> None:
    bot = await harness.start(shard_count=1, shard_ids=(0,))
    assert bot.shard_ids == [0]
    assert not any(r.path == "/gateway/bot" for r in fake.requests)


def test_endpoints_untouched_when_unset() -> None:
    before = endpoints.current()
    endpoints.configure(None, None)
    assert endpoints.current() == before
    saved = endpoints.configure("http://127.0.0.1:9/api/v10/", "ws://127.0.0.1:9/gateway")
    try:
        assert discord.http.Route.BASE == "http://127.0.0.1:9/api/v10"
        assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == "ws://127.0.0.1:9/gateway"
    finally:
        endpoints.restore(saved)
    assert endpoints.current() == before


def test_allowed_mentions_none_on_the_client(engine: Engine, tmp_path: Path) -> None:
    bot = ArticleBot(Settings(database_path=tmp_path / "feedback.sqlite3"), engine=engine)
    try:
        mentions = bot.allowed_mentions
        assert mentions is not None
        assert dict(mentions.to_dict()) == {"parse": []}
    finally:
        bot.store.close()
