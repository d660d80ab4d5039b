"""Builders for the Discord objects the fake hands out (users, guilds, channels, messages)."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
from collections.abc import Mapping
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000

JSON = dict[str, Any]


class SnowflakeFactory:
    """Real-looking, strictly increasing snowflakes (timestamp in the top bits)."""

    def __init__(self) -> None:
        self._counter = itertools.count()
        self._last = 0
        self._lock = threading.Lock()

    def next(self) -> int:
        with self._lock:
            ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
            value = (ms << 22) | (1 << 17) | (next(self._counter) & 0xFFF)
            if value <= self._last:
                value = self._last + 1
            self._last = value
            return value

    def next_on_shard(self, shard_id: int, shard_count: int) -> int:
        """A new snowflake that Discord would route to ``shard_id`` of ``shard_count``: a guild
        belongs to the shard ``(guild_id >> 22) % shard_count`` (a later millisecond is taken)."""
        with self._lock:
            now_ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
            ms = max((self._last >> 22) + 1, now_ms)
            ms += (shard_id - ms) % shard_count
            value = (ms << 22) | (1 << 17) | (next(self._counter) & 0xFFF)
            self._last = value
            return value


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def make_user(user_id: int, username: str, *, bot: bool = False) -> JSON:
    return {
        "id": str(user_id),
        "username": username,
        "discriminator": "0",
        "global_name": None if bot else username.title(),
        "avatar": None,
        "bot": bot,
        "system": False,
        "public_flags": 0,
        "flags": 0,
    }


def make_member(user: Mapping[str, Any], roles: list[str] | None = None) -> JSON:
    return {
        "user": dict(user),
        "nick": None,
        "avatar": None,
        "roles": list(roles or []),
        "joined_at": now_iso(),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
    }


def make_role(role_id: int, name: str, *, permissions: int, position: int = 0) -> JSON:
    return {
        "id": str(role_id),
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": str(permissions),
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def make_text_channel(channel_id: int, guild_id: int, name: str, position: int = 0) -> JSON:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(guild_id),
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "topic": None,
        "nsfw": False,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "parent_id": None,
        "flags": 0,
    }


def make_dm_channel(channel_id: int, recipient: Mapping[str, Any]) -> JSON:
    return {
        "id": str(channel_id),
        "type": 1,
        "last_message_id": None,
        "recipients": [dict(recipient)],
        "flags": 0,
    }


def make_guild(
    guild_id: int,
    name: str,
    *,
    owner_id: int,
    roles: list[JSON],
    channels: list[JSON],
    members: list[JSON],
) -> JSON:
    """A GUILD_CREATE payload. ``member_count`` always equals ``len(members)``."""
    return {
        "id": str(guild_id),
        "name": name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": "en-US",
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "vanity_url_code": None,
        "max_members": 500000,
        "max_video_channel_users": 25,
        "features": [],
        "emojis": [],
        "stickers": [],
        "roles": roles,
        "channels": channels,
        "threads": [],
        "members": members,
        "member_count": len(members),
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "large": False,
        "unavailable": False,
        "lazy": True,
        "joined_at": now_iso(),
        "application_id": None,
    }


def make_message(
    message_id: int,
    channel_id: int,
    author: Mapping[str, Any],
    body: Mapping[str, Any],
    *,
    guild_id: int | None = None,
    message_type: int = 0,
    mentions: list[JSON] | None = None,
    webhook_id: int | None = None,
) -> JSON:
    """A message object as Discord returns it, built from a request body."""
    attachments = []
    for attachment in body.get("attachments") or []:
        filename = str(attachment.get("filename", "file"))
        attachments.append(
            {
                "id": str(attachment.get("id", message_id)),
                "filename": filename,
                "size": int(attachment.get("size", 0)),
                "url": f"https://cdn.discordapp.invalid/attachments/{channel_id}/{filename}",
                "proxy_url": f"https://media.discordapp.invalid/attachments/{channel_id}/{filename}",
                "content_type": attachment.get("content_type"),
            }
        )
    message: JSON = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "type": message_type,
        "content": body.get("content") or "",
        "author": dict(author),
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": bool(body.get("tts") or False),
        "mention_everyone": False,
        "mentions": list(mentions or []),
        "mention_roles": [],
        "attachments": attachments,
        "embeds": [dict(e) for e in body.get("embeds") or []],
        "components": [dict(c) for c in body.get("components") or []],
        "reactions": [],
        "pinned": False,
        "flags": int(body.get("flags") or 0),
    }
    if guild_id is not None:
        message["guild_id"] = str(guild_id)
    if webhook_id is not None:
        message["webhook_id"] = str(webhook_id)
    reference = body.get("message_reference")
    if reference:
        message["message_reference"] = {
            "type": reference.get("type", 0),
            "message_id": str(reference.get("message_id")),
            "channel_id": str(reference.get("channel_id") or channel_id),
            **({"guild_id": str(guild_id)} if guild_id is not None else {}),
        }
        if message_type == 0:
            message["type"] = 19  # REPLY
    return message


def apply_edit(message: JSON, body: Mapping[str, Any]) -> JSON:
    """Apply a PATCH body (content/embeds/components/flags/attachments) to a stored message."""
    for key in ("content", "embeds", "components", "flags", "attachments"):
        if key in body:
            value = body[key]
            if key == "content":
                value = value or ""
            elif key == "flags":
                value = int(value or 0)
            elif value is None:
                value = []
            message[key] = value
    message["edited_timestamp"] = now_iso()
    return message


def iter_components(components: Any) -> list[JSON]:
    """All components (flattened through action rows, sections and containers)."""
    found: list[JSON] = []
    stack = list(components or [])
    while stack:
        component = stack.pop(0)
        if not isinstance(component, Mapping):
            continue
        found.append(dict(component))
        stack.extend(component.get("components") or [])
        accessory = component.get("accessory")
        if accessory:
            stack.append(accessory)
    return found
