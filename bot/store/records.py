"""What the store keeps, as values: the records it returns (votes tallied, recorded questions,
servers' settings, the knowledge version), and what decides what is recorded (`record_for`,
`candidates_for`, `hash_user`). No database here: `bot.store.store` reads and writes them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.engine import (
    Answered,
    DidYouMean,
    Engine,
    Language,
    NoAnswer,
    PassageFound,
    Result,
)

Vote = Literal[1, -1]
# What became of a question worth a curator's look ("voted_down": answered, and given a 👎).
Outcome = Literal["none", "suggestions", "passage", "low_confidence", "voted_down"]
OUTCOMES: tuple[Outcome, ...] = ("none", "suggestions", "passage", "low_confidence", "voted_down")
# Answers scoring below this are worth a curator's look, even though they were given.
LOW_CONFIDENCE = 70.0
# How many candidate pairs are kept with a recorded question.
RECORDED_CANDIDATES = 5
# What a curator decided about a group of the review queue.
Decision = Literal["dismissed", "attached"]


@dataclass(frozen=True)
class UnansweredQuestion:
    """A question (grouped by its folded text) that got no answer or a weak one."""

    question: str  # the latest wording
    count: int
    last_seen: datetime
    outcome: Outcome  # of the latest ask
    best_pair_id: str | None  # the closest pair, if any, of the latest ask


@dataclass(frozen=True)
class RecordedQuestion:
    """One recorded question, as the review queue reads it."""

    id: int
    question: str
    language: str
    outcome: Outcome
    score: float | None
    best_pair_id: str | None
    candidates: tuple[tuple[str, float], ...]  # (pair id, score), best first
    created_at: datetime


@dataclass(frozen=True)
class PairStanding:
    """How one pair fares: the answers it gave (questions asked, not picks) and its votes."""

    pair_id: str
    answers: int
    up: int
    down: int


@dataclass(frozen=True)
class Record:
    """A question for the curators' list."""

    outcome: Outcome
    score: float | None
    best_pair_id: str | None


def record_for(result: Result) -> Record | None:
    """Whether (and how) a result goes on the curators' list of weak spots."""
    if isinstance(result, Answered):
        if result.match.score < LOW_CONFIDENCE:
            return Record("low_confidence", result.match.score, result.match.pair_id)
        return None
    if isinstance(result, DidYouMean):
        top = result.candidates[0] if result.candidates else None
        return Record("suggestions", top.score if top else None, top.pair_id if top else None)
    if isinstance(result, PassageFound):
        return Record("passage", result.score, None)
    if isinstance(result, NoAnswer) and result.reason != "empty":
        near = result.nearest[0] if result.nearest else None
        return Record("none", near.score if near else None, near.pair_id if near else None)
    return None


def candidates_for(
    result: Result, engine: Engine, limit: int = RECORDED_CANDIDATES
) -> tuple[tuple[str, float], ...]:
    """The best candidate pairs for a result's question, as (pair id, score), best first: those
    the result names (its match, suggestions or nearest) and the matcher's best for its words."""
    best: dict[str, float] = {}
    named = (
        (result.match,)
        if isinstance(result, Answered)
        else result.candidates
        if isinstance(result, DidYouMean)
        else result.nearest
        if isinstance(result, NoAnswer)
        else ()
    )
    others = engine.candidates(result.question, result.language, limit)
    for c in (*named, *others):
        best[c.pair_id] = max(best.get(c.pair_id, 0.0), c.score)
    ranked = sorted(best.items(), key=lambda item: -item[1])
    return tuple(ranked[:limit])


@dataclass(frozen=True)
class RatedAnswer:
    """Votes on one curated pair."""

    pair_id: str
    question: str  # the latest question a vote was given on
    up: int
    down: int

    @property
    def net(self) -> int:
        """Up votes minus down votes."""
        return self.up - self.down


@dataclass(frozen=True)
class GuildSettings:
    """One server's own settings. None where it set nothing: the bot's defaults apply there."""

    guild_id: int
    # Channels where every message is a question; None: the bot's ASK_CHANNEL_IDS.
    watched_channel_ids: frozenset[int] | None = None
    # The answer language when a question does not tell; None: the server's Discord locale.
    language: Language | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None  # hash_user of whoever changed them last

    def watched(self, default: frozenset[int]) -> frozenset[int]:
        """The channels watched on this server: its own list once it set one, else `default`."""
        return default if self.watched_channel_ids is None else self.watched_channel_ids


def hash_user(user_id: int) -> str:
    """A stable, short stand-in for a user id: votes count once per person without storing who."""
    return hashlib.sha256(f"article-bot:{user_id}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class KnowledgeVersion:
    """The one knowledge-version record every process shares: bumped by whoever changed the
    knowledge (`Store.announce_knowledge`), polled by the others to reload."""

    version: int  # 1 at the first announcement, one more at each
    content_hash: str  # what the announcer computed over the knowledge it wrote or loaded
    changed_at: datetime
    changed_by: str  # who announced it (a process, a hashed user, "cli")
