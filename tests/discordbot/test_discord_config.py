"""/config: watched channels and the language per server, for managers only, kept in the store."""

from __future__ import annotations

import logging
from typing import Any

import discord
import pytest

from bot.discordbot.client import ArticleBot
from bot.engine import LANGUAGES
from bot.store import hash_user
from bot.texts import t
from tests.discordbot.discord_support import FakeDiscord, Harness, is_ephemeral, rows
from tests.support.fake_discord import payloads

QUESTION = "Warum ist Putin nach Kasachstan gereist?"
# Only names, no word of either language: the server's language decides how it is answered.
UNCLEAR = "Putin Kasachstan"


def _add_channel(fake: FakeDiscord, name: str) -> int:
    """A second text channel in the fake's guild (before the bot starts: it comes in
    GUILD_CREATE)."""
    world = fake._world
    channel_id = world.ids.next()
    world.channels[channel_id] = payloads.make_text_channel(channel_id, world.guild_id, name)
    return channel_id


async def _config(
    fake: FakeDiscord,
    sub: str,
    options: dict[str, Any] | None = None,
    *,
    user: dict[str, Any] | None = None,
    locale: str = "en-US",
) -> dict[str, Any]:
    """Run /config <sub>; the reply the manager finally sees (always private)."""
    handle = await fake.interact_command(
        "config", options, subcommand=sub, user=user, locale=locale
    )
    assert is_ephemeral((await handle.response())["data"])
    final = await handle.final_message()
    assert is_ephemeral(final)
    return final


async def _reply_to(fake: FakeDiscord, message: dict[str, Any]) -> dict[str, Any]:
    """The bot's next post answers `message`, and it said nothing else before or meanwhile."""
    body = await fake.wait_for_bot_message()
    assert str(body["message_reference"]["message_id"]) == message["id"]
    await fake.assert_no_bot_message(within=0)
    return body


async def test_a_watched_channel_answers_plain_questions(
    harness: Harness, fake: FakeDiscord
) -> None:
    await harness.start(message_content_intent=True)
    reply = await _config(fake, "watch", {"channel": fake.channel_id})
    assert reply["content"].startswith(
        f"From now on I answer every question in <#{fake.channel_id}>"
    )
    assert "message-content intent" not in reply["content"]

    message = await fake.post_message(QUESTION)
    body = await _reply_to(fake, message)
    assert body["embeds"][0]["title"] == "Warum besuchte Putin Kasachstan?"
    # In the store: the server, its channel, and who changed it (hashed like a voter).
    db = harness.tmp_path / "feedback.sqlite3"
    assert rows(
        db, "SELECT guild_id, watched_channel_ids, language, updated_by FROM guild_settings"
    ) == [(fake.guild_id, f"[{fake.channel_id}]", None, hash_user(int(fake.user["id"])))]


async def test_an_unwatched_channel_is_ignored_again(harness: Harness, fake: FakeDiscord) -> None:
    other = _add_channel(fake, "questions")
    await harness.start(message_content_intent=True)
    await _config(fake, "watch", {"channel": fake.channel_id})
    await _config(fake, "watch", {"channel": other})
    reply = await _config(fake, "unwatch", {"channel": fake.channel_id})
    assert reply["content"].startswith(f"I no longer answer every message in <#{fake.channel_id}>")
    assert f"Watched channels: <#{other}>" in reply["content"]

    await fake.post_message(QUESTION)  # the unwatched channel: nothing
    asked = await fake.post_message(QUESTION, channel_id=other)
    body = await _reply_to(fake, asked)
    assert int(fake.message_for(body)["channel_id"]) == other

    # Unwatching what is not watched changes nothing.
    again = await _config(fake, "unwatch", {"channel": fake.channel_id})
    assert again["content"].startswith(f"<#{fake.channel_id}> is not watched; nothing changed.")


