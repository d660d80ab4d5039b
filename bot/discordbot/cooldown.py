"""The per-user limit on what the bot posts where others can see it, and its one gate.

Every public post on someone's behalf goes through `PostingCooldown.admit`: an /ask answer, a
channel answer, a did-you-mean pick on a public message, /source. Private (ephemeral) replies do
not count: they bother nobody else.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import Any

import discord
from discord import app_commands

from bot.discordbot.sending import describe, tell
from bot.engine import Language
from bot.texts import t

log = logging.getLogger(__name__)

# Forget users whose window has passed once this many are tracked (keeps memory flat).
PRUNE_AT = 10_000


class PostingCooldown:
    """At most `rate` public posts per `per` seconds for each user; `per == 0` turns it off.
    `on_refused` is called for every post refused (a metric)."""

    def __init__(
        self, rate: int, per: float, *, on_refused: Callable[[], None] | None = None
    ) -> None:
        self.rate = rate
        self.per = per
        self._on_refused = on_refused
        self._buckets: dict[int, app_commands.Cooldown] = {}
        self._warned: dict[int, float] = {}

    @property
    def enabled(self) -> bool:
        """Whether posting is limited at all."""
        return self.per > 0

    async def admit(self, origin: discord.Interaction[Any] | discord.Message, ui: Language) -> bool:
        """Count one public post for the user behind `origin`; True if it may go out.

        Over the limit, the user gets one private note per window (ephemeral for an interaction,
        a direct message for a channel message) and silence after that: an interaction is then
        acknowledged without a word, so that Discord shows no error either.
        """
        user = origin.user if isinstance(origin, discord.Interaction) else origin.author
        retry_after = self.hit(user.id)
        if retry_after is None:
            return True
        if self._on_refused is not None:
            self._on_refused()
        if self.should_warn(user.id, retry_after):
            note = t("cooldown", ui, seconds=max(1, math.ceil(retry_after)))
            if isinstance(origin, discord.Interaction):
                await tell(origin, note)
            else:
                await _direct_message(origin.author, note)
        elif isinstance(origin, discord.Interaction):
            await _acknowledge_silently(origin)
        return False

    def hit(self, user_id: int) -> float | None:
        """Count one post; the seconds to wait if the user is over the limit, else None."""
        if not self.enabled:
            return None
        now = time.time()
        if len(self._buckets) >= PRUNE_AT:
            self._prune(now)
        bucket = self._buckets.get(user_id)
        if bucket is None:
            bucket = self._buckets[user_id] = app_commands.Cooldown(self.rate, self.per)
        return bucket.update_rate_limit(now)

    def should_warn(self, user_id: int, retry_after: float) -> bool:
        """Whether to tell this user about the limit (once per window, so it is no spam)."""
        now = time.time()
        until = self._warned.get(user_id, 0.0)
        if now < until:
            return False
        self._warned[user_id] = now + retry_after
        return True

    def _prune(self, now: float) -> None:
        for user_id, bucket in list(self._buckets.items()):
            if bucket.get_tokens(now) >= self.rate:
                del self._buckets[user_id]
        for user_id, until in list(self._warned.items()):
            if until < now:
                del self._warned[user_id]


async def _direct_message(user: discord.User | discord.Member, text: str) -> None:
    # A channel message has no private reply; a DM is the only place just the author sees.
    try:
        await user.send(text)
    except discord.HTTPException as exc:  # DMs closed: then the note is silence too
        log.info("could not send the cooldown note to user %s: %s", user.id, exc)


async def _acknowledge_silently(interaction: discord.Interaction[Any]) -> None:
    try:
        if interaction.type is discord.InteractionType.component:
            await interaction.response.defer()  # the message stays as it is
        else:
            # A command has no silent acknowledgement: a private "thinking…", removed at once.
            await interaction.response.defer(ephemeral=True)
            await interaction.delete_original_response()
    except discord.HTTPException as exc:
        log.warning("could not acknowledge (%s): %s", describe(interaction), exc)
