"""An in-process fake of Discord's REST API (v10) and gateway for end-to-end bot tests."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import secrets
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

from aiohttp import BodyPartReader, WSMsgType, web

from . import payloads as p
from .gateway import (
    OP_HEARTBEAT,
    OP_HEARTBEAT_ACK,
    OP_HELLO,
    OP_IDENTIFY,
    OP_INVALID_SESSION,
    OP_RECONNECT,
    OP_REQUEST_MEMBERS,
    OP_RESUME,
    GatewaySession,
)
from .models import JSON, BotPost, InteractionHandle, Recorded
from .validation import (
    SpecValidator,
    ValidationIssue,
    discord_error_body,
    get_spec_validator,
    validate_body,
)

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
HOST = "127.0.0.1"
ALL_PERMISSIONS = (1 << 53) - 1
# VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS, ATTACH_FILES, READ_MESSAGE_HISTORY, ADD_REACTIONS,
# USE_APPLICATION_COMMANDS, USE_EXTERNAL_EMOJIS, CREATE_*_THREADS, SEND_MESSAGES_IN_THREADS
EVERYONE_PERMISSIONS = (
    ((1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 6) | (1 << 31) | (1 << 18))
    | (1 << 35)
    | (1 << 36)
    | (1 << 38)
)
MESSAGE_FLAG_EPHEMERAL = 1 << 6
MESSAGE_FLAG_LOADING = 1 << 7
MENTION = re.compile(r"<@!?(\d+)>")
GUILD_CHANNEL_TYPES = {0, 2, 4, 5, 10, 11, 12, 13, 15, 16}

Handler = Callable[["_Request"], Awaitable["_Reply"]]


@dataclass
class _Request:
    method: str
    path: str
    params: dict[str, str]
    query: dict[str, str]
    body: Any
    files: list[tuple[str, str, bytes]]
    record: Recorded


@dataclass
class _Reply:
    status: int
    body: Any = None


class DiscordError(Exception):
    """Raised by route handlers to answer with a Discord JSON error."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass
class _RateLimitRule:
    method: str
    path: re.Pattern[str]
    retry_after: float


