"""The application commands the bot registered, globally and for the guild, with their REST
routes (list, bulk overwrite, create, get, edit, delete)."""

from __future__ import annotations

from .models import JSON
from .rest import DiscordError, Reply, Request, Rest
from .world import World


class Commands:
    """``global_commands``: the global commands; ``guild_commands``: per guild id."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.global_commands: list[JSON] = []
        self.guild_commands: dict[int, list[JSON]] = {}

    def find(
        self, name: str, command_type: int, guild_id: int | None = None
    ) -> tuple[JSON | None, bool]:
        """The registered command (one of ``guild_id``, the first guild by default, first) and
        whether it is a guild command."""
        guild_id = self.world.guild_id if guild_id is None else guild_id
        for command in self.guild_commands.get(guild_id, []):
            if command["name"] == name and int(command.get("type", 1)) == command_type:
                return command, True
        for command in self.global_commands:
            if command["name"] == name and int(command.get("type", 1)) == command_type:
                return command, False
        return None, False

    @staticmethod
    def option_defs(command: JSON | None, subcommand: str | None) -> list[JSON]:
        """The option definitions of ``command`` (or of its ``"sub"`` / ``"group sub"``)."""
        options: list[JSON] = list((command or {}).get("options") or [])
        for part in (subcommand or "").split():
            found = next((o for o in options if o.get("name") == part), None)
            options = list((found or {}).get("options") or [])
        return options

    # -- REST ----------------------------------------------------------------------------------

    def register(self, rest: Rest) -> None:
        for prefix in (
            "/applications/{app}/commands",
            "/applications/{app}/guilds/{guild}/commands",
        ):
            rest.add("GET", prefix, self._list_commands)
            rest.add("PUT", prefix, self._put_commands)
            rest.add("POST", prefix, self._post_command)
            rest.add("GET", prefix + "/{command}", self._get_command)
            rest.add("PATCH", prefix + "/{command}", self._patch_command)
            rest.add("DELETE", prefix + "/{command}", self._delete_command)

    def _command_list(self, req: Request) -> tuple[list[JSON], int | None]:
        if req.params["app"] != str(self.world.app_id):
            raise DiscordError(403, 50001, "Missing Access")
        guild = req.params.get("guild")
        if guild is None:
            return self.global_commands, None
        self.world.check_guild(guild)
        return self.guild_commands.setdefault(int(guild), []), int(guild)

    def _stored_command(self, body: JSON, guild_id: int | None, existing: list[JSON]) -> JSON:
        kind = int(body.get("type") or 1)
        previous = next(
            (c for c in existing if c["name"] == body.get("name") and c["type"] == kind), None
        )
        perms = body.get("default_member_permissions")
        ids = self.world.ids
        command: JSON = {
            "id": previous["id"] if previous else str(ids.next()),
            "application_id": str(self.world.app_id),
            "version": str(ids.next()),
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

    async def _list_commands(self, req: Request) -> Reply:
        commands, _ = self._command_list(req)
        return Reply(200, commands)

    async def _put_commands(self, req: Request) -> Reply:
        commands, guild_id = self._command_list(req)
        new = [self._stored_command(c, guild_id, commands) for c in req.body or []]
        commands[:] = new
        return Reply(200, new)

    async def _post_command(self, req: Request) -> Reply:
        commands, guild_id = self._command_list(req)
        command = self._stored_command(req.body or {}, guild_id, commands)
        for index, existing in enumerate(commands):
            if existing["id"] == command["id"]:
                commands[index] = command
                return Reply(200, command)
        commands.append(command)
        return Reply(201, command)

    def _command_by_id(self, req: Request) -> tuple[list[JSON], int | None, int]:
        commands, guild_id = self._command_list(req)
        for index, command in enumerate(commands):
            if command["id"] == req.params["command"]:
                return commands, guild_id, index
        raise DiscordError(404, 10063, "Unknown application command")

    async def _get_command(self, req: Request) -> Reply:
        commands, _, index = self._command_by_id(req)
        return Reply(200, commands[index])

    async def _patch_command(self, req: Request) -> Reply:
        commands, guild_id, index = self._command_by_id(req)
        merged = {**commands[index], **(req.body or {})}
        commands[index] = self._stored_command(merged, guild_id, commands)
        return Reply(200, commands[index])

    async def _delete_command(self, req: Request) -> Reply:
        commands, _, index = self._command_by_id(req)
        del commands[index]
        return Reply(204)
