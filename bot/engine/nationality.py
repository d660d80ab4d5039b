"""Whose it is: the peoples a question names, by a people's name or its adjective.

The entity tokens make a people's adjective its country ("die schwedischen Firmen" are about
Sweden), which is right for what a question is about and blind to whose it is: "wie viele
norwegische Firmen gibt es in Schweden" has the tokens of "wie viele schwedische Firmen gibt es
in Norwegen", "ethnic Danes" those of "ethnic Swedes" in Norway. The catalogue's
[nationalities] table (knowledge/aliases.toml) names each people with the words for it, nouns
and adjectives, a trailing `*` for any ending ("schwedisch*"). A question naming a people that a
pair never names (in its phrasings, answers and quotes), of a pair that names another, is for
that pair like a question naming a country it never names (`Scored.missing_entities`): the pair
may be offered, never given as the answer. A pair that names no people says nothing against it
("Norwegian oil" may well be the pair on Norway's oil).

What a pair names is found once per pair, when a question first names a people of it (as
qualifiers.py does): nothing is computed at load.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from bot.engine.knowledge import KnowledgeBase
from bot.engine.normalize import fold

_NOTHING: frozenset[str] = frozenset()
# What a pair is marked as missing when it is another people's.
PEOPLE = "people"


def _alternative(spelling: str) -> str:
    """A spelling as a regular expression for a whole word: a trailing `*` is any ending."""
    folded = fold(spelling.removesuffix("*"))
    return re.escape(folded) + (r"\w*" if spelling.endswith("*") else "")


def _pattern(table: Mapping[str, Sequence[str]]) -> re.Pattern[str] | None:
    """One expression for every people at once; group `n<i>` is the i-th people's."""
    groups = [
        f"(?P<n{index}>{'|'.join(sorted(map(_alternative, spellings), key=len, reverse=True))})"
        for index, spellings in enumerate(table.values())
        if spellings
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(groups) + r")(?!\w)") if groups else None


class Peoples:
    """The peoples of a knowledge base's catalogue: those a question names, those each pair
    names."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        table = kb.aliases.nationalities
        self._names = tuple(table)
        self._pattern = _pattern(table)
        self._of_pair: dict[int, frozenset[str]] = {}

    def of(self, folded: str) -> frozenset[str]:
        """The peoples a folded text (see normalize.fold) names."""
        if self._pattern is None:
            return _NOTHING
        groups = {m.lastgroup for m in self._pattern.finditer(folded)}
        return frozenset(self._names[int(g[1:])] for g in groups if g) if groups else _NOTHING

    def of_pair(self, index: int) -> frozenset[str]:
        """The peoples the pair at `index` names in its phrasings, answers or quotes."""
        found = self._of_pair.get(index)
        if found is None:
            pair = self._kb.pairs[index]
            texts = (
                *(text for _, text in pair.all_phrasings()),
                *pair.answer.values(),
                *(c.quote for c in pair.citations),
            )
            found = self._of_pair[index] = self.of(" ".join(map(fold, texts)))
        return found

    def missing(self, asked: frozenset[str]) -> Callable[[int], tuple[str, ...]]:
        """What a pair misses of the peoples a question names (see `contradicts`), by index."""

        def of_pair(index: int) -> tuple[str, ...]:
            return (PEOPLE,) if contradicts(asked, self.of_pair(index)) else ()

        return of_pair


def contradicts(asked: frozenset[str], named: frozenset[str]) -> bool:
    """A question naming peoples a pair never names, of a pair that names others."""
    return bool(asked - named) and bool(named - asked)
