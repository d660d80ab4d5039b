"""Feedback: the 👍/👎 under answers, and the curators' list of weak and missing answers.

Both end in the store (`bot.store`), read by `python -m bot feedback` and turned into a
review queue by `bot.curation` (`/kb review`, `python -m bot review`). What goes on the list is
the store's `record_for`, the same for every front end.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.discordbot.codec import Vote
from bot.discordbot.components import ActionButton
from bot.discordbot.locales import language_of
from bot.discordbot.render import question_of_answer
from bot.discordbot.sending import Reply, describe, send
from bot.engine import Language, Result
from bot.store import LOW_CONFIDENCE, Record, StoreUnavailable, record_for
from bot.texts import t

if TYPE_CHECKING:
    from bot.discordbot.client import ArticleBot

__all__ = ["LOW_CONFIDENCE", "Feedback", "Record", "VoteButton", "record_for", "vote_buttons"]

log = logging.getLogger(__name__)

# How long a vote's write may take before the interaction is deferred: well inside Discord's 3 s
# to acknowledge, and far beyond the few milliseconds a commit takes (WAL, synchronous=FULL).
VOTE_WRITE_PATIENCE = 2.0


class VoteButton(ActionButton[Vote], action=Vote):
    """👍 or 👎 under an answer; a second vote by the same person replaces the first.

    The vote is committed before anything is said: the thanks (the acknowledgement, in the
    common case) only follows the commit, so a process killed right after it loses nothing.
    Only a write slower than VOTE_WRITE_PATIENCE gets a private "thinking…" (a deferral, which
    claims nothing) to keep the interaction alive; the thanks still waits for the commit.
    A store that cannot be reached (StoreUnavailable, after its own bounded retries) gets a
    private "could not save your vote, please try again in a moment": never a thanks for a
    vote that is not stored.
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
        try:
            await write  # any other failure raises: the item's base logs it and says sorry
        except StoreUnavailable as exc:
            log.warning(
                "vote not stored, the store is unavailable (%s): %s", describe(interaction), exc
            )
            bot.metrics.error("vote_unavailable")
            await send(interaction, Reply(content=t("vote_unavailable", ui), ephemeral=True))
            return
        bot.metrics.vote(vote.vote, vote.language)
        log.info(
            "vote stored",
            extra={"pair": vote.pair_id, "vote": vote.vote, "interaction": interaction.id},
        )
        if vote.vote == -1:
            self._put_on_the_list(interaction)
        up = vote.vote == 1
        thanks = t("vote_thanks_up", ui) if up else t("vote_thanks_down", ui)
        try:
            await send(interaction, Reply(content=thanks, ephemeral=True))
        except discord.HTTPException as exc:
            # The vote is stored and stands; "something went wrong" would be untrue.
            log.warning(
                "vote stored, but its thanks could not be sent (%s): %s", describe(interaction), exc
            )

    def _put_on_the_list(self, interaction: discord.Interaction[ArticleBot]) -> None:
        # The question the 👎 was about, as the answer shows it, goes to the curators (in the
        # background: the vote and its thanks never wait for it).
        message = interaction.message
        asked = question_of_answer(message.embeds) if message is not None else None
        feedback = interaction.client.get_cog("Feedback")
        if asked and isinstance(feedback, Feedback):
            feedback.record_down_vote(
                asked, self.action.language, self.action.pair_id, guild_id=interaction.guild_id
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
        """Count an answer for its pair, and put a weak or missing answer on the curators' list
        with its candidate pairs, in the background (`Store.record_result`)."""
        entry = record_for(result)
        if entry is None and result.kind != "answer":
            return
        what = f"record {entry.outcome} question" if entry else "count an answer"
        work = asyncio.to_thread(
            self.bot.store.record_result,
            result,
            self.bot.engine,
            source=source,
            guild_id=guild_id,
        )
        self._spawn(work, what=what)

    def record_down_vote(
        self, question: str, language: Language, pair_id: str, *, guild_id: int | None
    ) -> None:
        """Put a question whose answer got a 👎 on the curators' list, in the background."""
        work = asyncio.to_thread(
            self.bot.store.record_down_vote,
            question,
            language,
            pair_id,
            self.bot.engine,
            source="vote",
            guild_id=guild_id,
        )
        self._spawn(work, what="record a 👎 question")

    async def drain(self) -> None:
        """Wait for the background writes."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def _spawn(self, work: Awaitable[None], *, what: str) -> None:
        # Keep a reference (a bare task may be collected mid-way) and log a failure.
        async def guarded() -> None:
            try:
                await work
            except StoreUnavailable as exc:  # the database is down: said without a traceback
                log.warning("background work failed: %s: %s", what, exc)
            except Exception:
                log.exception("background work failed: %s", what)

        task = asyncio.create_task(guarded())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


async def setup(bot: ArticleBot) -> None:
    """Load the feature (`bot.load_extension`)."""
    await bot.add_cog(Feedback(bot))
