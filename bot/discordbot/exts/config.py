"""Per-server settings: /config watch, unwatch, show and language, for server managers only.

What a server sets is kept in the store (`bot.store`, table guild_settings) and in memory
(`ArticleBot.guild_settings`): asking reads it from memory for every message, never from SQLite.

- Watched channels: a server that never ran /config watch or unwatch follows ASK_CHANNEL_IDS.
  Its first change starts its own list from the ASK_CHANNEL_IDS channels it has, and from then
  on only its own list counts (it no longer follows ASK_CHANNEL_IDS).
- Language: the answer language when a question does not tell (and the words of replies to
  messages then); unset, the server's Discord locale. Interactions carry the asker's own locale,
  which stays their default.
- Messages in a watched channel carry their text only with the privileged message-content
  intent, which the bot asks for when ASK_CHANNEL_IDS or MESSAGE_CONTENT_INTENT is set (see
  `intents_for`); without it, /config watch and /config show say that only mentions can be
  answered there, and the start logs a warning when servers watch channels.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot import render
from bot.discordbot.appcommands import ManagersGroup, slash_command
from bot.discordbot.locales import language_of
from bot.discordbot.sending import Reply, send, tell
from bot.engine import LANGUAGES, Language
from bot.store import GuildSettings
from bot.texts import t

if TYPE_CHECKING:
    from bot.discordbot.client import ArticleBot

log = logging.getLogger(__name__)


class WatchableChannel(app_commands.Transformer[Any]):
    """A channel option offering the channels whose messages can be questions (text and
    announcement channels, forums, the text chat of voice channels; a channel's threads count
    with it). The channel as Discord resolved it: no cache needed, only its id and mention."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        # Not media channels (16): the API spec the bot is tested against does not know them.
        kinds = discord.ChannelType
        return [kinds.text, kinds.news, kinds.forum, kinds.voice]

    async def transform(
        self, interaction: discord.Interaction[Any], value: Any, /
    ) -> app_commands.AppCommandChannel:
        if not isinstance(value, app_commands.AppCommandChannel):
            raise app_commands.TransformerError(value, self.type, self)
        return value


Watchable = app_commands.Transform[app_commands.AppCommandChannel, WatchableChannel]

# Each language labelled in its own words, whatever the reader's language.
LANGUAGE_CHOICES = [
    app_commands.Choice(name=t("language_name", lang), value=lang) for lang in LANGUAGES
]


def _mentions(ids: frozenset[int], ui: Language) -> str:
    return ", ".join(f"<#{i}>" for i in sorted(ids)) if ids else t("config_channels_none", ui)


