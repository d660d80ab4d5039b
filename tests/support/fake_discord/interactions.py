"""Interactions: building and dispatching INTERACTION_CREATE (slash commands, context menus,
autocomplete, components), and everything the bot answers them with: the callback (within the
acknowledgement deadline, once), followups, and the webhook routes of the response messages."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from . import payloads as p
from .commands import Commands
from .gateway import Gateway
from .messages import MessageRef, Messages, is_ephemeral
from .models import JSON, InteractionHandle
from .rest import DiscordError, Files, Reply, Request, Rest, body_dict
from .world import ALL_PERMISSIONS, EVERYONE_PERMISSIONS, World

MESSAGE_FLAG_LOADING = 1 << 7
CALLBACK = "/interactions/{interaction}/{token}/callback"

Options = Mapping[str, Any] | Sequence[JSON] | None
# Told of each callback as it arrives, before it is answered: (handle, body).
CallbackObserver = Callable[[InteractionHandle, JSON], None]


def _infer_option_type(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3


def _nest(options: list[JSON], subcommand: str | None) -> list[JSON]:
    parts = (subcommand or "").split()
    for index, part in enumerate(reversed(parts)):
        is_group = index == 1 and len(parts) == 2
        options = [{"name": part, "type": 2 if is_group else 1, "options": options}]
    return options


class Interactions:
    """``handles`` maps interaction ids to the :class:`InteractionHandle` of every dispatched
    interaction; ``ack_deadline`` is the seconds the bot has to acknowledge one."""

    def __init__(
        self,
        world: World,
        gateway: Gateway,
        messages: Messages,
        commands: Commands,
        *,
        ack_deadline: float,
    ) -> None:
        self.world = world
        self.gateway = gateway
        self.messages = messages
        self.commands = commands
        self.ack_deadline = ack_deadline
        self.handles: dict[int, InteractionHandle] = {}
        self.callback_observers: list[CallbackObserver] = []

    def register(self, rest: Rest) -> None:
        rest.add("POST", CALLBACK, self._callback, on_rejected=self._callback_rejected)
        rest.add("POST", "/webhooks/{app}/{token}", self._followup)
        message = "/webhooks/{app}/{token}/messages/{message}"
        rest.add("GET", message, self._get_webhook_message)
        rest.add("PATCH", message, self._edit_webhook_message)
        rest.add("DELETE", message, self._delete_webhook_message)

    # -- dispatching ---------------------------------------------------------------------------

    def _guild_for(self, guild: bool, channel_id: int | None) -> int | None:
        """The guild an interaction comes from: the channel's (the first guild's by default)."""
        if not guild:
            return None
        return self.world.guild_of(channel_id) if channel_id else self.world.guild_id

    async def command(
        self,
        name: str,
        options: Options,
        *,
        guild: bool,
        locale: str,
        user: Mapping[str, Any] | None,
        command_type: int,
        target_message: MessageRef | None,
        subcommand: str | None,
        channel_id: int | None = None,
    ) -> InteractionHandle:
        world = self.world
        guild_id = self._guild_for(guild, channel_id)
        command, is_guild_command = self.commands.find(name, command_type, guild_id)
        data: JSON = {
            "id": str(command["id"]) if command else str(world.ids.next()),
            "name": name,
            "type": command_type,
        }
        if guild_id is not None and is_guild_command:
            data["guild_id"] = str(guild_id)
        resolved: JSON = {}
        if command_type == 1:
            defs = self.commands.option_defs(command, subcommand)
            data["options"] = _nest(self._build_options(options, defs, resolved), subcommand)
        elif command_type == 3:
            if target_message is None:
                raise ValueError("command_type=3 needs target_message")
            target = self.messages.resolve(target_message)
            data["target_id"] = target["id"]
            resolved["messages"] = {target["id"]: target}
        elif command_type == 2:
            target_user = dict(user or world.user)
            data["target_id"] = target_user["id"]
            self._resolve_option(6, target_user, resolved)
        if resolved:
            data["resolved"] = resolved
        payload = self._base_interaction(
            2, data, guild=guild, user=user, locale=locale, channel_id=channel_id
        )
        return await self._dispatch(payload)

    async def autocomplete(
        self,
        name: str,
        options: Mapping[str, Any],
        *,
        focused: str | None,
        guild: bool,
        locale: str,
        user: Mapping[str, Any] | None,
        subcommand: str | None,
        channel_id: int | None = None,
    ) -> InteractionHandle:
        if not options:
            raise ValueError("autocomplete needs at least the focused option")
        world = self.world
        focused = focused or list(options)[-1]
        guild_id = self._guild_for(guild, channel_id)
        command, is_guild_command = self.commands.find(name, 1, guild_id)
        data: JSON = {
            "id": str(command["id"]) if command else str(world.ids.next()),
            "name": name,
            "type": 1,
        }
        if guild_id is not None and is_guild_command:
            data["guild_id"] = str(guild_id)
        resolved: JSON = {}
        defs = self.commands.option_defs(command, subcommand)
        built = self._build_options(options, defs, resolved, focused=focused)
        data["options"] = _nest(built, subcommand)
        if resolved:
            data["resolved"] = resolved
        payload = self._base_interaction(4, data, guild=guild, user=user, locale=locale)
        return await self._dispatch(payload)

    async def component(
        self,
        message: MessageRef,
        custom_id: str,
        values: Sequence[str] | None,
        component_type: int | None,
        *,
        user: Mapping[str, Any] | None,
        locale: str,
    ) -> InteractionHandle:
        stored = self.messages.resolve(message)
        components = p.iter_components(stored.get("components"))
        found = next((c for c in components if c.get("custom_id") == custom_id), None)
        if found is None:
            known = [c.get("custom_id") for c in components if c.get("custom_id")]
            raise ValueError(f"no component {custom_id!r} on message {stored['id']}; has {known}")
        kind = component_type or int(found.get("type", 2))
        data: JSON = {"custom_id": custom_id, "component_type": kind}
        if values is not None or kind in (3, 5, 6, 7, 8):
            data["values"] = list(values or [])
        return await self.component_with_data(stored, data, user=user, locale=locale)

    async def component_with_data(
        self,
        message: MessageRef,
        data: JSON,
        *,
        user: Mapping[str, Any] | None,
        locale: str,
    ) -> InteractionHandle:
        """A component interaction (type 3) on ``message`` whose ``data`` is exactly ``data``,
        unchecked: for malformed ones (no ``custom_id``, say), which Discord should never send."""
        stored = self.messages.resolve(message)
        channel_id = int(stored["channel_id"])
        in_guild = self.world.guild_of(channel_id) is not None
        payload = self._base_interaction(
            3, dict(data), guild=in_guild, user=user, locale=locale, channel_id=channel_id
        )
        payload["message"] = stored
        return await self._dispatch(payload)

    async def _dispatch(self, payload: JSON) -> InteractionHandle:
        guild_id = int(payload["guild_id"]) if "guild_id" in payload else None
        session = await self.gateway.session_for(guild_id)
        handle = InteractionHandle(payload, self.messages.store)
        self.handles[handle.id] = handle
        await session.dispatch("INTERACTION_CREATE", payload)
        return handle

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
        world = self.world
        user = dict(user or world.user)
        payload: JSON = {
            "id": str(world.ids.next()),
            "application_id": str(world.app_id),
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
            channel = world.channels[channel_id or world.channel_id]
            guild_id = int(channel["guild_id"])
            member = world.member_of(int(user["id"]))
            if member is None:
                member = p.make_member(user)
            perms = ALL_PERMISSIONS if int(user["id"]) == world.owner_id else EVERYONE_PERMISSIONS
            payload.update(
                guild_id=str(guild_id),
                guild={"id": str(guild_id), "locale": "en-US", "features": []},
                guild_locale="en-US",
                channel_id=channel["id"],
                channel=dict(channel),
                member={**member, "user": user, "permissions": str(perms)},
                context=0,
                authorizing_integration_owners={"0": str(guild_id)},
            )
        else:
            channel = world.dm_channel_for(user)
            if channel_id is not None:
                channel = world.channels[channel_id]
            payload.update(
                channel_id=channel["id"],
                channel=dict(channel),
                user=user,
                context=1,
                authorizing_integration_owners={"0": str(world.app_id)},
            )
        return payload

    def _build_options(
        self,
        values: Options,
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
        world = self.world
        object_id = int(value["id"]) if isinstance(value, Mapping) else int(value)
        if object_id in world.users and kind in (6, 9):
            resolved.setdefault("users", {})[str(object_id)] = world.users[object_id]
            member = world.member_of(object_id)
            if member is not None:
                entry = {k: v for k, v in member.items() if k != "user"}
                resolved.setdefault("members", {})[str(object_id)] = {
                    **entry,
                    "permissions": str(EVERYONE_PERMISSIONS),
                }
        elif object_id in world.channels and kind == 7:
            channel = world.channels[object_id]
            resolved.setdefault("channels", {})[str(object_id)] = {
                "id": channel["id"],
                "name": channel.get("name"),
                "type": channel["type"],
                "permissions": str(ALL_PERMISSIONS),
            }
        else:
            for role in world.roles:
                if int(role["id"]) == object_id:
                    resolved.setdefault("roles", {})[str(object_id)] = role
        return str(object_id)

    # -- REST: the callback --------------------------------------------------------------------

    def _handle_for_callback(self, req: Request) -> InteractionHandle | None:
        raw_id = req.params["interaction"]
        return self.handles.get(int(raw_id)) if raw_id.isdigit() else None

    def _callback_rejected(self, req: Request) -> None:
        """A callback whose body failed validation still counts as an attempt (status 400)."""
        handle = self._handle_for_callback(req)
        if handle is not None:
            handle._record_callback(400, req.body)

    async def _callback(self, req: Request) -> Reply:
        handle = self._handle_for_callback(req)
        if handle is None or handle.token != req.params["token"]:
            raise DiscordError(404, 10062, "Unknown interaction")
        body = body_dict(req)
        for observe in self.callback_observers:
            observe(handle, body)
        try:
            reply = self._acknowledge(handle, body, req.files)
        except DiscordError as err:
            handle._record_callback(err.status, body)
            raise
        handle._record_callback(200, body)
        return reply

    def _acknowledge(self, handle: InteractionHandle, body: JSON, files: Files) -> Reply:
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
        messages = self.messages
        if kind in (4, 5):
            content = messages.attachments(dict(data or {}), files)
            if kind == 5:
                content = {"flags": int((data or {}).get("flags") or 0) | MESSAGE_FLAG_LOADING}
            message_type = 20 if payload["type"] == 2 else 0
            message = self._response_message(handle, content, message_type=message_type)
            handle.original_message_id = int(message["id"])
            messages.echo("MESSAGE_CREATE", message)
        elif kind in (6, 7) and "message" in payload:
            handle.original_message_id = int(payload["message"]["id"])
            message = messages.store.get(handle.original_message_id)
            if kind == 7 and message is not None:
                p.apply_edit(message, messages.attachments(dict(data or {}), files))
                messages.echo("MESSAGE_UPDATE", message)
        elif kind not in (1, 8, 9):
            raise DiscordError(400, 50035, "Invalid interaction response type")
        if message is not None:
            interaction["response_message_id"] = message["id"]
            interaction["response_message_loading"] = kind == 5
            interaction["response_message_ephemeral"] = is_ephemeral(message)
            if kind != 6:
                result["resource"] = {"type": kind, "message": message}
        handle._acknowledge(body)
        return Reply(200, result)

    def _response_message(
        self, handle: InteractionHandle, body: JSON, *, message_type: int
    ) -> JSON:
        """Store a message the bot sends in answer to an interaction (response or followup)."""
        world = self.world
        payload = handle.payload
        user = payload.get("member", {}).get("user") or payload.get("user") or {}
        channel_id = int(payload["channel_id"])
        message = p.make_message(
            world.ids.next(),
            channel_id,
            world.bot_user,
            body,
            guild_id=int(payload["guild_id"]) if "guild_id" in payload else None,
            message_type=message_type,
            webhook_id=world.app_id,
        )
        message["application_id"] = str(world.app_id)
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
        self.messages.store[int(message["id"])] = message
        return message

    # -- REST: followups and the response messages ---------------------------------------------

    def _handle_by_token(self, app: str, token: str) -> InteractionHandle:
        if app == str(self.world.app_id):
            for handle in self.handles.values():
                if handle.token == token:
                    return handle
        raise DiscordError(404, 10015, "Unknown Webhook")

    async def _followup(self, req: Request) -> Reply:
        handle = self._handle_by_token(req.params["app"], req.params["token"])
        if not handle.acknowledged:
            raise DiscordError(404, 10015, "Unknown Webhook")
        body = body_dict(req)
        handle.followups.append(body)
        messages = self.messages
        original = handle.message
        if handle.loading and original is not None:
            # The first followup after a "thinking" defer replaces the loading message.
            handle.loading = False
            flags = int(original.get("flags") or 0) & ~MESSAGE_FLAG_LOADING
            edit = messages.attachments(body, req.files)
            p.apply_edit(original, {**edit, "flags": int(body.get("flags") or 0) | flags})
            message = original
            messages.echo("MESSAGE_UPDATE", message)
        else:
            message = self._response_message(
                handle, messages.attachments(body, req.files), message_type=0
            )
            messages.echo("MESSAGE_CREATE", message)
        handle._resolve_final(body)
        if str(req.query.get("wait", "")).lower() in ("1", "true"):
            return Reply(200, message)
        return Reply(204)

    def _webhook_message(self, req: Request) -> tuple[InteractionHandle, JSON]:
        handle = self._handle_by_token(req.params["app"], req.params["token"])
        raw = req.params["message"]
        if raw == "@original":
            message = handle.message
        else:
            message = self.messages.store.get(int(raw)) if raw.isdigit() else None
        if message is None:
            raise DiscordError(404, 10008, "Unknown Message")
        return handle, message

    async def _get_webhook_message(self, req: Request) -> Reply:
        return Reply(200, self._webhook_message(req)[1])

    async def _edit_webhook_message(self, req: Request) -> Reply:
        handle, message = self._webhook_message(req)
        body = body_dict(req)
        edit = dict(body)
        if int(message["id"]) == handle.original_message_id:
            handle.edits.append(body)
            flags = int(message.get("flags") or 0) & ~MESSAGE_FLAG_LOADING
            edit["flags"] = int(body.get("flags") or 0) | flags
            handle.loading = False
            handle._resolve_final(body)
        p.apply_edit(message, self.messages.attachments(edit, req.files))
        self.messages.echo("MESSAGE_UPDATE", message)
        return Reply(200, message)

    async def _delete_webhook_message(self, req: Request) -> Reply:
        _, message = self._webhook_message(req)
        self.messages.delete(message)
        return Reply(204)
