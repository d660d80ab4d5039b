"""Channel messages: the store of every message (the humans', the bot's, interaction responses),
messages humans post, what the bot posts, replies, edits, deletes, attachments, typing and
reactions, and the gateway echo of each change."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from . import payloads as p
from .gateway import Gateway
from .models import JSON, BotPost, InteractionHandle
from .rest import DiscordError, Files, Reply, Request, Rest, body_dict
from .world import World

MESSAGE_FLAG_EPHEMERAL = 1 << 6

MessageRef = Mapping[str, Any] | int | InteractionHandle


def is_ephemeral(message: JSON) -> bool:
    return bool(int(message.get("flags") or 0) & MESSAGE_FLAG_EPHEMERAL)


class Messages:
    """``store`` maps message ids to message objects; ``bot_posts`` lists what the bot POSTed to
    ``/channels/{id}/messages``, in order, for :meth:`wait_for_bot_message`."""

    def __init__(self, world: World, gateway: Gateway) -> None:
        self.world = world
        self.gateway = gateway
        self.store: dict[int, JSON] = {}
        self.bot_posts: list[BotPost] = []
        self._posted = asyncio.Event()

    def register(self, rest: Rest) -> None:
        rest.add("POST", "/channels/{channel}/messages", self._create_message)
        rest.add("GET", "/channels/{channel}/messages", self._list_messages)
        rest.add("GET", "/channels/{channel}/messages/{message}", self._get_message)
        rest.add("PATCH", "/channels/{channel}/messages/{message}", self._edit_message)
        rest.add("DELETE", "/channels/{channel}/messages/{message}", self._delete_message)
        rest.add("POST", "/channels/{channel}/typing", self._no_content)
        reaction = "/channels/{channel}/messages/{message}/reactions/{emoji}/@me"
        rest.add("PUT", reaction, self._no_content)
        rest.add("DELETE", reaction, self._no_content)

    # -- what humans do ------------------------------------------------------------------------

    async def post(
        self,
        content: str,
        *,
        channel_id: int | None,
        author: Mapping[str, Any] | None,
        mentions: Sequence[Mapping[str, Any] | int] | None,
        guild: bool,
    ) -> JSON:
        world = self.world
        author = dict(author or world.user)
        if channel_id is None:
            channel_id = world.channel_id if guild else int(world.dm_channel_for(author)["id"])
        guild_id = world.guild_of(channel_id)
        message = p.make_message(
            world.ids.next(),
            channel_id,
            author,
            {"content": content},
            guild_id=guild_id,
            mentions=world.mentions(content, mentions, guild_id is not None),
        )
        self.store[int(message["id"])] = message
        await self.gateway.dispatch("MESSAGE_CREATE", world.with_member(message), guild_id)
        return message

    def seed_bot_message(self, body: JSON, *, channel_id: int | None) -> JSON:
        """Store a message as the bot sent it some time ago (another version, before a
        restart), without a request and without a gateway event; returns it."""
        world = self.world
        channel_id = channel_id or world.channel_id
        message = p.make_message(
            world.ids.next(),
            channel_id,
            world.bot_user,
            dict(body),
            guild_id=world.guild_of(channel_id),
        )
        self.store[int(message["id"])] = message
        return message

    # -- what the bot posted -------------------------------------------------------------------

    async def wait_for_bot_message(self, channel_id: int | None, timeout: float) -> JSON:  # noqa: ASYNC109
        async with asyncio.timeout(timeout):
            while True:
                for post in self.bot_posts:
                    if not post.consumed and channel_id in (None, post.channel_id):
                        post.consumed = True
                        return post.body
                self._posted.clear()
                await self._posted.wait()

    async def assert_no_bot_message(self, channel_id: int | None, within: float) -> None:
        await asyncio.sleep(within)
        leftover = [
            post.body
            for post in self.bot_posts
            if not post.consumed and channel_id in (None, post.channel_id)
        ]
        if leftover:
            raise AssertionError(f"bot sent unexpected message(s): {leftover!r}")

    def message_for(self, body: Mapping[str, Any]) -> JSON:
        for post in self.bot_posts:
            if post.body is body:
                return self.store.get(int(post.message["id"]), post.message)
        raise KeyError("not a body recorded by FakeDiscord")

    def resolve(self, message: MessageRef) -> JSON:
        """The stored message for a message object, a body the bot posted, an id, or the handle
        of an interaction (its response message)."""
        if isinstance(message, InteractionHandle):
            stored = message.message
            if stored is None:
                raise ValueError("the interaction has no response message (yet)")
            return stored
        if isinstance(message, int):
            return self.store[message]
        if "id" not in message:
            return self.message_for(message)
        return self.store.get(int(message["id"]), dict(message))

    # -- shared with interaction responses -----------------------------------------------------

    def attachments(self, body: JSON, files: Files) -> JSON:
        """``body`` with its ``attachments`` as Discord stores them (ids, sizes of the upload)."""
        if not files:
            return body
        sizes = {name: len(data) for name, _, data in files}
        attachments = []
        for attachment in body.get("attachments") or []:
            size = sizes.get(f"files[{attachment.get('id')}]", 0)
            attachments.append({**attachment, "size": size, "id": str(self.world.ids.next())})
        return {**body, "attachments": attachments}

    def echo(self, event: str, message: JSON) -> None:
        """Real Discord echoes non-ephemeral messages (also the bot's own) on the gateway."""
        if is_ephemeral(message) or not self.gateway.has_sessions:
            return
        guild_id = int(message["guild_id"]) if "guild_id" in message else None
        self.gateway.dispatch_soon(event, self.world.with_member(message), guild_id)

    def delete(self, message: JSON) -> None:
        """Forget a message; MESSAGE_DELETE unless it was ephemeral."""
        self.store.pop(int(message["id"]), None)
        if is_ephemeral(message) or not self.gateway.has_sessions:
            return
        event: JSON = {"id": message["id"], "channel_id": message["channel_id"]}
        guild_id = None
        if "guild_id" in message:
            event["guild_id"] = message["guild_id"]
            guild_id = int(message["guild_id"])
        self.gateway.dispatch_soon("MESSAGE_DELETE", event, guild_id)

    # -- REST ----------------------------------------------------------------------------------

    async def _no_content(self, req: Request) -> Reply:
        self.world.channel(req.params["channel"])
        return Reply(204)

    async def _create_message(self, req: Request) -> Reply:
        world = self.world
        channel = world.channel(req.params["channel"])
        body = body_dict(req)
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
        guild_id = world.guild_of(channel_id)
        message = p.make_message(
            world.ids.next(),
            channel_id,
            world.bot_user,
            self.attachments(body, req.files),
            guild_id=guild_id,
            mentions=world.mentions(str(body.get("content") or ""), None, guild_id is not None),
        )
        reference = body.get("message_reference")
        if reference and str(reference.get("message_id")).isdigit():
            referenced = self.store.get(int(reference["message_id"]))
            if referenced is None and reference.get("fail_if_not_exists", True):
                raise DiscordError(400, 50035, "Invalid Form Body: Unknown message")
            if referenced is not None:
                message["referenced_message"] = referenced
        self.store[int(message["id"])] = message
        self.bot_posts.append(BotPost(channel_id, body, message))
        self._posted.set()
        self.echo("MESSAGE_CREATE", message)
        return Reply(200, message)

    def _channel_message(self, req: Request) -> JSON:
        channel = self.world.channel(req.params["channel"])
        raw = req.params["message"]
        message = self.store.get(int(raw)) if raw.isdigit() else None
        if message is None or message["channel_id"] != channel["id"]:
            raise DiscordError(404, 10008, "Unknown Message")
        return message

    async def _list_messages(self, req: Request) -> Reply:
        channel = self.world.channel(req.params["channel"])
        limit = int(req.query.get("limit", "50"))
        found = [m for m in self.store.values() if m["channel_id"] == channel["id"]]
        found.sort(key=lambda m: int(m["id"]), reverse=True)
        return Reply(200, found[:limit])

    async def _get_message(self, req: Request) -> Reply:
        return Reply(200, self._channel_message(req))

    async def _edit_message(self, req: Request) -> Reply:
        message = self._channel_message(req)
        if message["author"]["id"] != self.world.bot_user["id"]:
            raise DiscordError(403, 50005, "Cannot edit a message authored by another user")
        p.apply_edit(message, body_dict(req))
        self.echo("MESSAGE_UPDATE", message)
        return Reply(200, message)

    async def _delete_message(self, req: Request) -> Reply:
        self.delete(self._channel_message(req))
        return Reply(204)
