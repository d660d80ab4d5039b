"""Knowledge upkeep: /kb reload, to load the knowledge files again without a restart (for server
managers only)."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot import render
from bot.discordbot.appcommands import command_text, slash_command
from bot.discordbot.locales import language_of
from bot.engine import Engine, KnowledgeError
from bot.texts import t

if TYPE_CHECKING:
    from bot.discordbot.client import ArticleBot

log = logging.getLogger(__name__)


class KnowledgeGroup(app_commands.Group):
    """/kb: hidden by default from everyone without the manage permission, and checked again
    on use (a server can widen who sees a command, not who may run it)."""

    def __init__(self, bot: ArticleBot) -> None:
        super().__init__(
            name=command_text("cmd_kb"),
            description=command_text("cmd_kb_desc"),
            guild_only=True,
            default_permissions=bot.manage_permission,
        )
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        perms = interaction.permissions
        needed = self.bot.manage_permission
        if perms.administrator or perms >= needed:
            return True
        missing = [name for name, value in needed if value]
        raise app_commands.MissingPermissions(missing)

    @slash_command("kb_reload")
    async def reload(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """Load the knowledge again; if it is broken, show why and keep the last good one."""
        ui = language_of(interaction.locale)
        await interaction.response.defer(ephemeral=True, thinking=True)
        settings = self.bot.settings
        try:
            engine = await asyncio.to_thread(
                Engine.load, settings.knowledge_dir, settings.article_id
            )
        except KnowledgeError as exc:
            self.bot.metrics.reload(ok=False)
            log.warning("reload refused (user=%s): %s", interaction.user.id, exc)
            problems = "\n".join(str(p) for p in exc.problems).replace("```", "'''")
            room = render.MESSAGE_CONTENT - len(t("reload_failed", ui, problems=""))
            text = t("reload_failed", ui, problems=render.clip(problems, room))
            await interaction.followup.send(text, ephemeral=True)
            return
        except Exception:  # not the files' fault (a disk error): the tree's handler says sorry
            self.bot.metrics.reload(ok=False)
            raise
        self.bot.engine = engine
        self.bot.metrics.reload(ok=True)
        kb = engine.kb
        log.info(
            "knowledge reloaded by user %s: %d pairs, %d paragraphs",
            interaction.user.id,
            len(kb.pairs),
            len(kb.article.paragraphs),
        )
        text = t(
            "reload_ok",
            ui,
            pairs=len(kb.pairs),
            topics=len(kb.topics),
            paragraphs=len(kb.article.paragraphs),
        )
        await interaction.followup.send(text, ephemeral=True)


class Knowledge(commands.Cog):
    """Adds /kb to the tree (its permission comes from settings, so it is built at run time)."""

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot
        self.group = KnowledgeGroup(bot)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.group)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.group.name)


async def setup(bot: ArticleBot) -> None:
    """Load the feature (`bot.load_extension`)."""
    await bot.add_cog(Knowledge(bot))
