"""The one base of the bot's buttons and selects: a `DynamicItem` whose custom_id is a codec action.

A feature declares an item as `class VoteButton(ActionButton[Vote], action=Vote)` and writes its
`clicked`; the base registers the action's template, turns a click back into the action, and ends
any failure in a polite note and a log line. The feature registers its items with
`bot.add_dynamic_items` when it loads: a click then works on any message the bot ever sent, also
after a restart, and no view is kept in memory.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar

import discord

from bot.discordbot import codec
from bot.discordbot.locales import language_of
from bot.discordbot.render import BUTTON_LABEL, SELECT_PLACEHOLDER, clip
from bot.discordbot.sending import describe, tell
from bot.store import StoreUnavailable
from bot.texts import t

if TYPE_CHECKING:
    from bot.discordbot.client import ArticleBot

log = logging.getLogger(__name__)

A = TypeVar("A", bound=codec.Action)
ItemT = TypeVar("ItemT", bound=discord.ui.Item[Any])
Button = discord.ui.Button[discord.ui.View]
Select = discord.ui.Select[discord.ui.View]

# The template of the bases themselves: matches nothing, so a base can never take a click.
_NOTHING = re.compile(r"(?!)")


class ActionItem(discord.ui.DynamicItem[ItemT], Generic[ItemT, A], template=_NOTHING):
    """A component whose custom_id is `codec.encode(action)`; a click calls `clicked`."""

    action_type: ClassVar[type[Any] | None] = None

    def __init_subclass__(cls, *, action: type[codec.Action] | None = None) -> None:
        # Without `action` the class is another base (ActionButton, ActionSelect).
        super().__init_subclass__(template=_NOTHING if action is None else codec.template(action))
        cls.action_type = action

    def __init__(self, item: ItemT, action: A) -> None:
        super().__init__(item)
        self.action = action

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        if cls.action_type is None:
            raise TypeError(f"{cls.__name__} is a base, not an item")
        # The clicked item itself, as Discord sent it back: its labels are kept as they were.
        return cls(item, codec.read(cls.action_type, match))  # type: ignore[arg-type]

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await self.clicked(interaction)
        except StoreUnavailable as exc:
            # The database is down or locked for a moment: no traceback, a note to try again.
            log.warning(
                "store unavailable (%s, action=%r): %s", describe(interaction), self.action, exc
            )
            interaction.client.metrics.error("store_unavailable")
            await tell(interaction, t("store_unavailable", language_of(interaction.locale)))
        except Exception:
            log.exception("component failed (%s, action=%r)", describe(interaction), self.action)
            interaction.client.metrics.error("component")
            await tell(interaction, t("error", language_of(interaction.locale)))

    async def clicked(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """Carry out the click (a feature's handler)."""
        raise NotImplementedError

    @staticmethod
    def encode(action: codec.Action) -> str | None:
        """The custom_id for `action`, or None (logged) if it does not fit."""
        custom_id = codec.encode(action)
        if custom_id is None:
            log.warning("%r is too long for a custom_id; its component is left out", action)
        return custom_id


class ActionButton(ActionItem[Button, A]):
    """A button that carries an action."""

    @classmethod
    def make(
        cls,
        action: A,
        label: str,
        *,
        emoji: str | None = None,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> Self | None:
        """The button, or None if the action does not fit in a custom_id."""
        custom_id = cls.encode(action)
        if custom_id is None:
            return None
        button: Button = discord.ui.Button(
            label=clip(label, BUTTON_LABEL), emoji=emoji, style=style, custom_id=custom_id
        )
        return cls(button, action)


class ActionSelect(ActionItem[Select, A]):
    """A select that carries an action; the chosen option's value says the rest."""

    @classmethod
    def make(
        cls, action: A, options: Sequence[discord.SelectOption], placeholder: str
    ) -> Self | None:
        """The select, or None if the action does not fit in a custom_id or there are no options."""
        custom_id = cls.encode(action)
        if custom_id is None or not options:
            return None
        select: Select = discord.ui.Select(
            custom_id=custom_id,
            options=list(options),
            placeholder=clip(placeholder, SELECT_PLACEHOLDER),
            min_values=1,
            max_values=1,
        )
        return cls(select, action)


def view_of(items: Iterable[discord.ui.Item[Any] | None]) -> discord.ui.View | None:
    """A view of the items (None for one that did not fit is left out); None if there are none."""
    # No timeout: the items are dynamic, so nothing is kept per message anyway.
    view = discord.ui.View(timeout=None)
    for item in items:
        if item is not None:
            view.add_item(item)
    return view if view.children else None


async def answer_if_stale(interaction: discord.Interaction[ArticleBot]) -> None:
    """A click on one of our components that no item of this version takes (an older message,
    another version of the bot) gets a polite private note instead of "This interaction failed".
    """
    if interaction.type is not discord.InteractionType.component:
        return
    custom_id = interaction.data.get("custom_id") if interaction.data else None
    if not isinstance(custom_id, str) or not codec.is_stale(custom_id):
        return
    log.info("stale component (%s)", describe(interaction))
    interaction.client.metrics.stale_components.inc()
    await tell(interaction, t("stale_button", language_of(interaction.locale)))
