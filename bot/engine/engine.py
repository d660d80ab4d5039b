"""The answer engine: a question in, a Result out. No I/O beyond loading the knowledge files."""

from __future__ import annotations

from pathlib import Path

from rapidfuzz import fuzz, process

from bot.engine import smalltalk
from bot.engine.decide import QUESTION_WORDS, Thresholds, Tuning, answer_types
from bot.engine.knowledge import KnowledgeBase, Language, Paragraph, QAPair
from bot.engine.loader import load_knowledge
from bot.engine.matcher import Matcher, QueryTokens, Scored
from bot.engine.normalize import Normalizer, fold, guess_language
from bot.engine.results import (
    Answered,
    Candidate,
    DidYouMean,
    NoAnswer,
    PassageFound,
    Result,
    SmallTalk,
)

MAX_SUGGESTIONS = 3


class Engine:
    """Answers questions about one article from its curated pairs."""

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        thresholds: Thresholds | None = None,
        tuning: Tuning | None = None,
    ) -> None:
        self.kb = kb
        self.thresholds = thresholds or Thresholds()
        self.normalizer = Normalizer.for_knowledge(kb)
        self.matcher = Matcher(kb, self.normalizer, tuning)
        self._titles: dict[Language, list[str]] = {
            lang: [fold(p.question[lang]) for p in kb.pairs] for lang in ("de", "en")
        }

    @classmethod
    def load(cls, root: Path | None = None, article_id: str | None = None) -> Engine:
        """An engine over the knowledge in `root` (default: the shipped knowledge folder)."""
        return cls(load_knowledge(root, article_id))

    # --- asking --------------------------------------------------------------------------------

    def ask(self, question: str, language: Language | None = None) -> Result:
        """Answer a question. `language` is the asker's language when the text does not tell."""
        folded = fold(question)
        guess = guess_language(question, default=language or "de", folded=folded)
        lang = guess.language
        if not folded:
            return NoAnswer(question, lang, "empty")
        talk = smalltalk.detect(folded, lang, sure=guess.confident or language is not None)
        if talk is not None:
            return SmallTalk(question, talk.language, talk.intent)
        folded = smalltalk.strip_greeting(folded)

        query = self.matcher.query(folded, lang)
        scored = self.matcher.score(query)
        if not guess.confident:
            # Unclear language: read it both ways and keep the better reading.
            other: Language = "en" if lang == "de" else "de"
            other_query = self.matcher.query(folded, other)
            other_scored = self.matcher.score(other_query)
            if other_scored and (not scored or other_scored[0].score > scored[0].score):
                query, scored = other_query, other_scored
        if query.total_weight <= 0:
            # Words, but none that mean anything here ("Wie spät ist es?"): not about the article.
            return NoAnswer(question, lang, "out_of_scope")
        return self._decide(question, lang, query, scored)

    def _decide(
        self, question: str, lang: Language, query: QueryTokens, scored: list[Scored]
    ) -> Result:
        t = self.thresholds
        clean = [s for s in scored if not s.missing_entities]
        top = clean[0] if clean else None
        # A bare name ("Putin", "Tokayev") asks nothing in particular: offer, don't answer.
        bare_name = (
            len(fold(question).split()) <= 2
            and len(set(query.tokens) - QUESTION_WORDS) == 1
            and bool(query.entities)
        )
        if (
            top is not None
            and top.score >= t.answer
            and (top.coverage >= t.min_question_coverage or top.contains_phrasing)
            and not bare_name
        ):
            rivals = [s for s in clean[1:] if s.score >= top.score - t.margin]
            if not rivals:
                pair = self.kb.pairs[top.pair_index]
                return self._answered(question, lang, pair, top.score)
            chosen = [top, *rivals][:MAX_SUGGESTIONS]
            return DidYouMean(question, lang, tuple(self._candidate(s, lang) for s in chosen))

        passage = self._passage(query)
        if passage is not None and not self._passage_can_answer(query, passage[0]):
            passage = None
        if passage is not None:
            paragraph, coverage = passage
            return PassageFound(question, lang, paragraph, round(100 * coverage, 1))

        # Not sure enough to answer: ask back only if the question is mostly about what the
        # candidates cover; a question about something else gets "no answer" (with the nearest
        # questions for "see also"), not a list that pretends to fit.
        near = tuple(
            self._candidate(s, lang)
            for s in clean[:MAX_SUGGESTIONS]
            if s.score >= t.suggest and s.coverage >= t.suggest_coverage
        )
        if near:
            return DidYouMean(question, lang, near)
        weaker = tuple(self._candidate(s, lang) for s in clean[:MAX_SUGGESTIONS] if s.score >= 30)
        return NoAnswer(question, lang, "out_of_scope", nearest=weaker)

    def _passage(self, query: QueryTokens) -> tuple[Paragraph, float] | None:
        content = [q for q, w in zip(query.tokens, query.weights, strict=True) if w >= 1.0]
        if len(content) < 2:
            return None
        ranked = [p for p in self.matcher.passages(query) if not p.missing_entities]
        if not ranked:
            return None
        best = ranked[0]
        runner_up = ranked[1].coverage if len(ranked) > 1 else 0.0
        t = self.thresholds
        if best.coverage >= t.passage and best.coverage - runner_up >= t.passage_margin:
            paragraph = self.kb.article.paragraph(best.paragraph)
            if paragraph is not None:
                return paragraph, best.coverage
        return None

    @staticmethod
    def _passage_can_answer(query: QueryTokens, paragraph: Paragraph) -> bool:
        """A passage is shown only if it can hold what is asked: a name or an age is never
        assumed to be there; a number or a date only if the paragraph has one."""
        asked = set(query.tokens) & QUESTION_WORDS
        if asked & {"qname", "qage"}:
            return False
        return not (asked & {"qcount", "qwhen"}) - answer_types(paragraph.text)

    def _candidate(self, scored: Scored, lang: Language) -> Candidate:
        pair = self.kb.pairs[scored.pair_index]
        return Candidate(pair.id, pair.question[lang], round(scored.score, 1))

    def _answered(self, question: str, lang: Language, pair: QAPair, score: float) -> Answered:
        return Answered(
            question=question,
            language=lang,
            match=Candidate(pair.id, pair.question[lang], round(min(score, 100.0), 1)),
            answer=pair.answer[lang],
            citations=pair.citations,
        )

    # --- direct access -------------------------------------------------------------------------

    def tokens(self, text: str, language: Language) -> tuple[str, ...]:
        """The canonical tokens matching compares for `text` read as `language` (what checks of
        the knowledge, such as near-duplicate phrasings, must compare too)."""
        return self.normalizer.tokens(text, language)

    def answer_pair(self, pair_id: str, language: Language) -> Answered | None:
        """The answer of one pair, picked by id (a clicked suggestion); None if unknown."""
        pair = self.kb.pair(pair_id)
        if pair is None:
            return None
        return self._answered(pair.question[language], language, pair, 100.0)

    def suggest(self, partial: str, language: Language, limit: int = 25) -> list[Candidate]:
        """Pairs for a half-typed question (autocomplete): the matcher's best, then titles."""
        text = partial.strip()
        pairs = self.kb.pairs
        if not fold(text):
            return [Candidate(p.id, p.question[language], 0.0) for p in pairs[:limit]]
        seen: dict[str, Candidate] = {}
        query = self.matcher.query(fold(text), guess_language(text, default=language).language)
        for s in self.matcher.score(query):
            if not s.missing_entities:
                c = self._candidate(s, language)
                seen.setdefault(c.pair_id, c)
        for _, score, index in process.extract(
            fold(text), self._titles[language], scorer=fuzz.WRatio, limit=limit
        ):
            pair = pairs[index]
            if pair.id not in seen and score >= 50:
                seen[pair.id] = Candidate(pair.id, pair.question[language], round(score, 1))
        return list(seen.values())[:limit]
