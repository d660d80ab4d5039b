"""How the app commands are declared: names and descriptions from the catalogue, the translator
that gives Discord the other languages, and bounds known only at run time.

Commands are declared in English straight from the catalogue (`command_text`); at sync time the
`CatalogueTranslator` fills in every other language the catalogue has a table for.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.discordbot.locales import DECLARED, language_of
from bot.texts import t

T = TypeVar("T")
Callback = Callable[..., Coroutine[Any, Any, T]]


def command_text(key: str) -> app_commands.locale_str:
    """A command's name or description: the declared language's catalogue text, carrying its key
    for the translator."""
    return app_commands.locale_str(t(key, DECLARED), key=key)


def slash_command(
    key: str, *options: str
) -> Callable[[Callback[T]], app_commands.Command[Any, ..., T]]:
    """A slash command declared from the catalogue: its name is `cmd_<key>`, its description
    `cmd_<key>_desc`, and each option's name and description `cmd_<key>_<option>(_desc)`
    (`option` being the callback's parameter)."""

    def declare(callback: Callback[T]) -> app_commands.Command[Any, ..., T]:
        for option in options:
            name, description = f"cmd_{key}_{option}", f"cmd_{key}_{option}_desc"
            app_commands.rename(**{option: command_text(name)})(callback)
            app_commands.describe(**{option: command_text(description)})(callback)
        name, description = f"cmd_{key}", f"cmd_{key}_desc"
        return app_commands.command(name=command_text(name), description=command_text(description))(
            callback
        )

    return declare


class CatalogueTranslator(app_commands.Translator):
    """Names and descriptions of the commands in every catalogue language but the declared one."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        key = string.extras.get("key")
        lang = language_of(locale)
        if key is None or lang == DECLARED:
            return None
        return t(key, lang)


def set_option_max(command: app_commands.Command[Any, ..., Any], name: str, value: int) -> None:
    """Set the upper bound of option `name` (a length for text, a value for numbers)."""
    # The bound comes from settings or the article, known only at run time. A cog's command is
    # a per-instance copy with its own parameter dict, so this touches no other bot.
    params = command._params
    params[name] = dataclasses.replace(params[name], max_value=value)


class ManagersGroup(app_commands.Group):
    """A command group for server managers (`/kb`, `/config`): hidden by default from everyone
    without the manage permission, and checked again on use (a server can widen who sees a
    command, not who may run it). Named `cmd_<key>`, described by `cmd_<key>_desc`."""

    def __init__(self, key: str, manage_permission: discord.Permissions) -> None:
        super().__init__(
            name=command_text(f"cmd_{key}"),
            description=command_text(f"cmd_{key}_desc"),
            guild_only=True,
            default_permissions=manage_permission,
        )
        self.manage_permission = manage_permission

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        perms = interaction.permissions
        needed = self.manage_permission
        if perms.administrator or perms >= needed:
            return True
        missing = [name for name, value in needed if value]
        raise app_commands.MissingPermissions(missing)
