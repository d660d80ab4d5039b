"""Asking: /ask with its autocomplete, the "Ask the article" message menu, and questions written as
messages (mentions, DMs, watched channels); the did-you-mean buttons; what each result looks like.

The engine decides what the answer is; this decides which message shows it, public or private.
Everything public goes through the cooldown's one gate.
"""

from __future__ import annotations

import logging
import re
import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.config import DEFAULT_MAX_QUESTION_CHARS
from bot.discordbot import render
from bot.discordbot.appcommands import command_text, set_option_max, slash_command
from bot.discordbot.codec import PairChoice, Pick, encode, parse
from bot.discordbot.components import ActionButton, view_of
from bot.discordbot.exts.browsing import answer_reply, context_buttons, show_pair
from bot.discordbot.exts.feedback import Feedback
from bot.discordbot.locales import DECLARED, language_of
from bot.discordbot.logs import log_question
from bot.discordbot.sending import Reply, describe, send, tell
from bot.engine import (
    Answered,
    Candidate,
    DidYouMean,
    KnowledgeBase,
    Language,
    NoAnswer,
    PassageFound,
    Result,
    SmallTalk,
    guess_language,
)
from bot.texts import smalltalk_reply, t

if TYPE_CHECKING:
    from bot.discordbot.client import ArticleBot

log = logging.getLogger(__name__)


class PickButton(ActionButton[Pick], action=Pick):
    """A suggested question (did you mean, perhaps one of these); clicking answers it."""

    async def clicked(self, interaction: discord.Interaction[ArticleBot]) -> None:
        await show_pair(interaction, self.action.pair_id, self.action.language)


def pick_buttons(candidates: tuple[Candidate, ...], language: Language) -> list[PickButton | None]:
    """A button for each candidate (two rows at most)."""
    return [
        PickButton.make(Pick(c.pair_id, language), c.question, style=discord.ButtonStyle.primary)
        for c in candidates[: render.BUTTONS_PER_ROW * 2]
    ]


def reply_for(result: Result, kb: KnowledgeBase, ui: Language, *, asked: str | None) -> Reply:
    """The message for a result; `ui` is the interface language, `asked` the user's words."""
    if isinstance(result, Answered):
        return answer_reply(result, kb, ui, asked=asked)
    if isinstance(result, DidYouMean):
        return Reply(
            embed=render.suggestions_embed(result, ui, asked=asked),
            view=view_of(pick_buttons(result.candidates, result.language)),
        )
    if isinstance(result, PassageFound):
        return Reply(
            embed=render.passage_embed(result, kb, ui, asked=asked),
            view=view_of(context_buttons([result.paragraph.number], ui)),
        )
    if isinstance(result, SmallTalk):
        text = smalltalk_reply(result.intent, result.language, kb)
        return Reply(content=render.clip(text, render.MESSAGE_CONTENT), ephemeral=True)
    return Reply(
        content=render.no_answer_text(result, kb, ui),
        view=view_of(pick_buttons(result.nearest, result.language)),
        ephemeral=True,
    )


def cap_question(text: str, limit: int) -> tuple[str, bool]:
    """The question cut to `limit` characters, and whether it was cut."""
    text = text.strip()
    if len(text) <= limit:
        return text, False
    return render.clip(text, limit), True


def _is_quiet(result: Result, asks: bool) -> bool:
    # In a watched channel only answers, and offers for what reads as a question, are worth a
    # message; everything else there is chatter among people.
    if isinstance(result, NoAnswer | SmallTalk):
        return True
    return not asks and isinstance(result, DidYouMean | PassageFound)


