"""The rules that decide: every number of scoring and deciding (Rules), how a pair's score is
made from what matching measured (pair_score), how a question's scores become a Result (Decider),
and what a question asks for (its question words) against what an answer can give (a number, a
time).

Matching (matcher.py) measures; this module holds every number and rule that turns measures into
a decision, so that tuning happens in one place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.engine.knowledge import KnowledgeBase, Language, Paragraph, QAPair
from bot.engine.normalize import fold
from bot.engine.results import Answered, Candidate, DidYouMean, NoAnswer, PassageFound, Result

if TYPE_CHECKING:
    from bot.engine.matcher import PassageScore, QueryTokens, Scored

# Question words are shared tokens ("wann" = "when"): they tell questions apart but say little.
QUESTION_WORDS = frozenset(
    {"qcount", "qwhen", "qwhere", "qwhy", "qwho", "qname", "qage", "qshift", "qlist"}
)
QUESTION_WORD_WEIGHT = 0.6
# How many leading tokens of a question say what it asks.
ASKING_TOKENS = 2
ANYWHERE_QUESTION_WORDS = frozenset({"qshift", "qage", "qname"})
# A phrasing this heavy (two common names weigh less) that stands whole in a question fits it.
SUBSTANTIAL_WEIGHT = 2.4


@dataclass(frozen=True)
class Rules:
    """Every number that decides; the defaults are what the evaluation sets support.

    Scoring a pair (see `pair_score`):
    - `question_coverage_share` of a phrasing's coverage is the share of the question's weight
      it holds, the rest the share of its own weight the question holds; `string_share` of the
      final score is the string similarity of the normalised tokens.
    - Each entity the question names and the pair never does multiplies the score by
      `entity_penalty`, or by `context_entity_penalty` when a paragraph the pair cites names it;
      asking "when", "how many", ... of a pair none of whose phrasings asks it, by
      `question_word_penalty`. A pair one of whose substantial phrasings stands whole in the
      question scores at least `contained_phrasing_score` before those.
    - Token weights are idf ** `idf_exponent` (below 1, one rare word weighs less against several
      common ones); a word known nowhere weighs `unknown_weight_factor` times the rarest token,
      and `common_word_factor` times that if it is one of its language's commonest words
      (common_words.py).
      The best `rescore_pairs` pairs get the full rescoring.

    Deciding (see `Decider`):
    - A pair at or above `answer` answers the question, unless the runner-up is within `margin`
      points (then the person picks), and it holds at least `min_question_coverage` of the
      question's weight (a question mostly about something else is not answered by what it
      shares).
    - When nothing answers, pairs at or above `suggest` holding at least `suggest_coverage` of
      the question's weight are offered as "did you mean".
    - A paragraph covering `passage` of the question's weight, `passage_margin` ahead of the next
      paragraph, is shown as a passage.
    """

    question_coverage_share: float = 0.65
    string_share: float = 0.3
    entity_penalty: float = 0.45
    context_entity_penalty: float = 0.8
    question_word_penalty: float = 0.6
    contained_phrasing_score: float = 0.8
    idf_exponent: float = 0.75
    unknown_weight_factor: float = 1.3
    common_word_factor: float = 0.6
    rescore_pairs: int = 8

    answer: float = 58.0
    # A part is a question of its own (answered, or named as not answered by the article) only
    # with this many words of its own, besides question words. (2 left "… and what was the
    # visit about?" unasked; 1 loses nothing on any evaluation set.)
    part_words: int = 1
    margin: float = 2.0
    min_question_coverage: float = 0.4
    suggest: float = 45.0
    suggest_coverage: float = 0.6
    passage: float = 0.8
    passage_margin: float = 0.15


# Marks of pairs sunk for the form of answer asked, not for what the question is about: a pair
# giving no date does not answer "what date …", and says nothing against the one that does.
WITHOUT_A_DAY = "qualifier:which-day"
NOT_WHAT_IS_ASKED = frozenset({WITHOUT_A_DAY})
# How many of the best pairs before a question's contrasts sink any are weighed against the best
# one left (see Decider.decide).
OUTCOVERING_RANKS = 3
# At most this many pairs are offered in a did-you-mean or "see also".
MAX_SUGGESTIONS = 3
# Pairs below this score are not even offered as "see also".
SEE_ALSO_SCORE = 30.0
# Weight of a word that counts as content for a passage (question words weigh less).
CONTENT_WEIGHT = 1.0


def pair_score(
    rules: Rules,
    *,
    best_phrasing: float,
    evidence: float,
    contains_phrasing: bool,
    similarity: float,
    missing_entities: int,
    context_entities: int,
    unanswerable: int,
) -> float:
    """A pair's score (0-100) from what matching measured: the coverage of its best phrasing,
    the share of the question found in everything the pair says (`evidence`), whether one of its
    substantial phrasings stands whole in the question, the string similarity (0-1), and the
    penalties: each entity the question names that the pair never does (`missing_entities`),
    or only its cited paragraphs do (`context_entities`), and each thing asked it cannot answer.
    """
    return pair_scorer(rules)(
        best_phrasing,
        evidence,
        contains_phrasing,
        similarity,
        missing_entities,
        context_entities,
        unanswerable,
    )


PairScorer = Callable[[float, float, bool, float, int, int, int], float]


def pair_scorer(rules: Rules) -> PairScorer:
    """`pair_score` for one set of rules, its arguments positional (in pair_score's order) and
    the rules' numbers looked up once: the matcher scores the best pairs of every question with
    it. The float operations are pair_score's, in the same order; a penalty counted zero times
    is skipped (multiplying by x**0 == 1.0 changes no float)."""
    contained_score = rules.contained_phrasing_score
    s = rules.string_share
    base_share = 1 - s
    entity_penalty = rules.entity_penalty
    context_entity_penalty = rules.context_entity_penalty
    question_word_penalty = rules.question_word_penalty

    # Positional on purpose (PLR0917): a keyword call costs more than the arithmetic.
    def score(  # noqa: PLR0917
        best_phrasing: float,
        evidence: float,
        contains_phrasing: bool,
        similarity: float,
        missing_entities: int,
        context_entities: int,
        unanswerable: int,
    ) -> float:
        base = max(best_phrasing, 0.85 * evidence)
        if contains_phrasing:
            base = max(base, contained_score)
        score = base_share * base + s * similarity
        if missing_entities:
            score *= entity_penalty**missing_entities
        if context_entities:
            score *= context_entity_penalty**context_entities
        if unanswerable:
            score *= question_word_penalty**unanswerable
        return 100 * score

    return score


class Decider:
    """Turns a question's scored pairs (and, if need be, its paragraphs) into a Result."""

    def __init__(self, kb: KnowledgeBase, rules: Rules) -> None:
        self.kb = kb
        self.rules = rules
        # Paragraphs no pair cites: the only ones shown as a passage (see _passage).
        self.uncited = frozenset(p.number for p in kb.uncited_paragraphs())

    def decide(
        self,
        question: str,
        lang: Language,
        query: QueryTokens,
        scored: Sequence[Scored],
        passages: Callable[[QueryTokens], list[PassageScore]],
        *,
        folded: str | None = None,
        subject: Callable[[str], int | None] | None = None,
        leading: Sequence[int] = (),
    ) -> Result:
        """Answer, offer a choice, show a passage, or say the article does not say.
        `passages` ranks the article's paragraphs; it is asked only when no pair answers.
        `folded` is `fold(question)`, if the caller has it. `subject(token)` is the one pair
        whose subject a name is (see `Engine`), if any. `leading` are the pairs that led (the
        first OUTCOVERING_RANKS) before the contrasts of a question sank any."""
        t = self.rules
        clean = [s for s in scored if not s.missing_entities]
        top = clean[0] if clean else None
        # A bare name or keyword asks nothing in particular: offer, don't answer; unless one
        # pair is about it (a port, a news agency only one answer is about), which then answers.
        # So does a question whose one word that means anything is the article's own subject
        # ("what does he want", of the man every answer is about).
        one_word = len(query.tokens) == 1 and query.tokens[0] not in QUESTION_WORDS
        bare_name = one_word and (
            query.tokens[0] in self.kb.article.implicit_entities
            or len((fold(question) if folded is None else folded).split()) <= 2
        )
        # (A name asked in more words that say nothing here, "what does the article say about
        # Germany", asks it too: answered by the pair it is the subject of, else as any
        # question. Not a word: "… and which were signed?" asks which.)
        named = bare_name or (one_word and query.tokens[0] in query.entities)
        if named and subject is not None and top is not None:
            about = subject(query.tokens[0])
            its = next((s for s in clean if s.pair_index == about), None)
            if its is not None and its.score >= t.suggest:
                return self.answered(question, lang, self.kb.pairs[its.pair_index], its.score)
        # One of the pairs that led before anything sank them covers more of the question than
        # the best clean one, and contradicts it (another people, another role, a qualifier it
        # never says): the question is about what that pair covers, and the clean one's answer
        # would be a guess ("which goods from B did A ban" is not about A's alliance with B).
        outcovering = (
            [
                s
                for s in scored
                if s.pair_index in leading
                and not NOT_WHAT_IS_ASKED.issuperset(s.missing_entities)
                and s.coverage > top.coverage
            ]
            if top is not None and leading
            else []
        )
        if (
            top is not None
            and not outcovering
            and top.score >= t.answer
            and (top.coverage >= t.min_question_coverage or top.contains_phrasing)
            and not bare_name
        ):
            rivals = [
                s
                for s in clean[1:]
                if s.score >= top.score - t.margin and not self._same_evidence(top, s)
            ]
            if not rivals:
                return self.answered(question, lang, self.kb.pairs[top.pair_index], top.score)
            chosen = [top, *rivals][:MAX_SUGGESTIONS]
            return DidYouMean(question, lang, tuple(self.candidate(s, lang) for s in chosen))

        passage = self._passage(query, passages)
        if passage is not None:
            paragraph, coverage = passage
            return PassageFound(question, lang, paragraph, round(100 * coverage, 1))

        # Not sure enough to answer: ask back only if the question is mostly about what the
        # candidates cover; a question about something else gets "no answer" (with the nearest
        # questions for "see also"), not a list that pretends to fit.
        near = tuple(
            self.candidate(s, lang)
            for s in clean[:MAX_SUGGESTIONS]
            if s.score >= t.suggest and s.coverage >= t.suggest_coverage
        )
        if near:
            return DidYouMean(question, lang, near)
        # What the question came nearest to: a pair it contradicts first (it is about that).
        weaker = tuple(
            self.candidate(s, lang)
            for s in [*outcovering, *(s for s in clean if s.score >= SEE_ALSO_SCORE)][
                :MAX_SUGGESTIONS
            ]
        )
        return NoAnswer(question, lang, "out_of_scope", nearest=weaker)

    def _passage(
        self, query: QueryTokens, passages: Callable[[QueryTokens], list[PassageScore]]
    ) -> tuple[Paragraph, float] | None:
        """The one paragraph that clearly covers the question and can hold what it asks, if no
        pair cites it. The pairs speak for the paragraphs they cite: a question none of them
        answers is not answered by the paragraph either (shown, it read as an answer: "how long
        is the bridge to the island" got the paragraph on another bridge). A paragraph no pair
        is drawn from yet is shown, marked as no curated answer."""
        if not self.uncited:
            return None  # every paragraph has its pairs: nothing to rank
        content = [w for w in query.weights if w >= CONTENT_WEIGHT]
        if len(content) < 2:
            return None
        ranked = [p for p in passages(query) if not p.missing_entities]
        if not ranked:
            return None
        best = ranked[0]
        runner_up = ranked[1].coverage if len(ranked) > 1 else 0.0
        t = self.rules
        if best.coverage < t.passage or best.coverage - runner_up < t.passage_margin:
            return None
        if best.paragraph not in self.uncited:
            return None
        paragraph = self.kb.article.paragraph(best.paragraph)
        if paragraph is None or not passage_can_answer(query.tokens, paragraph):
            return None
        return paragraph, best.coverage

    def _same_evidence(self, a: Scored, b: Scored) -> bool:
        """Two pairs quoting a sentence in common (or one a part of the other's quote): either
        answers from what the other rests on."""
        quotes = [c.quote for c in self.kb.pairs[a.pair_index].citations]
        return any(
            theirs in ours or ours in theirs
            for theirs in (c.quote for c in self.kb.pairs[b.pair_index].citations)
            for ours in quotes
        )

    def candidate(self, scored: Scored, lang: Language) -> Candidate:
        """A scored pair as a candidate in `lang`."""
        pair = self.kb.pairs[scored.pair_index]
        return Candidate(pair.id, pair.question[lang], round(scored.score, 1))

    @staticmethod
    def answered(question: str, lang: Language, pair: QAPair, score: float) -> Answered:
        """The pair's answer in `lang`, with its citations."""
        return Answered(
            question=question,
            language=lang,
            match=Candidate(pair.id, pair.question[lang], round(min(score, 100.0), 1)),
            answer=pair.answer[lang],
            citations=pair.citations,
        )


def sink(
    scored: Sequence[Scored], missing_of: Callable[[int], Sequence[str]], penalty: float
) -> list[Scored]:
    """`scored` with each pair that misses something a question asks (`missing_of(pair
    index)`: a qualifier it never uses, a people it never names) marked as missing it, as a
    missing entity, and its score multiplied by `penalty` for each; the best first again
    (`scored` is the best first: when none misses anything, it keeps its order unsorted)."""
    out = []
    sunk = False
    for pair in scored:
        missing = missing_of(pair.pair_index)
        if missing:
            sunk = True
            out.append(
                pair._replace(
                    score=pair.score * penalty ** len(missing),
                    missing_entities=(*pair.missing_entities, *missing),
                )
            )
        else:
            out.append(pair)
    if sunk:
        out.sort(key=lambda s: -s.score)
    return out


def passage_can_answer(tokens: Sequence[str], paragraph: Paragraph) -> bool:
    """A passage is shown only if it can hold what is asked: a name, an age or another time
    ("since when", "before that") is never assumed to be there; a number or a date only if the
    paragraph has one."""
    asked = set(tokens) & QUESTION_WORDS
    if asked & {"qname", "qage", "qshift"}:
        return False
    return not (asked & {"qcount", "qwhen"}) - answer_types(paragraph.text)


# Remembered: the matcher asks it of each of the best pairs of every question, and there are
# only so many sets of question words (a question's, a pair's).
@lru_cache(maxsize=65536)
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
    r"two|three|four|five|ten|twenty|hundred|thousand|percent|dreifach|verdreifacht|tripled|"
    r"два|две|три|четыре|пять|шесть|десять|двадцать|сто|тысяч|миллион|процент|втрое|утроил)",
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


_ASKS_NOTHING: frozenset[str] = frozenset()


# A reason given in so many words: "weil", ", da …", "because", "since" (not "since 2022"),
# "потому что", "так как".
REASON = re.compile(
    r"\b(?:weil|denn|deshalb|daher|deswegen|wegen|aufgrund|because|due to|therefore|"
    r"потому что|так как|поскольку|из-за|из за)\b|, da\b|\bsince (?!\d)",
    re.IGNORECASE,
)


# Since when, as a year: "seit 2022", "since 2022", "с 2022 года" (not "since the warrant":
# what it gives is what followed an event, not when the event was).
SINCE = re.compile(r"\b(?:seit|since|с) \d{4}\b", re.IGNORECASE)


def asks(tokens: Sequence[str]) -> frozenset[str]:
    """The question words a question (or phrasing) asks with: those among its first tokens;
    later, "who", "where", "when" are mostly relative ("the fathers who fought"). A shift in
    time, an age or a name counts wherever it stands."""
    if QUESTION_WORDS.isdisjoint(tokens):
        return _ASKS_NOTHING  # most phrasings, and many questions
    return frozenset(
        t
        for i, t in enumerate(tokens)
        if t in QUESTION_WORDS and (i < ASKING_TOKENS or t in ANYWHERE_QUESTION_WORDS)
    )


def answer_types(answer: str) -> frozenset[str]:
    """The question words an answer text can satisfy by its form (a number, a time, a reason)."""
    types: set[str] = set()
    if _NUMBER.search(answer):
        types.add("qcount")
    if _TIME.search(answer):
        types.add("qwhen")
    if REASON.search(answer):
        types.add("qwhy")
    if SINCE.search(answer):
        types.add("qshift")
    return frozenset(types)
