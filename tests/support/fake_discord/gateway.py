"""Gateway sessions: sequence numbers, buffering while disconnected, RESUME replay."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

JSON = dict[str, Any]

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
