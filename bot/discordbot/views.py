"""Buttons and selects under the bot's messages, with every piece of state in the custom_id.

Each component is a `discord.ui.DynamicItem`: its custom_id (stable, under 100 characters) says
what to do, and the bot registers the templates once with `add_dynamic_items`. A click therefore
works on any message the bot ever sent, also after a restart, and no view is kept in memory.
The items only parse the click; what happens is up to the bot's `ComponentHandler`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, cast

import discord

from bot.discordbot.i18n import t
from bot.discordbot.render import (
    BUTTON_LABEL,
    BUTTONS_PER_ROW,
    CUSTOM_ID,
    SELECT_OPTION_LABEL,
    SELECT_PLACEHOLDER,
    TopicPage,
    clip,
)
from bot.engine import Candidate, Language

log = logging.getLogger(__name__)

PREFIX = "ab"  # article bot
_LANG = r"(?P<lang>de|en)"
_PAIR = r"(?P<pair>[a-z0-9]+(?:-[a-z0-9]+)*)"
# Paragraph buttons beyond this many citations would crowd the message.
MAX_CONTEXT_BUTTONS = 3


# --- what a click asks for ----------------------------------------------------------------------


@dataclass(frozen=True)
class Pick:
    """Answer this pair (a did-you-mean button or a /topics entry)."""

    pair_id: str
    language: Language


@dataclass(frozen=True)
class Vote:
    """👍 (1) or 👎 (-1) on the answer of a pair."""

    pair_id: str
    language: Language
    vote: Literal[1, -1]


@dataclass(frozen=True)
class ShowContext:
    """Show a paragraph with its neighbours."""

    paragraph: int


@dataclass(frozen=True)
class TurnPage:
    """Show another page of /topics."""

    page: int
    language: Language


Action = Pick | Vote | ShowContext | TurnPage


class ComponentHandler(Protocol):
    """Carries out what a click asks for (the bot's Responder)."""

    async def on_component(self, interaction: discord.Interaction[Any], action: Action) -> None:
        """Respond to the click; never raises."""
        ...


class HasComponentHandler(Protocol):
    components: ComponentHandler


async def _dispatch(interaction: discord.Interaction[Any], action: Action) -> None:
    client = cast(HasComponentHandler, interaction.client)
    await client.components.on_component(interaction, action)


def _lang(value: str) -> Language:
    return "de" if value == "de" else "en"


# --- the items ----------------------------------------------------------------------------------


class PickButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=rf"{PREFIX}:pick:{_LANG}:{_PAIR}",
):
    """A suggested question; clicking answers it."""

    def __init__(self, pair_id: str, language: Language, label: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=clip(label, BUTTON_LABEL),
                style=discord.ButtonStyle.primary,
                custom_id=f"{PREFIX}:pick:{language}:{pair_id}",
            )
        )
        self.action = Pick(pair_id, language)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> PickButton:
        label = getattr(item, "label", None) or match["pair"]
        return cls(match["pair"], _lang(match["lang"]), label)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _dispatch(interaction, self.action)


class PickSelect(
    discord.ui.DynamicItem[discord.ui.Select[discord.ui.View]],
    template=rf"{PREFIX}:sel:{_LANG}:(?P<page>\d+)",
):
    """The questions of a /topics page; choosing one answers it."""

    def __init__(
        self,
        page: int,
        language: Language,
        options: Sequence[discord.SelectOption] = (),
        placeholder: str | None = None,
    ) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=f"{PREFIX}:sel:{language}:{page}",
                options=list(options),
                placeholder=placeholder,
                min_values=1,
                max_values=1,
            )
        )
        self.language = language

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> PickSelect:
        options = list(getattr(item, "options", []))
        return cls(int(match["page"]), _lang(match["lang"]), options)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        values = self.item.values
        if values:
            await _dispatch(interaction, Pick(values[0], self.language))


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=rf"{PREFIX}:vote:(?P<vote>up|down):{_LANG}:{_PAIR}",
):
    """👍 or 👎 under an answer."""

    def __init__(self, pair_id: str, language: Language, vote: Literal[1, -1], label: str) -> None:
        up = vote == 1
        super().__init__(
            discord.ui.Button(
                label=clip(label, BUTTON_LABEL),
                emoji="👍" if up else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"{PREFIX}:vote:{'up' if up else 'down'}:{language}:{pair_id}",
            )
        )
        self.action = Vote(pair_id, language, vote)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> VoteButton:
        vote: Literal[1, -1] = 1 if match["vote"] == "up" else -1
        label = getattr(item, "label", None) or ""
        return cls(match["pair"], _lang(match["lang"]), vote, label)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _dispatch(interaction, self.action)


class ContextButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=rf"{PREFIX}:ctx:(?P<n>\d+)",
):
    """'Show in context': the cited paragraph with its neighbours."""

    def __init__(self, paragraph: int, label: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=clip(label, BUTTON_LABEL),
                emoji="📄",
                style=discord.ButtonStyle.secondary,
                custom_id=f"{PREFIX}:ctx:{paragraph}",
            )
        )
        self.action = ShowContext(paragraph)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ContextButton:
        return cls(int(match["n"]), getattr(item, "label", None) or match["n"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _dispatch(interaction, self.action)


class PageButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=rf"{PREFIX}:page:{_LANG}:(?P<page>\d+):(?P<dir>p|n)",
):
    """Previous / next page of /topics (the direction keeps the two ids apart)."""

    def __init__(
        self, page: int, language: Language, direction: Literal["p", "n"], label: str
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=clip(label, BUTTON_LABEL),
                emoji="◀️" if direction == "p" else "▶️",
                style=discord.ButtonStyle.secondary,
                custom_id=f"{PREFIX}:page:{language}:{page}:{direction}",
            )
        )
        self.action = TurnPage(page, language)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> PageButton:
        direction: Literal["p", "n"] = "p" if match["dir"] == "p" else "n"
        label = getattr(item, "label", None) or ""
        return cls(int(match["page"]), _lang(match["lang"]), direction, label)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _dispatch(interaction, self.action)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    PickButton,
    PickSelect,
    VoteButton,
    ContextButton,
    PageButton,
)


# --- views --------------------------------------------------------------------------------------


def _fits(pair_id: str) -> bool:
    # The longest custom_id a pair id goes into: "ab:vote:down:de:<id>".
    if len(f"{PREFIX}:vote:down:de:{pair_id}") > CUSTOM_ID:
        log.warning("pair id %r is too long for a button; its buttons are left out", pair_id)
        return False
    return True


def _view() -> discord.ui.View:
    # No timeout: the items are dynamic, so nothing is kept per message anyway.
    return discord.ui.View(timeout=None)


def answer_view(
    pair_id: str, language: Language, paragraphs: Sequence[int], ui: Language
) -> discord.ui.View:
    """👍 / 👎 and 'show in context' for each cited paragraph."""
    view = _view()
    if _fits(pair_id):
        view.add_item(VoteButton(pair_id, language, 1, t("vote_up", ui)))
        view.add_item(VoteButton(pair_id, language, -1, t("vote_down", ui)))
    seen: list[int] = []
    for n in paragraphs:
        if n not in seen:
            seen.append(n)
    for n in seen[:MAX_CONTEXT_BUTTONS]:
        view.add_item(ContextButton(n, t("in_context", ui, n=n)))
    return view


def context_view(paragraph: int, ui: Language) -> discord.ui.View:
    """'Show in context' for a passage."""
    view = _view()
    view.add_item(ContextButton(paragraph, t("in_context", ui, n=paragraph)))
    return view


def pick_view(candidates: Sequence[Candidate], language: Language) -> discord.ui.View | None:
    """One button per candidate (did-you-mean, 'perhaps one of these'); None if there are none."""
    view = _view()
    for candidate in candidates[: BUTTONS_PER_ROW * 2]:
        if _fits(candidate.pair_id):
            view.add_item(PickButton(candidate.pair_id, language, candidate.question))
    return view if view.children else None


def topics_view(
    pages: Sequence[TopicPage], index: int, language: Language, ui: Language
) -> discord.ui.View:
    """A select with the page's questions, and previous/next buttons (wrapping around)."""
    view = _view()
    page = pages[index]
    options = [
        discord.SelectOption(label=clip(p.question[language], SELECT_OPTION_LABEL), value=p.id)
        for p in page.pairs
        if _fits(p.id)
    ]
    if options:
        view.add_item(
            PickSelect(index, language, options, clip(t("pick_question", ui), SELECT_PLACEHOLDER))
        )
    if len(pages) > 1:
        previous = (index - 1) % len(pages)
        following = (index + 1) % len(pages)
        view.add_item(PageButton(previous, language, "p", t("previous", ui)))
        view.add_item(PageButton(following, language, "n", t("next", ui)))
    return view
