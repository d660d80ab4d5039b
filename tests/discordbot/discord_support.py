"""Helpers for the Discord layer's end-to-end tests: the harness that runs the real bot against
the fake Discord, and small readers of the payloads the bot sends.

(Not in conftest.py so that test modules can import it by a name no other conftest shares.)
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

import aiohttp
import yarl

from bot.config import Settings
from bot.discordbot.client import ArticleBot
from bot.discordbot.runner import serve
from bot.engine import Engine
from bot.store import Store
from tests.support.fake_discord import FakeDiscord

if TYPE_CHECKING:
    from bot.discordbot.exts.feedback import Feedback

__all__ = [
    "COMMANDS",
    "EPHEMERAL",
    "TIMEOUT",
    "TOKEN",
    "FakeDiscord",
    "Harness",
    "HostRecorder",
    "components",
    "custom_ids",
    "eventually",
    "feedback_of",
    "is_ephemeral",
    "rows",
    "unquote",
]

TOKEN = "fake-bot-token-0123456789abcdef"
# What the bot registers, as (name, type): slash commands are type 1, the message menu type 3.
COMMANDS = frozenset(
    {
        ("ask", 1),
        ("topics", 1),
        ("source", 1),
        ("help", 1),
        ("kb", 1),
        ("config", 1),
        ("Ask the article", 3),
    }
)
TIMEOUT = 5.0


class HostRecorder:
    """An aiohttp trace config that records the host of every request the bot makes."""

    def __init__(self) -> None:
        self.hosts: list[str] = []
        self.config = aiohttp.TraceConfig()
        self.config.on_request_start.append(self._on_start)

    async def _on_start(
        self,
        session: aiohttp.ClientSession,
        context: SimpleNamespace,
        params: aiohttp.TraceRequestStartParams,
    ) -> None:
        self.hosts.append(yarl.URL(params.url).host or "")


@dataclass
class Harness:
    """Starts bots against the fake and stops them after the test."""

    fake: FakeDiscord
    engine: Engine
    tmp_path: Path
    recorder: HostRecorder = field(default_factory=HostRecorder)
    running: list[tuple[ArticleBot, asyncio.Task[None]]] = field(default_factory=list)

    def settings(self, **changes: Any) -> Settings:
        """Settings pointing at the fake, with a temp database and no cooldown by default."""
        base = Settings(
            token=TOKEN,
            api_base=self.fake.api_base,
            gateway_url=self.fake.gateway_url,
            dev_guild_id=self.fake.guild_id,
            database_path=self.tmp_path / "feedback.sqlite3",
            ask_cooldown_seconds=0,
        )
        return replace(base, **changes)

    async def start(
        self, settings: Settings | None = None, *, store: Store | None = None, **changes: Any
    ) -> ArticleBot:
        """Start the real bot with the runner's `serve`; returns once the gateway is up. `store`:
        a store opened by the test (else the bot opens the one its settings name)."""
        settings = settings or self.settings(**changes)
        bot = ArticleBot(
            settings,
            engine=self.engine,
            store=store,
            guild_ready_timeout=0.05,
            http_trace=self.recorder.config,
        )
        task = asyncio.create_task(serve(settings, bot=bot))
        self.running.append((bot, task))
        connected = asyncio.create_task(self.fake.wait_until_connected(timeout=TIMEOUT))
        done, _ = await asyncio.wait({connected, task}, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            connected.cancel()
            task.result()  # raises what stopped the bot
            raise AssertionError("the bot stopped before connecting")
        connected.result()
        return bot

    async def stop(self) -> None:
        for bot, task in self.running:
            await bot.close()
            # A test may have stopped the bot itself, with an error it already checked.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(task, TIMEOUT)
        self.running.clear()


def feedback_of(bot: ArticleBot) -> Feedback:
    """The bot's running feedback cog. (`load_extension` makes each extension module afresh, so
    its class is not the one a test imports: no isinstance.)"""
    cog = bot.get_cog("Feedback")
    assert cog is not None
    assert type(cog).__name__ == "Feedback"
    return cast("Feedback", cog)


def components(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Every component (buttons, selects) of a message body, flattened."""
    out: list[dict[str, Any]] = []
    for row in message.get("components") or []:
        out.extend(row.get("components") or [])
    return out


def custom_ids(message: dict[str, Any]) -> list[str]:
    """The custom_ids of a message body's components."""
    return [c["custom_id"] for c in components(message) if "custom_id" in c]


def unquote(value: str) -> str:
    """The article text inside a '> quote…' field value."""
    text = value.removeprefix("> ").removesuffix("…")
    for char in "\\*_~|`>":
        text = text.replace("\\" + char, char)
    return " ".join(text.split())


EPHEMERAL = 1 << 6


def is_ephemeral(data: dict[str, Any]) -> bool:
    """Whether a callback's data or a followup body is ephemeral."""
    return bool(int(data.get("flags") or 0) & EPHEMERAL)


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    """Rows from the feedback database, read with a separate connection."""
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


async def eventually(
    check: Callable[[], Awaitable[bool]] | Callable[[], bool], within: float = TIMEOUT
) -> None:
    """Wait until `check()` is true (for background writes)."""
    async with asyncio.timeout(within):
        while True:
            value = check()
            if not isinstance(value, bool):
                value = await value
            if value:
                return
            await asyncio.sleep(0.02)
