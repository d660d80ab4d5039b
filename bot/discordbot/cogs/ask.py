"""Slash commands /ask, /topics, /source, /help and the "Ask the article" message command."""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.config import DEFAULT_MAX_QUESTION_CHARS
from bot.discordbot import render
from bot.discordbot.i18n import lang_of, t
from bot.discordbot.replies import Reply, describe, send, tell
from bot.engine import guess_language

if TYPE_CHECKING:
    from bot.discordbot.client import ArticleBot

log = logging.getLogger(__name__)

# The declared upper bound of /source's option; the real one is set from the article.
MAX_PARAGRAPHS = 999


def ask_cooldown(interaction: discord.Interaction[ArticleBot]) -> bool:
    """App-command check: the per-user cooldown on asking (the tree's on_error says 'wait')."""
    cooldown = interaction.client.cooldown
    retry_after = cooldown.hit(interaction.user.id)
    if retry_after is not None:
        raise app_commands.CommandOnCooldown(
            app_commands.Cooldown(cooldown.rate, cooldown.per), retry_after
        )
    return True


def _set_option_max(command: app_commands.Command[Any, ..., Any], name: str, value: int) -> None:
    # The bound comes from settings and the article, known only at run time. The cog's command is
    # a per-instance copy with its own parameter dict, so this touches no other bot.
    params = command._params
    params[name] = dataclasses.replace(params[name], max_value=value)


class AskCog(commands.Cog):
    """Asking about the article through slash commands and the message context menu."""

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot
        _set_option_max(self.ask, "question", bot.settings.max_question_chars)
        _set_option_max(self.source, "paragraph", len(bot.engine.kb.article.paragraphs))
        # Context menus cannot be cog methods' decorators; they are added to the tree by hand.
        self.ask_menu = app_commands.ContextMenu(name="Ask the article", callback=self.ask_message)
        self.ask_menu.add_check(ask_cooldown)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.ask_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.ask_menu.name, type=self.ask_menu.type)

    @app_commands.command(name="ask", description="Ask a question about the article")
    @app_commands.describe(question="Your question (German or English)")
    @app_commands.check(ask_cooldown)
    async def ask(
        self,
        interaction: discord.Interaction[ArticleBot],
        question: app_commands.Range[str, 1, DEFAULT_MAX_QUESTION_CHARS],
    ) -> None:
        """Answer a question; a picked suggestion answers its pair directly."""
        await self.bot.responder.answer_interaction(interaction, question, source="slash")

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
        ui = lang_of(interaction.locale)
        text = " ".join(current.split())[: self.bot.settings.max_question_chars]
        lang = ui
        if text:
            guess = guess_language(text, default=ui)
            lang = guess.language if guess.confident else ui
        choices: list[app_commands.Choice[str]] = []
        # Offer the typed words themselves first, so Enter asks them as written.
        if text and len(text) <= render.CHOICE_VALUE and render.parse_pair_value(text) is None:
            choices.append(app_commands.Choice(name=render.choice_name(text), value=text))
        limit = render.AUTOCOMPLETE_CHOICES - len(choices)
        for candidate in self.bot.engine.suggest(text, lang, limit=limit):
            value = render.pair_choice_value(candidate, lang)
            if value is not None:
                name = render.choice_name(candidate.question)
                choices.append(app_commands.Choice(name=name, value=value))
        return choices[: render.AUTOCOMPLETE_CHOICES]

    @app_commands.command(
        name="topics", description="Every question I can answer, grouped by topic"
    )
    async def topics(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """The curated questions, one topic a page, with a select to pick one."""
        await send(interaction, self.bot.responder.topics_reply(lang_of(interaction.locale)))

    @app_commands.command(
        name="source", description="A paragraph of the article with its neighbours"
    )
    @app_commands.describe(paragraph="The paragraph number")
    async def source(
        self,
        interaction: discord.Interaction[ArticleBot],
        paragraph: app_commands.Range[int, 1, MAX_PARAGRAPHS],
    ) -> None:
        """A paragraph with its neighbours and the pairs that cite it."""
        ui = lang_of(interaction.locale)
        kb = self.bot.engine.kb
        embed = render.source_embed(kb, paragraph, ui)
        if embed is None:
            await tell(interaction, t("source_range", ui, total=len(kb.article.paragraphs)))
            return
        await send(interaction, Reply(embed=embed))

    @app_commands.command(name="help", description="What I know and how to ask")
    async def help(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """The article, its date, and the ways to ask."""
        ui = lang_of(interaction.locale)
        embed = render.help_embed(
            self.bot.engine.kb, ui, channel_ids=self.bot.settings.ask_channel_ids
        )
        await send(interaction, Reply(embed=embed, ephemeral=True))

    async def ask_message(
        self, interaction: discord.Interaction[ArticleBot], message: discord.Message
    ) -> None:
        """Answer the selected message's text (context-menu data carries it without the
        message-content intent)."""
        if not message.content.strip():
            await tell(interaction, t("no_text", lang_of(interaction.locale)))
            return
        await self.bot.responder.answer_interaction(
            interaction, message.content, source="context_menu", allow_pick=False
        )
