"""The bot past one process (issue 11): the fake Discord serves two shards, each guild on the
shard `(guild_id >> 22) % 2`; two unmodified `python -m bot` processes (SHARD_COUNT=2,
SHARD_IDS=0 / 1) serve one each, over one PostgreSQL database (and, for a small deployment on
one machine, over one SQLite file). People ask and vote in a guild
of each shard and everything lands in the one database; knowledge reloaded through one process
is served by the other within seconds; each process reports its own shard."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.discordbot.discord_support import TOKEN, FakeDiscord, custom_ids
from tests.support.knowledge import change_answer
from tests.support.paths import KNOWLEDGE_DIR, REPO_ROOT
from tests.support.stores import StoreTarget

START_TIMEOUT = 30.0
QUESTION = "How long is the CPC pipeline?"
PAIR = "energie-cpc-pipeline-laenge-route"
CHANGED = "The CPC pipeline is 1,500 kilometres long (as reloaded in the other process)."


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _env(fake: FakeDiscord, **settings: str) -> dict[str, str]:
    keep = ("DISCORD_", "ASK_", "SHARD_", "DATABASE_", "KNOWLEDGE_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(keep)}
    env.update(
        PYTHONPATH=str(REPO_ROOT),
        PYTHONUNBUFFERED="1",
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_BASE=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        LOG_LEVEL="INFO",
        ASK_COOLDOWN_SECONDS="0",
    )
    env.update(settings)
    return env


@asynccontextmanager
async def _bot(env: dict[str, str], cwd: Path, log: Path) -> AsyncIterator[Any]:
    with log.open("wb") as out:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=cwd, env=env, stdout=out, stderr=out
        )
    try:
        yield proc
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(proc.wait(), 15)
            except TimeoutError:
                proc.kill()
                await proc.wait()


async def _get(session: aiohttp.ClientSession, port: int, path: str) -> tuple[int, Any]:
    async with session.get(f"http://127.0.0.1:{port}{path}") as response:
        body = await (response.json() if path == "/healthz" else response.text())
        return response.status, body


async def _until(check: Any, timeout: float, what: str) -> Any:  # noqa: ASYNC109
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await check()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not within {timeout:g} s: {what}")
        await asyncio.sleep(0.2)


@pytest.mark.timeout(180)
async def test_two_processes_two_shards_one_store(
    store_target: StoreTarget, tmp_path: Path
) -> None:
    store_setting = (
        {"DATABASE_URL": store_target.where}
        if store_target.kind == "postgresql"
        else {"DATABASE_PATH": store_target.where}
    )
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, knowledge)
    async with FakeDiscord(token=TOKEN, shard_count=2) as fake, AsyncExitStack() as stack:
        # A guild on each shard: the fake's first guild on its own, another on the other.
        first_shard = (fake.guild_id >> 22) % 2
        other_guild, other_channel = fake.add_guild("Other", shard=(1 - first_shard, 2))
        channel_of_shard = {first_shard: fake.channel_id, 1 - first_shard: other_channel}
        guild_of_shard = {first_shard: fake.guild_id, 1 - first_shard: other_guild}
        ports = {shard: _free_port() for shard in (0, 1)}
        for shard in (0, 1):
            env = _env(
                fake,
                SHARD_COUNT="2",
                SHARD_IDS=str(shard),
                **store_setting,
                KNOWLEDGE_DIR=str(knowledge),
                KNOWLEDGE_POLL_SECONDS="0.5",
                STATUS_PORT=str(ports[shard]),
            )
            await stack.enter_async_context(_bot(env, tmp_path, tmp_path / f"bot-{shard}.log"))
        try:
            await fake.wait_until_connected(timeout=START_TIMEOUT)
        except TimeoutError:
            logs = [(tmp_path / f"bot-{s}.log").read_text(errors="replace") for s in (0, 1)]
            raise AssertionError(f"the bots did not connect:\n{logs[0]}\n{logs[1]}") from None
        session = await stack.enter_async_context(aiohttp.ClientSession())

        # Each process reports just its shard, with its one guild.
        for shard, port in ports.items():
            status, body = await _until(
                lambda port=port: _ok(session, port), START_TIMEOUT, "healthy"
            )
            assert status == 200
            assert body["shard_count"] == 2
            assert [(s["id"], s["ready"], s["guilds"]) for s in body["shards"]] == [
                (shard, True, 1)
            ]

        # Ask and vote in a guild of each shard: each process answers its own.
        for shard in (0, 1):
            handle = await fake.interact_command(
                "ask", {"question": QUESTION}, channel_id=channel_of_shard[shard]
            )
            body = await handle.response(timeout=10)
            assert body["data"]["embeds"][0]["title"].startswith("How long is the CPC pipeline")
            vote = next(i for i in custom_ids(body["data"]) if i.startswith("ab:vote:up:"))
            voter = await fake.add_member(f"voter{shard}")
            click = await fake.interact_component(handle, vote, user=voter)
            await click.response(timeout=10)
            _, metrics = await _get(session, ports[shard], "/metrics")
            assert 'articlebot_votes_total{language="en",vote="up"} 1.0' in metrics
            assert f'articlebot_shard_questions_total{{shard="{shard}"}} 1.0' in metrics

        # Everything is in the one database.
        rows = store_target.query("SELECT guild_id, pair_id, vote FROM votes ORDER BY guild_id")
        assert sorted(rows) == sorted((guild_of_shard[s], PAIR, 1) for s in (0, 1))
        with store_target.open() as store:
            assert store.vote_count() == 2

        # The knowledge is changed on disk and reloaded through the process of shard 0 ...
        change_answer(knowledge, PAIR, "en", CHANGED)
        reload = await fake.interact_command(
            "kb", subcommand="reload", channel_id=channel_of_shard[0]
        )
        done = await reload.final_message(timeout=20)
        assert "reloaded" in str(done.get("content", "")).lower(), done

        # ... and the process of shard 1 answers with it within a few seconds.
        async def answered_with_the_change() -> bool:
            handle = await fake.interact_command(
                "ask", {"question": QUESTION}, channel_id=channel_of_shard[1]
            )
            answer = await handle.response(timeout=10)
            return bool(answer["data"]["embeds"][0]["description"] == CHANGED)

        await _until(answered_with_the_change, 10, "shard 1 serves the reloaded knowledge")
        _, metrics = await _get(session, ports[1], "/metrics")
        assert "articlebot_knowledge_version 1.0" in metrics
        assert "articlebot_knowledge_current 1.0" in metrics
        assert "articlebot_knowledge_reloads_total 1.0" in metrics
        with store_target.open() as store:
            latest = store.knowledge_version()
        assert latest is not None
        assert latest.version == 1
        assert fake.validation_errors == []


async def _ok(session: aiohttp.ClientSession, port: int) -> tuple[int, Any] | None:
    try:
        status, body = await _get(session, port, "/healthz")
    except aiohttp.ClientError:
        return None
    return (status, body) if status == 200 else None
