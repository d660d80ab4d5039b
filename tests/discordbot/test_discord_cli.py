"""The unmodified `python -m bot` in a subprocess against the fake Discord."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sqlite3
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp

from tests.discordbot.discord_support import COMMANDS, TOKEN, FakeDiscord, eventually
from tests.discordbot.discord_support import custom_ids as _custom_ids
from tests.support.paths import REPO_ROOT as REPO

START_TIMEOUT = 20.0
QUESTION = "Why did Putin visit Kazakhstan?"


def _env(fake: FakeDiscord, tmp_path: Path, token: str = TOKEN, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "ASK_", "SHARD_"))}
    env.update(
        PYTHONPATH=str(REPO),
        PYTHONUNBUFFERED="1",
        DISCORD_TOKEN=token,
        DISCORD_API_BASE=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        DATABASE_PATH=str(tmp_path / "feedback.sqlite3"),
        LOG_LEVEL="INFO",
    )
    env.update(extra)
    return env


@asynccontextmanager
async def _bot_process(
    env: dict[str, str], cwd: Path, *args: str
) -> AsyncIterator[asyncio.subprocess.Process]:
    # Run from an empty folder: no developer .env leaks in.
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        yield proc
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def test_python_m_bot_serves_and_stops_cleanly(fake: FakeDiscord, tmp_path: Path) -> None:
    env = _env(fake, tmp_path, DISCORD_DEV_GUILD_ID=str(fake.guild_id))
    async with _bot_process(env, tmp_path) as proc:
        waiter = asyncio.create_task(proc.wait())
        connected = asyncio.create_task(fake.wait_until_connected(timeout=START_TIMEOUT))
        await asyncio.wait({waiter, connected}, return_when=asyncio.FIRST_COMPLETED)
        if waiter.done():
            _, err = await proc.communicate()
            raise AssertionError(f"the bot exited early: {err.decode()}")
        connected.result()
        handle = await fake.interact_command("ask", {"question": "Why did Putin visit Kazakhstan?"})
        body = await handle.response()
        assert body["data"]["embeds"][0]["title"] == "Why did Putin visit Kazakhstan?"
        assert {c["name"] for c in fake.commands_guild[fake.guild_id]} >= {"ask", "topics"}
        assert fake.commands_global == []

        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), 10)
        await waiter
    assert proc.returncode == 0, err.decode()
    output = out.decode() + err.decode()
    assert TOKEN not in output
    assert "Traceback" not in output
    assert (tmp_path / "feedback.sqlite3").exists()


async def test_rejected_token_is_one_clear_line(fake: FakeDiscord, tmp_path: Path) -> None:
    wrong = "wrong-token-abcdef0123456789"
    async with _bot_process(_env(fake, tmp_path, token=wrong), tmp_path) as proc:
        out, err = await asyncio.wait_for(proc.communicate(), START_TIMEOUT)
    assert proc.returncode == 1
    text = err.decode()
    assert "Discord rejected the token (check DISCORD_TOKEN)." in text.splitlines()
    assert "Traceback" not in text
    assert wrong not in text + out.decode()
    assert fake.identify_count == 0


async def test_python_m_bot_sync_registers_globally(fake: FakeDiscord, tmp_path: Path) -> None:
    async with _bot_process(_env(fake, tmp_path), tmp_path, "sync") as proc:
        out, err = await asyncio.wait_for(proc.communicate(), START_TIMEOUT)
    assert proc.returncode == 0, err.decode()
    names = {(c["name"], int(c.get("type", 1))) for c in fake.commands_global}
    assert names == COMMANDS
    ask = next(c for c in fake.commands_global if c["name"] == "ask")
    assert ask["name_localizations"]["de"] == "frage"
    text = out.decode()
    assert f"Registered {len(COMMANDS)} global command(s):" in text
    assert "/ask  [de: /frage]" in text
    assert "Ask the article (message menu)  [de: Artikel fragen]" in text
    assert fake.identify_count == 0  # sync needs no gateway connection
    assert TOKEN not in text + err.decode()


async def _started(proc: asyncio.subprocess.Process, fake: FakeDiscord) -> None:
    waiter = asyncio.create_task(proc.wait())
    connected = asyncio.create_task(fake.wait_until_connected(timeout=START_TIMEOUT))
    await asyncio.wait({waiter, connected}, return_when=asyncio.FIRST_COMPLETED)
    if waiter.done():
        connected.cancel()
        _, err = await proc.communicate()
        raise AssertionError(f"the bot exited early: {err.decode()}")
    waiter.cancel()
    connected.result()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_sigterm_finishes_the_interaction_in_flight_and_exits_0(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    port = _free_port()
    env = _env(fake, tmp_path, LOG_FORMAT="json", STATUS_PORT=str(port))
    async with _bot_process(env, tmp_path) as proc:
        await _started(proc, fake)
        async with aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{port}/healthz"
            async with asyncio.timeout(START_TIMEOUT):
                while True:  # ready a moment after connecting (guild_ready_timeout)
                    async with session.get(url) as response:
                        if response.status == 200:
                            break
                    await asyncio.sleep(0.1)
            # The answer is in flight: Discord asks it to wait a second before its callback.
            fake.rate_limit_next("POST", r"^/interactions/\d+/[^/]+/callback$", retry_after=1.0)
            handle = await fake.interact_command("ask", {"question": QUESTION})
            await eventually(lambda: any(r.status == 429 for r in fake.requests))
            proc.send_signal(signal.SIGTERM)
            await asyncio.sleep(0.2)
            async with session.get(url) as response:  # stopping: unhealthy at once
                assert response.status == 503
                assert (await response.json())["stopping"] is True
        body = await handle.response(timeout=5)
        out, err = await asyncio.wait_for(proc.communicate(), 10)
    assert proc.returncode == 0, err.decode()
    assert body["data"]["embeds"][0]["title"] == QUESTION
    assert [status for status, _ in handle.callbacks] == [200]
    text = out.decode() + err.decode()
    assert TOKEN not in text
    assert QUESTION not in text  # LOG_QUESTIONS is off
    entries = [json.loads(line) for line in err.decode().splitlines()]
    assert entries, "no log lines"
    assert all({"time", "level", "logger", "message"} <= set(e) for e in entries)
    messages = [e["message"] for e in entries]
    assert any(m.startswith("stopping: finishing what is in flight") for m in messages)
    assert not any(e["level"] in ("ERROR", "CRITICAL") for e in entries), entries


async def test_kill_9_right_after_the_vote_is_acknowledged_loses_nothing(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    db = tmp_path / "feedback.sqlite3"
    for votes in range(1, 4):
        async with _bot_process(_env(fake, tmp_path), tmp_path) as proc:
            await _started(proc, fake)
            handle = await fake.interact_command("ask", {"question": QUESTION})
            body = await handle.response()
            vote = next(i for i in _custom_ids(body["data"]) if i.startswith("ab:vote:up:"))
            voter = await fake.add_member(f"voter{votes}")
            click = await fake.interact_component(handle, vote, user=voter)
            await click.first_callback()
            proc.kill()  # SIGKILL: no cleanup of any kind
            await proc.wait()
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT COUNT(*) FROM votes").fetchone()[0] == votes
        # The next process must not meet the dead one's session.
        await eventually(lambda: not any(s.connected for s in fake._shards.values()))


async def test_a_token_rejected_after_login_says_so(fake: FakeDiscord, tmp_path: Path) -> None:
    async with _bot_process(_env(fake, tmp_path), tmp_path) as proc:
        await _started(proc, fake)
        await fake.revoke_token()  # reset in the developer portal while the bot runs
        out, err = await asyncio.wait_for(proc.communicate(), START_TIMEOUT)
    assert proc.returncode == 1
    lines = err.decode().splitlines()
    assert "Discord rejected the token (check DISCORD_TOKEN)." in lines
    assert not any("Could not reach Discord" in line for line in lines)
    assert "Traceback" not in err.decode()
    assert TOKEN not in out.decode() + err.decode()