class Asking(commands.Cog):
    """Answers questions however they are asked."""

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot
        set_option_max(self.ask, "question", bot.settings.max_question_chars)
        # Context menus cannot be cog methods' decorators; they are added to the tree by hand.
        self.ask_menu = app_commands.ContextMenu(
            name=command_text("cmd_ask_menu"), callback=self.ask_message
        )

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.ask_menu)
        self.bot.add_dynamic_items(PickButton)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.ask_menu.name, type=self.ask_menu.type)
        self.bot.remove_dynamic_items(PickButton)

    # --- /ask and the message menu -------------------------------------------------------------

    @slash_command("ask", "question")
    async def ask(
        self,
        interaction: discord.Interaction[ArticleBot],
        question: app_commands.Range[str, 1, DEFAULT_MAX_QUESTION_CHARS],
    ) -> None:
        """Answer a question; a picked suggestion answers its pair directly."""
        await self._answer_interaction(interaction, question, source="slash", allow_pick=True)

    @ask.autocomplete("question")
    async def ask_autocomplete(
        self, interaction: discord.Interaction[ArticleBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggestions from the same matcher that answers: the typed text first, then pairs."""
        try:
            return self._suggest(interaction, current)
        except Exception:
            log.exception("autocomplete failed (%s)", describe(interaction))
            return []

    def _suggest(
        self, interaction: discord.Interaction[ArticleBot], current: str
    ) -> list[app_commands.Choice[str]]:
        ui = language_of(interaction.locale)
        text = " ".join(current.split())[: self.bot.settings.max_question_chars]
        lang = ui
        if text:
            guess = guess_language(text, default=ui)
            lang = guess.language if guess.confident else ui
        choices: list[app_commands.Choice[str]] = []
        # Offer the typed words themselves first, so Enter asks them as written.
        if text and len(text) <= render.CHOICE_VALUE and parse(PairChoice, text) is None:
            choices.append(app_commands.Choice(name=render.choice_name(text), value=text))
        limit = render.AUTOCOMPLETE_CHOICES - len(choices)
        for candidate in self.bot.engine.suggest(text, lang, limit=limit):
            value = encode(PairChoice(candidate.pair_id, lang))
            if value is not None:
                name = render.choice_name(candidate.question)
                choices.append(app_commands.Choice(name=name, value=value))
        return choices[: render.AUTOCOMPLETE_CHOICES]

    async def ask_message(
        self, interaction: discord.Interaction[ArticleBot], message: discord.Message
    ) -> None:
        """Answer the selected message's text (context-menu data carries it without the
        message-content intent)."""
        if not message.content.strip():
            await tell(interaction, t("no_text", language_of(interaction.locale)))
            return
        await self._answer_interaction(
            interaction, message.content, source="context_menu", allow_pick=False
        )

    async def _answer_interaction(
        self,
        interaction: discord.Interaction[ArticleBot],
        question: str,
        *,
        source: str,
        allow_pick: bool,
    ) -> None:
        # With `allow_pick`, a picked autocomplete suggestion (its value names a pair) answers
        # that pair, and is nothing for the curators: the person chose a curated question.
        started = time.perf_counter()
        ui = language_of(interaction.locale)
        engine = self.bot.engine
        picked = parse(PairChoice, question) if allow_pick else None
        if picked is not None:
            result: Result | None = engine.answer_pair(picked.pair_id, picked.language)
            if result is None:  # a suggestion from before a /kb reload
                await tell(interaction, t("unknown_pair", ui))
                return
            reply = reply_for(result, engine.kb, ui, asked=None)
        else:
            limit = self.bot.settings.max_question_chars
            text, cut = cap_question(question, limit)
            result = engine.ask(text, ui)
            reply = reply_for(result, engine.kb, ui, asked=text)
            reply.with_note(t("truncated", ui, n=limit) if cut else None)
        if not reply.ephemeral and not await self.bot.cooldown.admit(interaction, ui):
            return
        await send(interaction, reply)
        self.bot.metrics.answered(source, started)
        if picked is None:
            self._record(result, source=source, guild_id=interaction.guild_id)

    # --- messages ------------------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer a question in a DM, a mention, or any message in a watched channel; ignore
        bots (and so ourselves)."""
        me = self.bot.user
        if me is None or message.author.bot or message.author.id == me.id:
            return
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return
        direct = message.guild is None
        # The bot's own role counts as a mention too (Discord offers it beside the user).
        own_role = message.guild.self_role if message.guild else None
        mentioned = any(user.id == me.id for user in message.mentions) or (
            own_role is not None and own_role in message.role_mentions
        )
        if not (direct or mentioned or self._watched(message)):
            return
        text = re.sub(rf"<@!?{me.id}>", " ", message.content)
        if own_role is not None:
            text = text.replace(own_role.mention, " ")
        try:
            await self._answer_message(message, text, prompted=direct or mentioned)
        except Exception:
            log.exception(
                "answering a message failed (message=%s channel=%s guild=%s user=%s)",
                message.id,
                message.channel.id,
                message.guild.id if message.guild else None,
                message.author.id,
            )
            if direct or mentioned:
                try:
                    default = self._language_hint(message.guild) or DECLARED
                    language = guess_language(text, default=default).language
                    await message.reply(t("error", language))
                except discord.HTTPException:
                    log.warning("could not send the error note for message %s", message.id)

    def _watched(self, message: discord.Message) -> bool:
        # Whether every message in its channel (or the thread's parent) is taken as a question:
        # the server's own list once it set one with /config, else ASK_CHANNEL_IDS.
        ids = self.bot.settings.ask_channel_ids
        if message.guild is not None:
            ids = self.bot.guild_settings.get(message.guild.id).watched(ids)
        if not ids:
            return False
        channel = message.channel
        return getattr(channel, "id", None) in ids or getattr(channel, "parent_id", None) in ids

    def _language_hint(self, guild: discord.Guild | None) -> Language | None:
        # The language of a question that does not tell: the server's choice (/config language),
        # else the server's Discord locale. Messages carry no locale of their own.
        if guild is None:
            return None
        return self.bot.guild_settings.get(guild.id).language or language_of(guild.preferred_locale)

    async def _answer_message(self, message: discord.Message, text: str, *, prompted: bool) -> None:
        # Unprompted (a watched channel) it stays quiet unless it has something to show, and
        # chatter counts neither towards the cooldown nor for the curators.
        started = time.perf_counter()
        guild = message.guild
        hint = self._language_hint(guild)
        limit = self.bot.settings.max_question_chars
        capped, cut = cap_question(text, limit)
        result = self.bot.engine.ask(capped, hint)
        # Messages carry no locale: the interface follows the language of the question.
        ui = result.language
        asks = "?" in capped
        if not prompted and _is_quiet(result, asks):
            if asks:
                self._record(result, source="message", guild_id=guild.id if guild else None)
            return
        if not await self.bot.cooldown.admit(message, ui):
            return
        self._record(result, source="message", guild_id=guild.id if guild else None)
        reply = reply_for(result, self.bot.engine.kb, ui, asked=capped)
        reply.with_note(t("truncated", ui, n=limit) if cut else None)
        await message.reply(mention_author=False, **reply.kwargs())
        self.bot.metrics.answered("message", started)

    def _record(self, result: Result, *, source: str, guild_id: int | None) -> None:
        # A question was asked (not a suggestion picked, not chatter): counted and logged once.
        # Discord routes a guild to the shard (guild_id >> 22) % shard count; DMs come on 0.
        shards = self.bot.shard_count or 1
        shard = 0 if guild_id is None else (guild_id >> 22) % shards
        self.bot.metrics.question(result.kind, result.language, shard=shard)
        verbatim = self.bot.settings.log_questions
        log_question(log, result, source=source, guild_id=guild_id, verbatim=verbatim)
        # The curators' list is the feedback feature's; without it loaded, nothing is kept.
        feedback = self.bot.get_cog(Feedback.__cog_name__)
        if isinstance(feedback, Feedback):
            feedback.record(result, source=source, guild_id=guild_id)


async def setup(bot: ArticleBot) -> None:
    """Load the feature (`bot.load_extension`)."""
    await bot.add_cog(Asking(bot))
