"""The gateway: websocket connections (HELLO, heartbeats, IDENTIFY -> READY + GUILD_CREATE,
RESUME with replay, member chunks), sessions per shard with sequence numbers and buffering while
disconnected, dispatch of events, and the REST routes ``/gateway`` and ``/gateway/bot``."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import WSMsgType, web

from .models import JSON
from .rest import Reply, Request, Rest
from .world import World

log = logging.getLogger(__name__)

WEBSOCKET_PATH = "/gateway"
RESUME_PATH = "/gateway-resume"
TRACE = ['["fake-gateway",{"micros":0}]']

OP_DISPATCH = 0
OP_HEARTBEAT = 1
OP_IDENTIFY = 2
OP_PRESENCE_UPDATE = 3
OP_RESUME = 6
OP_RECONNECT = 7
OP_REQUEST_MEMBERS = 8
OP_INVALID_SESSION = 9
OP_HELLO = 10
OP_HEARTBEAT_ACK = 11


class GatewaySession:
    """One identified gateway session (one per shard).

    Every dispatch gets the next sequence number and is kept in ``history``; while no websocket is
    attached it is only buffered, and a RESUME replays everything after the client's ``seq``.
    """

    def __init__(self, session_id: str, shard: tuple[int, int], intents: int) -> None:
        self.session_id = session_id
        self.shard = shard
        self.intents = intents
        self.seq = 0
        self.history: list[JSON] = []
        self.ws: web.WebSocketResponse | None = None
        self.transport: asyncio.Transport | None = None
        self.ready = asyncio.Event()
        self.lock = asyncio.Lock()

    @property
    def connected(self) -> bool:
        return self.ws is not None and not self.ws.closed and self.ready.is_set()

    async def dispatch(self, event: str, data: Any) -> int:
        """Send (or buffer) one op-0 dispatch; returns its sequence number."""
        async with self.lock:
            self.seq += 1
            frame = {"op": OP_DISPATCH, "t": event, "s": self.seq, "d": data}
            self.history.append(frame)
            if self.connected:
                await self._send(frame)
            return self.seq

    async def attach(
        self,
        ws: web.WebSocketResponse,
        transport: asyncio.Transport | None,
        *,
        after_seq: int | None,
        first: list[tuple[str, Any]],
    ) -> None:
        """Attach a websocket: send ``first`` dispatches (READY/GUILD_CREATE or RESUMED), after
        replaying buffered frames newer than ``after_seq`` when resuming."""
        async with self.lock:
            self.ws = ws
            self.transport = transport
            if after_seq is not None:
                for frame in self.history:
                    if frame["s"] > after_seq:
                        await self._send(frame)
            for event, data in first:
                self.seq += 1
                frame = {"op": OP_DISPATCH, "t": event, "s": self.seq, "d": data}
                self.history.append(frame)
                await self._send(frame)
            self.ready.set()

    def detach(self, ws: web.WebSocketResponse | None = None) -> None:
        """Forget the websocket (only if it is ``ws``, when given); later dispatches buffer."""
        if ws is not None and self.ws is not ws:
            return
        self.ws = None
        self.transport = None
        self.ready.clear()

    async def send_op(self, op: int, data: Any = None) -> None:
        if self.ws is not None and not self.ws.closed:
            await self._send({"op": op, "d": data})

    async def _send(self, frame: JSON) -> None:
        ws = self.ws
        if ws is None or ws.closed:
            return
        with contextlib.suppress(ConnectionError, RuntimeError):
            await ws.send_str(json.dumps(frame))


class Gateway:
    """Every gateway connection and session of the fake.

    ``shards`` maps a shard id to its current session; ``identify_count`` / ``resume_count``
    count accepted IDENTIFYs and RESUMEs. ``shard_count`` is what ``GET /gateway/bot``
    recommends. ``origin`` gives ``ws://host:port`` once the server listens.
    """

    def __init__(self, world: World, origin: Callable[[], str], *, shard_count: int) -> None:
        self.world = world
        self._origin = origin
        self.shard_count = shard_count
        self.heartbeat_interval_ms = 41250
        self.identify_count = 0
        self.resume_count = 0
        self.sessions: dict[str, GatewaySession] = {}
        self.shards: dict[int, GatewaySession] = {}
        self._expected_shards = 1
        self._changed = asyncio.Condition()
        self._sockets: set[web.WebSocketResponse] = set()
        self._tasks: set[asyncio.Future[Any]] = set()

    @property
    def url(self) -> str:
        return self._origin() + WEBSOCKET_PATH

    @property
    def resume_url(self) -> str:
        return self._origin() + RESUME_PATH

    @property
    def has_sessions(self) -> bool:
        """Whether any shard has identified (dispatches then reach, or wait for, a client)."""
        return bool(self.shards)

    def mount(self, app: web.Application) -> None:
        app.router.add_get(WEBSOCKET_PATH, self._handle_websocket)
        app.router.add_get(RESUME_PATH, self._handle_websocket)

    def register(self, rest: Rest) -> None:
        rest.add("GET", "/gateway", self._get_gateway)
        rest.add("GET", "/gateway/bot", self._get_gateway_bot)

    async def close(self) -> None:
        """Cancel background dispatches and close every websocket."""
        for task in list(self._tasks):
            task.cancel()
        for ws in list(self._sockets):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ws.close(code=1001), 1.0)

    # -- control -------------------------------------------------------------------------------

    async def wait_until_connected(self, timeout: float) -> None:  # noqa: ASYNC109
        def done() -> bool:
            return len(self.shards) >= self._expected_shards and all(
                s.connected for s in self.shards.values()
            )

        async with asyncio.timeout(timeout):
            while not done():
                async with self._changed:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._changed.wait(), 0.05)

    def drop_connection(self, code: int | None) -> None:
        for session in self.shards.values():
            ws, transport = session.ws, session.transport
            session.detach()
            if ws is None:
                continue
            if code is None and transport is not None:
                transport.abort()
            else:
                self.spawn(ws.close(code=code or 4000, message=b"dropped by FakeDiscord"))

    async def close_fatally(self, code: int, reason: str) -> None:
        """Close every gateway websocket with ``code``, forgetting the sessions (nothing to
        resume): for the close codes after which Discord expects no reconnect (4004, 4010-4014)."""
        for session in list(self.shards.values()):
            ws = session.ws
            session.detach()
            self.sessions.pop(session.session_id, None)
            if ws is not None:
                with contextlib.suppress(Exception):
                    await ws.close(code=code, message=reason.encode())
        self.shards.clear()
        await self._notify()

    async def request_reconnect(self) -> None:
        for session in self.shards.values():
            await session.send_op(OP_RECONNECT)
            session.detach()

    async def dispatch(self, event: str, data: Any, guild_id: int | None = None) -> None:
        """Dispatch an event to the shard that owns ``guild_id`` (shard 0 for DMs); waits for
        a session if none has identified yet."""
        session = await self.session_for(guild_id)
        await session.dispatch(event, data)

    def dispatch_soon(self, event: str, data: Any, guild_id: int | None = None) -> None:
        """:meth:`dispatch` in the background (for events a REST handler causes)."""
        self.spawn(self.dispatch(event, data, guild_id))

    async def session_for(self, guild_id: int | None, patience: float = 10.0) -> GatewaySession:
        async with asyncio.timeout(patience):
            while True:
                if self.shards:
                    count = next(iter(self.shards.values())).shard[1]
                    shard_id = 0 if guild_id is None else (guild_id >> 22) % count
                    if shard_id in self.shards:
                        return self.shards[shard_id]
                async with self._changed:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._changed.wait(), 0.05)

    def spawn(self, coro: Awaitable[Any]) -> None:
        """Run ``coro`` in the background, keeping a strong reference until it finishes."""
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Future[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("FakeDiscord background task failed", exc_info=task.exception())

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # -- websocket -----------------------------------------------------------------------------

    async def _handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
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
                await self._notify()
        return ws

    async def _identify(
        self, ws: web.WebSocketResponse, request: web.Request, data: JSON
    ) -> GatewaySession | None:
        world = self.world
        if data.get("token") != world.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return None
        self.identify_count += 1
        shard_field = data.get("shard")
        shard = (int(shard_field[0]), int(shard_field[1])) if shard_field else (0, 1)
        self._expected_shards = shard[1]
        session = GatewaySession(uuid.uuid4().hex, shard, int(data.get("intents") or 0))
        guilds = [g for g in world.guild_ids if (g >> 22) % shard[1] == shard[0]]
        ready: JSON = {
            "v": 10,
            "user": {**world.bot_user, "verified": True, "mfa_enabled": False, "email": None},
            "guilds": [{"id": str(g), "unavailable": True} for g in guilds],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_url,
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["fake"],
            "user_settings": {},
            "application": {"id": str(world.app_id), "flags": 0},
            "_trace": list(TRACE),
        }
        if shard_field:
            ready["shard"] = [shard[0], shard[1]]
        first: list[tuple[str, Any]] = [("READY", ready)]
        first += [("GUILD_CREATE", world.guild_payload(g)) for g in guilds]
        await session.attach(ws, request.transport, after_seq=None, first=first)
        old = self.shards.get(shard[0])
        if old is not None:
            self.sessions.pop(old.session_id, None)
        self.sessions[session.session_id] = session
        self.shards[shard[0]] = session
        await self._notify()
        return session

    async def _resume(
        self, ws: web.WebSocketResponse, request: web.Request, data: JSON
    ) -> GatewaySession | None:
        if data.get("token") != self.world.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return None
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or self.shards.get(session.shard[0]) is not session:
            await ws.send_str(json.dumps({"op": OP_INVALID_SESSION, "d": False}))
            return None
        self.resume_count += 1
        seq = data.get("seq")
        await session.attach(
            ws,
            request.transport,
            after_seq=int(seq) if seq is not None else 0,
            first=[("RESUMED", {"_trace": list(TRACE)})],
        )
        await self._notify()
        return session

    async def _members_chunk(self, session: GatewaySession, data: JSON) -> None:
        chunk: JSON = {
            "guild_id": str(data.get("guild_id")),
            "members": self.world.members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        await session.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    # -- REST ----------------------------------------------------------------------------------

    async def _get_gateway(self, req: Request) -> Reply:
        return Reply(200, {"url": self.url})

    async def _get_gateway_bot(self, req: Request) -> Reply:
        return Reply(
            200,
            {
                "url": self.url,
                "shards": self.shard_count,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 14_400_000,
                    "max_concurrency": 1,
                },
            },
        )