class FakeDiscord:
    """A fake Discord (REST v10 + gateway) on 127.0.0.1 that an unmodified discord.py talks to.

    Point discord.py at it with ``discord.http.Route.BASE = fake.api_base`` and
    ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)``.

    The world: one guild (``guild_id``) with a text channel (``channel_id``), the bot member and a
    human member ``user`` (the guild owner). Everything the bot sends is recorded in
    ``requests``; request bodies are validated against Discord's OpenAPI spec when ``validate``
    is true (violations answer 400/50035 and land in ``validation_errors``).

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
        self.token = token
        self.validate = validate
        self.ack_deadline = ack_deadline
        self.shard_count = shard_count
        self.heartbeat_interval_ms = 41250

        self.requests: list[Recorded] = []
        self.validation_errors: list[ValidationIssue] = []
        self.messages: dict[int, JSON] = {}
        self.commands_global: list[JSON] = []
        self.commands_guild: dict[int, list[JSON]] = {}
        self.interactions: dict[int, InteractionHandle] = {}
        self.bot_posts: list[BotPost] = []
        self.identify_count = 0
        self.resume_count = 0

        self._ids = p.SnowflakeFactory()
        self._app_id = self._ids.next()
        self._bot_user = p.make_user(self._app_id, "FakeBot", bot=True)
        owner_id = self._ids.next()
        self._user = p.make_user(owner_id, "alice")
        self._guild_id = self._ids.next()
        self._channel_id = self._ids.next()
        self._roles = [p.make_role(self._guild_id, "@everyone", permissions=EVERYONE_PERMISSIONS)]
        self._members: list[JSON] = [p.make_member(self._user), p.make_member(self._bot_user)]
        self._owner_id = owner_id
        self._channels: dict[int, JSON] = {
            self._channel_id: p.make_text_channel(self._channel_id, self._guild_id, "general")
        }
        self._dm_by_user: dict[int, int] = {}
        self._users: dict[int, JSON] = {owner_id: self._user, self._app_id: self._bot_user}

        self._sessions: dict[str, GatewaySession] = {}
        self._shards: dict[int, GatewaySession] = {}
        self._expected_shards = 1
        self._sessions_changed = asyncio.Condition()
        self._sockets: set[web.WebSocketResponse] = set()
        self._rate_limits: list[_RateLimitRule] = []
        self._post_event = asyncio.Event()
        self._tasks: set[asyncio.Future[Any]] = set()
        self._spec: SpecValidator | None = None
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self._register_routes()

        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    # ------------------------------------------------------------------------------------------
    # Lifecycle and identity
    # ------------------------------------------------------------------------------------------

    async def start(self) -> None:
        """Bind to 127.0.0.1 on a random port and start serving."""
        if self.validate:
            self._spec = get_spec_validator()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._handle_rest)
        app.router.add_get("/gateway", self._handle_gateway)
        app.router.add_get("/gateway-resume", self._handle_gateway)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Close all gateway connections and stop the server."""
        for task in list(self._tasks):
            task.cancel()
        for ws in list(self._sockets):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ws.close(code=1001), 1.0)
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

    @property
    def api_base(self) -> str:
        """``http://127.0.0.1:PORT/api/v10`` (for ``discord.http.Route.BASE``)."""
        return f"http://{HOST}:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """``ws://127.0.0.1:PORT/gateway`` (for ``DiscordWebSocket.DEFAULT_GATEWAY``)."""
        return f"ws://{HOST}:{self.port}/gateway"

    @property
    def resume_gateway_url(self) -> str:
        return f"ws://{HOST}:{self.port}/gateway-resume"

    @property
    def application_id(self) -> int:
        return self._app_id

    @property
    def bot_user_id(self) -> int:
        return self._app_id

    @property
    def bot_user(self) -> JSON:
        return self._bot_user

    @property
    def guild_id(self) -> int:
        return self._guild_id

    @property
    def channel_id(self) -> int:
        return self._channel_id

    @property
    def user(self) -> JSON:
        """The default human member (the guild owner)."""
        return self._user

    @property
    def guild(self) -> JSON:
        """The guild as sent in GUILD_CREATE (``member_count == len(members)``)."""
        return p.make_guild(
            self._guild_id,
            "Fake Guild",
            owner_id=self._owner_id,
            roles=self._roles,
            channels=[c for c in self._channels.values() if c["type"] in GUILD_CHANNEL_TYPES],
            members=self._members,
        )

    async def add_member(self, username: str, *, bot: bool = False) -> JSON:
        """Add a member to the guild (dispatches GUILD_MEMBER_ADD); returns its user object."""
        user = p.make_user(self._ids.next(), username, bot=bot)
        self._users[int(user["id"])] = user
        member = p.make_member(user)
        self._members.append(member)
        if self._shards:
            await self.dispatch_event(
                "GUILD_MEMBER_ADD", {**member, "guild_id": str(self._guild_id)}, self._guild_id
            )
        return user

    # ------------------------------------------------------------------------------------------
    # Gateway control
    # ------------------------------------------------------------------------------------------

    async def wait_until_connected(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until every expected shard has identified (or resumed) and is attached."""

        def done() -> bool:
            return len(self._shards) >= self._expected_shards and all(
                s.connected for s in self._shards.values()
            )

        async with asyncio.timeout(timeout):
            while not done():
                async with self._sessions_changed:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._sessions_changed.wait(), 0.05)

    async def drop_connection(self, code: int | None = 4000) -> None:
        """Close every gateway websocket, resumably: ``code`` is sent in a close frame (4000 =
        unknown error; avoid the fatal 4004/4010-4014), ``None`` aborts the TCP connection (the
        client sees 1006). The client reconnects and RESUMEs; dispatches in between are replayed.
        """
        for session in self._shards.values():
            ws, transport = session.ws, session.transport
            session.detach()
            if ws is None:
                continue
            if code is None and transport is not None:
                transport.abort()
            else:
                self._spawn(ws.close(code=code or 4000, message=b"dropped by FakeDiscord"))

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT on every connection; the client closes and RESUMEs."""
        for session in self._shards.values():
            await session.send_op(OP_RECONNECT)
            session.detach()

    async def dispatch_event(self, event: str, data: Any, guild_id: int | None = None) -> None:
        """Dispatch any gateway event to the shard that owns ``guild_id`` (shard 0 for DMs)."""
        session = await self._session_for(guild_id)
        await session.dispatch(event, data)

    async def _session_for(self, guild_id: int | None, patience: float = 10.0) -> GatewaySession:
        async with asyncio.timeout(patience):
            while True:
                if self._shards:
                    count = next(iter(self._shards.values())).shard[1]
                    shard_id = 0 if guild_id is None else (guild_id >> 22) % count
                    if shard_id in self._shards:
                        return self._shards[shard_id]
                async with self._sessions_changed:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._sessions_changed.wait(), 0.05)

    async def _notify_sessions(self) -> None:
        async with self._sessions_changed:
            self._sessions_changed.notify_all()

    def _spawn(self, coro: Awaitable[Any]) -> None:
        """Run ``coro`` in the background, keeping a strong reference until it finishes."""
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Future[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("FakeDiscord background task failed", exc_info=task.exception())

    async def _handle_gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0, timeout=5.0)
        await ws.prepare(request)
        self._sockets.add(ws)
        session: GatewaySession | None = None
        try:
            await ws.send_str(
                json.dumps(
                    {"op": OP_HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}}
                )
            )
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                op, data = frame.get("op"), frame.get("d")
                if op == OP_HEARTBEAT:
                    await ws.send_str(json.dumps({"op": OP_HEARTBEAT_ACK}))
                elif op == OP_IDENTIFY:
                    session = await self._identify(ws, request, data)
                elif op == OP_RESUME:
                    session = await self._resume(ws, request, data)
                elif op == OP_REQUEST_MEMBERS and session is not None:
                    await self._members_chunk(session, data)
        finally:
            self._sockets.discard(ws)
            if session is not None:
                session.detach(ws)
                await self._notify_sessions()
        return ws

    async def _identify(
        self, ws: web.WebSocketResponse, request: web.Request, data: JSON
    ) -> GatewaySession | None:
        if data.get("token") != self.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return None
        self.identify_count += 1
        shard_field = data.get("shard")
        shard = (int(shard_field[0]), int(shard_field[1])) if shard_field else (0, 1)
        self._expected_shards = shard[1]
        session = GatewaySession(uuid.uuid4().hex, shard, int(data.get("intents") or 0))
        guilds = [g for g in [self._guild_id] if (g >> 22) % shard[1] == shard[0]]
        ready: JSON = {
            "v": 10,
            "user": {**self._bot_user, "verified": True, "mfa_enabled": False, "email": None},
            "guilds": [{"id": str(g), "unavailable": True} for g in guilds],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_gateway_url,
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["fake"],
            "user_settings": {},
            "application": {"id": str(self._app_id), "flags": 0},
            "_trace": ['["fake-gateway",{"micros":0}]'],
        }
        if shard_field:
            ready["shard"] = [shard[0], shard[1]]
        first: list[tuple[str, Any]] = [("READY", ready)]
        first += [("GUILD_CREATE", self.guild) for _ in guilds]
        await session.attach(ws, request.transport, after_seq=None, first=first)
        old = self._shards.get(shard[0])
        if old is not None:
            self._sessions.pop(old.session_id, None)
        self._sessions[session.session_id] = session
        self._shards[shard[0]] = session
        await self._notify_sessions()
        return session

    async def _resume(
        self, ws: web.WebSocketResponse, request: web.Request, data: JSON
    ) -> GatewaySession | None:
        if data.get("token") != self.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return None
        session = self._sessions.get(str(data.get("session_id")))
        if session is None or self._shards.get(session.shard[0]) is not session:
            await ws.send_str(json.dumps({"op": OP_INVALID_SESSION, "d": False}))
            return None
        self.resume_count += 1
        seq = data.get("seq")
        await session.attach(
            ws,
            request.transport,
            after_seq=int(seq) if seq is not None else 0,
            first=[("RESUMED", {"_trace": ['["fake-gateway",{"micros":0}]']})],
        )
        await self._notify_sessions()
        return session

    async def _members_chunk(self, session: GatewaySession, data: JSON) -> None:
        chunk: JSON = {
            "guild_id": str(data.get("guild_id")),
            "members": self._members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        await session.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    # ------------------------------------------------------------------------------------------
    # Messages
    # ------------------------------------------------------------------------------------------

    def _dm_channel_for(self, user: Mapping[str, Any]) -> JSON:
        user_id = int(user["id"])
        channel_id = self._dm_by_user.get(user_id)
        if channel_id is None:
            channel_id = self._ids.next()
            self._dm_by_user[user_id] = channel_id
            self._channels[channel_id] = p.make_dm_channel(channel_id, user)
        return self._channels[channel_id]

    def _guild_of(self, channel_id: int) -> int | None:
        channel = self._channels.get(channel_id)
        if channel is None or "guild_id" not in channel:
            return None
        return int(channel["guild_id"])

    def _member_of(self, user_id: int) -> JSON | None:
        for member in self._members:
            if int(member["user"]["id"]) == user_id:
                return member
        return None

    def _mentions(self, content: str, explicit: Sequence[Any] | None, guild: bool) -> list[JSON]:
        ids: list[int] = []
        if explicit is not None:
            for item in explicit:
                ids.append(int(item["id"]) if isinstance(item, Mapping) else int(item))
        else:
            ids = [int(m) for m in MENTION.findall(content)]
        result = []
        for user_id in dict.fromkeys(ids):
            user = self._users.get(user_id)
            if user is None:
                continue
            mention = dict(user)
            member = self._member_of(user_id) if guild else None
            if member is not None:
                mention["member"] = {k: v for k, v in member.items() if k != "user"}
            result.append(mention)
        return result

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
        author = dict(author or self._user)
        if channel_id is None:
            channel_id = self._channel_id if guild else int(self._dm_channel_for(author)["id"])
        guild_id = self._guild_of(channel_id)
        message = p.make_message(
            self._ids.next(),
            channel_id,
            author,
            {"content": content},
            guild_id=guild_id,
            mentions=self._mentions(content, mentions, guild_id is not None),
        )
        self.messages[int(message["id"])] = message
        await self.dispatch_event("MESSAGE_CREATE", self._with_member(message), guild_id)
        return message

    def _with_member(self, message: JSON) -> JSON:
        if "guild_id" not in message:
            return message
        member = self._member_of(int(message["author"]["id"]))
        if member is None or message.get("webhook_id"):
            return message
        return {**message, "member": {k: v for k, v in member.items() if k != "user"}}

    async def wait_for_bot_message(
        self,
        channel_id: int | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> JSON:
        """The next not-yet-consumed JSON body the bot POSTed to ``/channels/{id}/messages``
        (any channel if ``channel_id`` is None). Use :meth:`message_for` for the message object."""
        async with asyncio.timeout(timeout):
            while True:
                for post in self.bot_posts:
                    if not post.consumed and channel_id in (None, post.channel_id):
                        post.consumed = True
                        return post.body
                self._post_event.clear()
                await self._post_event.wait()

    async def assert_no_bot_message(
        self, channel_id: int | None = None, *, within: float = 0.5
    ) -> None:
        """Fail if the bot POSTs a channel message within ``within`` seconds (any not-yet-consumed
        post counts, including earlier ones)."""
        await asyncio.sleep(within)
        leftover = [
            post.body
            for post in self.bot_posts
            if not post.consumed and channel_id in (None, post.channel_id)
        ]
        if leftover:
            raise AssertionError(f"bot sent unexpected message(s): {leftover!r}")

    def message_for(self, body: Mapping[str, Any]) -> JSON:
        """The stored message object created from a body returned by wait_for_bot_message."""
        for post in self.bot_posts:
            if post.body is body:
                return self.messages.get(int(post.message["id"]), post.message)
        raise KeyError("not a body recorded by FakeDiscord")

    # ------------------------------------------------------------------------------------------
    # Interactions
    # ------------------------------------------------------------------------------------------

    def _find_command(self, name: str, command_type: int) -> tuple[JSON | None, bool]:
        for command in self.commands_guild.get(self._guild_id, []):
            if command["name"] == name and int(command.get("type", 1)) == command_type:
                return command, True
        for command in self.commands_global:
            if command["name"] == name and int(command.get("type", 1)) == command_type:
                return command, False
        return None, False

    def _base_interaction(
        self,
        interaction_type: int,
        data: JSON,
        *,
        guild: bool,
        user: Mapping[str, Any] | None,
        locale: str,
        channel_id: int | None = None,
    ) -> JSON:
        user = dict(user or self._user)
        payload: JSON = {
            "id": str(self._ids.next()),
            "application_id": str(self._app_id),
            "type": interaction_type,
            "data": data,
            "token": "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48),
            "version": 1,
            "locale": locale,
            "app_permissions": str(ALL_PERMISSIONS),
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 26214400,
        }
        if guild:
            channel = self._channels[channel_id or self._channel_id]
            member = self._member_of(int(user["id"]))
            if member is None:
                member = p.make_member(user)
            perms = ALL_PERMISSIONS if int(user["id"]) == self._owner_id else EVERYONE_PERMISSIONS
            payload.update(
                guild_id=str(self._guild_id),
                guild={"id": str(self._guild_id), "locale": "en-US", "features": []},
                guild_locale="en-US",
                channel_id=channel["id"],
                channel=dict(channel),
                member={**member, "user": user, "permissions": str(perms)},
                context=0,
                authorizing_integration_owners={"0": str(self._guild_id)},
            )
        else:
            channel = self._dm_channel_for(user)
            if channel_id is not None:
                channel = self._channels[channel_id]
            payload.update(
                channel_id=channel["id"],
                channel=dict(channel),
                user=user,
                context=1,
                authorizing_integration_owners={"0": str(self._app_id)},
            )
        return payload

    async def _dispatch_interaction(self, payload: JSON) -> InteractionHandle:
        guild_id = int(payload["guild_id"]) if "guild_id" in payload else None
        session = await self._session_for(guild_id)
        handle = InteractionHandle(payload, self.messages)
        self.interactions[handle.id] = handle
        await session.dispatch("INTERACTION_CREATE", payload)
        return handle

    def _option_defs(self, command: JSON | None, subcommand: str | None) -> list[JSON]:
        options: list[JSON] = list((command or {}).get("options") or [])
        for part in (subcommand or "").split():
            found = next((o for o in options if o.get("name") == part), None)
            options = list((found or {}).get("options") or [])
        return options

    def _build_options(
        self,
        values: Mapping[str, Any] | Sequence[JSON] | None,
        defs: list[JSON],
        resolved: JSON,
        focused: str | None = None,
    ) -> list[JSON]:
        if values is None:
            return []
        if not isinstance(values, Mapping):
            return [dict(v) for v in values]
        options = []
        for name, value in values.items():
            definition = next((d for d in defs if d.get("name") == name), None)
            kind = int(definition["type"]) if definition else _infer_option_type(value)
            option: JSON = {"name": name, "type": kind, "value": value}
            if name == focused:
                option["focused"] = True
                option["value"] = str(value)
            elif kind in (6, 7, 8, 9):
                option["value"] = self._resolve_option(kind, value, resolved)
            options.append(option)
        return options

    def _resolve_option(self, kind: int, value: Any, resolved: JSON) -> str:
        object_id = int(value["id"]) if isinstance(value, Mapping) else int(value)
        if object_id in self._users and kind in (6, 9):
            resolved.setdefault("users", {})[str(object_id)] = self._users[object_id]
            member = self._member_of(object_id)
            if member is not None:
                entry = {k: v for k, v in member.items() if k != "user"}
                resolved.setdefault("members", {})[str(object_id)] = {
                    **entry,
                    "permissions": str(EVERYONE_PERMISSIONS),
                }
        elif object_id in self._channels and kind == 7:
            channel = self._channels[object_id]
            resolved.setdefault("channels", {})[str(object_id)] = {
                "id": channel["id"],
                "name": channel.get("name"),
                "type": channel["type"],
                "permissions": str(ALL_PERMISSIONS),
            }
        else:
            for role in self._roles:
                if int(role["id"]) == object_id:
                    resolved.setdefault("roles", {})[str(object_id)] = role
        return str(object_id)

    @staticmethod
    def _nest(options: list[JSON], subcommand: str | None) -> list[JSON]:
        parts = (subcommand or "").split()
        for index, part in enumerate(reversed(parts)):
            is_group = index == 1 and len(parts) == 2
            options = [{"name": part, "type": 2 if is_group else 1, "options": options}]
        return options

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
    ) -> InteractionHandle:
        """Invoke an application command (INTERACTION_CREATE type 2).

        ``options`` maps option names to values (types come from the synced command definition,
        else from the Python type; users/channels/roles may be given as ids or objects and get
        ``resolved`` entries). ``subcommand`` is ``"sub"`` or ``"group sub"``.
        ``command_type=3`` is a message context menu on ``target_message``; ``2`` a user context
        menu on ``user`` (default: the default user)."""
        command, is_guild_command = self._find_command(name, command_type)
        data: JSON = {
            "id": str(command["id"]) if command else str(self._ids.next()),
            "name": name,
            "type": command_type,
        }
        if guild and is_guild_command:
            data["guild_id"] = str(self._guild_id)
        resolved: JSON = {}
        if command_type == 1:
            defs = self._option_defs(command, subcommand)
            data["options"] = self._nest(self._build_options(options, defs, resolved), subcommand)
        elif command_type == 3:
            if target_message is None:
                raise ValueError("command_type=3 needs target_message")
            target = self._stored_message(target_message)
            data["target_id"] = target["id"]
            resolved["messages"] = {target["id"]: target}
        elif command_type == 2:
            target_user = dict(user or self._user)
            data["target_id"] = target_user["id"]
            self._resolve_option(6, target_user, resolved)
        if resolved:
            data["resolved"] = resolved
        payload = self._base_interaction(2, data, guild=guild, user=user, locale=locale)
        return await self._dispatch_interaction(payload)

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
    ) -> InteractionHandle:
        """Autocomplete (type 4) while typing ``options[focused]`` (default: the last option).
        The callback's ``data.choices`` is in ``(await handle.response())``."""
        if not options:
            raise ValueError("autocomplete needs at least the focused option")
        focused = focused or list(options)[-1]
        command, is_guild_command = self._find_command(name, 1)
        data: JSON = {
            "id": str(command["id"]) if command else str(self._ids.next()),
            "name": name,
            "type": 1,
        }
        if guild and is_guild_command:
            data["guild_id"] = str(self._guild_id)
        resolved: JSON = {}
        defs = self._option_defs(command, subcommand)
        built = self._build_options(options, defs, resolved, focused=focused)
        data["options"] = self._nest(built, subcommand)
        if resolved:
            data["resolved"] = resolved
        payload = self._base_interaction(4, data, guild=guild, user=user, locale=locale)
        return await self._dispatch_interaction(payload)

    def _stored_message(self, message: Mapping[str, Any] | int | InteractionHandle) -> JSON:
        if isinstance(message, InteractionHandle):
            stored = message.message
            if stored is None:
                raise ValueError("the interaction has no response message (yet)")
            return stored
        if isinstance(message, int):
            return self.messages[message]
        if "id" not in message:
            return self.message_for(message)
        return self.messages.get(int(message["id"]), dict(message))

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
        stored = self._stored_message(message)
        components = p.iter_components(stored.get("components"))
        found = next((c for c in components if c.get("custom_id") == custom_id), None)
        if found is None:
            known = [c.get("custom_id") for c in components if c.get("custom_id")]
            raise ValueError(f"no component {custom_id!r} on message {stored['id']}; has {known}")
        kind = component_type or int(found.get("type", 2))
        data: JSON = {"custom_id": custom_id, "component_type": kind}
        if values is not None or kind in (3, 5, 6, 7, 8):
            data["values"] = list(values or [])
        channel_id = int(stored["channel_id"])
        in_guild = self._guild_of(channel_id) is not None
        payload = self._base_interaction(
            3, data, guild=in_guild, user=user, locale=locale, channel_id=channel_id
        )
        payload["message"] = stored
        return await self._dispatch_interaction(payload)

    # ------------------------------------------------------------------------------------------
    # Rate limits
    # ------------------------------------------------------------------------------------------

    def rate_limit_next(self, method: str, path_regex: str, retry_after: float = 0.3) -> None:
        """The next REST request with ``method`` whose path (relative to the API base, e.g.
        ``/channels/1/messages``) matches ``path_regex`` (re.search) gets a 429."""
        self._rate_limits.append(
            _RateLimitRule(method.upper(), re.compile(path_regex), retry_after)
        )

    def _take_rate_limit(self, method: str, path: str) -> _RateLimitRule | None:
        for rule in self._rate_limits:
            if rule.method == method and rule.path.search(path):
                self._rate_limits.remove(rule)
                return rule
        return None

    # ------------------------------------------------------------------------------------------
    # REST plumbing
    # ------------------------------------------------------------------------------------------

    @staticmethod
    def _json_response(
        status: int, body: Any, headers: Mapping[str, str] | None = None
    ) -> web.Response:
        # Exactly "application/json": with a charset discord.py would treat the body as text.
        return web.Response(
            status=status,
            body=json.dumps(body).encode(),
            content_type="application/json",
            headers=dict(headers or {}),
        )

    async def _read_body(self, request: web.Request) -> tuple[Any, list[tuple[str, str, bytes]]]:
        if not request.can_read_body:
            return None, []
        if request.content_type == "multipart/form-data":
            body: Any = None
            files: list[tuple[str, str, bytes]] = []
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader):
                    continue
                raw = await part.read()
                if part.name == "payload_json":
                    body = json.loads(raw)
                else:
                    files.append((part.name or "", part.filename or "", bytes(raw)))
            return body, files
        raw_text = await request.text()
        if not raw_text:
            return None, []
        try:
            return json.loads(raw_text), []
        except json.JSONDecodeError:
            return raw_text, []

    @staticmethod
    def _ratelimit_headers(path: str, remaining: int, reset_after: float) -> dict[str, str]:
        bucket = uuid.uuid5(uuid.NAMESPACE_URL, re.sub(r"\d{5,}", "_", path)).hex[:16]
        return {
            "X-RateLimit-Limit": "50",
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket,
        }

    def _needs_auth(self, path: str) -> bool:
        return not (path.startswith(("/interactions/", "/webhooks/")))

    async def _handle_rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        method = request.method.upper()
        body, files = await self._read_body(request)
        record = Recorded(
            method=method,
            path=path,
            query=dict(request.query),
            json=body,
            headers=dict(request.headers),
            files=files,
        )
        self.requests.append(record)

        response = await self._respond(request, record)
        record.status = response.status
        return response

    async def _respond(self, request: web.Request, record: Recorded) -> web.Response:
        method, path, body, files = record.method, record.path, record.json, record.files
        if self._needs_auth(path) and request.headers.get("Authorization") != f"Bot {self.token}":
            return self._json_response(401, {"message": "401: Unauthorized", "code": 0})

        rule = self._take_rate_limit(method, path)
        if rule is not None:
            headers = self._ratelimit_headers(path, 0, rule.retry_after)
            headers.update(
                {
                    "Via": "1.1 google",
                    "Retry-After": f"{rule.retry_after:.3f}",
                    "X-RateLimit-Scope": "user",
                }
            )
            return self._json_response(
                429,
                {
                    "message": "You are being rate limited.",
                    "retry_after": rule.retry_after,
                    "global": False,
                },
                headers,
            )

        if self.validate and body is not None and method in ("POST", "PUT", "PATCH"):
            issues = validate_body(method, path, body, self._spec)
            if issues:
                self.validation_errors.extend(issues)
                self._note_rejected_callback(path, body)
                log.warning("FakeDiscord rejected %s %s: %s", method, path, issues)
                return self._json_response(400, discord_error_body(issues))

        for route_method, pattern, handler in self._routes:
            if route_method != method:
                continue
            match = pattern.fullmatch(path)
            if match is None:
                continue
            req = _Request(
                method, path, match.groupdict(), dict(request.query), body, files, record
            )
            try:
                reply = await handler(req)
            except DiscordError as err:
                return self._json_response(err.status, {"message": err.message, "code": err.code})
            headers = self._ratelimit_headers(path, 49, 1.0)
            if reply.status == 204:
                return web.Response(status=204, headers=headers)
            return self._json_response(reply.status, reply.body, headers)
        return self._json_response(404, {"message": "404: Not Found", "code": 0})

    def _note_rejected_callback(self, path: str, body: Any) -> None:
        match = re.fullmatch(r"/interactions/(\d+)/[^/]+/callback", path)
        handle = self.interactions.get(int(match.group(1))) if match else None
        if handle is not None:
            handle._record_callback(400, body)

    def _route(self, method: str, template: str, handler: Handler) -> None:
        pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
        self._routes.append((method, re.compile(pattern), handler))

    def _register_routes(self) -> None:
        r = self._route
        r("GET", "/users/@me", self._get_me)
        r("GET", "/oauth2/applications/@me", self._get_application)
        r("GET", "/applications/@me", self._get_application)
        r("GET", "/gateway", self._get_gateway)
        r("GET", "/gateway/bot", self._get_gateway_bot)
        for prefix in (
            "/applications/{app}/commands",
            "/applications/{app}/guilds/{guild}/commands",
        ):
            r("GET", prefix, self._list_commands)
            r("PUT", prefix, self._put_commands)
            r("POST", prefix, self._post_command)
            r("GET", prefix + "/{command}", self._get_command)
            r("PATCH", prefix + "/{command}", self._patch_command)
            r("DELETE", prefix + "/{command}", self._delete_command)
        r("POST", "/interactions/{interaction}/{token}/callback", self._callback)
        r("POST", "/webhooks/{app}/{token}", self._followup)
        r("GET", "/webhooks/{app}/{token}/messages/{message}", self._get_webhook_message)
        r("PATCH", "/webhooks/{app}/{token}/messages/{message}", self._edit_webhook_message)
        r("DELETE", "/webhooks/{app}/{token}/messages/{message}", self._delete_webhook_message)
        r("GET", "/channels/{channel}", self._get_channel)
        r("POST", "/channels/{channel}/messages", self._create_message)
        r("GET", "/channels/{channel}/messages", self._list_messages)
        r("GET", "/channels/{channel}/messages/{message}", self._get_message)
        r("PATCH", "/channels/{channel}/messages/{message}", self._edit_message)
        r("DELETE", "/channels/{channel}/messages/{message}", self._delete_message)
        r("POST", "/channels/{channel}/typing", self._no_content)
        r("PUT", "/channels/{channel}/messages/{message}/reactions/{emoji}/@me", self._no_content)
        r(
            "DELETE",
            "/channels/{channel}/messages/{message}/reactions/{emoji}/@me",
            self._no_content,
        )
        r("POST", "/users/@me/channels", self._create_dm)
        r("GET", "/users/{user}", self._get_user)
        r("GET", "/guilds/{guild}", self._get_guild)
        r("GET", "/guilds/{guild}/channels", self._get_guild_channels)
        r("GET", "/guilds/{guild}/members/{user}", self._get_member)

    # ------------------------------------------------------------------------------------------
    # REST handlers: identity, gateway, guild data
    # ------------------------------------------------------------------------------------------

    async def _get_me(self, req: _Request) -> _Reply:
        user = {**self._bot_user, "verified": True, "mfa_enabled": False, "email": None}
        return _Reply(200, {**user, "locale": "en-US"})

    async def _get_application(self, req: _Request) -> _Reply:
        return _Reply(
            200,
            {
                "id": str(self._app_id),
                "name": self._bot_user["username"],
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "owner": self._user,
                "team": None,
                "flags": 0,
                "rpc_origins": [],
                "tags": [],
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "bot": self._bot_user,
            },
        )

    async def _get_gateway(self, req: _Request) -> _Reply:
        return _Reply(200, {"url": self.gateway_url})

    async def _get_gateway_bot(self, req: _Request) -> _Reply:
        return _Reply(
            200,
            {
                "url": self.gateway_url,
                "shards": self.shard_count,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 14_400_000,
                    "max_concurrency": 1,
                },
            },
        )

    async def _no_content(self, req: _Request) -> _Reply:
        self._channel(req.params["channel"])
        return _Reply(204)

    def _channel(self, raw_id: str) -> JSON:
        channel = self._channels.get(int(raw_id)) if raw_id.isdigit() else None
        if channel is None:
            raise DiscordError(404, 10003, "Unknown Channel")
        return channel

    async def _get_channel(self, req: _Request) -> _Reply:
        return _Reply(200, self._channel(req.params["channel"]))

    async def _create_dm(self, req: _Request) -> _Reply:
        recipient = str((req.body or {}).get("recipient_id", ""))
        user = self._users.get(int(recipient)) if recipient.isdigit() else None
        if user is None:
            raise DiscordError(400, 50033, "Invalid Recipient(s)")
        return _Reply(200, self._dm_channel_for(user))

    async def _get_user(self, req: _Request) -> _Reply:
        raw = req.params["user"]
        user = self._users.get(int(raw)) if raw.isdigit() else None
        if user is None:
            raise DiscordError(404, 10013, "Unknown User")
        return _Reply(200, user)

    def _check_guild(self, raw_id: str) -> None:
        if raw_id != str(self._guild_id):
            raise DiscordError(404, 10004, "Unknown Guild")

    async def _get_guild(self, req: _Request) -> _Reply:
        self._check_guild(req.params["guild"])
        guild = self.guild
        for key in ("members", "channels", "threads", "presences", "voice_states"):
            guild.pop(key, None)
        return _Reply(200, {**guild, "approximate_member_count": len(self._members)})

    async def _get_guild_channels(self, req: _Request) -> _Reply:
        self._check_guild(req.params["guild"])
        return _Reply(200, self.guild["channels"])

    async def _get_member(self, req: _Request) -> _Reply:
        self._check_guild(req.params["guild"])
        raw = req.params["user"]
        member = self._member_of(int(raw)) if raw.isdigit() else None
        if member is None:
            raise DiscordError(404, 10007, "Unknown Member")
        return _Reply(200, member)

    # ------------------------------------------------------------------------------------------
    # REST handlers: application commands
    # ------------------------------------------------------------------------------------------

    def _command_list(self, req: _Request) -> tuple[list[JSON], int | None]:
        if req.params["app"] != str(self._app_id):
            raise DiscordError(403, 50001, "Missing Access")
        guild = req.params.get("guild")
        if guild is None:
            return self.commands_global, None
        self._check_guild(guild)
        return self.commands_guild.setdefault(int(guild), []), int(guild)

    def _stored_command(self, body: JSON, guild_id: int | None, existing: list[JSON]) -> JSON:
        kind = int(body.get("type") or 1)
        previous = next(
            (c for c in existing if c["name"] == body.get("name") and c["type"] == kind), None
        )
        perms = body.get("default_member_permissions")
        command: JSON = {
            "id": previous["id"] if previous else str(self._ids.next()),
            "application_id": str(self._app_id),
            "version": str(self._ids.next()),
            "type": kind,
            "name": body.get("name"),
            "name_localizations": body.get("name_localizations"),
            "description": body.get("description") or "",
            "description_localizations": body.get("description_localizations"),
            "options": body.get("options") or [],
            "default_member_permissions": None if perms is None else str(perms),
            "dm_permission": body.get("dm_permission", True),
            "contexts": body.get("contexts"),
            "integration_types": body.get("integration_types") or [0],
            "nsfw": bool(body.get("nsfw") or False),
        }
        if guild_id is not None:
            command["guild_id"] = str(guild_id)
        return command

    async def _list_commands(self, req: _Request) -> _Reply:
        commands, _ = self._command_list(req)
        return _Reply(200, commands)

    async def _put_commands(self, req: _Request) -> _Reply:
        commands, guild_id = self._command_list(req)
        new = [self._stored_command(c, guild_id, commands) for c in req.body or []]
        commands[:] = new
        return _Reply(200, new)

    async def _post_command(self, req: _Request) -> _Reply:
        commands, guild_id = self._command_list(req)
        command = self._stored_command(req.body or {}, guild_id, commands)
        for index, existing in enumerate(commands):
            if existing["id"] == command["id"]:
                commands[index] = command
                return _Reply(200, command)
        commands.append(command)
        return _Reply(201, command)

    def _command_by_id(self, req: _Request) -> tuple[list[JSON], int | None, int]:
        commands, guild_id = self._command_list(req)
        for index, command in enumerate(commands):
            if command["id"] == req.params["command"]:
                return commands, guild_id, index
        raise DiscordError(404, 10063, "Unknown application command")

    async def _get_command(self, req: _Request) -> _Reply:
        commands, _, index = self._command_by_id(req)
        return _Reply(200, commands[index])

    async def _patch_command(self, req: _Request) -> _Reply:
        commands, guild_id, index = self._command_by_id(req)
        merged = {**commands[index], **(req.body or {})}
        commands[index] = self._stored_command(merged, guild_id, commands)
        return _Reply(200, commands[index])

    async def _delete_command(self, req: _Request) -> _Reply:
        commands, _, index = self._command_by_id(req)
        del commands[index]
        return _Reply(204)

    # ------------------------------------------------------------------------------------------
    # REST handlers: interaction callbacks and webhooks
    # ------------------------------------------------------------------------------------------

    def _interaction_by_token(self, app: str, token: str) -> InteractionHandle:
        if app == str(self._app_id):
            for handle in self.interactions.values():
                if handle.token == token:
                    return handle
        raise DiscordError(404, 10015, "Unknown Webhook")

    def _interaction_message(
        self, handle: InteractionHandle, body: JSON, *, message_type: int
    ) -> JSON:
        payload = handle.payload
        user = payload.get("member", {}).get("user") or payload.get("user") or {}
        channel_id = int(payload["channel_id"])
        message = p.make_message(
            self._ids.next(),
            channel_id,
            self._bot_user,
            body,
            guild_id=int(payload["guild_id"]) if "guild_id" in payload else None,
            message_type=message_type,
            webhook_id=self._app_id,
        )
        message["application_id"] = str(self._app_id)
        message["interaction_metadata"] = {
            "id": payload["id"],
            "type": payload["type"],
            "user": user,
            "authorizing_integration_owners": payload.get("authorizing_integration_owners", {}),
        }
        if payload["type"] == 2:
            message["interaction"] = {
                "id": payload["id"],
                "type": payload["type"],
                "name": payload["data"].get("name", ""),
                "user": user,
            }
        self.messages[int(message["id"])] = message
        return message

    def _is_ephemeral(self, message: JSON) -> bool:
        return bool(int(message.get("flags") or 0) & MESSAGE_FLAG_EPHEMERAL)

    def _echo(self, event: str, message: JSON) -> None:
        """Real Discord echoes non-ephemeral messages (also the bot's own) on the gateway."""
        if self._is_ephemeral(message) or not self._shards:
            return
        guild_id = int(message["guild_id"]) if "guild_id" in message else None
        self._spawn(self.dispatch_event(event, self._with_member(message), guild_id))

    async def _callback(self, req: _Request) -> _Reply:
        raw_id = req.params["interaction"]
        handle = self.interactions.get(int(raw_id)) if raw_id.isdigit() else None
        if handle is None or handle.token != req.params["token"]:
            raise DiscordError(404, 10062, "Unknown interaction")
        body: JSON = req.body if isinstance(req.body, dict) else {}
        try:
            reply = self._acknowledge(handle, body, req.files)
        except DiscordError as err:
            handle._record_callback(err.status, body)
            raise
        handle._record_callback(200, body)
        return reply

    def _acknowledge(
        self, handle: InteractionHandle, body: JSON, files: list[tuple[str, str, bytes]]
    ) -> _Reply:
        if handle.acknowledged:
            raise DiscordError(400, 40060, "Interaction has already been acknowledged.")
        if time.monotonic() - handle.dispatched_at > self.ack_deadline:
            raise DiscordError(404, 10062, "Unknown interaction")
        kind = int(body.get("type", 0))
        data = body.get("data") if isinstance(body.get("data"), dict) else {}
        payload = handle.payload
        interaction: JSON = {"id": str(handle.id), "type": payload["type"]}
        result: JSON = {"interaction": interaction}
        message: JSON | None = None
        if kind in (4, 5):
            content = self._attachments(dict(data or {}), files)
            if kind == 5:
                content = {"flags": int((data or {}).get("flags") or 0) | MESSAGE_FLAG_LOADING}
            message_type = 20 if payload["type"] == 2 else 0
            message = self._interaction_message(handle, content, message_type=message_type)
            handle.original_message_id = int(message["id"])
            self._echo("MESSAGE_CREATE", message)
        elif kind in (6, 7) and "message" in payload:
            handle.original_message_id = int(payload["message"]["id"])
            message = self.messages.get(handle.original_message_id)
            if kind == 7 and message is not None:
                p.apply_edit(message, self._attachments(dict(data or {}), files))
                self._echo("MESSAGE_UPDATE", message)
        elif kind not in (1, 8, 9):
            raise DiscordError(400, 50035, "Invalid interaction response type")
        if message is not None:
            interaction["response_message_id"] = message["id"]
            interaction["response_message_loading"] = kind == 5
            interaction["response_message_ephemeral"] = self._is_ephemeral(message)
            if kind != 6:
                result["resource"] = {"type": kind, "message": message}
        handle._acknowledge(body)
        return _Reply(200, result)

    async def _followup(self, req: _Request) -> _Reply:
        handle = self._interaction_by_token(req.params["app"], req.params["token"])
        if not handle.acknowledged:
            raise DiscordError(404, 10015, "Unknown Webhook")
        body: JSON = req.body if isinstance(req.body, dict) else {}
        handle.followups.append(body)
        original = handle.message
        if handle.loading and original is not None:
            # The first followup after a "thinking" defer replaces the loading message.
            handle.loading = False
            flags = int(original.get("flags") or 0) & ~MESSAGE_FLAG_LOADING
            edit = self._attachments(body, req.files)
            p.apply_edit(original, {**edit, "flags": int(body.get("flags") or 0) | flags})
            message = original
            self._echo("MESSAGE_UPDATE", message)
        else:
            message = self._interaction_message(
                handle, self._attachments(body, req.files), message_type=0
            )
            self._echo("MESSAGE_CREATE", message)
        handle._resolve_final(body)
        if str(req.query.get("wait", "")).lower() in ("1", "true"):
            return _Reply(200, message)
        return _Reply(204)

    def _webhook_message(self, req: _Request) -> tuple[InteractionHandle, JSON]:
        handle = self._interaction_by_token(req.params["app"], req.params["token"])
        raw = req.params["message"]
        if raw == "@original":
            message = handle.message
        else:
            message = self.messages.get(int(raw)) if raw.isdigit() else None
        if message is None:
            raise DiscordError(404, 10008, "Unknown Message")
        return handle, message

    async def _get_webhook_message(self, req: _Request) -> _Reply:
        return _Reply(200, self._webhook_message(req)[1])

    async def _edit_webhook_message(self, req: _Request) -> _Reply:
        handle, message = self._webhook_message(req)
        body: JSON = req.body if isinstance(req.body, dict) else {}
        edit = dict(body)
        if int(message["id"]) == handle.original_message_id:
            handle.edits.append(body)
            flags = int(message.get("flags") or 0) & ~MESSAGE_FLAG_LOADING
            edit["flags"] = int(body.get("flags") or 0) | flags
            handle.loading = False
            handle._resolve_final(body)
        p.apply_edit(message, self._attachments(edit, req.files))
        self._echo("MESSAGE_UPDATE", message)
        return _Reply(200, message)

    async def _delete_webhook_message(self, req: _Request) -> _Reply:
        _, message = self._webhook_message(req)
        await self._delete_stored(message)
        return _Reply(204)

    async def _delete_stored(self, message: JSON) -> None:
        self.messages.pop(int(message["id"]), None)
        if self._is_ephemeral(message) or not self._shards:
            return
        event: JSON = {"id": message["id"], "channel_id": message["channel_id"]}
        guild_id = None
        if "guild_id" in message:
            event["guild_id"] = message["guild_id"]
            guild_id = int(message["guild_id"])
        self._spawn(self.dispatch_event("MESSAGE_DELETE", event, guild_id))

    # ------------------------------------------------------------------------------------------
    # REST handlers: channel messages
    # ------------------------------------------------------------------------------------------

    def _attachments(self, body: JSON, files: list[tuple[str, str, bytes]]) -> JSON:
        if not files:
            return body
        sizes = {name: len(data) for name, _, data in files}
        attachments = []
        for attachment in body.get("attachments") or []:
            size = sizes.get(f"files[{attachment.get('id')}]", 0)
            attachments.append({**attachment, "size": size, "id": str(self._ids.next())})
        return {**body, "attachments": attachments}

    async def _create_message(self, req: _Request) -> _Reply:
        channel = self._channel(req.params["channel"])
        body: JSON = req.body if isinstance(req.body, dict) else {}
        if not (
            body.get("content")
            or body.get("embeds")
            or body.get("components")
            or req.files
            or body.get("sticker_ids")
            or body.get("poll")
        ):
            raise DiscordError(400, 50006, "Cannot send an empty message")
        channel_id = int(channel["id"])
        guild_id = self._guild_of(channel_id)
        message = p.make_message(
            self._ids.next(),
            channel_id,
            self._bot_user,
            self._attachments(body, req.files),
            guild_id=guild_id,
            mentions=self._mentions(str(body.get("content") or ""), None, guild_id is not None),
        )
        reference = body.get("message_reference")
        if reference and str(reference.get("message_id")).isdigit():
            referenced = self.messages.get(int(reference["message_id"]))
            if referenced is None and reference.get("fail_if_not_exists", True):
                raise DiscordError(400, 50035, "Invalid Form Body: Unknown message")
            if referenced is not None:
                message["referenced_message"] = referenced
        self.messages[int(message["id"])] = message
        self.bot_posts.append(BotPost(channel_id, body, message))
        self._post_event.set()
        self._echo("MESSAGE_CREATE", message)
        return _Reply(200, message)

    def _channel_message(self, req: _Request) -> JSON:
        channel = self._channel(req.params["channel"])
        raw = req.params["message"]
        message = self.messages.get(int(raw)) if raw.isdigit() else None
        if message is None or message["channel_id"] != channel["id"]:
            raise DiscordError(404, 10008, "Unknown Message")
        return message

    async def _list_messages(self, req: _Request) -> _Reply:
        channel = self._channel(req.params["channel"])
        limit = int(req.query.get("limit", "50"))
        found = [m for m in self.messages.values() if m["channel_id"] == channel["id"]]
        found.sort(key=lambda m: int(m["id"]), reverse=True)
        return _Reply(200, found[:limit])

    async def _get_message(self, req: _Request) -> _Reply:
        return _Reply(200, self._channel_message(req))

    async def _edit_message(self, req: _Request) -> _Reply:
        message = self._channel_message(req)
        if message["author"]["id"] != self._bot_user["id"]:
            raise DiscordError(403, 50005, "Cannot edit a message authored by another user")
        p.apply_edit(message, req.body if isinstance(req.body, dict) else {})
        self._echo("MESSAGE_UPDATE", message)
        return _Reply(200, message)

    async def _delete_message(self, req: _Request) -> _Reply:
        await self._delete_stored(self._channel_message(req))
        return _Reply(204)


def _infer_option_type(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3
