"""`FakeDiscord`: the fake as tests hold it. It starts and stops the server and is the driver
API: what humans do (post messages, run commands, click buttons, join), waiting for what the bot
posted, and injected faults (dropped connections, reconnect requests, rate limits).

The fake's parts each own their state and routes: :mod:`.world` (identity, guild, users,
channels), :mod:`.gateway`, :mod:`.commands`, :mod:`.interactions`, :mod:`.messages`, with
:mod:`.rest` for routing, recording and validation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from .commands import Commands
from .gateway import Gateway, GatewaySession
from .interactions import CallbackObserver, Interactions
from .messages import Messages
from .models import JSON, BotPost, InteractionHandle, Recorded
from .rest import API_PREFIX, Rest
from .validation import ValidationIssue
from .world import World

HOST = "127.0.0.1"


class FakeDiscord:
    """A fake Discord (REST v10 + gateway) on 127.0.0.1 that an unmodified discord.py talks to.

    Point discord.py at it with ``discord.http.Route.BASE = fake.api_base`` and
    ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)``.

    The world: one guild (``guild_id``) with a text channel (``channel_id``), the bot member and a
    human member ``user`` (the guild owner); ``add_guild`` adds more (e.g. one on each shard).
    Everything the bot sends is recorded in ``requests``; request bodies are validated against
    Discord's OpenAPI spec when ``validate`` is true (violations answer 400/50035 and land in
    ``validation_errors``).

    ``ack_deadline``: seconds the bot has to acknowledge an interaction (Discord: 3).
    ``shard_count``: what ``GET /gateway/bot`` recommends (for ``AutoShardedClient``).
    """

    def __init__(
        self,
        token: str = "fake-token",
        *,
        validate: bool = True,
        ack_deadline: float = 3.0,
        shard_count: int = 1,
    ) -> None:
        self._world = World(token)
        self._rest = Rest(lambda: self._world.token, validate=validate)
        self._gateway = Gateway(self._world, self._ws_origin, shard_count=shard_count)
        self._messages = Messages(self._world, self._gateway)
        self._commands = Commands(self._world)
        self._interactions = Interactions(
            self._world, self._gateway, self._messages, self._commands, ack_deadline=ack_deadline
        )
        # The first matching route answers; no two parts register overlapping paths.
        self._world.register(self._rest)
        self._gateway.register(self._rest)
        self._commands.register(self._rest)
        self._interactions.register(self._rest)
        self._messages.register(self._rest)
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    # ------------------------------------------------------------------------------------------
    # Lifecycle and addresses
    # ------------------------------------------------------------------------------------------

    async def start(self) -> None:
        """Bind to 127.0.0.1 on a random port and start serving."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        self._rest.mount(app)
        self._gateway.mount(app)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        # A burst of hundreds of connections (discord.py opens one per request) overflows
        # aiohttp's default listen backlog of 128; TCP retries a dropped connection after 1 s.
        site = web.TCPSite(self._runner, HOST, 0, backlog=4096)
        await site.start()
        self._port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Close all gateway connections and stop the server."""
        await self._gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeDiscord is not started")
        return self._port

    def _ws_origin(self) -> str:
        return f"ws://{HOST}:{self.port}"

    @property
    def api_base(self) -> str:
        """``http://127.0.0.1:PORT/api/v10`` (for ``discord.http.Route.BASE``)."""
        return f"http://{HOST}:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """``ws://127.0.0.1:PORT/gateway`` (for ``DiscordWebSocket.DEFAULT_GATEWAY``)."""
        return self._gateway.url

    @property
    def resume_gateway_url(self) -> str:
        return self._gateway.resume_url

    # ------------------------------------------------------------------------------------------
    # Settings (may be changed while running)
    # ------------------------------------------------------------------------------------------

    @property
    def token(self) -> str:
        """The bot token the fake accepts (REST ``Authorization`` and gateway IDENTIFY)."""
        return self._world.token

    @token.setter
    def token(self, value: str) -> None:
        self._world.token = value

    @property
    def validate(self) -> bool:
        """Whether request bodies are checked (the spec is loaded at start if so)."""
        return self._rest.validate

    @validate.setter
    def validate(self, value: bool) -> None:
        self._rest.validate = value

    @property
    def ack_deadline(self) -> float:
        return self._interactions.ack_deadline

    @ack_deadline.setter
    def ack_deadline(self, value: float) -> None:
        self._interactions.ack_deadline = value

    @property
    def shard_count(self) -> int:
        return self._gateway.shard_count

    @shard_count.setter
    def shard_count(self, value: int) -> None:
        self._gateway.shard_count = value

    @property
    def heartbeat_interval_ms(self) -> int:
        return self._gateway.heartbeat_interval_ms

    @heartbeat_interval_ms.setter
    def heartbeat_interval_ms(self, value: int) -> None:
        self._gateway.heartbeat_interval_ms = value

    # ------------------------------------------------------------------------------------------
    # What was recorded
    # ------------------------------------------------------------------------------------------

    @property
    def requests(self) -> list[Recorded]:
        """Every REST request the bot made, in order, with the status it got."""
        return self._rest.requests

    @property
    def validation_errors(self) -> list[ValidationIssue]:
        """What spec validation found in request bodies (clear it after expected ones)."""
        return self._rest.validation_errors

    @property
    def messages(self) -> dict[int, JSON]:
        """Every stored message by id."""
        return self._messages.store

    @property
    def bot_posts(self) -> list[BotPost]:
        return self._messages.bot_posts

    @property
    def commands_global(self) -> list[JSON]:
        return self._commands.global_commands

    @property
    def commands_guild(self) -> dict[int, list[JSON]]:
        return self._commands.guild_commands

    @property
    def interactions(self) -> dict[int, InteractionHandle]:
        """Every dispatched interaction by id."""
        return self._interactions.handles

    @property
    def identify_count(self) -> int:
        return self._gateway.identify_count

    @property
    def resume_count(self) -> int:
        return self._gateway.resume_count

    @property
    def _shards(self) -> dict[int, GatewaySession]:
        # The current gateway session per shard (read by tests that check IDENTIFY's intents).
        return self._gateway.shards

    # ------------------------------------------------------------------------------------------
    # The world
    # ------------------------------------------------------------------------------------------

    @property
    def application_id(self) -> int:
        return self._world.app_id

    @property
    def bot_user_id(self) -> int:
        return self._world.app_id

    @property
    def bot_user(self) -> JSON:
        return self._world.bot_user

    @property
    def guild_id(self) -> int:
        return self._world.guild_id

    @property
    def channel_id(self) -> int:
        return self._world.channel_id

    @property
    def user(self) -> JSON:
        """The default human member (the guild owner)."""
        return self._world.user

    @property
    def guild(self) -> JSON:
        """The guild as sent in GUILD_CREATE (``member_count == len(members)``)."""
        return self._world.guild

    @property
    def guild_ids(self) -> list[int]:
        """Every guild, the first (``guild_id``) first."""
        return list(self._world.guild_ids)

    def add_guild(self, name: str, *, shard: tuple[int, int] | None = None) -> tuple[int, int]:
        """Another guild with a text channel, before the bot connects (it is in READY of the
        shard that owns it): on shard ``(id, count)`` if given. Returns (guild id, channel id)."""
        return self._world.add_guild(name, shard=shard)

    async def add_member(self, username: str, *, bot: bool = False) -> JSON:
        """Add a member to the guild (dispatches GUILD_MEMBER_ADD); returns its user object."""
        user, member = self._world.add_member(username, bot=bot)
        if self._gateway.has_sessions:
            await self._gateway.dispatch(
                "GUILD_MEMBER_ADD", {**member, "guild_id": str(self.guild_id)}, self.guild_id
            )
        return user

    # ------------------------------------------------------------------------------------------
    # Gateway control and faults
    # ------------------------------------------------------------------------------------------

    async def wait_until_connected(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until every expected shard has identified (or resumed) and is attached."""
        await self._gateway.wait_until_connected(timeout)

    async def drop_connection(self, code: int | None = 4000) -> None:
        """Close every gateway websocket, resumably: ``code`` is sent in a close frame (4000 =
        unknown error; avoid the fatal 4004/4010-4014), ``None`` aborts the TCP connection (the
        client sees 1006). The client reconnects and RESUMEs; dispatches in between are replayed.
        """
        self._gateway.drop_connection(code)

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT on every connection; the client closes and RESUMEs."""
        await self._gateway.request_reconnect()

    async def dispatch_event(self, event: str, data: Any, guild_id: int | None = None) -> None:
        """Dispatch any gateway event to the shard that owns ``guild_id`` (shard 0 for DMs)."""
        await self._gateway.dispatch(event, data, guild_id)

    def rate_limit_next(
        self, method: str, path_regex: str, retry_after: float = 0.3, *, edge: bool = False
    ) -> None:
        """The next REST request with ``method`` whose path (relative to the API base, e.g.
        ``/channels/1/messages``) matches ``path_regex`` (re.search) gets a 429. ``edge``: the
        429 comes from Discord's edge (Cloudflare) as an HTML page without a ``Via`` header,
        which discord.py raises at once as an HTTPException instead of waiting and retrying."""
        self._rest.rate_limit_next(method, path_regex, retry_after, edge=edge)

    async def revoke_token(self) -> None:
        """The token stops being valid (reset in the developer portal) while the bot is
        connected: the fake accepts a new one only, and closes every gateway connection with
        4004 "Authentication failed.", as Discord does."""
        self._world.token = f"revoked-{self._world.token}"
        await self._gateway.close_fatally(4004, "Authentication failed.")

    # ------------------------------------------------------------------------------------------
    # Messages
    # ------------------------------------------------------------------------------------------

    async def post_message(
        self,
        content: str,
        *,
        channel_id: int | None = None,
        author: Mapping[str, Any] | None = None,
        mentions: Sequence[Mapping[str, Any] | int] | None = None,
        guild: bool = True,
    ) -> JSON:
        """A human posts a message (MESSAGE_CREATE). ``guild=False`` posts in the author's DM
        with the bot. ``mentions`` default to the ``<@id>`` mentions found in ``content``.
        Returns the message object."""
        return await self._messages.post(
            content, channel_id=channel_id, author=author, mentions=mentions, guild=guild
        )

    async def wait_for_bot_message(
        self,
        channel_id: int | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> JSON:
        """The next not-yet-consumed JSON body the bot POSTed to ``/channels/{id}/messages``
        (any channel if ``channel_id`` is None). Use :meth:`message_for` for the message object."""
        return await self._messages.wait_for_bot_message(channel_id, timeout)

    async def assert_no_bot_message(
        self, channel_id: int | None = None, *, within: float = 0.5
    ) -> None:
        """Fail if the bot POSTs a channel message within ``within`` seconds (any not-yet-consumed
        post counts, including earlier ones)."""
        await self._messages.assert_no_bot_message(channel_id, within)

    def message_for(self, body: Mapping[str, Any]) -> JSON:
        """The stored message object created from a body returned by wait_for_bot_message."""
        return self._messages.message_for(body)

    # ------------------------------------------------------------------------------------------
    # Interactions
    # ------------------------------------------------------------------------------------------

    async def interact_command(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[JSON] | None = None,
        *,
        guild: bool = True,
        locale: str = "en-US",
        user: Mapping[str, Any] | None = None,
        command_type: int = 1,
        target_message: Mapping[str, Any] | None = None,
        subcommand: str | None = None,
        channel_id: int | None = None,
    ) -> InteractionHandle:
        """Invoke an application command (INTERACTION_CREATE type 2), in ``channel_id``'s guild
        (default: the first guild's channel), dispatched on the shard that owns that guild.

        ``options`` maps option names to values (types come from the synced command definition,
        else from the Python type; users/channels/roles may be given as ids or objects and get
        ``resolved`` entries). ``subcommand`` is ``"sub"`` or ``"group sub"``.
        ``command_type=3`` is a message context menu on ``target_message``; ``2`` a user context
        menu on ``user`` (default: the default user)."""
        return await self._interactions.command(
            name,
            options,
            guild=guild,
            locale=locale,
            user=user,
            command_type=command_type,
            target_message=target_message,
            subcommand=subcommand,
            channel_id=channel_id,
        )

    async def interact_autocomplete(
        self,
        name: str,
        options: Mapping[str, Any],
        *,
        focused: str | None = None,
        guild: bool = True,
        locale: str = "en-US",
        user: Mapping[str, Any] | None = None,
        subcommand: str | None = None,
        channel_id: int | None = None,
    ) -> InteractionHandle:
        """Autocomplete (type 4) while typing ``options[focused]`` (default: the last option).
        The callback's ``data.choices`` is in ``(await handle.response())``."""
        return await self._interactions.autocomplete(
            name,
            options,
            focused=focused,
            guild=guild,
            locale=locale,
            user=user,
            subcommand=subcommand,
            channel_id=channel_id,
        )

    def observe_callbacks(self, observer: CallbackObserver) -> None:
        """Call ``observer(handle, body)`` for every interaction callback as it arrives, before
        it is answered: what a test sees there is the bot's state at the acknowledgement."""
        self._interactions.callback_observers.append(observer)

    def add_old_bot_message(
        self, body: Mapping[str, Any], *, channel_id: int | None = None
    ) -> JSON:
        """A message the bot sent long ago (``body`` as it would have POSTed it, components
        included), e.g. by an older version: stored, announced nowhere. Click its components
        with :meth:`interact_component`."""
        return self._messages.seed_bot_message(dict(body), channel_id=channel_id)

    async def interact_component_data(
        self,
        message: Mapping[str, Any] | int | InteractionHandle,
        data: Mapping[str, Any],
        *,
        user: Mapping[str, Any] | None = None,
        locale: str = "en-US",
    ) -> InteractionHandle:
        """A component interaction on ``message`` with exactly this ``data``, unchecked (e.g.
        without ``custom_id``): what a broken client or a Discord bug could send."""
        return await self._interactions.component_with_data(
            message, dict(data), user=user, locale=locale
        )

    async def interact_component(
        self,
        message: Mapping[str, Any] | int | InteractionHandle,
        custom_id: str,
        values: Sequence[str] | None = None,
        component_type: int | None = None,
        *,
        user: Mapping[str, Any] | None = None,
        locale: str = "en-US",
    ) -> InteractionHandle:
        """Click a button / pick select ``values`` on a message the bot sent (INTERACTION_CREATE
        type 3). ``message`` is a stored message object, a body from wait_for_bot_message, a
        message id, or the handle of the interaction whose response carries the component.
        ``component_type`` defaults to the type found in the message (2 = button)."""
        return await self._interactions.component(
            message, custom_id, values, component_type, user=user, locale=locale
        )
