"""Every metric the bot keeps, in one registry per bot (tests run several bots in one process, so
the process-wide default registry of prometheus-client is never used).

Counted where it happens: questions by outcome and language (asking), the time from a question
arriving to its answer being sent, votes (feedback), knowledge reloads (knowledge), failures of
our handlers. Measured centrally: how old an interaction was when Discord accepted its
acknowledgement (every acknowledgement is one `POST /interactions/{id}/{token}/callback`,
whatever code sent it; the id is a snowflake that carries Discord's creation time). Read at
scrape time: each shard's readiness and gateway latency.

Served as `GET /metrics` by the status endpoint (`status.py`).
"""

from __future__ import annotations

import math
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Protocol

import aiohttp
import discord
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    PlatformCollector,
    ProcessCollector,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import choose_encoder
from prometheus_client.registry import Collector

from bot.engine import LANGUAGES, Answered, DidYouMean, NoAnswer, PassageFound, SmallTalk

PREFIX = "articlebot"
# What asking can come to (each result type's `kind`).
OUTCOMES: tuple[str, ...] = tuple(
    kind.kind for kind in (Answered, DidYouMean, PassageFound, NoAnswer, SmallTalk)
)
# Discord drops an interaction not acknowledged within 3 s; past this we call it late.
LATE_AFTER = 2.5
# The interaction id in a callback URL (the token after it is a secret and is never kept).
_CALLBACK = re.compile(r"/interactions/(\d+)/[^/]+/callback$")
# Discord's answer to an acknowledgement that came too late: 404 "Unknown interaction".
UNKNOWN_INTERACTION = 404
# How many expired interactions are remembered, so that each is counted once (the apology that
# follows a refused answer is refused too).
_REMEMBER_EXPIRED = 1024

ANSWER_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
ACK_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 5.0)


@dataclass(frozen=True)
class ShardState:
    """One shard as the status endpoint reports it."""

    id: int
    ready: bool
    # Seconds between a heartbeat and its acknowledgement; None before the first one.
    latency: float | None
    # The guilds the shard serves (Discord routes a guild to the shard (guild_id >> 22) % count).
    guilds: int = 0
    # How many shards the bot has in all, across its processes (None until Discord said).
    count: int | None = None


class _ShardCollector(Collector):
    """Each shard's readiness and gateway latency, read when Prometheus scrapes."""

    def __init__(self, shards: Callable[[], Iterable[ShardState]]) -> None:
        self._shards = shards

    def collect(self) -> Iterator[Metric]:
        ready = GaugeMetricFamily(
            f"{PREFIX}_shard_ready",
            "1 while the shard is connected to the gateway and ready, else 0.",
            labels=["shard"],
        )
        latency = GaugeMetricFamily(
            f"{PREFIX}_gateway_latency_seconds",
            "Time between the shard's last heartbeat and its acknowledgement.",
            labels=["shard"],
        )
        guilds = GaugeMetricFamily(
            f"{PREFIX}_shard_guilds", "The guilds the shard serves.", labels=["shard"]
        )
        count = GaugeMetricFamily(
            f"{PREFIX}_shard_count",
            "How many shards the bot has across all its processes (this process runs those "
            "with a shard_ready sample).",
        )
        shards = list(self._shards())
        for shard in shards:
            ready.add_metric([str(shard.id)], 1.0 if shard.ready else 0.0)
            guilds.add_metric([str(shard.id)], float(shard.guilds))
            # No sample before the first heartbeat was acknowledged (rather than an infinity).
            if shard.latency is not None:
                latency.add_metric([str(shard.id)], shard.latency)
        total = next((s.count for s in shards if s.count is not None), None)
        if total is not None:
            count.add_metric([], float(total))
        yield ready
        yield latency
        yield guilds
        yield count


class KnowledgeState(Protocol):
    """What the knowledge collector reads (bot.knowledge_sync.KnowledgeSync)."""

    seen: int
    current: bool


class _KnowledgeCollector(Collector):
    """The knowledge version this process has seen, and whether it serves it."""

    def __init__(self, state: KnowledgeState) -> None:
        self._state = state

    def collect(self) -> Iterator[Metric]:
        yield GaugeMetricFamily(
            f"{PREFIX}_knowledge_version",
            "The latest knowledge version announced in the store that this process has seen "
            "(0: none announced yet).",
            value=float(self._state.seen),
        )
        yield GaugeMetricFamily(
            f"{PREFIX}_knowledge_current",
            "1 while this process serves the announced knowledge; 0 after a reload that failed "
            "(the last good knowledge serves) or when its folder holds other files.",
            value=1.0 if self._state.current else 0.0,
        )


