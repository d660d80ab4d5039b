"""A per-user cooldown on asking, shared by /ask, the context menu and channel questions."""

from __future__ import annotations

import time

from discord import app_commands

# Forget users whose window has passed once this many are tracked (keeps memory flat).
PRUNE_AT = 10_000


class AskCooldown:
    """At most `rate` questions per `per` seconds for each user; `per == 0` turns it off."""

    def __init__(self, rate: int, per: float) -> None:
        self.rate = rate
        self.per = per
        self._buckets: dict[int, app_commands.Cooldown] = {}
        self._warned: dict[int, float] = {}

    @property
    def enabled(self) -> bool:
        """Whether asking is limited at all."""
        return self.per > 0

    def hit(self, user_id: int) -> float | None:
        """Count one question; the seconds to wait if the user is over the limit, else None."""
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
        """Whether to tell this user about the cooldown (once per window, so it is no spam)."""
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
