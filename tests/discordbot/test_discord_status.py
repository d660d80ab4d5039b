"""The status endpoint (STATUS_PORT): /healthz follows the shards, /metrics counts what happened;
and without STATUS_PORT nothing listens."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from typing import Any

import aiohttp
import discord
import pytest

from bot.config import ConfigError
from bot.discordbot.client import ArticleBot
from bot.discordbot.metrics import LATE_AFTER, Metrics
from bot.engine import Answered, Engine
from tests.discordbot.discord_support import FakeDiscord, Harness, eventually

ANSWERED = "Why did Putin visit Kazakhstan?"
OFF_TOPIC = "Wie ist das Wetter morgen in Berlin?"


async def _get(bot: ArticleBot, path: str) -> tuple[int, str, Any]:
    server = bot.status_server
    assert server is not None
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://{server.host}:{server.port}{path}") as response,
    ):
        text = await response.text()
        body = await response.json() if response.content_type == "application/json" else None
        return response.status, response.headers["Content-Type"], body if body else text


async def _status_bot(harness: Harness, **changes: Any) -> ArticleBot:
    # Port 0: the system picks a free one (the setting itself takes 1-65535).
    bot = await harness.start(status_port=0, **changes)
    await eventually(bot.is_ready)
    return bot


async def test_without_status_port_nothing_listens(bot: ArticleBot) -> None:
    assert bot.settings.status_port is None
    assert bot.status_server is None


async def test_healthz_is_200_while_every_shard_is_ready(
    harness: Harness, fake: FakeDiscord
) -> None:
    bot = await _status_bot(harness)
    server = bot.status_server
    assert server is not None
    assert server.host == "127.0.0.1"
    await eventually(lambda: bot.health.states()[0].latency is not None)
    status, content_type, body = await _get(bot, "/healthz")
    assert status == 200
    assert content_type.startswith("application/json")
    [shard] = body["shards"]
    assert body["status"] == "ok"
    assert shard["id"] == 0
    assert shard["ready"] is True
    assert 0 <= shard["latency"] < 1
    assert (body["shard_count"], shard["guilds"]) == (1, 1)

    # A shard that lost its connection makes the process unhealthy until it is back.
    bot.dispatch("shard_disconnect", 0)
    await eventually(lambda: not bot.health.healthy())
    status, _, body = await _get(bot, "/healthz")
    assert status == 503
    assert body["status"] == "unavailable"
    assert body["shards"][0]["ready"] is False
    bot.dispatch("shard_resumed", 0)
    await eventually(bot.health.healthy)
    assert (await _get(bot, "/healthz"))[0] == 200

    # Stopping: unhealthy at once, before anything closes.
    bot.health.stopping = True
    status, _, body = await _get(bot, "/healthz")
    assert (status, body["stopping"]) == (503, True)


async def test_healthz_follows_a_real_reconnect(harness: Harness, fake: FakeDiscord) -> None:
    bot = await _status_bot(harness)
    await fake.drop_connection()
    await fake.wait_until_connected()
    await eventually(bot.health.healthy)
    assert (await _get(bot, "/healthz"))[0] == 200


async def test_metrics_count_questions_votes_reloads_and_acknowledgements(
    harness: Harness, fake: FakeDiscord, engine: Engine
) -> None:
    bot = await _status_bot(harness)
    handle = await fake.interact_command("ask", {"question": ANSWERED})
    await handle.response()
    await (await fake.interact_command("ask", {"question": OFF_TOPIC}, locale="de")).response()
    expected = engine.ask(ANSWERED, "en")
    assert isinstance(expected, Answered)
    vote = await fake.interact_component(handle, f"ab:vote:up:en:{expected.match.pair_id}")
    await vote.response()
    await (await fake.interact_command("kb", subcommand="reload")).final_message()

    status, content_type, text = await _get(bot, "/metrics")
    assert status == 200
    assert content_type.startswith("text/plain")
    lines = set(text.splitlines())
    assert 'articlebot_questions_total{language="en",outcome="answer"} 1.0' in lines
    assert 'articlebot_questions_total{language="de",outcome="none"} 1.0' in lines
    assert 'articlebot_questions_total{language="de",outcome="suggestions"} 0.0' in lines
    assert 'articlebot_answer_seconds_count{source="slash"} 2.0' in lines
    assert 'articlebot_votes_total{language="en",vote="up"} 1.0' in lines
    assert "articlebot_knowledge_reloads_total 1.0" in lines
    assert "articlebot_knowledge_reload_failures_total 0.0" in lines
    # Every acknowledgement was timed: 2 answers, the vote's thanks, the reload's deferral.
    assert "articlebot_interaction_ack_seconds_count 4.0" in lines
    assert "articlebot_interactions_late_total 0.0" in lines
    assert "articlebot_interactions_expired_total 0.0" in lines
    assert 'articlebot_shard_ready{shard="0"} 1.0' in lines
    assert 'articlebot_shard_guilds{shard="0"} 1.0' in lines
    assert "articlebot_shard_count 1.0" in lines
    assert any(line.startswith('articlebot_gateway_latency_seconds{shard="0"} ') for line in lines)
    assert any(line.startswith("process_resident_memory_bytes ") for line in lines)


async def test_an_acknowledgement_too_late_is_counted(harness: Harness, fake: FakeDiscord) -> None:
    bot = await _status_bot(harness)
    fake.ack_deadline = 0.0
    handle = await fake.interact_command("ask", {"question": ANSWERED})
    await eventually(lambda: bool(handle.callbacks))
    assert handle.callbacks[0][0] == 404
    # The answer and the apology after it were both refused: one interaction, counted once.
    await eventually(lambda: len(handle.callbacks) == 2)
    await eventually(lambda: bot.metrics.sample("articlebot_interactions_expired_total") == 1)


def test_late_means_older_than_two_and_a_half_seconds() -> None:
    metrics = Metrics()
    now = 1_800_000_000.0

    def interaction_created(seconds_ago: float) -> int:
        return discord.utils.time_snowflake(datetime.fromtimestamp(now - seconds_ago, UTC))

    metrics.acknowledged(interaction_created(0.2), 200, now=now)
    metrics.acknowledged(interaction_created(LATE_AFTER + 0.2), 200, now=now)
    metrics.acknowledged(interaction_created(LATE_AFTER + 0.3), 429, now=now)  # retried: no ack
    metrics.acknowledged(interaction_created(4.0), 404, now=now)
    metrics.acknowledged(interaction_created(4.0), 404, now=now)  # the same one again
    assert metrics.sample("articlebot_interaction_ack_seconds_count") == 2
    assert metrics.sample("articlebot_interactions_late_total") == 1
    assert metrics.sample("articlebot_interactions_expired_total") == 1


def test_each_bot_has_its_own_registry() -> None:
    first, second = Metrics(), Metrics()
    first.question("answer", "en")
    assert first.sample("articlebot_questions_total", {"outcome": "answer", "language": "en"}) == 1
    assert second.sample("articlebot_questions_total", {"outcome": "answer", "language": "en"}) == 0


async def test_a_taken_port_is_a_clear_settings_error(harness: Harness) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ConfigError) as info:
            await harness.start(status_port=port)
    assert f"STATUS_PORT={port}: cannot listen on 127.0.0.1:{port}" in str(info.value)
