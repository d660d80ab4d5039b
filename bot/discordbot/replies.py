"""From an engine result to what the bot sends, and the handling of clicks on its components.

Everything here is rendering and sending: which embed, which buttons, public or ephemeral. The
engine decides what the answer is.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

from bot.discordbot import render, views
from bot.discordbot.i18n import lang_of, t
from bot.engine import (
    Answered,
    DidYouMean,
    Engine,
    Language,
    NoAnswer,
    PassageFound,
    Result,
    SmallTalk,
)
from bot.feedback import Outcome
from bot.texts import smalltalk_reply

if TYPE_CHECKING:
    from bot.discordbot.client import ArticleBot

log = logging.getLogger(__name__)

# Answers scoring below this are worth a curator's look, even though they were given.
LOW_CONFIDENCE = 70.0


@dataclass
class Reply:
    """One message to send."""

    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    ephemeral: bool = False

    def with_note(self, note: str | None) -> Reply:
        """This reply with a line of text above it."""
        if note:
            text = f"{note}\n{self.content}" if self.content else note
            self.content = render.clip(text, render.MESSAGE_CONTENT)
        return self

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for send_message / followup.send / Message.reply."""
        out: dict[str, Any] = {}
        if self.content:
            out["content"] = self.content
        if self.embed is not None:
            out["embed"] = self.embed
        if self.view is not None:
            out["view"] = self.view
        return out


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


def cap_question(text: str, limit: int) -> tuple[str, bool]:
    """The question cut to `limit` characters, and whether it was cut."""
    text = text.strip()
    if len(text) <= limit:
        return text, False
    return render.clip(text, limit), True


async def send(interaction: discord.Interaction[Any], reply: Reply) -> None:
    """Send `reply` as the interaction's response, or as a followup if it was acknowledged."""
    if interaction.response.is_done():
        await interaction.followup.send(ephemeral=reply.ephemeral, **reply.kwargs())
    else:
        await interaction.response.send_message(ephemeral=reply.ephemeral, **reply.kwargs())


def describe(interaction: discord.Interaction[Any]) -> str:
    """Who, where and what, for log lines (ids only: no message text, no tokens)."""
    what = interaction.command.qualified_name if interaction.command else None
    if what is None and isinstance(interaction.data, dict):
        what = str(interaction.data.get("custom_id") or interaction.data.get("name") or "?")
    return (
        f"interaction={interaction.id} type={interaction.type.name} what={what} "
        f"user={interaction.user.id} guild={interaction.guild_id} channel={interaction.channel_id}"
    )


async def tell(interaction: discord.Interaction[Any], text: str) -> None:
    """An ephemeral note to the user, whether or not the interaction was acknowledged yet."""
    try:
        await send(interaction, Reply(content=text, ephemeral=True))
    except discord.HTTPException as exc:
        log.warning("could not tell the user (%s): %s", describe(interaction), exc)


