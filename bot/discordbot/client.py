"""The bot: an AutoShardedBot that loads one extension per feature (`bot.discordbot.exts`) and
ends every command error in a polite note.

It keeps its metrics (`metrics`), its shards' health (`health`) and, with STATUS_PORT, serves both
(`status_server`). What discord.py does with each interaction or message is guarded and tracked
(`events`): one failing ends nothing else, and `close` lets the work in flight finish first.

Commands are synced to `DISCORD_DEV_GUILD_ID` at start when it is set; a global sync is a
deliberate act (`python -m bot sync`), never part of a normal start.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.config import ConfigError, Settings
from bot.discordbot.appcommands import CatalogueTranslator
from bot.discordbot.components import answer_if_stale
from bot.discordbot.cooldown import PostingCooldown
from bot.discordbot.events import EventGuard
from bot.discordbot.exts import EXTENSIONS
from bot.discordbot.health import ShardHealth
from bot.discordbot.locales import language_of
from bot.discordbot.metrics import Metrics
from bot.discordbot.sending import describe, tell
from bot.discordbot.status import StatusServer
from bot.engine import Engine
from bot.knowledge_sync import KnowledgeSync
from bot.store import GuildSettingsCache, Store, StoreUnavailable, open_store
from bot.texts import t

log = logging.getLogger(__name__)

# How long a stop waits for the interactions and messages in flight (a container runtime
# usually allows 10 s between SIGTERM and SIGKILL).
STOP_GRACE = 5.0


def intents_for(settings: Settings) -> discord.Intents:
    """Only what the bot needs; the privileged message-content intent only for watched channels:
    when ASK_CHANNEL_IDS names some, or MESSAGE_CONTENT_INTENT says the operator enabled it for
    the channels servers watch with /config watch.

    Never because of what a server stored: a setting made in Discord must not make the next
    start fail when the intent is not enabled in the developer portal (Discord refuses the
    connection then). Without it, /config watch says that such channels reach the bot without
    text. Mentions and DMs carry their text without it, and so do context-menu interactions.
    """
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = settings.message_content_intent or bool(settings.ask_channel_ids)
    return intents


def permission_from_name(name: str) -> discord.Permissions:
    """The Discord permission called `name` (e.g. manage_guild); ConfigError if there is none."""
    if name not in discord.Permissions.VALID_FLAGS:
        raise ConfigError([f"MANAGE_PERMISSION={name!r}: not a Discord permission name"])
    return discord.Permissions(**{name: True})


def _shard_ids(settings: Settings) -> dict[str, Any]:
    # Without SHARD_IDS this process runs every shard (the count asked from Discord if unset).
    return {"shard_ids": list(settings.shard_ids)} if settings.shard_ids is not None else {}


class ArticleTree(app_commands.CommandTree["ArticleBot"]):
    """Every error in a command ends in a polite, ephemeral note; ours are logged with context."""

    async def on_error(
        self, interaction: discord.Interaction[ArticleBot], error: app_commands.AppCommandError
    ) -> None:
        ui = language_of(interaction.locale)
        interaction.client.metrics.error("command")
        if interaction.type is discord.InteractionType.autocomplete:
            log.error("autocomplete failed (%s)", describe(interaction), exc_info=error)
            return
        if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
            # A command from an older sync: no traceback, the fix is `python -m bot sync`.
            log.warning("stale command (%s): %s", describe(interaction), error)
            await tell(interaction, t("error", ui))
        elif isinstance(error, app_commands.NoPrivateMessage):
            await tell(interaction, t("guild_only", ui))
        elif isinstance(error, app_commands.CheckFailure):
            log.info("check failed (%s): %s", describe(interaction), error)
            await tell(interaction, t("no_permission", ui))
        elif isinstance(error, app_commands.TransformerError):
            # Its message quotes the option's value (a question, perhaps): not for the log.
            log.warning("an option could not be read (%s): %s", describe(interaction), error.type)
            await tell(interaction, t("error", ui))
        elif isinstance(getattr(error, "original", None), StoreUnavailable):
            # The database is down or locked for a moment: no traceback, a note to try again.
            log.warning("store unavailable (%s): %s", describe(interaction), error.original)  # type: ignore[attr-defined]
            await tell(interaction, t("store_unavailable", ui))
        else:
            original = getattr(error, "original", error)
            log.error("command failed (%s)", describe(interaction), exc_info=original)
            await tell(interaction, t("error", ui))


class ArticleBot(commands.AutoShardedBot):
    """Answers questions about the article on Discord."""

    def __init__(
        self,
        settings: Settings,
        *,
        engine: Engine | None = None,
        store: Store | None = None,
        sync_on_start: bool = True,
        **options: Any,
    ) -> None:
        self.manage_permission = permission_from_name(settings.manage_permission)
        self.metrics = Metrics()
        # Every acknowledgement is timed on its way out (see Metrics.trace).
        options["http_trace"] = self.metrics.trace(options.get("http_trace"))
        # The bot has no voice: no warnings about voice libraries at every start.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(
            # No prefix commands: questions are plain messages. See on_message below.
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents_for(settings),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=ArticleTree,
            shard_count=settings.shard_count,
            **_shard_ids(settings),
            **options,
        )
        self.settings = settings
        self.engine = (
            engine
            if engine is not None
            else Engine.load(settings.knowledge_dir, settings.article_id)
        )
        self.store = store if store is not None else open_store(settings)
        # The knowledge every process of the bot serves, announced in the store (setup_hook).
        self.knowledge_sync = KnowledgeSync(
            self.store,
            settings.knowledge_dir,
            load=lambda: Engine.load(settings.knowledge_dir, settings.article_id),
            serve=self.serve_engine,
            on_reload=lambda ok: self.metrics.reload(ok=ok),
        )
        self.metrics.watch_knowledge(self.knowledge_sync)
        self._sync_task: asyncio.Task[None] | None = None
        # Each server's settings, read from memory (loaded in setup_hook, written by /config).
        self.guild_settings = GuildSettingsCache(self.store)
        # One limit on everything the bot posts publicly on someone's behalf (see its `admit`).
        self.cooldown = PostingCooldown(
            settings.ask_cooldown_rate,
            settings.ask_cooldown_seconds,
            on_refused=self.metrics.cooldown_refusals.inc,
        )
        self.events = EventGuard(self)
        self.health = ShardHealth(self)
        self.metrics.watch_shards(self.health.states)
        self.status_server: StatusServer | None = None
        self.stop_grace = STOP_GRACE
        self.sync_on_start = sync_on_start
        self.synced: list[app_commands.AppCommand] = []
        self._stopping: asyncio.Future[None] | None = None

    async def setup_hook(self) -> None:
        port = self.settings.status_port
        if port is not None:
            server = StatusServer(self.health, self.metrics, self.settings.status_host, port)
            await server.start()
            self.status_server = server
        await asyncio.to_thread(self.guild_settings.load)
        await asyncio.to_thread(self.knowledge_sync.start)
        # (The first question with a typo would otherwise read the word lists.)
        await asyncio.to_thread(self.engine.warm_up)
        if self.settings.knowledge_poll_seconds > 0:
            self._sync_task = asyncio.create_task(
                self.knowledge_sync.run(self.settings.knowledge_poll_seconds),
                name="knowledge-sync",
            )
        await self.tree.set_translator(CatalogueTranslator())
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        guild_id = self.settings.dev_guild_id
        if self.sync_on_start and guild_id is not None:
            guild = discord.Object(guild_id)
            self.tree.copy_global_to(guild=guild)
            self.synced = await self.tree.sync(guild=guild)
            log.info(
                "synced %d commands to the dev guild %s: %s",
                len(self.synced),
                guild_id,
                ", ".join(c.name for c in self.synced),
            )

    def serve_engine(self, engine: Engine) -> None:
        """Answer with `engine` from now on (a reload, here or announced by another process)."""
        self.engine = engine

    async def knowledge_changed(self, engine: Engine, *, by: str, announced: bool = False) -> None:
        """This process now serves `engine`, loaded from the folder as it is: serve it and tell
        every other process of the bot (they load it within KNOWLEDGE_POLL_SECONDS), unless
        what changed it announced it already (an attach: bot.curation)."""
        self.serve_engine(engine)
        self.metrics.reload(ok=True)
        try:
            if announced:
                await asyncio.to_thread(self.knowledge_sync.start)
            else:
                await asyncio.to_thread(self.knowledge_sync.announce, by=by)
        except Exception:
            # This process serves it anyway; the others see it at the next change.
            log.warning("could not announce the new knowledge to other processes", exc_info=True)

    async def on_message(self, message: discord.Message, /) -> None:
        # The default would look for prefix commands and log every question as an unknown
        # command; questions are answered by the asking extension's listener instead.
        return

    async def on_interaction(self, interaction: discord.Interaction[ArticleBot], /) -> None:
        await answer_if_stale(interaction)

    async def on_ready(self) -> None:
        user = self.user
        log.info(
            "ready as %s (%s): %d guild(s), shards %s",
            user,
            user.id if user else "?",
            len(self.guilds),
            sorted(self.shards),
        )

    async def close(self) -> None:
        """Stop gracefully (once; every caller waits for the same stop): see `_stop`."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop())
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        # /healthz says 503 from now on; the gateway stays open meanwhile, so that what arrives
        # during the grace is answered too.
        self.health.stopping = True
        if self._sync_task is not None:
            self._sync_task.cancel()
        try:
            left = await self.events.drain(self.stop_grace)
            if left:
                log.warning(
                    "stopping with %d handler(s) unfinished after %gs", left, self.stop_grace
                )
            # Unloads the extensions too: feedback finishes its writes before the store closes,
            # then the gateway and the HTTP session close.
            await super().close()
        finally:
            if self.status_server is not None:
                await self.status_server.close()
            self.store.close()
