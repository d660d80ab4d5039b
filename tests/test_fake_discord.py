"""End-to-end tests of the fake Discord with a tiny, unmodified discord.py bot."""

from __future__ import annotations

import asyncio
import io
import time
import warnings
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import discord
import pytest
import yarl
from discord import app_commands
from discord.ext import commands

from tests.support.fake_discord import FakeDiscord
from tests.support.fake_discord.validation import get_spec_validator, validate_body

TIMEOUT = 5.0
TOPICS = ["apple", "apricot", "banana", "cherry"]


class AskView(discord.ui.View):
    def __init__(self, clicks: list[int]) -> None:
        super().__init__(timeout=60)
        self.clicks = clicks

    @discord.ui.button(label="More", custom_id="ask:more", style=discord.ButtonStyle.primary)
    async def more(
        self, interaction: discord.Interaction, button: discord.ui.Button[AskView]
    ) -> None:
        self.clicks.append(interaction.user.id)
        await interaction.response.send_message("Here is more.", ephemeral=True)


class TinyBot(commands.Bot):
    """A plain discord.py bot: /ask (embed + button), /topic (autocomplete), /slow (deferred),
    a message context menu, and an on_message listener that answers mentions and DMs."""

    def __init__(self) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        super().__init__(command_prefix="!", intents=intents, guild_ready_timeout=0.1)
        self.clicks: list[int] = []
        self._add_commands()

    def _add_commands(self) -> None:
        tree = self.tree
        clicks = self.clicks

        @tree.command(description="Ask a question")
        @app_commands.describe(question="What to ask")
        async def ask(interaction: discord.Interaction, question: str) -> None:
            embed = discord.Embed(title=question, description="An answer.")
            embed.add_field(name="Source", value="the article")
            await interaction.response.send_message(embed=embed, view=AskView(clicks))

        @tree.command(description="Pick a topic")
        async def topic(interaction: discord.Interaction, name: str) -> None:
            await interaction.response.send_message(f"Topic: {name}")

        @topic.autocomplete("name")
        async def topic_autocomplete(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=t, value=t) for t in TOPICS if t.startswith(current)]

        @tree.command(description="Think, then answer")
        async def slow(interaction: discord.Interaction, delay: float = 0.0) -> None:
            await interaction.response.defer(thinking=True)
            await asyncio.sleep(delay)
            await interaction.edit_original_response(content="Thought about it.")

        @tree.command(description="Send a report file")
        async def report(interaction: discord.Interaction, title: str) -> None:
            report = discord.File(io.BytesIO(b"report body"), filename="report.txt")
            embed = discord.Embed(title=title)
            await interaction.response.send_message("Report:", embed=embed, file=report)

        @tree.context_menu(name="Quote")
        async def quote(interaction: discord.Interaction, message: discord.Message) -> None:
            await interaction.response.send_message(f"> {message.content}")

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        assert self.user is not None
        if "button" in message.content:
            await message.channel.send("Press it:", view=AskView(self.clicks))
        elif self.user in message.mentions or message.guild is None:
            await message.reply(f"You said: {message.clean_content}")


async def start_bot(bot: discord.Client, token: str) -> asyncio.Task[None]:
    """Start ``bot`` and wait until on_ready, surfacing a failed start at once."""
    task = asyncio.create_task(bot.start(token))
    ready = asyncio.create_task(bot.wait_until_ready())
    done, _ = await asyncio.wait({task, ready}, timeout=TIMEOUT, return_when="FIRST_COMPLETED")
    if task in done:
        ready.cancel()
        task.result()
    if ready not in done:
        ready.cancel()
        task.cancel()
        raise TimeoutError("bot did not become ready")
    return task


async def stop_bot(bot: discord.Client, task: asyncio.Task[None]) -> None:
    await asyncio.wait_for(bot.close(), TIMEOUT)
    await asyncio.wait_for(task, TIMEOUT)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        yield server


@pytest.fixture
def endpoints(fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url)
    )


@pytest.fixture
async def bot(fake: FakeDiscord, endpoints: None) -> AsyncIterator[TinyBot]:
    client = TinyBot()
    task = await start_bot(client, fake.token)
    await asyncio.wait_for(client.tree.sync(), TIMEOUT)
    yield client
    await stop_bot(client, task)
    assert fake.validation_errors == []


