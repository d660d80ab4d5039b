"""Records and handles returned to tests."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


@dataclass
class Recorded:
    """One REST request as the bot sent it.

    ``path`` is relative to the API base (``/channels/1/messages``); ``json`` is the decoded JSON
    body, or the ``payload_json`` part of a multipart body, else ``None``. ``status`` is the status
    the fake answered with; ``files`` lists ``(field name, filename, bytes)`` of multipart uploads.
    """

    method: str
    path: str
    query: dict[str, str]
    json: Any
    headers: dict[str, str]
    status: int = 0
    files: list[tuple[str, str, bytes]] = field(default_factory=list)


@dataclass
class BotPost:
    """A body the bot POSTed to ``/channels/{id}/messages`` and the message it created."""

    channel_id: int
    body: JSON
    message: JSON
    consumed: bool = False


class InteractionHandle:
    """A dispatched interaction and everything the bot did with it.

    * ``await handle.response(timeout)`` -> the first accepted callback body
      (``{"type": 4, "data": {...}}``) the bot POSTed to ``/interactions/{id}/{token}/callback``.
    * ``await handle.final_message(timeout)`` -> what the user finally sees: the callback's ``data``
      for immediate responses, or, after a deferral (type 5/6), the first
      ``PATCH .../messages/@original`` body (or the first followup body, which replaces the
      "thinking" message).
    * ``handle.followups`` -> bodies POSTed to ``/webhooks/{app}/{token}``;
      ``handle.edits`` -> bodies PATCHed to ``@original``;
      ``handle.callbacks`` -> ``(status, body)`` of every callback attempt, accepted or not
      (``await handle.first_callback(timeout)`` waits for the first one).
    * ``handle.ack_latency`` -> seconds from dispatch to the accepted callback (``None`` before).
    * ``handle.message`` -> the stored message object of the original response, if any (use it with
      :meth:`FakeDiscord.interact_component`).
    """

    def __init__(self, payload: JSON, messages: dict[int, JSON]) -> None:
        self.payload = payload
        self.id = int(payload["id"])
        self.token: str = payload["token"]
        self.dispatched_at = time.monotonic()
        self.ack_latency: float | None = None
        self.callbacks: list[tuple[int, Any]] = []
        self.followups: list[JSON] = []
        self.edits: list[JSON] = []
        self.callback_type: int | None = None
        self.original_message_id: int | None = None
        self.loading = False
        self._messages = messages
        loop = asyncio.get_running_loop()
        self._response: asyncio.Future[JSON] = loop.create_future()
        self._final: asyncio.Future[JSON] = loop.create_future()
        self._attempted = asyncio.Event()

    @property
    def acknowledged(self) -> bool:
        return self.callback_type is not None

    @property
    def message(self) -> JSON | None:
        if self.original_message_id is None:
            return None
        return self._messages.get(self.original_message_id)

    async def response(self, timeout: float = 5.0) -> JSON:  # noqa: ASYNC109
        """The callback body the bot POSTed (waits for it)."""
        return await self._wait(self._response, timeout, "an interaction callback")

    async def final_message(self, timeout: float = 5.0) -> JSON:  # noqa: ASYNC109
        """The message body visible to the user once the bot is done (see class docstring)."""
        return await self._wait(self._final, timeout, "the final message")

    async def first_callback(self, timeout: float = 5.0) -> tuple[int, Any]:  # noqa: ASYNC109
        """``(status, body)`` of the first callback attempt, accepted or rejected (400 invalid
        body, 404 after the deadline, ...)."""
        async with asyncio.timeout(timeout):
            await self._attempted.wait()
        return self.callbacks[0]

    async def _wait(self, future: asyncio.Future[JSON], limit: float, what: str) -> JSON:
        try:
            return await asyncio.wait_for(asyncio.shield(future), limit)
        except TimeoutError:
            raise TimeoutError(
                f"interaction {self.id} ({self.payload.get('data', {}).get('name') or ''}): "
                f"no {what} within {limit}s; callback attempts: {self.callbacks!r}; "
                f"edits: {self.edits!r}; followups: {self.followups!r}"
            ) from None

    # -- called by the server ------------------------------------------------------------------

    def _record_callback(self, status: int, body: Any) -> None:
        self.callbacks.append((status, body))
        self._attempted.set()

    def _acknowledge(self, body: JSON) -> None:
        self.callback_type = int(body["type"])
        self.ack_latency = time.monotonic() - self.dispatched_at
        if not self._response.done():
            self._response.set_result(body)
        if self.callback_type in (5, 6):
            self.loading = self.callback_type == 5
            return
        data = body.get("data")
        self._resolve_final(data if isinstance(data, dict) else {})

    def _resolve_final(self, body: JSON) -> None:
        if not self._final.done():
            self._final.set_result(body)
