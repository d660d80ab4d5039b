"""Questions in channels: when the bot is mentioned, in DMs, and in the watched channels."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.discordbot.i18n import DEFAULT_LANGUAGE, t
from bot.engine import guess_language

if TYPE_CHECKING:
    from bot.discordbot.client import ArticleBot

log = logging.getLogger(__name__)


class ChannelCog(commands.Cog):
    """Replies to questions written as plain messages."""

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot

    def watched(self, channel: discord.abc.Messageable) -> bool:
        """Whether every message in `channel` (or the thread's parent) is a question."""
        ids = self.bot.settings.ask_channel_ids
        if not ids:
            return False
        channel_id = getattr(channel, "id", None)
        parent_id = getattr(channel, "parent_id", None)
        return channel_id in ids or parent_id in ids

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer a question message; ignore bots (and so ourselves)."""
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
        if not (direct or mentioned or self.watched(message.channel)):
            return
        text = re.sub(rf"<@!?{me.id}>", " ", message.content)
        if own_role is not None:
            text = text.replace(own_role.mention, " ")
        try:
            await self.bot.responder.answer_message(message, text, prompted=direct or mentioned)
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
                    language = guess_language(text, default=DEFAULT_LANGUAGE).language
                    await message.reply(t("error", language))
                except discord.HTTPException:
                    log.warning("could not send the error note for message %s", message.id)
