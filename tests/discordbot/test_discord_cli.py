"""The unmodified `python -m bot` in a subprocess against the fake Discord."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.discordbot.discord_support import COMMANDS, TOKEN, FakeDiscord
from tests.support.paths import REPO_ROOT as REPO

START_TIMEOUT = 20.0


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
