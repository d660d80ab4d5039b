"""The rules that decide: where a score becomes an answer, a did-you-mean or a passage
(Thresholds), the knobs and penalties of scoring (Tuning), and what a question asks for (its
question words) against what an answer can give (a number, a time).

Matching (matcher.py) measures; this module holds every number and rule that turns measures into
a decision, so that tuning happens in one place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Question words are shared tokens ("wann" = "when"): they tell questions apart but say little.
QUESTION_WORDS = frozenset({"qcount", "qwhen", "qwhere", "qwhy", "qwho", "qname", "qage", "qshift"})
QUESTION_WORD_WEIGHT = 0.6
# How many leading tokens of a question say what it asks.
ASKING_TOKENS = 2
ANYWHERE_QUESTION_WORDS = frozenset({"qshift", "qage", "qname"})
# A phrasing this heavy (two common names weigh less) that stands whole in a question fits it.
SUBSTANTIAL_WEIGHT = 2.4


@dataclass(frozen=True)
class Thresholds:
    """Where a score turns into an answer, a did-you-mean or a passage."""

    # A pair at or above this score answers the question...
    answer: float = 58.0
    # ...unless the runner-up is within this many points: then the person picks.
    margin: float = 2.0
    # Pairs at or above this score, holding at least this share of the question's weight, are
    # offered as "did you mean" when nothing answers.
    suggest: float = 45.0
    suggest_coverage: float = 0.6
    # A paragraph covering this share of the question's weight is shown as a passage.
    passage: float = 0.8
    # ...and it must be this far ahead of the next paragraph.
    passage_margin: float = 0.15
    # An answer needs at least this share of the question's weight found in its pair: a
    # question that is mostly about something else is not answered by what it shares.
    min_question_coverage: float = 0.4


@dataclass(frozen=True)
class Tuning:
    """The knobs of matching; the defaults are what the evaluation set supports."""

    # Share of a phrasing's score from question coverage (the rest: phrasing coverage).
    question_coverage_share: float = 0.65
    # Share of the final score from the string similarity of normalised tokens.
    string_share: float = 0.3
    # Factor on a pair's score for each entity the question names and the pair does not...
    entity_penalty: float = 0.45
    # ...unless a paragraph the pair cites names it: then only this.
    context_entity_penalty: float = 0.8
    # Token weights are idf ** this: below 1, one rare word weighs less against several common.
    idf_exponent: float = 0.75
    # Factor on a pair's score when the question asks "when", "how many", ... and none of the
    # pair's phrasings asks that.
    question_word_penalty: float = 0.6
    # Base score of a pair one of whose substantial phrasings stands whole in the question.
    contained_phrasing_score: float = 0.8
    # How many pairs get the full rescoring.
    rescore_pairs: int = 8
    # Weight of a question word not known anywhere (relative to the rarest known token).
    unknown_weight_factor: float = 1.3


def unanswerable(asked: frozenset[str], answerable: frozenset[str]) -> int:
    """How many of the things asked a pair cannot answer: a time shift or an age each on
    its own; the plain question words together (any one of them answered is enough)."""
    count = len((asked & ANYWHERE_QUESTION_WORDS) - answerable)
    plain = asked - ANYWHERE_QUESTION_WORDS
    if plain and not plain & answerable:
        count += 1
    return count


_NUMBER = re.compile(
    r"\d|\b(?:zwei|drei|vier|fünf|sechs|zehn|zwanzig|hundert|tausend|million|milliarde|prozent|"
    r"two|three|four|five|ten|twenty|hundred|thousand|percent|dreifach|verdreifacht|tripled)",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\d{4}|\d+\.\s*\d+\.|\b(?:januar|februar|märz|april|mai|juni|juli|august|september|"
    r"oktober|november|dezember|january|february|march|may|june|july|october|december|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|kommenden jahr|nächsten jahr|next year|last year|"
    r"letzten jahr)",
    re.IGNORECASE,
)


def asks(tokens: Sequence[str]) -> frozenset[str]:
    """The question words a question (or phrasing) asks with: those among its first tokens;
    later, "who", "where", "when" are mostly relative ("the fathers who fought"). A shift in
    time, an age or a name counts wherever it stands."""
    return frozenset(
        t
        for i, t in enumerate(tokens)
        if t in QUESTION_WORDS and (i < ASKING_TOKENS or t in ANYWHERE_QUESTION_WORDS)
    )


def answer_types(answer: str) -> frozenset[str]:
    """The question words an answer text can satisfy by its form (a number, a time)."""
    types: set[str] = set()
    if _NUMBER.search(answer):
        types.add("qcount")
    if _TIME.search(answer):
        types.add("qwhen")
    return frozenset(types)
