"""The answer engine: a question in, a Result out. No I/O beyond loading the knowledge files."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from bot.engine import common_words, parts, smalltalk
from bot.engine.cache import cache_dir, cache_key, cached
from bot.engine.common_words import is_general_word
from bot.engine.contrasts import NAMED_KINDS, Kinds, Peoples, Relations, unknown_names
from bot.engine.decide import (
    OUTCOVERING_RANKS,
    QUESTION_WORDS,
    SEE_ALSO_SCORE,
    Decider,
    Rules,
    asks,
    sink,
    unanswerable,
)
from bot.engine.knowledge import LANGUAGES, KnowledgeBase, Language, QAPair
from bot.engine.loader import article_folder, default_knowledge_dir, load_knowledge
from bot.engine.matcher import Matcher, PassageScore, QueryTokens
from bot.engine.normalize import (
    LanguageGuess,
    Normalizer,
    fold,
    guess_language,
    stop_words,
    transliterate,
    written_in,
)
from bot.engine.qualifiers import (
    WEEKDAYS,
    PairQualifiers,
    all_of,
    asks_a_stance,
    asks_an_opinion,
    asks_which_day,
    qualifiers_of,
    size_asked_of,
    source_named,
    without_asides,
    without_other,
)
from bot.engine.reasons import PairReasons
from bot.engine.results import (
    Answered,
    AnswerPart,
    Candidate,
    DidYouMean,
    NoAnswer,
    Result,
    SmallTalk,
)

# Where a clause ends inside a message: what it asks may open the next one.
_CLAUSE_BREAK = re.compile(r"[,;:.!?]+(?=\s*\w)")

# A name is one pair's subject when that pair uses it in this many times the share of its
# phrasings that any other pair does,
SUBJECT_DOMINANCE = 3.0
# and in at least this share of its phrasings (a word one phrasing says in passing, "today's
# situation", is no subject).
SUBJECT_MIN_SHARE = 0.1

# What a question may ask for an answer it offers to stand beside it ("who …, China?", "where …,
# in Moscow?"): a name. Not a number or a reason ("how many live there, in Uzbekistan?" asks
# about Uzbekistan).
OFFER_ASKS = frozenset({"qwho", "qwhere", "qwhen", "qname", "qlist"})

# How far below the best a pair that fits the part before may be to answer a part that refers
# back to it (Engine._in_context).
CONTEXT_MARGIN = 12.0
# Pairs whose quotes stand this many paragraphs apart still fit what the other asked, as if this
# many characters apart for each paragraph between them.
NEAR_PARAGRAPHS = 2
PARAGRAPH_APART = 100_000

# What a question asking for a name asks.
NAME_ASKED = frozenset({"qname"})

# (One empty set for every question: `frozenset[str]()` makes a generic alias each time.)
_NO_NAMES: frozenset[str] = frozenset()


class Engine:
    """Answers questions about one article from its curated pairs."""

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        rules: Rules | None = None,
    ) -> None:
        self.kb = kb
        self.rules = rules or Rules()
        self.normalizer = Normalizer.for_knowledge(kb)
        self.matcher = Matcher(kb, self.normalizer, self.rules)
        self.decider = Decider(kb, self.rules)
        self.qualifiers = PairQualifiers(kb)
        self.peoples = Peoples(kb, self.normalizer)
        self.kinds = Kinds(kb, self.normalizer, self.matcher.pair_evidence)
        self.relations = Relations(kb, self.normalizer, self.peoples)
        self.reasons = PairReasons(kb, self.normalizer)
        # The token of writing ("geschrieben", "wrote", "написал" read through the catalogue).
        self._writing = self.normalizer.tokens_of_folded("geschrieben", "de")[:1] or ("",)
        # (How many of the matcher's phrasings are each pair's.)
        self._phrasings_of_pair = np.bincount(self.matcher.phrasing_pair, minlength=len(kb.pairs))
        # (The questions are phrasings: the normaliser has folded them.)
        folded = self.normalizer.folded
        self._titles: dict[Language, list[str]] = {
            lang: [folded(p.question[lang]) for p in kb.pairs] for lang in LANGUAGES
        }

    @classmethod
    def load(
        cls, root: Path | None = None, article_id: str | None = None, *, cache: bool = True
    ) -> Engine:
        """An engine over the knowledge in `root` (default: the shipped knowledge folder).

        With `cache`, an engine built from exactly these knowledge files (and this code) comes
        from the engine cache (bot/engine/cache.py) when there is one; otherwise the files are
        loaded and checked, the engine built, and stored there for the next start."""
        root = root or default_knowledge_dir()
        folder = article_folder(root, article_id)

        def build() -> Engine:
            return cls(load_knowledge(root, folder.name))

        if not cache:
            return build()
        return cached(cache_key(root, folder), build, cache_dir())

    # --- asking --------------------------------------------------------------------------------

    def ask(self, question: str, language: Language | None = None) -> Result:
        """Answer a question. `language` is the asker's language when the text does not tell.

        A message that asks several things (`parts.segments`) is answered part by part: every
        part the article answers (as it would be answered asked alone, by a pair of its own),
        and the questions it does not answer are named; a part is never guessed from the
        others. One question: as `answer_one`."""
        whole = self.answer_one(question, language)
        if isinstance(whole, SmallTalk) or (
            isinstance(whole, NoAnswer) and whole.reason != "out_of_scope"
        ):
            return whole
        quoted = parts.quoted_lines(question)
        if quoted and not isinstance(whole, Answered):
            # "> Der Minister lässt sich nicht einschüchtern\nwhat does this mean": a passage quoted
            # as Discord quotes it, asked about; what the quote is is what it asks about.
            about_quote = self.answer_one(quoted, language)
            if isinstance(about_quote, Answered):
                return self._in_askers_language(question, replace(about_quote, question=question))
        if quoted and isinstance(whole, Answered):
            whole = self._in_askers_language(question, whole)
        trailing = parts.trailing_question_word(question)
        if trailing is not None:
            asked_too = self._asked_of_it(question, whole, *trailing)
            if asked_too is not None:
                return asked_too
        pieces = parts.segments(question)
        if whole.language == "ru" and question.isascii():
            guess = guess_language(question, default="ru", folded=fold(question))
            if guess.transliterated:
                # Russian in Latin letters is cut where its Cyrillic reading is ("… i skolko").
                pieces = parts.segments(
                    transliterate(fold(question, digraphs=False), self.normalizer.latin_names)
                )
        # A message the article does not answer as one may list what it asks between commas
        # ("pipeline length, number of schools"): answered only when two of them are.
        comma_listed = False
        if len(pieces) < 2 and not isinstance(whole, Answered):
            pieces = parts.comma_items(question)
            comma_listed = True
        if len(pieces) < 2:
            return whole
        listed = comma_listed or parts.is_list(question)
        lang = whole.language
        # Only a part that asks something in words of its own can be answered, or named as not
        # answered: the others are never asked. One such part can only agree with an answer
        # to the whole message (or be overruled by it): asked only when the whole is not one.
        asking = [
            piece
            for piece in pieces
            if self._asks_on_its_own(piece, lang) or (listed and self._has_words(piece, lang))
        ]
        # A part that asks only a question word ("… and on what date?") asks it of the part
        # before: asked only after an answered one.
        word_only = {
            piece for piece in pieces if piece not in asking and self._asks_only(piece, lang)
        }
        if word_only:
            asking = [piece for piece in pieces if piece in word_only or piece in asking]
        if not asking or (len(asking) == 1 and isinstance(whole, Answered)):
            return whole
        # A part that only names a source ("laut der Weltbank, wer ist …") says whom the part
        # after it is asked of.
        according: dict[str, str] = {
            after: fold(before)
            for before, after in pairwise(pieces)
            if before not in asking and source_named(fold(before)) is not None
        }
        answered: list[Answered] = []
        asked: list[tuple[str, Result]] = []
        for i, piece in enumerate(asking):
            if piece in word_only:
                if not answered or i == 0:
                    continue
                result = self._asked_of_before(piece, lang, asking[i - 1], answered[-1])
                if result is None:
                    continue
            else:
                result = self.answer_one(piece, lang)
                if piece in according:
                    sourced = self.answer_one(f"{according[piece]} {piece}", lang)
                    result = replace(sourced, question=piece)
                of_kind = (
                    parts.with_the_kind_before(piece, asking[i - 1], self._function_word(lang))
                    if i
                    else None
                )
                if of_kind is not None:
                    # "какое агентство писало про …, а какое про экспорт": which agency.
                    kind_result = self.answer_one(of_kind, lang)
                    if isinstance(kind_result, Answered):
                        result = replace(kind_result, question=piece)
                if answered and not isinstance(result, Answered):
                    folded_piece = fold(piece)
                    plain = without_other(folded_piece)
                    if plain != folded_piece:
                        # "… and what other fields did he list": the others besides what the
                        # part before was answered, not a pair that says "other".
                        result = self.answer_one(plain, lang)
                        if isinstance(result, Answered):
                            result = replace(result, question=piece)
                if answered and (
                    parts.refers_back(piece) or self._elliptical(piece, lang, answered[-1])
                ):
                    result = self._in_context(piece, lang, result, answered[-1])
            asked.append((piece, result))
            if isinstance(result, Answered) and all(
                result.match.pair_id != a.match.pair_id for a in answered
            ):
                answered.append(result)
        if answered and any(isinstance(result, DidYouMean) for _, result in asked):
            asked = [
                (piece, self._settled(piece, lang, result, whole, answered))
                for piece, result in asked
            ]
            answered = []
            for _, result in asked:
                if isinstance(result, Answered) and all(
                    result.match.pair_id != a.match.pair_id for a in answered
                ):
                    answered.append(result)
        if not answered or (comma_listed and len(answered) < 2):
            return whole
        if isinstance(whole, Answered):
            if all(a.match.pair_id != whole.match.pair_id for a in answered) and (
                len(answered) == 1 or max(a.match.score for a in answered) <= whole.match.score
            ):
                # The parts disagree with the whole: what the whole says, unless it is a blend of
                # two parts that are each asked (one of them matched better than the whole).
                return whole
            if len(answered) == 1:
                answered = [whole]
        given = {a.match.pair_id for a in answered}
        # (Named as asked, without the "+" or "&" that joined it: "+ when was that?".)
        unanswered = [
            piece.lstrip("+& ") for piece, result in asked if self._unanswered(piece, result, given)
        ]
        return self._combined(question, lang, answered, unanswered)

    def _in_askers_language(self, question: str, answered: Answered) -> Answered:
        """An answer to a message that quotes the article ("> …") in the language of the
        asker's own lines ("what does this mean"), not the quote's."""
        asked = parts.unquoted_lines(question)
        if not fold(asked):
            return answered
        lang = guess_language(asked, default=answered.language).language
        if lang == answered.language:
            return answered
        each = [
            Answered(question, answered.language, part.match, part.answer, part.citations)
            for part in answered.parts
        ]
        return self._combined(question, lang, each, list(answered.unanswered))

    def _settled(
        self, piece: str, lang: Language, result: Result, whole: Result, answered: list[Answered]
    ) -> Result:
        """A part left to pick between pairs (a did-you-mean) settled by the rest of the message:
        the pair the whole message is answered by, when it is one of them ("what newspaper did
        he write in + what did he say about oil n gas"); else, when another part is answered by
        one of the pairs it could not tell apart, the other one, when it is the best ("how
        many russian firms are there and what share of the foreign ones is that"; when the best
        is the other part's pair, it is that asked again); else its best pair, when it is
        clearly the best and no other part's ("who shares the power grid with kz and how long
        is cpc": offered alone, one pair fits)."""
        if not isinstance(result, DidYouMean):
            return result
        given = {a.match.pair_id for a in answered}
        by_id = {c.pair_id: c for c in result.candidates}
        if isinstance(whole, Answered) and whole.match.pair_id not in given:
            meant = by_id.get(whole.match.pair_id)
            if meant is not None:
                return self._answered_by(piece, lang, meant, result)
        best = result.candidates[0].score
        tied = [c for c in result.candidates if c.score >= best - self.rules.margin]
        others = [c for c in tied if c.pair_id not in given and c.score >= self.rules.answer]
        if len(others) == 1 and len(others) < len(tied) and others[0] == result.candidates[0]:
            return self._answered_by(piece, lang, others[0], result)
        first = result.candidates[0]
        if len(tied) == 1 and first.pair_id not in given:
            return self._answered_by(piece, lang, first, result)
        return result

    def _answered_by(
        self, piece: str, lang: Language, candidate: Candidate, otherwise: Result
    ) -> Result:
        pair = self.kb.pair(candidate.pair_id)
        if pair is None:
            return otherwise
        return self.decider.answered(piece, lang, pair, candidate.score)

    def _asks_only(self, piece: str, lang: Language) -> bool:
        """A part asks a question word and nothing of its own ("and on what date?")."""
        if "?" not in piece and not self._asks_in_words(piece):
            return False
        tokens = set(self.tokens(piece, lang))
        return bool(tokens) and tokens <= QUESTION_WORDS

    def _asked_of_before(
        self, piece: str, lang: Language, head: str, before: Answered
    ) -> Result | None:
        """A part that asks only a question word ("who did he meet and on what date?") asks it
        of the part before: None when that part's answer answers it too (one answer says
        both), else the part before asked with the word, answered by a pair whose quotes stand
        near the answer before's (else not answered: "how many live there and since what
        year" is not the year of an anniversary)."""
        index = self._pair_index(before.match.pair_id)
        asks = self.matcher.query(fold(piece), lang).asked
        if index is None:
            return None
        if not unanswerable(asks, self.matcher.pair_question_words[index]):
            if asks == NAME_ASKED and parts.asks_which(head):
                # The part before asked which one, its name: asked again, the name is of the
                # other thing it names ("in which newspaper was the article and what was it
                # called" asks the article's title).
                return self._answering_beside(f"{piece} {head}", lang, index, asks)
            return None
        result = self.answer_one(f"{piece} {head}", lang)
        if isinstance(result, Answered) and result.match.pair_id == before.match.pair_id:
            # Asked with the word, the part before is its own pair again, which cannot answer
            # the word ("wo haben sie sich getroffen und mit wem": the pair on where and when):
            # the pair beside it that does ("with whom": the president's).
            beside = self._answering_beside(f"{piece} {head}", lang, index, asks)
            return beside if beside is not None else NoAnswer(piece, lang, reason="out_of_scope")
        if not isinstance(result, Answered):
            # (Not offered either: what it offers is what the part before asked, whose answer
            # does not answer the word.)
            return NoAnswer(piece, lang, reason="out_of_scope")
        other = self.kb.pair(result.match.pair_id)
        if other is None or self._quote_distance(self.kb.pairs[index], other) is None:
            return NoAnswer(piece, lang, reason="out_of_scope")
        return result

    def _answering_beside(
        self, question: str, lang: Language, before: int, asks: frozenset[str]
    ) -> Result | None:
        """The best pair but the one at `before` that answers what `question` asks (`asks`, its
        question words) and whose quotes stand near that pair's; None if none does."""
        pair = self.kb.pairs[before]
        for candidate in self.candidates(question, lang):
            if candidate.score < self.rules.suggest:
                break
            index = self._pair_index(candidate.pair_id)
            if index is None or index == before:
                continue
            if unanswerable(asks, self.matcher.pair_question_words[index]):
                continue
            other = self.kb.pairs[index]
            if self._quote_distance(pair, other) is not None:
                return self.decider.answered(question, lang, other, candidate.score)
        return None

    def _asks_which_one(self, index: int) -> tuple[str, ...]:
        """Whether the pair at `index` asks which one of a kind of named thing (NAMED_KINDS: "in
        which newspaper …", "which agency"), by its question in any language: ("which-one",) if
        so (see decide.sink)."""
        questions = self.kb.pairs[index].question.values()
        return (
            ("which-one",) if any(_asks_which_of_a_kind(fold(q).split()) for q in questions) else ()
        )

    def _function_word(self, lang: Language) -> Callable[[str], bool]:
        """Whether a word (casefolded) names nothing: a stop word of `lang`, or no token at all."""
        stop = stop_words(lang)
        return lambda word: fold(word) in stop or not self.tokens(word, lang)

    def _pair_index(self, pair_id: str) -> int | None:
        return next((i for i, p in enumerate(self.kb.pairs) if p.id == pair_id), None)

    def _asked_of_it(self, question: str, whole: Result, head: str, word: str) -> Result | None:
        """A message that asks a question word of its question again ("which goods were banned
        and why") answered as two parts: the question, and the question with the word (named
        unanswered when the article does not answer it; one answer when the first's answers
        it too). None (answer the message as it is) when the question alone is not answered."""
        lang = whole.language
        first = self.answer_one(head, lang)
        if not isinstance(first, Answered):
            return None
        second = self.answer_one(f"{word} {head}", lang)
        # What the message asked it with ("and why"), to name it unanswered.
        tail = question.strip()[len(head) :].strip(" ,")
        if not isinstance(second, Answered):
            return self._combined(question, lang, [first], [tail])
        if second.match.pair_id == first.match.pair_id:
            # One answer says both, if it answers the word ("when" of a pair that gives no
            # date is not answered).
            index = self._pair_index(first.match.pair_id)
            word_asks = self.matcher.query(fold(word), lang).asked
            if index is None or unanswerable(word_asks, self.matcher.pair_question_words[index]):
                return self._combined(question, lang, [first], [tail])
            return self._combined(question, lang, [first], [])
        return self._combined(question, lang, [first, second], [])

    def _elliptical(self, piece: str, lang: Language, before: Answered) -> bool:
        """A part with one word of its own ("… and in which sectors?"), besides the names the
        answer before holds ("… и что сделала россия"): it asks of what the part before asked
        about."""
        own = set(self.tokens(piece, lang)) - QUESTION_WORDS
        index = self._pair_index(before.match.pair_id)
        if index is not None and len(own) > 1:
            named = self.normalizer.entities - self.kb.article.implicit_entities
            own -= named & self.matcher.pair_evidence[index]
        return len(own) <= 1

    def _in_context(self, piece: str, lang: Language, result: Result, before: Answered) -> Result:
        """A part that refers back to what the part before asked ("… and which agency reported
        that?") answered from the pairs that fit it: of those nearly as near as the best one
        (within CONTEXT_MARGIN), the one whose quotes stand nearest to what the answer before
        rests on, in one of its paragraphs. What the part before asked says what the part is
        about: a pair scored too low to be offered alone (above SEE_ALSO_SCORE) may fit, if it
        is drawn from the same paragraph ("… and who owns it?" of the pipeline is not about
        who owns the firms two paragraphs on)."""
        pair = self.kb.pair(before.match.pair_id)
        if pair is None:
            return result
        near = self.candidates(piece, lang)
        best = near[0].score if near else 0.0
        # The words of its own that point away from the pair before: a part asking only of
        # what that pair is about ("wie viele abkommen … und welche wurden unterschrieben?")
        # is not another pair's for standing near it.
        before_index = self._pair_index(pair.id)
        evidence = self.matcher.pair_evidence
        # (As matching reads it: misspelt words corrected.)
        pointing = set(self.matcher.query(fold(piece), lang).tokens) - QUESTION_WORDS
        if before_index is not None:
            pointing -= evidence[before_index]
            if not pointing and not isinstance(result, Answered):
                # It asks of that pair's subject only: what that pair's answer does not say
                # (the word it asks with) the article does not answer.
                asks = self.matcher.query(fold(piece), lang).asked
                if not asks or unanswerable(asks, self.matcher.pair_question_words[before_index]):
                    return NoAnswer(piece, lang, reason="out_of_scope")
        own = self.kb.pair(result.match.pair_id) if isinstance(result, Answered) else None
        # An answer from far away is no answer about what the part before asked ("why the
        # fallout in october and what did russia do about it"): then any pair beside it that
        # fits may answer, whether or not it holds a word of the part's own.
        far = own is not None and self._quote_distance(pair, own) is None
        fitting: list[tuple[int, float, QAPair]] = []
        for candidate in near:
            if candidate.score < max(SEE_ALSO_SCORE, best - CONTEXT_MARGIN):
                break
            other = self.kb.pair(candidate.pair_id)
            if other is None or other.id == pair.id:
                continue
            index = self._pair_index(other.id)
            if index is not None and pointing.isdisjoint(evidence[index]) and (pointing or not far):
                continue
            distance = self._quote_distance(pair, other)
            if distance is None or (
                candidate.score < self.rules.suggest and distance >= PARAGRAPH_APART
            ):
                # (One scored too low to be offered alone fits only in the same paragraph.)
                continue
            fitting.append((distance, -candidate.score, other))
        if not fitting:
            return result
        distance, score, other = min(fitting, key=lambda f: f[:2])
        if isinstance(result, Answered):
            own = self.kb.pair(result.match.pair_id)
            mine = self._quote_distance(pair, own) if own is not None else None
            if mine is not None and mine <= distance:
                return result  # it fits as well already
        return self.decider.answered(piece, lang, other, -score)

    def _quote_distance(self, a: QAPair, b: QAPair) -> int | None:
        """How far apart (in characters) the nearest quotes of two pairs stand in the article,
        0 when they overlap; in paragraphs near each other, PARAGRAPH_APART for each paragraph
        between; None when they stand further apart."""
        article = self.kb.article
        found = None
        for x in a.citations:
            for y in b.citations:
                if x.paragraph != y.paragraph:
                    apart = abs(x.paragraph - y.paragraph)
                    if apart <= NEAR_PARAGRAPHS:
                        # The next paragraph goes on with it (past a heading between).
                        gap = PARAGRAPH_APART * apart
                        found = gap if found is None else min(found, gap)
                    continue
                paragraph = article.paragraph(x.paragraph)
                if paragraph is None:
                    continue
                i, j = paragraph.text.find(x.quote), paragraph.text.find(y.quote)
                gap = max(0, j - (i + len(x.quote)), i - (j + len(y.quote)))
                found = gap if found is None else min(found, gap)
        return found

    def _unanswered(self, piece: str, result: Result, given: set[str]) -> bool:
        """Whether a part of a message (one that asks on its own) asks something the article
        does not answer: not answered, asked in words (not only by a question mark: "… kassym
        something?", "… pro russia?" are hedges on the answer), and not about a pair that
        answers another part (offered for it; a weak "see also" is not enough: "… and what is
        the weather in Berlin?" is not answered)."""
        if isinstance(result, Answered | SmallTalk) or not self._asks_in_words(piece):
            return False
        near = (
            [c for c in result.nearest if c.score >= self.rules.suggest]
            if isinstance(result, NoAnswer)
            else result.candidates
            if isinstance(result, DidYouMean)
            else ()
        )
        return not any(c.pair_id in given for c in near)

    def _asks_on_its_own(self, piece: str, lang: Language) -> bool:
        """A part of a message is a question of its own: it asks, in a word of its own (not only
        question words and pronouns: "what date?", "and when?", "and what about it?"). One
        such word is enough ("and what was the title of it?", "и что с санкциями?")."""
        if "?" not in piece and not self._asks_in_words(piece):
            # (Or asks in a noun: "number of russian firms in kz and …".)
            tokens = self.tokens(piece, lang)
            if QUESTION_WORDS.isdisjoint(tokens):
                return False
        return self._has_words(piece, lang)

    def _has_words(self, piece: str, lang: Language) -> bool:
        """A part holds a word of its own, not only question words and pronouns."""
        words = set(self.tokens(piece, lang)) - QUESTION_WORDS
        return len(words) >= self.rules.part_words

    @staticmethod
    def _asks_in_words(piece: str) -> bool:
        """A part asks in words (parts.asks_in_words), after a greeting too ("moin! ist …")."""
        return parts.asks_in_words(piece) or parts.asks_in_words(
            smalltalk.strip_greeting(fold(piece))
        )

    def _combined(
        self, question: str, lang: Language, answered: list[Answered], unanswered: list[str]
    ) -> Answered:
        """One answer of the parts answered (each in `lang`), naming those left unanswered."""
        in_lang = []
        for a in answered:
            pair = self.kb.pair(a.match.pair_id)
            in_lang.append(
                a
                if a.language == lang or pair is None
                else self.decider.answered(question, lang, pair, a.match.score)
            )
        first, *rest = in_lang
        return replace(
            first,
            question=question,
            language=lang,
            more=tuple(AnswerPart(a.match, a.answer, a.citations) for a in rest),
            unanswered=tuple(unanswered),
        )

    def answer_one(self, question: str, language: Language | None = None) -> Result:
        """Answer `question` as one question (see `ask`)."""
        folded = question_folded = fold(question)
        guess = guess_language(
            question, default=language or self.kb.article.language, folded=folded
        )
        lang = guess.language
        if not folded:
            return NoAnswer(question, lang, "empty")
        question_folded, folded = _as_read(question, folded, guess, self.normalizer.latin_names)
        talk = smalltalk.detect(folded, lang, sure=guess.confident or language is not None)
        if talk is not None:
            return SmallTalk(question, talk.language, talk.intent)
        folded = without_asides(smalltalk.strip_greeting(folded))

        matcher = self.matcher
        # What the question is about, for the contrasts below: without an answer it offers.
        about, about_folded, offered = folded, question_folded, _NO_NAMES
        offer = parts.offered_answer(question)
        if offer is not None:
            head, guessed = offer
            head_question, head_folded = _as_read(
                head, fold(head), guess, self.normalizer.latin_names
            )
            head_folded = without_asides(smalltalk.strip_greeting(head_folded))
            head_query = matcher.query(head_folded, lang)
            if head_query.asked <= OFFER_ASKS:
                about, about_folded = head_folded, head_question
                offered = matcher.query(fold(guessed), lang).entities - head_query.entities
        query = matcher.query(folded, lang)
        if offered:
            query = query._replace(entities=query.entities - offered)
        best = matcher.best_phrasings(query)
        scored = matcher.rescore(query, best)
        if not guess.confident:
            # Unclear language: read it both ways and keep the better reading.
            for other in LANGUAGES:
                if other == lang or not written_in(folded, other):
                    continue
                other_query = matcher.query(folded, other)
                if offered:
                    other_query = other_query._replace(entities=other_query.entities - offered)
                if other_query == query:
                    continue  # the same tokens either way ("stromnetz"): the same scores
                other_best = matcher.best_phrasings(other_query)
                other_scored = matcher.rescore(other_query, other_best)
                if other_scored and (not scored or other_scored[0].score > scored[0].score):
                    query, scored, best = other_query, other_scored, other_best
        if query.total_weight <= 0:
            # Words, but none that mean anything here ("Wie spät ist es?"): not about the article.
            return NoAnswer(question, lang, "out_of_scope")
        if not query.asked and _CLAUSE_BREAK.search(question):
            # What is asked may open a later clause: "so I was reading about it, which city
            # did they meet in?" asks where.
            asked = self._asked_in_clauses(question, lang)
            if asked:
                # (The same tokens: the same best phrasings, scored for what it asks.)
                query = query._replace(asked=asked)
                scored = matcher.rescore(query, best)
        if "qwhere" in query.asked and asks_a_stance(about):
            # "where does the council stand on the bridge" asks its stance, not a place.
            query = query._replace(asked=query.asked - {"qwhere"})
            scored = matcher.rescore(query, best)
        passages: Callable[[QueryTokens], list[PassageScore]] = self.matcher.passages
        # The best pairs before the contrasts below sink any (see Decider.decide).
        leading = [s.pair_index for s in scored[:OUTCOVERING_RANKS]]
        asked = qualifiers_of(about)  # (after a greeting: "hey all, how many …")
        if not asked.isdisjoint(WEEKDAYS):
            asked -= self.qualifiers.weekdays_named()
        if "exact" in asked:
            asked -= {"exact"}
            if "qcount" in query.asked:
                # "how many exactly": a pair that gives no figure ("hundreds of thousands")
                # does not say.
                scored = sink(scored, self.qualifiers.without_a_figure, self.rules.entity_penalty)
        if "outcome" in asked and "qwhere" in query.asked:
            # "Wo kommt das Öl am Ende raus", "where does it go in the end": where it ends, not
            # how something came out.
            asked -= {"outcome"}
        if asked:
            # "per year", "before", "next", "already", ...: only a pair (or a paragraph) that
            # says it answers.
            scored = sink(scored, self.qualifiers.missing(asked), self.rules.entity_penalty)
            passages = self.qualifiers.passages_saying(asked, passages)
            if "all" in asked:
                # "what share of all firms": a pair that says it of all foreign firms does not
                # answer it.
                read = self.tokens
                wanted = [frozenset(read(w.split()[0], lang)) for w in all_of(about)]
                wanted = [w for w in wanted if w and not w & QUESTION_WORDS]
                if wanted:
                    scored = sink(
                        scored,
                        self.qualifiers.missing_all_of(wanted, frozenset(query.tokens), read),
                        self.rules.entity_penalty,
                    )
        if (
            self._writing[0] in query.tokens
            and _ASKS_WHAT_WAS_SAID.match(about_folded)
            and not _asks_which_of_a_kind(about_folded.split())
        ):
            # "was hat er in der Zeitung geschrieben": what he wrote, not in which newspaper (a
            # pair asking which one names it).
            # (Unless the question names the thing itself: "… in der Zeitung X" asks of X.)
            itself = query.entities - self.kb.article.implicit_entities
            entities = self.matcher.pair_entities
            scored = sink(
                scored,
                lambda i: () if itself & entities[i] else self._asks_which_one(i),
                self.rules.entity_penalty,
            )
        source = source_named(about_folded)
        if source is not None:
            # "laut der Weltbank …": a pair that names no such source does not say what it says.
            named = set(self.matcher.query(source, lang).tokens) - QUESTION_WORDS
            named -= self.kb.article.implicit_entities
            if named:
                # (Of what it says and the names its paragraphs hold: "laut dpa" of a pair on a
                # paragraph that cites dpa.)
                evidence, context = self.matcher.pair_evidence, self.matcher.pair_context_entities
                scored = sink(
                    scored,
                    lambda i: (
                        ("source",)
                        if named.isdisjoint(evidence[i]) and named.isdisjoint(context[i])
                        else ()
                    ),
                    self.rules.entity_penalty,
                )
        if asks_an_opinion(folded):
            # "do u think kz will join brics": a view or a forecast, which the article does not
            # give (what it says is offered as the nearest).
            scored = sink(scored, lambda _: ("opinion",), self.rules.entity_penalty)
        if asks_which_day(about_folded):
            # "an welchem Tag …": a pair whose answer names a month only does not say the day.
            scored = sink(scored, self.qualifiers.without_a_day, self.rules.entity_penalty)
        measured = size_asked_of(about_folded) if "size" in asked else None
        if measured:
            # "how big is the army": the size of something the pair names nothing of is not the
            # size it gives.
            of_what = set(self.matcher.query(measured, lang).tokens) - QUESTION_WORDS
            of_what -= self.kb.article.implicit_entities
            if of_what:
                evidence = self.matcher.pair_evidence
                scored = sink(
                    scored,
                    lambda i: () if not of_what.isdisjoint(evidence[i]) else ("qualifier:size",),
                    self.rules.entity_penalty,
                )
        words = about_folded.split()
        if not NAMED_KINDS.isdisjoint(words):
            strangers = unknown_names(words, self._knows)
            if strangers:
                # "does the oil go through the port of Batumi": a port the article never names.
                scored = sink(scored, lambda i: ("unknown-name",), self.rules.entity_penalty)
        # (Of the names as one word each: "the president of Russia" is one man, no people's.)
        about = self.normalizer.names_joined(about)
        peoples = self.peoples.of(about)
        if peoples:
            # "Norwegian firms in Sweden", "ethnic Danes": not the pair on another people's
            # (contrasts.py).
            scored = sink(scored, self.peoples.missing(peoples), self.rules.entity_penalty)
            nouns = self.qualifiers.nouns(self.tokens)
            of_things = self.peoples.of_things(about, lang, self.tokens, nouns)
            if of_things:
                # "in which Norwegian newspaper …" of the pair on the Danish one.
                missing = self.peoples.missing_of_things(of_things, self.tokens, nouns)
                scored = sink(scored, missing, self.rules.entity_penalty)
        roles = self.relations.of(about, peoples)
        if roles:
            # "what did he say to her" is not "what did she say to him" (contrasts.py).
            swapped = self.relations.missing(roles, query.tokens)
            scored = sink(scored, swapped, self.rules.entity_penalty)
            placed = frozenset().union(*roles.values()) - self.kb.article.implicit_entities
            if placed:
                # "how much of its oil goes to China": a name given a role is what is asked; a
                # pair whose paragraph names it, but not the pair, does not answer it.
                evidence = self.matcher.pair_evidence
                scored = sink(
                    scored,
                    lambda i: () if placed <= evidence[i] else ("role-name",),
                    self.rules.entity_penalty,
                )
        other_kind = self.kinds.missing(
            query.tokens,
            leading[0] if leading else None,
            # (Not of a message asking several things: it may name a thing for one of them; its
            # parts are asked one by one.)
            lambda: (
                self.qualifiers.nouns(self.tokens)
                if len(parts.segments(question)) < 2
                else _NO_NAMES
            ),
        )
        if other_kind is not None:
            # "how much gas goes through the oil pipeline" (contrasts.py).
            scored = sink(scored, other_kind, self.rules.entity_penalty)
        if "qwhy" in query.asked:
            # "Why did the river flood?" is not asked of "because the river flooded, …"
            # (reasons.py).
            scored = sink(scored, self.reasons.missing(query), self.rules.entity_penalty)
        content = [t for t in query.tokens if t not in QUESTION_WORDS]
        if len(content) == 1 and not query.asked:
            # One word means anything, and nothing in particular is asked ("what happened
            # today"): a pair that says it only in passing, in a phrasing or two, is not about
            # it. (Asked "how many people": the pair answering how many is.)
            scored = sink(scored, self._in_passing(content[0]), self.rules.entity_penalty)
        return self.decider.decide(
            question,
            lang,
            query,
            scored,
            passages,
            folded=question_folded,
            subject=self._subject,
            leading=leading,
        )

    def _knows(self, words: Sequence[str], index: int) -> bool:
        """Whether the (folded) word at `index` is a word of the knowledge or of general
        language, alone or as part of a name of two words ("new york")."""
        word = words[index]
        if len(word) < 3 or word.isdigit() or is_general_word(word):
            return True
        tokens_of = self.normalizer.tokens_of_folded
        weights, entities = self.matcher.weights, self.normalizer.entities
        for language in LANGUAGES:
            alone = tokens_of(word, language)
            if not alone or any(t in weights or t in entities for t in alone):
                return True
            for pair in (words[index : index + 2], words[max(0, index - 1) : index + 1]):
                if (
                    len(pair) == 2
                    and all(tokens_of(w, language) for w in pair)
                    and len(tokens_of(" ".join(pair), language)) == 1
                ):
                    return True  # one name of two words
        return False

    def _asked_in_clauses(self, question: str, lang: Language) -> frozenset[str]:
        """The question words the clauses after the first one ask with (decide.asks)."""
        asked: set[str] = set()
        for clause in _CLAUSE_BREAK.split(question)[1:]:
            if not parts.asks_in_words(clause):
                continue  # no question word near its start: it asks nothing in words
            folded = fold(clause)
            if folded:
                asked |= asks(self.matcher.query(folded, lang).tokens)
        return frozenset(asked)

    def _in_passing(self, token: str) -> Callable[[int], tuple[str, ...]]:
        """For `sink`: the pairs that use `token` in fewer than SUBJECT_MIN_SHARE of their
        phrasings and not in their answers or quotes (those that never use it are left alone:
        they are scored for what they do hold)."""
        posting = self.matcher.postings.get(token)
        if posting is None:
            return lambda _: ()
        uses = np.bincount(self.matcher.phrasing_pair[posting], minlength=len(self.kb.pairs))
        tokens_of = self.normalizer.tokens
        article_language = self.kb.article.language

        def in_passing(index: int) -> tuple[str, ...]:
            count = int(uses[index])
            if not count or count >= SUBJECT_MIN_SHARE * int(self._phrasings_of_pair[index]):
                return ()
            pair = self.kb.pairs[index]
            said = [(text, lang) for lang, text in pair.answer.items()]
            said += [(c.quote, article_language) for c in pair.citations]
            if any(token in tokens_of(text, lang) for text, lang in said):
                return ()
            return (token,)

        return in_passing

    def _subject(self, token: str) -> int | None:
        """The pair a name is the subject of: the only pair whose phrasings use it, or the one
        using it in SUBJECT_DOMINANCE times the share of its phrasings any other pair does."""
        posting = self.matcher.postings.get(token)
        if posting is None:
            return None
        # The phrasings using it, counted by pair (numpy: a common name is in half of a hundred
        # thousand phrasings), and each such pair's share of its phrasings.
        uses = np.bincount(self.matcher.phrasing_pair[posting])
        pairs = uses.nonzero()[0]
        shares = uses[pairs] / self._phrasings_of_pair[pairs]
        best = shares.max()
        if float(best) < SUBJECT_MIN_SHARE:
            return None
        if len(pairs) == 1:
            return int(pairs[0])
        top = (shares == best).nonzero()[0]
        # (Two pairs sharing the largest share: neither uses it three times as much.)
        if len(top) == 1 and float(best) >= SUBJECT_DOMINANCE * float(shares[shares < best].max()):
            return int(pairs[top[0]])
        return None

    def deciding_by(self, rules: Rules) -> Engine:
        """The same engine (sharing its index and scores) deciding by other thresholds: the
        decision rules of `rules` (answer, margin, suggest, passage, ...) take effect; scoring
        keeps the rules the index was built with."""
        other = copy.copy(self)
        other.rules = rules
        other.decider = Decider(self.kb, rules)
        return other

    # --- direct access -------------------------------------------------------------------------

    def warm_up(self) -> None:
        """Read now what the first question would otherwise wait for: the general-language word
        lists typo correction asks (common_words.py; an engine from the cache has not read
        them). A long-running front end calls it once at start."""
        common_words.read_lists()

    def tokens(self, text: str, language: Language) -> tuple[str, ...]:
        """The canonical tokens matching compares for `text` read as `language` (what checks of
        the knowledge, such as near-duplicate phrasings, must compare too)."""
        return self.normalizer.tokens(text, language)

    def answer_pair(self, pair_id: str, language: Language) -> Answered | None:
        """The answer of one pair, picked by id (a clicked suggestion); None if unknown."""
        pair = self.kb.pair(pair_id)
        if pair is None:
            return None
        return self.decider.answered(pair.question[language], language, pair, 100.0)

    def candidates(self, question: str, language: Language, limit: int = 5) -> list[Candidate]:
        """The pairs matching scores best for a question, best first, whatever was decided: what
        a curator chooses from when it was not answered (titles in `language`)."""
        folded = fold(question)
        guess = guess_language(question, default=language, folded=folded)
        _, folded = _as_read(question, folded, guess, self.normalizer.latin_names)
        folded = without_asides(smalltalk.strip_greeting(folded))
        if not folded:
            return []
        scored = self.matcher.score(self.matcher.query(folded, guess.language))
        return [self.decider.candidate(s, language) for s in scored[:limit]]

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
                c = self.decider.candidate(s, language)
                seen.setdefault(c.pair_id, c)
        for _, score, index in process.extract(
            fold(text), self._titles[language], scorer=fuzz.WRatio, limit=limit
        ):
            pair = pairs[index]
            if pair.id not in seen and score >= 50:
                seen[pair.id] = Candidate(pair.id, pair.question[language], round(score, 1))
        return list(seen.values())[:limit]


# A question asking what was written or said: "was hat er … geschrieben", "what did she write",
# "что он написал", "о чём статья" (not "what newspaper": which one).
_ASKS_WHAT_WAS_SAID = re.compile(
    r"(?:\w+ ){0,4}?(?:was (?:hat|hatte|schrieb|schreibt)|what (?:did|does|has|had|was)|"
    r"что|о чем|worum|woruber)\b"
)


def _asks_which_of_a_kind(words: Sequence[str]) -> bool:
    """Whether folded words ask which one of a kind of named thing ("in welcher Zeitung")."""
    return any(a in parts.WHICH_WORDS and b in NAMED_KINDS for a, b in pairwise(words))


def _as_read(
    question: str, folded: str, guess: LanguageGuess, latin_names: frozenset[str]
) -> tuple[str, str]:
    """A question's folded text as matching reads it, before and after transliteration (of
    transliterated Russian): a percent sign is the word ("what % of the oil" asks a
    percentage; folding drops the sign). What transliteration reads is folded too ("eto" is
    "это", folded "ето")."""
    if "%" in question and not guess.transliterated:
        folded = fold(question.replace("%", " percent "))
    if not guess.transliterated:
        return folded, folded
    # (Folded without the German digraphs: "eksportiruet" is not "eksportirut".)
    return folded, fold(transliterate(fold(question, digraphs=False), latin_names))
