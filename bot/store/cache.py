"""Every server's settings in memory, so that answering a question never waits on the store."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping

from bot.store.records import GuildSettings
from bot.store.store import Store


class GuildSettingsCache:
    """Every server's settings in memory, so answering a question never waits on the store.

    Loaded once at start (`load`); a change goes through `update`, which writes it to the store
    and only then keeps it in memory. One process owns a server's settings (the one running its
    shard: its commands and its messages arrive there), so the memory stays what the store holds.
    Reads are plain dict look-ups, safe from the event loop while a worker thread writes.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._by_guild: dict[int, GuildSettings] = {}
        # Changes one at a time: each reads the latest settings and none overtakes another.
        self._write = threading.Lock()

    def load(self) -> None:
        """Read every server's settings from the store (blocking: call it in a worker thread)."""
        loaded = {s.guild_id: s for s in self.store.all_guild_settings()}
        self._by_guild = loaded

    def get(self, guild_id: int) -> GuildSettings:
        """A server's settings (all unset for a server that set nothing)."""
        return self._by_guild.get(guild_id) or GuildSettings(guild_id)

    def update(
        self,
        guild_id: int,
        change: Callable[[GuildSettings], GuildSettings],
        *,
        user_id: int,
    ) -> tuple[GuildSettings, GuildSettings]:
        """Apply `change` to a server's current settings and store the result (blocking: call it
        in a worker thread). Returns (before, after); nothing is written if nothing changed."""
        with self._write:
            before = self.get(guild_id)
            wanted = change(before)
            if (wanted.watched_channel_ids, wanted.language) == (
                before.watched_channel_ids,
                before.language,
            ):
                return before, before
            after = self.store.save_guild_settings(
                guild_id,
                watched_channel_ids=wanted.watched_channel_ids,
                language=wanted.language,
                user_id=user_id,
            )
            self._by_guild = {**self._by_guild, guild_id: after}
            return before, after

    def all(self) -> Mapping[int, GuildSettings]:
        """Every server that set something, by id."""
        return self._by_guild