async def test_login_ready_and_guild_create(fake: FakeDiscord, bot: TinyBot) -> None:
    assert bot.user is not None
    assert bot.user.id == fake.bot_user_id
    assert bot.application_id == fake.application_id
    guild = bot.get_guild(fake.guild_id)
    assert guild is not None
    # Without the members intent discord.py caches only itself; the count comes from the fake.
    assert guild.member_count == len(fake.guild["members"]) == 2
    assert guild.get_channel(fake.channel_id) is not None
    assert [(r.method, r.path) for r in fake.requests[:2]] == [
        ("GET", "/users/@me"),
        ("GET", "/oauth2/applications/@me"),
    ]
    assert fake.requests[0].headers["Authorization"] == f"Bot {fake.token}"
    assert fake.identify_count == 1
    assert bot.latency < 1.0  # the first heartbeat was ACKed


async def test_wrong_token_raises_login_failure(fake: FakeDiscord, endpoints: None) -> None:
    client = TinyBot()
    try:
        with pytest.raises(discord.LoginFailure):
            await asyncio.wait_for(client.login("not-the-token"), TIMEOUT)
    finally:
        await client.close()
    assert fake.requests[-1].path == "/users/@me"
    assert fake.requests[-1].status == 401
    assert fake.identify_count == 0


async def test_command_sync_global_and_guild(fake: FakeDiscord, bot: TinyBot) -> None:
    names = {(c["name"], c["type"]) for c in fake.commands_global}
    assert names == {("ask", 1), ("topic", 1), ("slow", 1), ("report", 1), ("Quote", 3)}
    assert all(
        c["id"].isdigit() and c["application_id"] == str(fake.application_id)
        for c in fake.commands_global
    )
    fetched = await asyncio.wait_for(bot.tree.fetch_commands(), TIMEOUT)
    assert {c.name for c in fetched} == {"ask", "topic", "slow", "report", "Quote"}

    guild = discord.Object(id=fake.guild_id)
    bot.tree.copy_global_to(guild=guild)
    synced = await asyncio.wait_for(bot.tree.sync(guild=guild), TIMEOUT)
    assert {c.name for c in synced} == {"ask", "topic", "slow", "report", "Quote"}
    assert {c["guild_id"] for c in fake.commands_guild[fake.guild_id]} == {str(fake.guild_id)}
    # A guild command interaction carries data.guild_id and still resolves.
    handle = await fake.interact_command("topic", {"name": "cherry"})
    assert handle.payload["data"]["guild_id"] == str(fake.guild_id)
    assert (await handle.response(TIMEOUT))["data"]["content"] == "Topic: cherry"


