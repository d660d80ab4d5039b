"""Whether each shard of this process is connected and ready, from discord.py's shard events.

A shard is ready once discord.py says so (`on_shard_ready`: READY came and the guilds were
loaded) and stays so while it is connected; a fresh session (`on_shard_connect` after a new
IDENTIFY) is ready again at its own `on_shard_ready`, a resumed one (`on_shard_resumed`) at once.
The process is healthy only while every shard it runs is ready and the bot is not stopping.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from bot.discordbot.metrics import ShardState

if TYPE_CHECKING:
    from bot.discordbot.client import ArticleBot


class ShardHealth:
    """Tracks the shards of `bot` through its events; `states()` and `healthy()` read them."""

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot
        self._ready: set[int] = set()
        self._connected: set[int] = set()
        # True once the bot began to stop: it then reports unhealthy at once.
        self.stopping = False
        bot.add_listener(self._on_connect, "on_shard_connect")
        bot.add_listener(self._on_ready, "on_shard_ready")
        bot.add_listener(self._on_resumed, "on_shard_resumed")
        bot.add_listener(self._on_disconnect, "on_shard_disconnect")

    async def _on_connect(self, shard_id: int) -> None:
        # A new session: its guilds are being loaded again.
        self._connected.add(shard_id)
        self._ready.discard(shard_id)

    async def _on_ready(self, shard_id: int) -> None:
        self._connected.add(shard_id)
        self._ready.add(shard_id)

    async def _on_resumed(self, shard_id: int) -> None:
        self._connected.add(shard_id)

    async def _on_disconnect(self, shard_id: int) -> None:
        self._connected.discard(shard_id)

    def expected(self) -> list[int]:
        """The shard ids this process runs (empty until discord.py knows the count)."""
        bot = self.bot
        if bot.shard_ids is not None:
            return sorted(bot.shard_ids)
        return list(range(bot.shard_count)) if bot.shard_count else []

    def states(self) -> list[ShardState]:
        """Every shard this process runs, ready or not, with its gateway latency."""
        bot = self.bot
        per_shard: dict[int, int] = {}
        for guild in bot.guilds:
            per_shard[guild.shard_id] = per_shard.get(guild.shard_id, 0) + 1
        out = []
        for shard_id in self.expected():
            info = bot.get_shard(shard_id)
            open_ = info is not None and not info.is_closed()
            ready = open_ and shard_id in self._connected and shard_id in self._ready
            latency = info.latency if info is not None else math.inf
            out.append(
                ShardState(
                    shard_id,
                    ready,
                    latency if math.isfinite(latency) else None,
                    guilds=per_shard.get(shard_id, 0),
                    count=bot.shard_count,
                )
            )
        return out

    def healthy(self) -> bool:
        """True only while the bot runs, is not stopping, and every one of its shards is ready."""
        if self.stopping or self.bot.is_closed():
            return False
        states = self.states()
        return bool(states) and all(s.ready for s in states)
