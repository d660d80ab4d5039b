"""One message to send, and the ways the bot sends it: the response to an interaction, a private
note, the same line of context in every log about an interaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import discord

from bot.discordbot.render import MESSAGE_CONTENT, clip

log = logging.getLogger(__name__)


@dataclass
class Reply:
    """One message to send."""

    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    ephemeral: bool = False
    # Embeds after `embed` in the same message (an answer to a message that asked two things).
    more_embeds: tuple[discord.Embed, ...] = ()

    def with_note(self, note: str | None) -> Reply:
        """This reply with a line of text above it."""
        if note:
            text = f"{note}\n{self.content}" if self.content else note
            self.content = clip(text, MESSAGE_CONTENT)
        return self

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for send_message / followup.send / Message.reply."""
        out: dict[str, Any] = {}
        if self.content:
            out["content"] = self.content
        if self.embed is not None and self.more_embeds:
            out["embeds"] = [self.embed, *self.more_embeds]
        elif self.embed is not None:
            out["embed"] = self.embed
        if self.view is not None:
            out["view"] = self.view
        return out


async def send(interaction: discord.Interaction[Any], reply: Reply) -> None:
    """Send `reply` as the interaction's response, or as a followup if it was acknowledged."""
    if interaction.response.is_done():
        await interaction.followup.send(ephemeral=reply.ephemeral, **reply.kwargs())
    else:
        await interaction.response.send_message(ephemeral=reply.ephemeral, **reply.kwargs())


async def tell(interaction: discord.Interaction[Any], text: str) -> None:
    """A private note to the user, whether or not the interaction was acknowledged yet."""
    try:
        await send(interaction, Reply(content=text, ephemeral=True))
    except discord.HTTPException as exc:
        log.warning("could not tell the user (%s): %s", describe(interaction), exc)


def describe(interaction: discord.Interaction[Any]) -> str:
    """Who, where and what, for log lines (ids only: no message text, no tokens)."""
    what = interaction.command.qualified_name if interaction.command else None
    if what is None and isinstance(interaction.data, dict):
        what = str(interaction.data.get("custom_id") or interaction.data.get("name") or "?")
    return (
        f"interaction={interaction.id} type={interaction.type.name} what={what} "
        f"user={interaction.user.id} guild={interaction.guild_id} channel={interaction.channel_id}"
    )
