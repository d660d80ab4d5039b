"""Every custom_id and autocomplete value the bot writes, and reading them back.

A component keeps its whole state in its custom_id, so a click works on any message the bot ever
sent, also after a restart. The layouts below are therefore an interface: messages already out
there carry them, and changing one breaks their buttons. Each action is a frozen value with its
`LAYOUT`; `encode` writes it (None if it would be too long for Discord), `parse` and `read` turn a
string or a template match back into the value, `template` is the pattern a `DynamicItem`
registers.
"""

from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, TypeVar

from bot.discordbot.render import CHOICE_VALUE, CUSTOM_ID
from bot.engine import LANGUAGES, Language


class _Layout:
    """How an action is written: `layout` with a {field} per field, at most `limit` characters."""

    LAYOUT: ClassVar[str]
    LIMIT: ClassVar[int]

    def __init_subclass__(cls, *, layout: str, limit: int = CUSTOM_ID) -> None:
        super().__init_subclass__()
        cls.LAYOUT = layout
        cls.LIMIT = limit


# What several actions are about (their fields come first, in this order, in every layout).


@dataclass(frozen=True)
class _OfPair:
    """About the answer of a pair, in a language."""

    pair_id: str
    language: Language


@dataclass(frozen=True)
class _OfTopicsPage:
    """About a page of /topics, in a language."""

    page: int
    language: Language


@dataclass(frozen=True)
class _OfReviewGroup:
    """About review group `group`, shown at `page` of the queue."""

    page: int
    group: str


# The actions.


@dataclass(frozen=True)
class Pick(_OfPair, _Layout, layout="ab:pick:{language}:{pair_id}"):
    """Answer this pair (a did-you-mean button, a 'perhaps one of these' button)."""


@dataclass(frozen=True)
class Vote(_OfPair, _Layout, layout="ab:vote:{vote}:{language}:{pair_id}"):
    """👍 (1) or 👎 (-1) on the answer of a pair."""

    vote: Literal[1, -1]


@dataclass(frozen=True)
class ShowContext(_Layout, layout="ab:ctx:{paragraph}"):
    """Show a paragraph with its neighbours."""

    paragraph: int


@dataclass(frozen=True)
class TurnPage(_OfTopicsPage, _Layout, layout="ab:page:{language}:{page}:{direction}"):
    """Show another page of /topics; the direction only keeps the two buttons' ids apart."""

    direction: Literal["p", "n"]


@dataclass(frozen=True)
class ChooseOnPage(_OfTopicsPage, _Layout, layout="ab:sel:{language}:{page}"):
    """The select of a /topics page: the chosen option's value is the pair id."""


@dataclass(frozen=True)
class PairChoice(_OfPair, _Layout, layout="pair:{language}:{pair_id}", limit=CHOICE_VALUE):
    """An autocomplete suggestion of /ask: choosing it asks for that pair, not for the words."""


@dataclass(frozen=True)
class ReviewAttach(_OfReviewGroup, _Layout, layout="ab:rv:att:{page}:{group}:{pair_id}"):
    """Attach the review group to a pair."""

    pair_id: str


@dataclass(frozen=True)
class ReviewChoose(_OfReviewGroup, _Layout, layout="ab:rv:sel:{page}:{group}"):
    """The select of another pair for the review group: the chosen value is the pair id."""


@dataclass(frozen=True)
class ReviewDismiss(_OfReviewGroup, _Layout, layout="ab:rv:dis:{page}:{group}"):
    """Dismiss the review group (not about the article)."""


@dataclass(frozen=True)
class ReviewSkip(_Layout, layout="ab:rv:skip:{page}"):
    """Show the review group after the one at `page`."""

    page: int


Action = (
    Pick
    | Vote
    | ShowContext
    | TurnPage
    | ChooseOnPage
    | PairChoice
    | ReviewAttach
    | ReviewChoose
    | ReviewDismiss
    | ReviewSkip
)
A = TypeVar("A", bound=Action)
# Every component's custom_id starts so, in every version of the bot that ever sent one.
COMPONENT_PREFIX = "ab:"
# The actions that live in a component (PairChoice is an autocomplete value).
COMPONENTS: tuple[type[Action], ...] = (
    Pick,
    Vote,
    ShowContext,
    TurnPage,
    ChooseOnPage,
    ReviewAttach,
    ReviewChoose,
    ReviewDismiss,
    ReviewSkip,
)


@dataclass(frozen=True)
class _Field:
    pattern: str
    read: Callable[[str], Any]
    write: Callable[[Any], str]


def _language(value: str) -> Language:
    return next(lang for lang in LANGUAGES if lang == value)


# How each field of an action is written; the pattern is all a template accepts for it.
_FIELDS: dict[str, _Field] = {
    "language": _Field("|".join(LANGUAGES), _language, str),
    "pair_id": _Field(r"[a-z0-9]+(?:-[a-z0-9]+)*", str, str),
    "paragraph": _Field(r"\d+", int, str),
    "page": _Field(r"\d+", int, str),
    "vote": _Field(
        "up|down", lambda s: 1 if s == "up" else -1, lambda v: "up" if v == 1 else "down"
    ),
    "direction": _Field("p|n", str, str),
    # A review group's id (bot.curation.queue.group_id).
    "group": _Field(r"[0-9a-f]{10}", str, str),
}


@dataclass(frozen=True)
class _Spec:
    template: re.Pattern[str]
    fields: tuple[tuple[str, _Field], ...]


def _spec(kind: type[Action]) -> _Spec:
    parts = []
    written = []
    for text, name, _, _ in string.Formatter().parse(kind.LAYOUT):
        parts.append(re.escape(text))
        if name:
            parts.append(f"(?P<{name}>{_FIELDS[name].pattern})")
            written.append(name)
    names = [f.name for f in dataclasses.fields(kind)]
    if sorted(written) != sorted(names):  # a layout writes each field once, or reads back less
        raise TypeError(f"{kind.__name__}.LAYOUT writes {written}, its fields are {names}")
    return _Spec(re.compile("".join(parts)), tuple((n, _FIELDS[n]) for n in names))


# Worked out once: encoding runs for every button of every answer.
_SPECS: dict[type[Any], _Spec] = {kind: _spec(kind) for kind in (*COMPONENTS, PairChoice)}


def template(kind: type[Any]) -> re.Pattern[str]:
    """The pattern of `kind`'s strings, a named group per field (what a DynamicItem registers)."""
    return _SPECS[kind].template


def encode(action: Action) -> str | None:
    """The string for `action`; None if it is longer than Discord takes (a very long pair id)."""
    fields = _SPECS[type(action)].fields
    text = action.LAYOUT.format_map({n: f.write(getattr(action, n)) for n, f in fields})
    return text if len(text) <= action.LIMIT else None


def read(kind: type[A], match: re.Match[str]) -> A:
    """The action from a match of `template(kind)`."""
    return kind(**{n: f.read(match[n]) for n, f in _SPECS[kind].fields})


def parse(kind: type[A], text: str) -> A | None:
    """The action `text` encodes, or None if it is not one of `kind`'s strings."""
    match = template(kind).fullmatch(text)
    return read(kind, match) if match is not None else None


def is_stale(custom_id: str) -> bool:
    """Whether `custom_id` is one of ours that this version cannot read (an older message, another
    version): it has our prefix and fits no component's layout."""
    return custom_id.startswith(COMPONENT_PREFIX) and not any(
        template(kind).fullmatch(custom_id) for kind in COMPONENTS
    )
