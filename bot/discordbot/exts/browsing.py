"""Browsing: the article and its curated questions as they stand.

/topics (a page per topic, a select to pick a question, previous/next), /source (a paragraph with
its neighbours and the questions citing it), /help, the "paragraph in context" button, and how a
pair's answer is shown with its passages (what /ask shows for it too).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot import render
from bot.discordbot.appcommands import set_option_max, slash_command
from bot.discordbot.codec import ChooseOnPage, ShowContext, TurnPage
from bot.discordbot.components import ActionButton, ActionSelect, view_of
from bot.discordbot.exts.feedback import vote_buttons
from bot.discordbot.locales import language_of
from bot.discordbot.sending import Reply, send, tell
from bot.engine import Answered, KnowledgeBase, Language
from bot.texts import t

if TYPE_CHECKING:
    from bot.discordbot.client import ArticleBot

# The declared upper bound of /source's option; the real one is set from the article.
MAX_PARAGRAPHS = 999
# Paragraph buttons beyond this many citations would crowd the message.
MAX_CONTEXT_BUTTONS = 3


# --- a paragraph in context ---------------------------------------------------------------------


class ContextButton(ActionButton[ShowContext], action=ShowContext):
    """'Paragraph N in context': the paragraph with its neighbours, privately."""

    async def clicked(self, interaction: discord.Interaction[ArticleBot]) -> None:
        ui = language_of(interaction.locale)
        kb = interaction.client.engine.kb
        embed = render.source_embed(kb, self.action.paragraph, ui)
        if embed is None:  # an old message, from before a /kb reload
            await tell(interaction, t("source_range", ui, total=len(kb.article.paragraphs)))
            return
        await interaction.response.send_message(embed=embed, ephemeral=True)


def context_buttons(paragraphs: Sequence[int], ui: Language) -> list[ContextButton | None]:
    """A 'in context' button for each paragraph (the first few, each once)."""
    return [
        ContextButton.make(ShowContext(n), t("in_context", ui, n=n), emoji="📄")
        for n in list(dict.fromkeys(paragraphs))[:MAX_CONTEXT_BUTTONS]
    ]


# --- a pair's answer ----------------------------------------------------------------------------


def answer_reply(
    result: Answered, kb: KnowledgeBase, ui: Language, *, asked: str | None = None
) -> Reply:
    """The answer with its citations (an embed per part of a message that asked several things,
    and a line for each part the article does not answer), 👍/👎 (on the first part), and the
    cited paragraphs in context."""
    paragraphs = [c.paragraph for c in result.all_citations]
    items = [
        *vote_buttons(result.match.pair_id, result.language, ui),
        *context_buttons(paragraphs, ui),
    ]
    first, *more = render.answer_embeds(result, kb, ui, asked=asked)
    reply = Reply(embed=first, more_embeds=tuple(more), view=view_of(items))
    return reply.with_note(render.unanswered_note(result, ui))


async def show_pair(
    interaction: discord.Interaction[ArticleBot], pair_id: str, language: Language
) -> None:
    """Answer a pair picked on a message: privately under a private message, publicly (if the
    cooldown admits it) under a public one."""
    bot = interaction.client
    ui = language_of(interaction.locale)
    result = bot.engine.answer_pair(pair_id, language)
    if result is None:  # an old message, from before a /kb reload
        await tell(interaction, t("unknown_pair", ui))
        return
    reply = answer_reply(result, bot.engine.kb, ui)
    message = interaction.message
    reply.ephemeral = bool(message is not None and message.flags.ephemeral)
    if reply.ephemeral or await bot.cooldown.admit(interaction, ui):
        await send(interaction, reply)


# --- /topics ------------------------------------------------------------------------------------


class TopicSelect(ActionSelect[ChooseOnPage], action=ChooseOnPage):
    """The questions of a /topics page; choosing one answers it."""

    async def clicked(self, interaction: discord.Interaction[ArticleBot]) -> None:
        chosen = self.item.values
        if chosen:
            await show_pair(interaction, chosen[0], self.action.language)


class PageButton(ActionButton[TurnPage], action=TurnPage):
    """Previous / next page of /topics, shown in place of the current one."""

    async def clicked(self, interaction: discord.Interaction[ArticleBot]) -> None:
        ui = language_of(interaction.locale)
        kb = interaction.client.engine.kb
        pages = render.topic_pages(kb)
        if not pages:
            await tell(interaction, t("error", ui))
            return
        index = self.action.page % len(pages)
        language = self.action.language
        await interaction.response.edit_message(
            embed=render.topics_embed(kb, pages, index, language),
            view=topics_view(pages, index, language, ui),
        )


def topics_view(
    pages: Sequence[render.TopicPage], index: int, language: Language, ui: Language
) -> discord.ui.View | None:
    """A select with the page's questions, and previous/next buttons (wrapping around)."""
    options = [
        discord.SelectOption(
            label=render.clip(p.question[language], render.SELECT_OPTION_LABEL), value=p.id
        )
        for p in pages[index].pairs
        if len(p.id) <= render.SELECT_OPTION_VALUE
    ]
    items: list[discord.ui.Item[Any] | None] = [
        TopicSelect.make(ChooseOnPage(index, language), options, t("pick_question", ui))
    ]
    if len(pages) > 1:
        previous = TurnPage((index - 1) % len(pages), language, "p")
        following = TurnPage((index + 1) % len(pages), language, "n")
        items.append(PageButton.make(previous, t("previous", ui), emoji="◀️"))
        items.append(PageButton.make(following, t("next", ui), emoji="▶️"))
    return view_of(items)


def topics_reply(kb: KnowledgeBase, ui: Language) -> Reply:
    """The first page of /topics, private to the asker."""
    pages = render.topic_pages(kb)
    if not pages:
        return Reply(content=t("no_answer", ui), ephemeral=True)
    return Reply(
        embed=render.topics_embed(kb, pages, 0, ui),
        view=topics_view(pages, 0, ui, ui),
        ephemeral=True,
    )


# --- the commands -------------------------------------------------------------------------------


class Browsing(commands.Cog):
    """/topics, /source and /help, and the buttons under topics and answers."""

    ITEMS = (ContextButton, TopicSelect, PageButton)

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot
        set_option_max(self.source, "paragraph", len(bot.engine.kb.article.paragraphs))

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*self.ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*self.ITEMS)

    @slash_command("topics")
    async def topics(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """The curated questions, one topic a page, with a select to pick one."""
        await send(interaction, topics_reply(self.bot.engine.kb, language_of(interaction.locale)))

    @slash_command("source", "paragraph")
    async def source(
        self,
        interaction: discord.Interaction[ArticleBot],
        paragraph: app_commands.Range[int, 1, MAX_PARAGRAPHS],
    ) -> None:
        """A paragraph with its neighbours and the pairs that cite it, for everyone to see."""
        ui = language_of(interaction.locale)
        kb = self.bot.engine.kb
        embed = render.source_embed(kb, paragraph, ui)
        if embed is None:
            await tell(interaction, t("source_range", ui, total=len(kb.article.paragraphs)))
            return
        if await self.bot.cooldown.admit(interaction, ui):
            await send(interaction, Reply(embed=embed))

    @slash_command("help")
    async def help(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """The article, its date, and the ways to ask."""
        ui = language_of(interaction.locale)
        embed = render.help_embed(
            self.bot.engine.kb, ui, channel_ids=self.bot.settings.ask_channel_ids
        )
        await send(interaction, Reply(embed=embed, ephemeral=True))


async def setup(bot: ArticleBot) -> None:
    """Load the feature (`bot.load_extension`)."""
    await bot.add_cog(Browsing(bot))