class Responder:
    """Turns results into replies and carries out clicks. One per bot."""

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def engine(self) -> Engine:
        return self.bot.engine

    # --- rendering -----------------------------------------------------------------------------

    def reply_for(self, result: Result, ui: Language, *, asked: str | None = None) -> Reply:
        """The message for a result; `ui` is the interface language, `asked` the user's words."""
        kb = self.engine.kb
        if isinstance(result, Answered):
            paragraphs = [c.paragraph for c in result.citations]
            return Reply(
                embed=render.answer_embed(result, kb, ui, asked=asked),
                view=views.answer_view(result.match.pair_id, result.language, paragraphs, ui),
            )
        if isinstance(result, DidYouMean):
            return Reply(
                embed=render.suggestions_embed(result, ui, asked=asked),
                view=views.pick_view(result.candidates, result.language),
            )
        if isinstance(result, PassageFound):
            return Reply(
                embed=render.passage_embed(result, kb, ui, asked=asked),
                view=views.context_view(result.paragraph.number, ui),
            )
        if isinstance(result, SmallTalk):
            reply = smalltalk_reply(result.intent, result.language, kb)
            return Reply(content=render.clip(reply, render.MESSAGE_CONTENT), ephemeral=True)
        return Reply(
            content=render.no_answer_text(result, ui),
            view=views.pick_view(result.nearest, result.language),
            ephemeral=True,
        )

    # --- asking --------------------------------------------------------------------------------

    async def answer_interaction(
        self,
        interaction: discord.Interaction[Any],
        question: str,
        *,
        source: str,
        allow_pick: bool = True,
    ) -> None:
        """Answer a question asked through /ask or the context menu. With `allow_pick`, a
        picked autocomplete suggestion (its value names a pair) answers that pair."""
        ui = lang_of(interaction.locale)
        result: Result | None = None
        picked = render.parse_pair_value(question) if allow_pick else None
        if picked is not None:
            result = self.engine.answer_pair(picked[1], picked[0])
            if result is None:  # a suggestion from before a /kb reload
                await tell(interaction, t("unknown_pair", ui))
                return
        note = None
        asked: str | None = None
        if result is None:
            text, cut = cap_question(question, self.bot.settings.max_question_chars)
            note = t("truncated", ui, n=self.bot.settings.max_question_chars) if cut else None
            result = self.engine.ask(text, ui)
            asked = text
        reply = self.reply_for(result, ui, asked=asked).with_note(note)
        await send(interaction, reply)
        if picked is None:
            self.record(result, source=source, guild_id=interaction.guild_id)

    async def answer_message(self, message: discord.Message, text: str, *, prompted: bool) -> None:
        """Answer a message in a channel or DM. Unprompted (a watched channel) it stays quiet
        unless it has something to show, and chatter does not count towards the cooldown."""
        hint: Language | None = lang_of(message.guild.preferred_locale) if message.guild else None
        guild_id = message.guild.id if message.guild else None
        capped, cut = cap_question(text, self.bot.settings.max_question_chars)
        # Messages carry no locale: the interface follows the language of the question.
        result = self.engine.ask(capped, hint)
        ui = result.language
        asks = "?" in capped
        if not prompted and (
            isinstance(result, NoAnswer | SmallTalk)
            or (not asks and isinstance(result, DidYouMean | PassageFound))
        ):
            # Silence: in a watched channel only answers, and offers for what reads as a
            # question, are worth a message. Only questions go on the curators' list.
            if asks:
                self.record(result, source="message", guild_id=guild_id)
            return
        retry_after = self.bot.cooldown.hit(message.author.id)
        if retry_after is not None:
            # Say it once per window: a flood of "not so fast" would be spam of its own.
            if self.bot.cooldown.should_warn(message.author.id, retry_after):
                seconds = max(1, math.ceil(retry_after))
                await message.reply(t("cooldown", ui, seconds=seconds), mention_author=False)
            return
        self.record(result, source="message", guild_id=guild_id)
        note = t("truncated", ui, n=self.bot.settings.max_question_chars) if cut else None
        reply = self.reply_for(result, ui, asked=capped).with_note(note)
        await message.reply(mention_author=False, **reply.kwargs())

    # --- curators' records ---------------------------------------------------------------------

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

        self.spawn(asyncio.to_thread(write), what=f"record {entry.outcome} question")

    def spawn(self, work: Awaitable[None], *, what: str) -> None:
        """Run `work` in the background, keeping a reference and logging its failure."""

        async def guarded() -> None:
            try:
                await work
            except Exception:
                log.exception("background work failed: %s", what)

        task = asyncio.create_task(guarded())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Wait for background writes (at shutdown, before the database closes)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    # --- clicks --------------------------------------------------------------------------------

    async def on_component(
        self, interaction: discord.Interaction[Any], action: views.Action
    ) -> None:
        """Carry out a click. Never raises: a failure ends in a polite note and a log line."""
        handlers: dict[type[Any], Callable[[Any, Any], Awaitable[None]]] = {
            views.Pick: self._pick,
            views.Vote: self._vote,
            views.ShowContext: self._context,
            views.TurnPage: self._page,
        }
        try:
            await handlers[type(action)](interaction, action)
        except Exception:
            log.exception("component failed (%s, action=%r)", describe(interaction), action)
            await tell(interaction, t("error", lang_of(interaction.locale)))

    async def _pick(self, interaction: discord.Interaction[Any], action: views.Pick) -> None:
        ui = lang_of(interaction.locale)
        result = self.engine.answer_pair(action.pair_id, action.language)
        if result is None:
            await tell(interaction, t("unknown_pair", ui))
            return
        reply = self.reply_for(result, ui)
        # A pick from a private list stays private; from a public message it answers publicly.
        message = interaction.message
        reply.ephemeral = bool(message is not None and message.flags.ephemeral)
        await send(interaction, reply)

    async def _vote(self, interaction: discord.Interaction[Any], action: views.Vote) -> None:
        ui = lang_of(interaction.locale)
        # The write may wait on the disk: acknowledge first, thank once it is stored.
        await interaction.response.defer(ephemeral=True, thinking=True)
        pair = self.engine.kb.pair(action.pair_id)
        question = pair.question[action.language] if pair is not None else action.pair_id
        message = interaction.message
        await asyncio.to_thread(
            self.bot.store.record_vote,
            pair_id=action.pair_id,
            question=question,
            language=action.language,
            vote=action.vote,
            user_id=interaction.user.id,
            guild_id=interaction.guild_id,
            message_id=message.id if message is not None else None,
        )
        key = "vote_thanks_up" if action.vote == 1 else "vote_thanks_down"
        await interaction.followup.send(t(key, ui), ephemeral=True)

    async def _context(
        self, interaction: discord.Interaction[Any], action: views.ShowContext
    ) -> None:
        ui = lang_of(interaction.locale)
        kb = self.engine.kb
        embed = render.source_embed(kb, action.paragraph, ui)
        if embed is None:
            await tell(interaction, t("source_range", ui, total=len(kb.article.paragraphs)))
            return
        await interaction.response.send_message(embed=embed, ephemeral=True)

    async def _page(self, interaction: discord.Interaction[Any], action: views.TurnPage) -> None:
        ui = lang_of(interaction.locale)
        kb = self.engine.kb
        pages = render.topic_pages(kb)
        if not pages:
            await tell(interaction, t("error", ui))
            return
        index = action.page % len(pages)
        await interaction.response.edit_message(
            embed=render.topics_embed(kb, pages, index, action.language),
            view=views.topics_view(pages, index, action.language, ui),
        )

    def topics_reply(self, ui: Language, index: int = 0) -> Reply:
        """Page `index` of /topics, private to the asker."""
        kb = self.engine.kb
        pages = render.topic_pages(kb)
        if not pages:
            return Reply(content=t("no_answer", ui), ephemeral=True)
        index %= len(pages)
        return Reply(
            embed=render.topics_embed(kb, pages, index, ui),
            view=views.topics_view(pages, index, ui, ui),
            ephemeral=True,
        )
