"""Feedback: the 👍/👎 under answers, and the curators' list of weak and missing answers.

Both end in the SQLite store (`bot.feedback`), read by `python -m bot feedback`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.discordbot.codec import Vote
from bot.discordbot.components import ActionButton
from bot.discordbot.locales import language_of
from bot.discordbot.sending import Reply, describe, send
from bot.engine import Answered, DidYouMean, Language, NoAnswer, PassageFound, Result
from bot.feedback import Outcome
from bot.texts import t

if TYPE_CHECKING:
    from bot.discordbot.client import ArticleBot

log = logging.getLogger(__name__)

# Answers scoring below this are worth a curator's look, even though they were given.
LOW_CONFIDENCE = 70.0
# How long a vote's write may take before the interaction is deferred: well inside Discord's 3 s
# to acknowledge, and far beyond the few milliseconds a commit takes (WAL, synchronous=FULL).
VOTE_WRITE_PATIENCE = 2.0


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


class VoteButton(ActionButton[Vote], action=Vote):
    """👍 or 👎 under an answer; a second vote by the same person replaces the first.

    The vote is committed before anything is said: the thanks (the acknowledgement, in the
    common case) only follows the commit, so a process killed right after it loses nothing.
    Only a write slower than VOTE_WRITE_PATIENCE gets a private "thinking…" (a deferral, which
    claims nothing) to keep the interaction alive; the thanks still waits for the commit.
    """

    async def clicked(self, interaction: discord.Interaction[ArticleBot]) -> None:
        bot = interaction.client
        vote = self.action
        ui = language_of(interaction.locale)
        pair = bot.engine.kb.pair(vote.pair_id)
        message = interaction.message
        write = asyncio.ensure_future(
            asyncio.to_thread(
                bot.store.record_vote,
                pair_id=vote.pair_id,
                question=pair.question[vote.language] if pair is not None else vote.pair_id,
                language=vote.language,
                vote=vote.vote,
                user_id=interaction.user.id,
                guild_id=interaction.guild_id,
                message_id=message.id if message is not None else None,
            )
        )
        done, _ = await asyncio.wait({write}, timeout=VOTE_WRITE_PATIENCE)
        if not done:
            log.warning("slow vote write, deferring (%s)", describe(interaction))
            try:
                await interaction.response.defer(ephemeral=True, thinking=True)
            except discord.HTTPException as exc:  # the write goes on; the vote will stand
                log.warning("could not defer the vote (%s): %s", describe(interaction), exc)
        await write  # a failed write raises: the item's base logs it and says sorry
        bot.metrics.vote(vote.vote, vote.language)
        log.info(
            "vote stored",
            extra={"pair": vote.pair_id, "vote": vote.vote, "interaction": interaction.id},
        )
        up = vote.vote == 1
        thanks = t("vote_thanks_up", ui) if up else t("vote_thanks_down", ui)
        try:
            await send(interaction, Reply(content=thanks, ephemeral=True))
        except discord.HTTPException as exc:
            # The vote is stored and stands; "something went wrong" would be untrue.
            log.warning(
                "vote stored, but its thanks could not be sent (%s): %s", describe(interaction), exc
            )


def vote_buttons(pair_id: str, language: Language, ui: Language) -> list[VoteButton | None]:
    """👍 and 👎 for the answer of `pair_id` in `language` (None where the id does not fit)."""
    return [
        VoteButton.make(Vote(pair_id, language, 1), t("vote_up", ui), emoji="👍"),
        VoteButton.make(Vote(pair_id, language, -1), t("vote_down", ui), emoji="👎"),
    ]


class Feedback(commands.Cog):
    """Takes the votes and keeps the curators' list."""

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot
        self._tasks: set[asyncio.Task[None]] = set()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(VoteButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(VoteButton)
        # Unloading is part of closing the bot: the writes finish before the database closes.
        await self.drain()

    def record(self, result: Result, *, source: str, guild_id: int | None) -> None:
        """Put a weak or missing answer on the curators' list, in the background."""
        entry = record_for(result)
        if entry is None:
            return
        store = self.bot.store

        def write() -> None:
            store.record_question(
                question=result.question,
                language=result.language,
                outcome=entry.outcome,
                score=entry.score,
                best_pair_id=entry.best_pair_id,
                source=source,
                guild_id=guild_id,
            )

        self._spawn(asyncio.to_thread(write), what=f"record {entry.outcome} question")

    async def drain(self) -> None:
        """Wait for the background writes."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def _spawn(self, work: Awaitable[None], *, what: str) -> None:
        # Keep a reference (a bare task may be collected mid-way) and log a failure.
        async def guarded() -> None:
            try:
                await work
            except Exception:
                log.exception("background work failed: %s", what)

        task = asyncio.create_task(guarded())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


async def setup(bot: ArticleBot) -> None:
    """Load the feature (`bot.load_extension`)."""
    await bot.add_cog(Feedback(bot))