class Metrics:
    """The bot's metrics and the registry they live in."""

    def _counter(self, name: str, documentation: str, *labels: str) -> Counter:
        return Counter(f"{PREFIX}_{name}", documentation, list(labels), registry=self.registry)

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.questions = self._counter(
            "questions",
            "Questions asked (typed or written, not picked), by outcome and language.",
            "outcome",
            "language",
        )
        self.shard_questions = self._counter(
            "shard_questions",
            "Questions asked, by the shard they came on (direct messages: shard 0).",
            "shard",
        )
        self.answer_seconds = Histogram(
            f"{PREFIX}_answer_seconds",
            "From a question reaching the bot to its answer being sent, by where it was asked.",
            ["source"],
            buckets=ANSWER_BUCKETS,
            registry=r,
        )
        self.ack_seconds = Histogram(
            f"{PREFIX}_interaction_ack_seconds",
            "Age of an interaction (from its creation at Discord) when its acknowledgement was "
            "accepted.",
            buckets=ACK_BUCKETS,
            registry=r,
        )
        self.late = self._counter(
            "interactions_late",
            f"Interactions acknowledged more than {LATE_AFTER} s after their creation.",
        )
        self.expired = self._counter(
            "interactions_expired",
            "Interactions whose acknowledgement Discord refused as too late (404 Unknown "
            "interaction).",
        )
        self.votes = self._counter(
            "votes",
            "Votes stored, by vote (up/down) and the answer's language.",
            "vote",
            "language",
        )
        self.reloads = self._counter("knowledge_reloads", "Knowledge reloads that succeeded.")
        self.reload_failures = self._counter(
            "knowledge_reload_failures", "Knowledge reloads refused (the last good one stayed)."
        )
        self.errors = self._counter(
            "handler_errors",
            "Failures in the bot's handlers (each is logged with its context), by where.",
            "where",
        )
        self.cooldown_refusals = self._counter(
            "cooldown_refusals", "Public posts refused by the per-user cooldown."
        )
        self.stale_components = self._counter(
            "stale_components",
            "Clicks on buttons or selects this version of the bot does not know.",
        )
        # Every series exists from the start, at 0: a rate over a missing series is no rate.
        for outcome in OUTCOMES:
            for language in LANGUAGES:
                self.questions.labels(outcome, language)
        for vote in ("up", "down"):
            for language in LANGUAGES:
                self.votes.labels(vote, language)
        ProcessCollector(registry=r)
        PlatformCollector(registry=r)
        self._expired_ids: OrderedDict[int, None] = OrderedDict()

    def watch_knowledge(self, state: KnowledgeState) -> None:
        """Report the knowledge version `state` has seen at every scrape."""
        self.registry.register(_KnowledgeCollector(state))

    def watch_shards(self, shards: Callable[[], Iterable[ShardState]]) -> None:
        """Report the shards `shards()` returns at every scrape."""
        self.registry.register(_ShardCollector(shards))

    # --- counting ------------------------------------------------------------------------------

    def question(self, outcome: str, language: str, *, shard: int = 0) -> None:
        """One question asked, what became of it, and the shard it came on."""
        self.questions.labels(outcome, language).inc()
        self.shard_questions.labels(str(shard)).inc()

    def answered(self, source: str, started: float) -> None:
        """An answer sent; `started` is the `time.perf_counter()` when the question arrived."""
        self.answer_seconds.labels(source).observe(time.perf_counter() - started)

    def vote(self, vote: int, language: str) -> None:
        """One vote stored."""
        self.votes.labels("up" if vote == 1 else "down", language).inc()

    def reload(self, *, ok: bool) -> None:
        """One knowledge reload, good or refused."""
        (self.reloads if ok else self.reload_failures).inc()

    def error(self, where: str) -> None:
        """One failure in a handler (`where`: command, component, event, message, ...)."""
        self.errors.labels(where).inc()

    def acknowledged(self, interaction_id: int, status: int, *, now: float | None = None) -> None:
        """Discord answered `status` to the acknowledgement of `interaction_id`."""
        if status == UNKNOWN_INTERACTION:
            if interaction_id not in self._expired_ids:
                self._expired_ids[interaction_id] = None
                if len(self._expired_ids) > _REMEMBER_EXPIRED:
                    self._expired_ids.popitem(last=False)
                self.expired.inc()
            return
        if not 200 <= status < 300:  # a rate limit (retried) or a second acknowledgement
            return
        created = discord.utils.snowflake_time(interaction_id).timestamp()
        # Clocks differ a little: an age below zero is a skew, not a time travel.
        age = max(0.0, (time.time() if now is None else now) - created)
        self.ack_seconds.observe(age)
        if age > LATE_AFTER:
            self.late.inc()

    # --- reading -------------------------------------------------------------------------------

    def exposition(self, accept: str | None) -> tuple[bytes, str]:
        """The metrics in the format the scraper's Accept header asks for, and its content type."""
        encoder, content_type = choose_encoder(accept or "")
        return encoder(self.registry), content_type

    def sample(self, name: str, labels: dict[str, str] | None = None) -> float:
        """One sample's value (0 if it does not exist): for tests and the status endpoint."""
        value = self.registry.get_sample_value(name, labels or {})
        return 0.0 if value is None or math.isnan(value) else value

    # --- the acknowledgement watch -------------------------------------------------------------

    def trace(self, *also: aiohttp.TraceConfig | None) -> aiohttp.TraceConfig:
        """An aiohttp trace config for the bot's HTTP session: watches every interaction
        callback, and calls what the configs in `also` want called (discord.py takes one)."""
        config = aiohttp.TraceConfig()
        for other in also:
            if other is None:
                continue
            for name in vars(config):
                # Every signal of a TraceConfig is an `_on_...` list of callbacks.
                if name.startswith("_on_"):
                    getattr(config, name).extend(getattr(other, name))
        config.on_request_end.append(self._request_end)
        return config

    async def _request_end(
        self,
        session: aiohttp.ClientSession,
        context: SimpleNamespace,
        params: aiohttp.TraceRequestEndParams,
    ) -> None:
        if params.method != "POST":
            return
        match = _CALLBACK.search(params.url.path)
        if match is not None:
            self.acknowledged(int(match[1]), params.response.status)
