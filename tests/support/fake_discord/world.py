"""The world the fake Discord serves: the bot's identity, its guilds (one to begin with; more with
``add_guild``, e.g. one on each shard), each with its text channel and roles, the members (in
every guild), users, and DM channels; with the REST routes that read them (``/users/@me``, the
application, channels, users, the guilds and their members)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from . import payloads as p
from .models import JSON
from .rest import DiscordError, Reply, Request, Rest

ALL_PERMISSIONS = (1 << 53) - 1
# VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS, ATTACH_FILES, READ_MESSAGE_HISTORY, ADD_REACTIONS,
# USE_APPLICATION_COMMANDS, USE_EXTERNAL_EMOJIS, CREATE_*_THREADS, SEND_MESSAGES_IN_THREADS
EVERYONE_PERMISSIONS = (
    ((1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 6) | (1 << 31) | (1 << 18))
    | (1 << 35)
    | (1 << 36)
    | (1 << 38)
)
MENTION = re.compile(r"<@!?(\d+)>")
GUILD_CHANNEL_TYPES = {0, 2, 4, 5, 10, 11, 12, 13, 15, 16}


class World:
    """The bot (``token``, ``app_id`` = its user id), the human ``user`` who owns the guilds,
    the first guild (``guild_id``) and its text channel (``channel_id``), every guild
    (``guild_ids``), and every other user and channel."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.ids = p.SnowflakeFactory()
        self.app_id = self.ids.next()
        self.bot_user = p.make_user(self.app_id, "FakeBot", bot=True)
        self.owner_id = self.ids.next()
        self.user = p.make_user(self.owner_id, "alice")
        self.guild_id = self.ids.next()
        self.channel_id = self.ids.next()
        self.roles = [p.make_role(self.guild_id, "@everyone", permissions=EVERYONE_PERMISSIONS)]
        self.guild_ids: list[int] = [self.guild_id]
        self._guild_names: dict[int, str] = {self.guild_id: "Fake Guild"}
        self._guild_roles: dict[int, list[JSON]] = {self.guild_id: self.roles}
        self.members: list[JSON] = [p.make_member(self.user), p.make_member(self.bot_user)]
        self.channels: dict[int, JSON] = {
            self.channel_id: p.make_text_channel(self.channel_id, self.guild_id, "general")
        }
        self.users: dict[int, JSON] = {self.owner_id: self.user, self.app_id: self.bot_user}
        self._dm_by_user: dict[int, int] = {}

    @property
    def guild(self) -> JSON:
        """The first guild as sent in GUILD_CREATE (``member_count == len(members)``)."""
        return self.guild_payload(self.guild_id)

    def guild_payload(self, guild_id: int) -> JSON:
        """A guild as sent in GUILD_CREATE: its channels and roles, every member."""
        return p.make_guild(
            guild_id,
            self._guild_names[guild_id],
            owner_id=self.owner_id,
            roles=self._guild_roles[guild_id],
            channels=[
                c
                for c in self.channels.values()
                if c["type"] in GUILD_CHANNEL_TYPES and int(c["guild_id"]) == guild_id
            ],
            members=self.members,
        )

    def add_guild(self, name: str, *, shard: tuple[int, int] | None = None) -> tuple[int, int]:
        """A new guild with a text channel "general", on shard ``(id, count)`` if given (its id
        is chosen so that ``(guild_id >> 22) % count == id``). Returns (guild id, channel id)."""
        guild_id = self.ids.next_on_shard(*shard) if shard else self.ids.next()
        channel_id = self.ids.next()
        self.guild_ids.append(guild_id)
        self._guild_names[guild_id] = name
        self._guild_roles[guild_id] = [
            p.make_role(guild_id, "@everyone", permissions=EVERYONE_PERMISSIONS)
        ]
        self.channels[channel_id] = p.make_text_channel(channel_id, guild_id, "general")
        return guild_id, channel_id

    def roles_of(self, guild_id: int) -> list[JSON]:
        return self._guild_roles.get(guild_id, self.roles)

    def add_member(self, username: str, *, bot: bool = False) -> tuple[JSON, JSON]:
        """A new user joins the guild; returns its user and member objects."""
        user = p.make_user(self.ids.next(), username, bot=bot)
        self.users[int(user["id"])] = user
        member = p.make_member(user)
        self.members.append(member)
        return user, member

    # -- lookups -------------------------------------------------------------------------------

    def dm_channel_for(self, user: Mapping[str, Any]) -> JSON:
        """The user's DM channel with the bot (opened on first use)."""
        user_id = int(user["id"])
        channel_id = self._dm_by_user.get(user_id)
        if channel_id is None:
            channel_id = self.ids.next()
            self._dm_by_user[user_id] = channel_id
            self.channels[channel_id] = p.make_dm_channel(channel_id, user)
        return self.channels[channel_id]

    def guild_of(self, channel_id: int) -> int | None:
        channel = self.channels.get(channel_id)
        if channel is None or "guild_id" not in channel:
            return None
        return int(channel["guild_id"])

    def member_of(self, user_id: int) -> JSON | None:
        for member in self.members:
            if int(member["user"]["id"]) == user_id:
                return member
        return None

    def channel(self, raw_id: str) -> JSON:
        """The channel with this id (from a path), or 404 Unknown Channel."""
        channel = self.channels.get(int(raw_id)) if raw_id.isdigit() else None
        if channel is None:
            raise DiscordError(404, 10003, "Unknown Channel")
        return channel

    def check_guild(self, raw_id: str) -> int:
        """The guild id in a path; 404 Unknown Guild if there is no such guild."""
        if not raw_id.isdigit() or int(raw_id) not in self._guild_names:
            raise DiscordError(404, 10004, "Unknown Guild")
        return int(raw_id)

    def mentions(self, content: str, explicit: Sequence[Any] | None, guild: bool) -> list[JSON]:
        """A message's ``mentions``: ``explicit`` users (objects or ids), else the ``<@id>`` in
        ``content``; in a guild each carries its ``member``."""
        ids: list[int] = []
        if explicit is not None:
            for item in explicit:
                ids.append(int(item["id"]) if isinstance(item, Mapping) else int(item))
        else:
            ids = [int(m) for m in MENTION.findall(content)]
        result = []
        for user_id in dict.fromkeys(ids):
            user = self.users.get(user_id)
            if user is None:
                continue
            mention = dict(user)
            member = self.member_of(user_id) if guild else None
            if member is not None:
                mention["member"] = {k: v for k, v in member.items() if k != "user"}
            result.append(mention)
        return result

    def with_member(self, message: JSON) -> JSON:
        """A guild message as dispatched on the gateway: with its author's ``member``."""
        if "guild_id" not in message:
            return message
        member = self.member_of(int(message["author"]["id"]))
        if member is None or message.get("webhook_id"):
            return message
        return {**message, "member": {k: v for k, v in member.items() if k != "user"}}

    # -- REST ----------------------------------------------------------------------------------

    def register(self, rest: Rest) -> None:
        rest.add("GET", "/users/@me", self._get_me)
        rest.add("GET", "/oauth2/applications/@me", self._get_application)
        rest.add("GET", "/applications/@me", self._get_application)
        rest.add("GET", "/channels/{channel}", self._get_channel)
        rest.add("POST", "/users/@me/channels", self._create_dm)
        rest.add("GET", "/users/{user}", self._get_user)  # after /users/@me
        rest.add("GET", "/guilds/{guild}", self._get_guild)
        rest.add("GET", "/guilds/{guild}/channels", self._get_guild_channels)
        rest.add("GET", "/guilds/{guild}/members/{user}", self._get_member)

    async def _get_me(self, req: Request) -> Reply:
        user = {**self.bot_user, "verified": True, "mfa_enabled": False, "email": None}
        return Reply(200, {**user, "locale": "en-US"})

    async def _get_application(self, req: Request) -> Reply:
        return Reply(
            200,
            {
                "id": str(self.app_id),
                "name": self.bot_user["username"],
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "owner": self.user,
                "team": None,
                "flags": 0,
                "rpc_origins": [],
                "tags": [],
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "bot": self.bot_user,
            },
        )

    async def _get_channel(self, req: Request) -> Reply:
        return Reply(200, self.channel(req.params["channel"]))

    async def _create_dm(self, req: Request) -> Reply:
        recipient = str((req.body or {}).get("recipient_id", ""))
        user = self.users.get(int(recipient)) if recipient.isdigit() else None
        if user is None:
            raise DiscordError(400, 50033, "Invalid Recipient(s)")
        return Reply(200, self.dm_channel_for(user))

    async def _get_user(self, req: Request) -> Reply:
        raw = req.params["user"]
        user = self.users.get(int(raw)) if raw.isdigit() else None
        if user is None:
            raise DiscordError(404, 10013, "Unknown User")
        return Reply(200, user)

    async def _get_guild(self, req: Request) -> Reply:
        guild = self.guild_payload(self.check_guild(req.params["guild"]))
        for key in ("members", "channels", "threads", "presences", "voice_states"):
            guild.pop(key, None)
        return Reply(200, {**guild, "approximate_member_count": len(self.members)})

    async def _get_guild_channels(self, req: Request) -> Reply:
        return Reply(200, self.guild_payload(self.check_guild(req.params["guild"]))["channels"])

    async def _get_member(self, req: Request) -> Reply:
        self.check_guild(req.params["guild"])
        raw = req.params["user"]
        member = self.member_of(int(raw)) if raw.isdigit() else None
        if member is None:
            raise DiscordError(404, 10007, "Unknown Member")
        return Reply(200, member)