async def test_settings_survive_a_restart(harness: Harness, fake: FakeDiscord) -> None:
    first = await harness.start(message_content_intent=True)
    await _config(fake, "watch", {"channel": fake.channel_id})
    await _config(fake, "language", {"language": "de"})
    await first.close()

    # A new process would start just like this, with the same store file.
    bot = await harness.start(message_content_intent=True)
    assert bot.guild_settings.get(fake.guild_id).language == "de"
    message = await fake.post_message(UNCLEAR)
    body = await _reply_to(fake, message)
    assert body["embeds"][0]["title"] == "Warum besuchte Putin Kasachstan?"
    shown = await _config(fake, "show")
    assert f"Watched channels: <#{fake.channel_id}>\n" in shown["content"]
    assert "Language when a question does not tell: Deutsch" in shown["content"]


async def test_members_without_the_permission_are_refused(
    harness: Harness, fake: FakeDiscord
) -> None:
    bot = await harness.start(message_content_intent=True)
    member = await fake.add_member("bob")
    for sub, options in (
        ("watch", {"channel": fake.channel_id}),
        ("unwatch", {"channel": fake.channel_id}),
        ("language", {"language": "de"}),
        ("show", None),
    ):
        handle = await fake.interact_command("config", options, subcommand=sub, user=member)
        data = (await handle.response())["data"]
        assert is_ephemeral(data)
        assert data["content"] == "Only server managers may do that.", sub
    # Nothing changed: not in memory, not in the file, and plain messages are still ignored.
    assert dict(bot.guild_settings.all()) == {}
    assert rows(harness.tmp_path / "feedback.sqlite3", "SELECT * FROM guild_settings") == []
    await fake.post_message(QUESTION)
    asked = await fake.post_message(f"<@{fake.bot_user_id}> {QUESTION}")
    await _reply_to(fake, asked)


async def test_config_is_hidden_from_members_and_offers_languages(
    bot: ArticleBot, fake: FakeDiscord
) -> None:
    registered = {c["name"]: c for c in fake.commands_guild[fake.guild_id]}
    config = registered["config"]
    assert int(config["default_member_permissions"]) == bot.manage_permission.value
    assert config.get("contexts") == [0] or config.get("dm_permission") is False  # servers only
    assert config["name_localizations"]["de"] == "einstellungen"
    subs = {o["name"]: o for o in config["options"]}
    assert set(subs) == {"watch", "unwatch", "show", "language"}
    [language] = subs["language"]["options"]
    # Each language is offered in its own words, whoever reads the list.
    assert [(c["name"], c["value"]) for c in language["choices"]] == [
        (t("language_name", lang), lang) for lang in LANGUAGES
    ]
    assert ("Deutsch", "de") in [(c["name"], c["value"]) for c in language["choices"]]
    assert not language["choices"][0].get("name_localizations")


async def test_show_lists_channels_and_language(harness: Harness, fake: FakeDiscord) -> None:
    other = _add_channel(fake, "questions")
    await harness.start(message_content_intent=True)
    shown = await _config(fake, "show")
    assert "Watched channels: none" in shown["content"]
    assert (
        "Language when a question does not tell: English (the server's language" in shown["content"]
    )

    await _config(fake, "watch", {"channel": other})
    await _config(fake, "watch", {"channel": fake.channel_id})
    await _config(fake, "language", {"language": "de"})
    shown = await _config(fake, "show")
    first, second = sorted((fake.channel_id, other))
    assert f"Watched channels: <#{first}>, <#{second}>\n" in shown["content"]
    assert shown["content"].endswith("Language when a question does not tell: Deutsch")

    # In the manager's own language.
    german = await _config(fake, "show", locale="de")
    assert german["content"].startswith("**Einstellungen auf diesem Server**")
    assert "Sprache, wenn eine Frage es nicht verrät: Deutsch" in german["content"]


