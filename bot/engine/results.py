"""What asking a question can come to. Every front end renders exactly these values.

A result says what happened; no exception is raised for a question the article cannot answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.engine.knowledge import Citation, Language, Paragraph

ResultKind = Literal["answer", "suggestions", "passage", "none", "smalltalk"]
NoAnswerReason = Literal["empty", "out_of_scope", "unreadable"]
SmallTalkIntent = Literal["greeting", "thanks", "help", "goodbye"]


@dataclass(frozen=True)
class Candidate:
    """A curated pair matched to a question: its id, its title question, its score (0-100)."""

    pair_id: str
    # The pair's title question, in the language of the reply.
    question: str
    # 0-100: how well the pair fits the question (100 for a pair picked by id).
    score: float


@dataclass(frozen=True)
class _Asked:
    """What every result carries: the question as asked, and the language to reply in."""

    question: str
    language: Language


@dataclass(frozen=True)
class AnswerPart:
    """One thing a message asked, answered: the pair, its answer, the passages it rests on."""

    match: Candidate
    answer: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Answered(_Asked):
    """The best pair fits: its answer in the question's language and the passages it rests on.

    A message that asks several things the article answers has them all: the first in `match`,
    `answer` and `citations`, the others in `more`, in the order asked (`parts` gives them all).
    `unanswered` holds the questions of the message the article does not answer."""

    match: Candidate
    answer: str
    citations: tuple[Citation, ...]
    more: tuple[AnswerPart, ...] = ()
    unanswered: tuple[str, ...] = ()
    kind: Literal["answer"] = "answer"

    @property
    def parts(self) -> tuple[AnswerPart, ...]:
        """Every part answered, the first first."""
        return (AnswerPart(self.match, self.answer, self.citations), *self.more)

    @property
    def all_citations(self) -> tuple[Citation, ...]:
        """The citations of every part, each once, in the order of the parts."""
        return tuple(dict.fromkeys(c for part in self.parts for c in part.citations))


@dataclass(frozen=True)
class DidYouMean(_Asked):
    """Several pairs fit about equally well: the person should pick one."""

    candidates: tuple[Candidate, ...]
    kind: Literal["suggestions"] = "suggestions"


@dataclass(frozen=True)
class PassageFound(_Asked):
    """No curated pair fits, but one article passage clearly does; it is shown as it stands."""

    paragraph: Paragraph
    score: float
    kind: Literal["passage"] = "passage"


@dataclass(frozen=True)
class NoAnswer(_Asked):
    """The article does not answer this (or there was no question to answer)."""

    reason: NoAnswerReason
    # The closest pairs, weaker than an answer: handy for "see also", never shown as the answer.
    nearest: tuple[Candidate, ...] = ()
    kind: Literal["none"] = "none"


@dataclass(frozen=True)
class SmallTalk(_Asked):
    """A greeting, thanks or a call for help: the front end says a short friendly word (the
    catalogue's `smalltalk_<intent>`), never an answer."""

    intent: SmallTalkIntent
    kind: Literal["smalltalk"] = "smalltalk"


Result = Answered | DidYouMean | PassageFound | NoAnswer | SmallTalk