async def test_slash_command_gets_callback(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.interact_command("ask", {"question": "Who won?"})
    body = await handle.response(TIMEOUT)
    assert body["type"] == 4
    assert body["data"]["embeds"][0]["title"] == "Who won?"
    button = body["data"]["components"][0]["components"][0]
    assert button["custom_id"] == "ask:more"
    assert handle.ack_latency is not None
    assert handle.ack_latency < fake.ack_deadline
    assert await handle.final_message(TIMEOUT) == body["data"]
    callback = next(r for r in fake.requests if r.path.endswith("/callback"))
    assert callback.query == {"with_response": "1"}
    assert "Authorization" not in callback.headers


async def test_button_click_reaches_view(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.interact_command("ask", {"question": "Tell me more"})
    await handle.response(TIMEOUT)
    assert handle.message is not None
    assert handle.message["author"]["id"] == str(fake.bot_user_id)

    click = await fake.interact_component(handle.message, "ask:more")
    body = await click.response(TIMEOUT)
    assert body == {"type": 4, "data": {"tts": False, "content": "Here is more.", "flags": 64}}
    assert bot.clicks == [int(fake.user["id"])]

    other = await fake.add_member("bob")
    again = await fake.interact_component(handle, "ask:more", user=other)
    await again.response(TIMEOUT)
    assert bot.clicks == [int(fake.user["id"]), int(other["id"])]


async def test_button_on_channel_message(fake: FakeDiscord, bot: TinyBot) -> None:
    await fake.post_message("show me a button")
    body = await fake.wait_for_bot_message(fake.channel_id, TIMEOUT)
    assert body["components"][0]["components"][0]["custom_id"] == "ask:more"
    click = await fake.interact_component(body, "ask:more")
    assert (await click.response(TIMEOUT))["data"]["content"] == "Here is more."
    assert bot.clicks == [int(fake.user["id"])]
    with pytest.raises(ValueError, match="no component"):
        await fake.interact_component(body, "does-not-exist")


async def test_autocomplete_choices(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.interact_autocomplete("topic", {"name": "ap"})
    body = await handle.response(TIMEOUT)
    assert body == {
        "type": 8,
        "data": {
            "choices": [
                {"name": "apple", "value": "apple"},
                {"name": "apricot", "value": "apricot"},
            ]
        },
    }
    empty = await fake.interact_autocomplete("topic", {"name": "zzz"})
    assert (await empty.response(TIMEOUT))["data"]["choices"] == []


async def test_deferred_response_and_double_ack(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.interact_command("slow")
    assert (await handle.response(TIMEOUT))["type"] == 5
    final = await handle.final_message(TIMEOUT)
    assert final["content"] == "Thought about it."
    assert handle.message is not None
    assert handle.message["content"] == "Thought about it."

    # A second acknowledgement is refused the way Discord does it.
    url = f"{fake.api_base}/interactions/{handle.id}/{handle.token}/callback"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json={"type": 4, "data": {"content": "again"}}) as response,
    ):
        assert response.status == 400
        assert response.headers["Content-Type"] == "application/json"
        assert (await response.json())["code"] == 40060


async def test_ack_after_deadline_is_unknown_interaction(fake: FakeDiscord, bot: TinyBot) -> None:
    fake.ack_deadline = 0.0
    handle = await fake.interact_command("ask", {"question": "late"})
    status, _ = await handle.first_callback(TIMEOUT)
    assert status == 404
    assert not handle.acknowledged


async def test_message_context_menu(fake: FakeDiscord, bot: TinyBot) -> None:
    message = await fake.post_message("quote me")
    handle = await fake.interact_command("Quote", command_type=3, target_message=message)
    assert (await handle.response(TIMEOUT))["data"]["content"] == "> quote me"


async def test_mention_reaches_on_message_and_reply_is_recorded(
    fake: FakeDiscord, bot: TinyBot
) -> None:
    posted = await fake.post_message(f"<@{fake.bot_user_id}> hello there")
    reply = await fake.wait_for_bot_message(fake.channel_id, TIMEOUT)
    assert reply["content"] == "You said: @FakeBot hello there"
    assert str(reply["message_reference"]["message_id"]) == posted["id"]
    assert fake.message_for(reply)["type"] == 19

    await fake.post_message("nobody mentioned the bot")
    await fake.assert_no_bot_message(fake.channel_id, within=0.3)

    await fake.post_message("a direct message", guild=False)
    dm_reply = await fake.wait_for_bot_message(timeout=TIMEOUT)
    assert dm_reply["content"] == "You said: a direct message"


@pytest.mark.parametrize("how", ["close-4000", "abort", "op7"])
async def test_reconnect_resumes_and_bot_keeps_working(
    fake: FakeDiscord, bot: TinyBot, how: str
) -> None:
    if how == "op7":
        await fake.request_reconnect()
    else:
        await fake.drop_connection(4000 if how == "close-4000" else None)
    # Dispatched while the bot is away: buffered and replayed after RESUME.
    handle = await fake.interact_command("topic", {"name": "banana"})
    await fake.wait_until_connected(TIMEOUT)
    assert (await handle.response(TIMEOUT))["data"]["content"] == "Topic: banana"
    assert fake.resume_count == 1
    assert fake.identify_count == 1

    await fake.post_message(f"<@{fake.bot_user_id}> still there?")
    reply = await fake.wait_for_bot_message(fake.channel_id, TIMEOUT)
    assert reply["content"].endswith("still there?")


async def test_rate_limit_is_waited_out(fake: FakeDiscord, bot: TinyBot) -> None:
    fake.rate_limit_next("POST", r"^/channels/\d+/messages$", retry_after=0.3)
    started = time.monotonic()
    await fake.post_message(f"<@{fake.bot_user_id}> are you limited?")
    await fake.wait_for_bot_message(fake.channel_id, TIMEOUT)
    posts = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/messages")]
    assert [r.status for r in posts] == [429, 200]
    assert time.monotonic() - started >= 0.3


async def test_invalid_embed_is_caught_by_validation(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.interact_command("ask", {"question": "x" * 300})
    status, body = await handle.first_callback(TIMEOUT)
    assert status == 400
    assert len(body["data"]["embeds"][0]["title"]) == 300
    [issue] = fake.validation_errors
    assert issue.pointer == "/data/embeds/0/title"
    assert issue.code == "BASE_TYPE_MAX_LENGTH"
    assert not handle.acknowledged
    fake.validation_errors.clear()  # expected; the fixture asserts none are left


async def test_multipart_upload_is_recorded_and_validated(fake: FakeDiscord, bot: TinyBot) -> None:
    ok = await fake.interact_command("report", {"title": "Weekly"})
    await ok.response(TIMEOUT)
    assert ok.message is not None
    assert ok.message["attachments"][0]["filename"] == "report.txt"
    assert ok.message["attachments"][0]["size"] == len(b"report body")
    upload = next(r for r in fake.requests if r.files)
    assert upload.files[0][1:] == ("report.txt", b"report body")
    assert upload.json["data"]["embeds"][0]["title"] == "Weekly"

    bad = await fake.interact_command("report", {"title": "y" * 257})
    status, _ = await bad.first_callback(TIMEOUT)
    assert status == 400
    assert [i.pointer for i in fake.validation_errors] == ["/data/embeds/0/title"]
    fake.validation_errors.clear()


def test_missing_spec_warns_once(tmp_path: Path) -> None:
    missing = tmp_path / "openapi.json"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert get_spec_validator(missing) is None
        assert get_spec_validator(missing) is None
    assert len([w for w in caught if "spec not found" in str(w.message)]) == 1


def test_fallback_limits_without_spec() -> None:
    path = "/channels/1/messages"
    assert validate_body("POST", path, {"embeds": [{"title": "t" * 257}]}, None)[0].pointer == (
        "/embeds/0/title"
    )
    big = {"embeds": [{"description": "d" * 4000}, {"description": "d" * 2001}]}
    assert [i.code for i in validate_body("POST", path, big, None)] == ["MAX_EMBED_SIZE_EXCEEDED"]
    choices = {"type": 8, "data": {"choices": [{"name": "n" * 101, "value": "v"}]}}
    issues = validate_body("POST", "/interactions/1/t/callback", choices, None)
    assert [i.pointer for i in issues] == ["/data/choices/0/name"]
    assert validate_body("POST", path, {"content": "ok"}, None) == []


class QuickShardedBot(commands.AutoShardedBot):
    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py sleeps 5 s before every IDENTIFY but the first; not needed here."""


async def test_auto_sharded_bot(monkeypatch: pytest.MonkeyPatch) -> None:
    async with FakeDiscord(shard_count=2) as server:
        # A guild on the shard the first guild is not on: each shard has one.
        other_shard = 1 - (server.guild_id >> 22) % 2
        other_guild, other_channel = server.add_guild("Other", shard=(other_shard, 2))
        assert (other_guild >> 22) % 2 == other_shard
        monkeypatch.setattr(discord.http.Route, "BASE", server.api_base)
        monkeypatch.setattr(
            discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(server.gateway_url)
        )
        intents = discord.Intents.default()
        client = QuickShardedBot(command_prefix="!", intents=intents, guild_ready_timeout=0.1)

        @client.tree.command(description="Ping")
        async def ping(interaction: discord.Interaction) -> None:
            assert interaction.guild is not None
            await interaction.response.send_message(f"pong from shard {interaction.guild.shard_id}")

        task = await start_bot(client, server.token)
        try:
            assert client.shard_count == 2
            assert server.identify_count == 2
            assert any(r.path == "/gateway/bot" for r in server.requests)
            await server.wait_until_connected(TIMEOUT)
            handle = await server.interact_command("ping")
            expected = (server.guild_id >> 22) % 2
            assert (await handle.response(TIMEOUT))["data"]["content"] == (
                f"pong from shard {expected}"
            )
            assert {g.id for g in client.guilds} == {server.guild_id, other_guild}
            handle = await server.interact_command("ping", channel_id=other_channel)
            assert (await handle.response(TIMEOUT))["data"]["content"] == (
                f"pong from shard {other_shard}"
            )
            assert handle.payload["guild_id"] == str(other_guild)
        finally:
            await stop_bot(client, task)
        assert server.validation_errors == []