async def test_the_server_language_answers_unclear_questions(
    harness: Harness, fake: FakeDiscord
) -> None:
    await harness.start(message_content_intent=True)
    await _config(fake, "watch", {"channel": fake.channel_id})
    # The fake server's Discord locale is en-US: an unclear question is answered in English...
    message = await fake.post_message(UNCLEAR)
    body = await _reply_to(fake, message)
    assert body["embeds"][0]["title"] == "Why did Putin visit Kazakhstan?"

    reply = await _config(fake, "language", {"language": "de"})
    assert reply["content"].startswith("This server's language is now **Deutsch**")
    # ...until the server chooses German: the answer, and the words around it, are German.
    message = await fake.post_message(UNCLEAR)
    body = await _reply_to(fake, message)
    assert body["embeds"][0]["title"] == "Warum besuchte Putin Kasachstan?"
    votes = [c["label"] for row in body["components"] for c in row["components"]]
    assert t("vote_up", "de") in votes
    # A question that tells its language is still answered in it, and mentions follow it too.
    message = await fake.post_message("Why did Putin visit Kazakhstan?")
    body = await _reply_to(fake, message)
    assert body["embeds"][0]["title"] == "Why did Putin visit Kazakhstan?"
    message = await fake.post_message(f"<@{fake.bot_user_id}> {UNCLEAR}")
    body = await _reply_to(fake, message)
    assert body["embeds"][0]["title"] == "Warum besuchte Putin Kasachstan?"


async def test_ask_channel_ids_are_the_default_until_a_server_chooses(
    harness: Harness, fake: FakeDiscord
) -> None:
    other = _add_channel(fake, "questions")
    await harness.start(ask_channel_ids=frozenset({fake.channel_id}))
    shown = await _config(fake, "show")
    assert f"Watched channels: <#{fake.channel_id}> (the bot's default" in shown["content"]
    # Watching what the default already watches changes nothing: the server still follows it.
    already = await _config(fake, "watch", {"channel": fake.channel_id})
    assert already["content"].startswith("I already answer every question in")
    assert rows(harness.tmp_path / "feedback.sqlite3", "SELECT * FROM guild_settings") == []

    # The first change starts the server's own list from the default's channels.
    await _config(fake, "watch", {"channel": other})
    shown = await _config(fake, "show")
    first, second = sorted((fake.channel_id, other))
    assert f"Watched channels: <#{first}>, <#{second}>\n" in shown["content"]
    assert "(the bot's default" not in shown["content"]
    # From then on only its own list counts: unwatching a default channel silences it.
    await _config(fake, "unwatch", {"channel": fake.channel_id})
    await fake.post_message(QUESTION)
    asked = await fake.post_message(QUESTION, channel_id=other)
    await _reply_to(fake, asked)


async def test_without_the_intent_watch_says_only_mentions_work(
    harness: Harness, fake: FakeDiscord
) -> None:
    bot = await harness.start()
    assert not bot.intents.message_content
    reply = await _config(fake, "watch", {"channel": fake.channel_id})
    assert reply["content"].startswith("From now on I answer every question in")
    assert "without the message-content intent" in reply["content"]
    assert "MESSAGE_CONTENT_INTENT=1" in reply["content"]
    assert "without the message-content intent" in (await _config(fake, "show"))["content"]
    # The setting is kept all the same, for when the operator turns the intent on.
    assert bot.guild_settings.get(fake.guild_id).watched_channel_ids == {fake.channel_id}
    # Nothing watched, nothing to warn about.
    reply = await _config(fake, "unwatch", {"channel": fake.channel_id})
    assert "intent" not in reply["content"]


async def test_message_content_intent_setting_asks_for_it(
    harness: Harness, fake: FakeDiscord
) -> None:
    await harness.start(message_content_intent=True)
    sessions = list(fake._shards.values())
    assert sessions
    assert discord.Intents._from_value(int(sessions[0].intents)).message_content


async def test_a_start_without_the_intent_warns_of_watched_channels(
    harness: Harness, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    first = await harness.start()
    await _config(fake, "watch", {"channel": fake.channel_id})
    await first.close()
    with caplog.at_level(logging.WARNING, logger="bot.discordbot.exts.config"):
        await harness.start()
    assert any(
        "1 server(s) watch channels" in r.getMessage()
        and "MESSAGE_CONTENT_INTENT" in r.getMessage()
        for r in caplog.records
    ), caplog.records
