"""The knowledge base as plain values: the article, its paragraphs, topics and curated pairs."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

Language = Literal["de", "en", "ru"]
LANGUAGES: tuple[Language, ...] = ("de", "en", "ru")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Loading and indexing knowledge makes millions of small objects and no garbage with
    cycles: meanwhile the cyclic garbage collector is paused (its passes over every object made
    so far cost more the more there are: a third of building 100,000 phrasings). Nested uses
    pause it once; it runs again as it did when the outermost one ends.

    What was made meanwhile lives long (an index, a knowledge base): it is then put with the
    oldest objects, as if it had lived through the collections it skipped, instead of being
    walked by the next one at once (a tenth of a second at 100,000 phrasings); the next full
    collection walks it, as it would have. (Done by freezing everything and thawing it into the
    oldest generation; not when something is frozen already, which must stay so.)"""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        gc.enable()


class ParagraphKind(Enum):
    """What a block of the article is: only content paragraphs are answer passages."""

    CONTENT = "content"
    HEADING = "heading"
    CAPTION = "caption"


@dataclass(frozen=True)
class Paragraph:
    """One block of the article, numbered from 1 in reading order."""

    number: int
    text: str
    kind: ParagraphKind
    # Offset of the paragraph's first character in the article text.
    start: int


@dataclass(frozen=True)
class Citation:
    """A verbatim quote from the article and the number of the paragraph it comes from; the
    loader found it there, and only there."""

    paragraph: int
    quote: str


@dataclass(frozen=True)
class Topic:
    """A group of pairs, labelled in every language."""

    id: str
    label: dict[Language, str] = field(hash=False, compare=False)


@dataclass(frozen=True)
class QAPair:
    """A curated question with its phrasings, answers and citations."""

    id: str
    topic: str
    question: dict[Language, str] = field(hash=False, compare=False)
    phrasings: dict[Language, tuple[str, ...]] = field(hash=False, compare=False)
    answer: dict[Language, str] = field(hash=False, compare=False)
    citations: tuple[Citation, ...]
    source_file: str

    def all_phrasings(self) -> list[tuple[Language, str]]:
        """The canonical questions and every other phrasing, each with its language."""
        out: list[tuple[Language, str]] = []
        for lang in LANGUAGES:
            out.append((lang, self.question[lang]))
            out += [(lang, p) for p in self.phrasings[lang]]
        return out

    def everything_said(self) -> tuple[str, ...]:
        """Every text the pair says: its phrasings, answers and quotes (what a question's
        qualifier or people must be found in for the pair to stand for it)."""
        return (
            *(text for _, text in self.all_phrasings()),
            *self.answer.values(),
            *(c.quote for c in self.citations),
        )


@dataclass(frozen=True)
class Article:
    """The article: metadata and its numbered paragraphs."""

    id: str
    title: dict[Language, str] = field(hash=False, compare=False)
    title_is_editorial: bool
    date: str
    language: Language
    source: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    implicit_entities: frozenset[str]
    # The article's own words for the front ends (texts.toml): per language, key -> text, at
    # least "subject" (what the article is about, for greetings and help) and "example" (a
    # question to try).
    texts: dict[Language, dict[str, str]] = field(default_factory=dict, hash=False, compare=False)
    # The article text's file as problems name it ("knowledge/<article>/article.txt").
    source_file: str = ""

    def paragraph(self, number: int) -> Paragraph | None:
        """The paragraph with this 1-based number, or None."""
        if 1 <= number <= len(self.paragraphs):
            return self.paragraphs[number - 1]
        return None

    @property
    def content_paragraphs(self) -> tuple[Paragraph, ...]:
        """The paragraphs that can be answer passages."""
        return tuple(p for p in self.paragraphs if p.kind is ParagraphKind.CONTENT)


@dataclass(frozen=True)
class Aliases:
    """Spellings people use, mapped to one canonical token."""

    # canonical entity -> spellings (lower-case, may hold several words)
    entities: dict[str, tuple[str, ...]] = field(hash=False, compare=False)
    # canonical token -> words that mean the same here
    synonyms: dict[str, tuple[str, ...]] = field(hash=False, compare=False)
    # a people -> the words naming it or its adjective ("russisch*"; see contrasts.py)
    nationalities: dict[str, tuple[str, ...]] = field(
        default_factory=dict, hash=False, compare=False
    )
    # a kind -> canonical tokens of things of that kind, which exclude each other (contrasts.py)
    contrasts: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the engine answers from: one article, its topics, pairs and aliases."""

    article: Article
    topics: tuple[Topic, ...]
    pairs: tuple[QAPair, ...]
    aliases: Aliases
    # Pair id -> the (first) pair with it: thousands of pairs are not searched for one.
    _pairs_by_id: dict[str, QAPair] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, QAPair] = {}
        for p in self.pairs:
            by_id.setdefault(p.id, p)
        object.__setattr__(self, "_pairs_by_id", by_id)

    def pair(self, pair_id: str) -> QAPair | None:
        """The pair with this id, or None."""
        return self._pairs_by_id.get(pair_id)

    def topic(self, topic_id: str) -> Topic | None:
        """The topic with this id, or None."""
        for t in self.topics:
            if t.id == topic_id:
                return t
        return None

    def pairs_citing(self, paragraph: int) -> tuple[QAPair, ...]:
        """The pairs with a citation from this paragraph."""
        return tuple(p for p in self.pairs if any(c.paragraph == paragraph for c in p.citations))

    def uncited_paragraphs(self) -> tuple[Paragraph, ...]:
        """Content paragraphs that no pair cites (the coverage gap)."""
        cited = {c.paragraph for p in self.pairs for c in p.citations}
        return tuple(p for p in self.article.content_paragraphs if p.number not in cited)