class ConfigGroup(ManagersGroup):
    """/config: this server's settings, for its managers."""

    def __init__(self, bot: ArticleBot) -> None:
        super().__init__("config", bot.manage_permission)
        self.bot = bot

    # --- the commands --------------------------------------------------------------------------

    @slash_command("config_watch", "channel")
    async def watch(self, interaction: discord.Interaction[ArticleBot], channel: Watchable) -> None:
        """Answer every question in `channel` (and its threads)."""
        await self._change_channels(interaction, channel, watch=True)

    @slash_command("config_unwatch", "channel")
    async def unwatch(
        self, interaction: discord.Interaction[ArticleBot], channel: Watchable
    ) -> None:
        """Stop taking every message in `channel` as a question (mentions still work there)."""
        await self._change_channels(interaction, channel, watch=False)

    @slash_command("config_show")
    async def show(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """The server's watched channels and language, and where each comes from."""
        ui = language_of(interaction.locale)
        guild = interaction.guild
        if guild is None:
            await tell(interaction, t("guild_only", ui))
            return
        own = self.bot.guild_settings.get(guild.id)
        ids = self._watched(guild, own)
        channels = _mentions(ids, ui)
        if own.watched_channel_ids is None:
            channels += t("config_from_default", ui)
        if own.language is not None:
            language = t("language_name", own.language)
        else:
            local = language_of(guild.preferred_locale)
            language = t("config_language_default", ui, language=t("language_name", local))
        text = t("config_show", ui, channels=channels, language=language)
        await tell(interaction, self._with_content_note(text, ids, ui))

    @slash_command("config_language", "language")
    @app_commands.choices(language=LANGUAGE_CHOICES)
    async def language(self, interaction: discord.Interaction[ArticleBot], language: str) -> None:
        """The answer language when a question does not tell."""
        ui = language_of(interaction.locale)
        chosen = next((lang for lang in LANGUAGES if lang == language), None)
        guild = interaction.guild
        if guild is None:
            await tell(interaction, t("guild_only", ui))
            return
        if chosen is None:  # a choice from an older sync
            await tell(interaction, t("error", ui))
            return
        await self._update(
            interaction,
            guild.id,
            lambda current: dataclasses.replace(current, language=chosen),
            what=f"language {chosen}",
        )
        text = t("config_language_ok", ui, language=t("language_name", chosen))
        await send(interaction, Reply(content=text, ephemeral=True))

    # --- how -----------------------------------------------------------------------------------

    def _default_channels(self, guild: discord.Guild) -> frozenset[int]:
        # The ASK_CHANNEL_IDS channels that are on this server.
        ids = self.bot.settings.ask_channel_ids
        return frozenset(i for i in ids if guild.get_channel_or_thread(i) is not None)

    def _watched(self, guild: discord.Guild, own: GuildSettings) -> frozenset[int]:
        return own.watched(self._default_channels(guild))

    def _with_content_note(self, text: str, watched: frozenset[int], ui: Language) -> str:
        # Without the message-content intent, watched channels' messages arrive without text.
        if watched and not self.bot.intents.message_content:
            text = f"{text}\n\n{t('config_no_content', ui)}"
        return render.clip(text, render.MESSAGE_CONTENT)

    async def _change_channels(
        self, interaction: discord.Interaction[ArticleBot], channel: Watchable, *, watch: bool
    ) -> None:
        ui = language_of(interaction.locale)
        guild = interaction.guild
        if guild is None:
            await tell(interaction, t("guild_only", ui))
            return
        # Read here, on the event loop: the change runs in the store's worker thread.
        default = self._default_channels(guild)
        present = {c.id for c in guild.channels} | {thread.id for thread in guild.threads}

        def change(current: GuildSettings) -> GuildSettings:
            ids = current.watched(default)
            wanted = ids | {channel.id} if watch else ids - {channel.id}
            if wanted == ids:
                return current  # nothing to change: a server following the default keeps it
            # The first change starts from the default's channels; deleted channels leave.
            kept = frozenset(i for i in wanted if i in present or i == channel.id)
            return dataclasses.replace(current, watched_channel_ids=kept)

        verb = "watch" if watch else "unwatch"
        before, after = await self._update(
            interaction, guild.id, change, what=f"{verb} channel {channel.id}"
        )
        if watch:
            key = "config_watch_ok" if before != after else "config_watch_already"
        else:
            key = "config_unwatch_ok" if before != after else "config_unwatch_not"
        watched = after.watched(default)
        text = t(key, ui, channel=channel.mention, channels=_mentions(watched, ui))
        text = self._with_content_note(text, watched, ui)
        await send(interaction, Reply(content=text, ephemeral=True))

    async def _update(
        self,
        interaction: discord.Interaction[ArticleBot],
        guild_id: int,
        change: Callable[[GuildSettings], GuildSettings],
        *,
        what: str,
    ) -> tuple[GuildSettings, GuildSettings]:
        # The write may wait on the disk: acknowledge first, answer once it is stored.
        await interaction.response.defer(ephemeral=True, thinking=True)
        before, after = await asyncio.to_thread(
            self.bot.guild_settings.update, guild_id, change, user_id=interaction.user.id
        )
        if before != after:
            log.info("config of guild %s: %s (user %s)", guild_id, what, interaction.user.id)
        return before, after


class Config(commands.Cog):
    """Adds /config to the tree (its permission comes from settings, so it is built at run time)."""

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot
        self.group = ConfigGroup(bot)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.group)
        watching = [s for s in self.bot.guild_settings.all().values() if s.watched_channel_ids]
        if watching and not self.bot.intents.message_content:
            log.warning(
                "%d server(s) watch channels set with /config, but the message-content intent is "
                "off: messages there reach the bot without text (set MESSAGE_CONTENT_INTENT=1 "
                "and enable the intent in the developer portal)",
                len(watching),
            )

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.group.name)


async def setup(bot: ArticleBot) -> None:
    """Load the feature (`bot.load_extension`)."""
    await bot.add_cog(Config(bot))
