"""Scoring a question against every curated phrasing.

At load, every phrasing is normalised once and indexed: token -> the phrasings holding it, with a
weight per token (rarer tokens weigh more). A question is scored in three steps:

1. coverage, for all phrasings at once (numpy): how much of the question's weight a phrasing
   holds, and how much of the phrasing's weight the question holds;
2. for the best few pairs, rapidfuzz's token sort ratio on the normalised strings and the
   coverage of the question by everything the pair says;
3. a penalty for every entity (country, person, place) the question names and the pair never does.

How these measures combine into a score, and every penalty, is decide.py's.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import chain, compress
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple, cast

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.engine.common_words import common_words, is_general_word
from bot.engine.decide import (
    QUESTION_WORD_WEIGHT,
    QUESTION_WORDS,
    SUBSTANTIAL_WEIGHT,
    Rules,
    answer_types,
    asks,
    pair_scorer,
    unanswerable,
)
from bot.engine.knowledge import (
    LANGUAGES,
    KnowledgeBase,
    Language,
    ParagraphKind,
    collector_paused,
)
from bot.engine.normalize import Normalizer, stop_words

if TYPE_CHECKING:
    # Annotations only: importing numpy.typing costs a start-up some milliseconds.
    import numpy.typing as npt


def _joined_compounds(
    tokens: tuple[str, ...], weights: tuple[float, ...], unknown: float, known: Mapping[str, float]
) -> tuple[str, ...]:
    """`tokens` with each unknown one joined to the one before it where the two make a known
    token ("neu" + "ausricht": "neuausricht")."""
    joined: list[str] = []
    for i, token in enumerate(tokens):
        if i and weights[i] == unknown and joined and (joined[-1] + token) in known:
            joined[-1] += token
        else:
            joined.append(token)
    return tuple(joined)


class Scored(NamedTuple):
    """A pair's score for one question, with what went into it (a named tuple: a few are made
    for every question)."""

    pair_index: int
    score: float
    coverage: float
    missing_entities: tuple[str, ...]
    # A substantial phrasing of the pair stands whole in the question.
    contains_phrasing: bool = False


class PassageScore(NamedTuple):
    """How well one content paragraph covers a question (a named tuple: one is made for every
    paragraph when a question is not answered by a pair)."""

    paragraph: int
    # Share of the question's weight the paragraph holds, and the entities it never names.
    coverage: float
    missing_entities: tuple[str, ...]


class QueryTokens(NamedTuple):
    """A question, normalised and corrected against the known vocabulary (a named tuple: it is
    made for every question, and a frozen dataclass takes longer to make)."""

    tokens: tuple[str, ...]
    weights: tuple[float, ...]
    entities: frozenset[str]
    # The question words it asks with (near its start).
    asked: frozenset[str] = frozenset()
    # Numbers it names ("2023", "80"): like a country, a number no pair gives is not answered.
    numbers: frozenset[str] = frozenset()

    @property
    def total_weight(self) -> float:
        return sum(self.weights)


# The best phrasings, best first, and their coverage.
Ranked = tuple["npt.NDArray[np.int64]", "npt.NDArray[np.float64]"]
# Pair -> its best phrasing and that one's coverage, the best pair first (Matcher.best_phrasings).
BestPhrasings = dict[int, tuple[int, float]]


class CommonGroups(NamedTuple):
    """The phrasings holding any of the commonest tokens, grouped by which of them they hold
    (see Matcher._best_by_groups)."""

    # Each common token's bit.
    bits: dict[str, int]
    # Each group's common tokens (their bits), the groups in ascending order of them.
    masks: list[int]
    # The groups' phrasings one after the other, each group's lightest first (see
    # Matcher._phrasings_by_common_tokens), and where each group begins (and the last ends).
    phrasings: npt.NDArray[np.int64]
    bounds: list[int]
    # The first HEAD_FACTOR * (limit + 1) of each group (or all), one group after the other:
    # which group each is of, its own weight, and where each group's begin (the last's end).
    heads: npt.NDArray[np.int64]
    head_group: npt.NDArray[np.int64]
    head_weight: npt.NDArray[np.float64]
    head_bounds: list[int]
    # The own weight of each group's first phrasing after its head (inf: the head is all of it).
    after_head: list[float]
    # Each phrasing's common tokens (their bits; 0: none).
    held: npt.NDArray[np.uint16]


class GroupHeads(NamedTuple):
    """The groups of CommonGroups holding any of some common tokens, and their heads one after
    the other: the phrasings, their own weight and which of these groups each is of."""

    groups: list[int]
    heads: npt.NDArray[np.int64]
    weight: npt.NDArray[np.float64]
    group: npt.NDArray[np.int64]


class Matcher:
    """An index over the curated phrasings (and the article's paragraphs) of a knowledge base."""

    @collector_paused()
    def __init__(
        self, kb: KnowledgeBase, normalizer: Normalizer, rules: Rules | None = None
    ) -> None:
        self.kb = kb
        self.normalizer = normalizer
        self.rules = rules or Rules()
        self.implicit = kb.article.implicit_entities
        article_language = kb.article.language

        # What a misspelt word may be corrected to: the normaliser's vocabulary, by first letter.
        self.surface_words = normalizer.vocabulary
        by_initial: dict[str, list[str]] = defaultdict(list)
        for word in sorted(self.surface_words):
            by_initial[word[0]].append(word)
        self._surface_by_initial = {k: tuple(v) for k, v in by_initial.items()}
        # What a misspelt word that is no known word may be: a stop word ("artcle", "thered").
        stop_by_initial: dict[str, list[str]] = defaultdict(list)
        for word in sorted(frozenset().union(*map(stop_words, LANGUAGES))):
            if len(word) >= MIN_CORRECTED_LETTERS - 1 and word.isalpha():
                stop_by_initial[word[0]].append(word)
        self._stop_by_initial = {k: tuple(v) for k, v in stop_by_initial.items()}

        # Phrasings -> tokens, once, all in one go.
        tokens_of = normalizer.tokens
        entities = normalizer.entities
        texts: list[tuple[Language, str]] = []
        phrasing_pair: list[int] = []
        # Where each pair's phrasings end.
        ends: list[int] = []
        for index, pair in enumerate(kb.pairs):
            phrasings = pair.all_phrasings()
            texts += phrasings
            phrasing_pair += [index] * len(phrasings)
            ends.append(len(texts))
        phrasing_tokens = normalizer.tokens_of_texts(texts)
        del texts
        pair_tokens: list[set[str]] = []
        pair_entities: list[frozenset[str]] = []
        # What a pair says: its phrasings and its answers (a question may use the answer's words).
        pair_evidence: list[frozenset[str]] = []
        pair_context_entities: list[frozenset[str]] = []
        pair_numbers: list[frozenset[str]] = []
        pair_answers: list[frozenset[str]] = []
        # Question words a pair can answer: those its phrasings ask, and what its answer holds.
        asked_by_pair: list[set[str]] = []
        # Many pairs cite the same paragraphs and give the same answers (a large knowledge base
        # grows by phrasings): what depends only on them is worked out once.
        context_of: dict[tuple[int, ...], set[str]] = {}
        numbers_of: dict[tuple[int, ...], set[str]] = {}
        context_entities_of: dict[tuple[int, ...], frozenset[str]] = {}
        answer_types_of: dict[str, frozenset[str]] = {}
        pair_own_numbers: list[frozenset[str]] = []
        question_words = QUESTION_WORDS
        for index, pair in enumerate(kb.pairs):
            own = phrasing_tokens[ends[index - 1] if index else 0 : ends[index]]
            # (As updating it with each phrasing's tokens in turn would make it.)
            union: set[str] = set().union(*own)
            asked: set[str] = set()
            for tokens in own:
                if not question_words.isdisjoint(tokens):
                    asked |= asks(tokens)
            pair_tokens.append(union)
            asked_by_pair.append(asked)
            mentioned = set(union)
            for lang in LANGUAGES:
                mentioned.update(tokens_of(pair.answer[lang], lang))
            pair_evidence.append(frozenset(mentioned))
            for c in pair.citations:
                mentioned.update(tokens_of(c.quote, article_language))
            pair_entities.append(frozenset(mentioned & entities))
            pair_own_numbers.append(
                frozenset(t for t in filter(str.isdigit, mentioned) if _is_number(t))
            )
            cited = tuple(c.paragraph for c in pair.citations)
            context = context_of.get(cited)
            if context is None:
                context = context_of[cited] = set()
                for number in cited:
                    paragraph = kb.article.paragraph(number)
                    if paragraph is not None:
                        context.update(tokens_of(paragraph.text, article_language))
            numbers = numbers_of.get(cited)
            if numbers is None:
                numbers = numbers_of[cited] = {t for t in context if _is_number(t)}
                context_entities_of[cited] = frozenset(context & entities)
            pair_context_entities.append(context_entities_of[cited])
            pair_numbers.append(
                frozenset(t for t in filter(str.isdigit, mentioned) if _is_number(t)) | numbers
            )
            answers = " ".join(pair.answer.values())
            types = answer_types_of.get(answers)
            if types is None:
                types = answer_types_of[answers] = answer_types(answers)
            pair_answers.append(types)

        paragraph_numbers: list[int] = []
        paragraph_tokens: list[set[str]] = []
        for paragraph in kb.article.paragraphs:
            if paragraph.kind is ParagraphKind.CONTENT:
                paragraph_numbers.append(paragraph.number)
                paragraph_tokens.append(set(tokens_of(paragraph.text, article_language)))

        # Weights: inverse document frequency over pairs and paragraphs.
        documents = [*pair_tokens, *paragraph_tokens]
        df: dict[str, int] = defaultdict(int)
        for doc in documents:
            for t in doc:
                df[t] += 1
        n = len(documents)
        self.weights: dict[str, float] = {
            t: (
                QUESTION_WORD_WEIGHT
                if t in QUESTION_WORDS
                else math.log(1 + n / d) ** self.rules.idf_exponent
            )
            for t, d in df.items()
        }
        self.unknown_weight = (
            math.log(1 + n) ** self.rules.idf_exponent * self.rules.unknown_weight_factor
        )
        # The tokens of each language's commonest words that no text here uses: an unknown
        # word among them weighs less (common_words.py). Not a number ("1991") and not a name
        # the alias table knows: they say what is asked, however common.
        self.common_unknown: dict[Language, frozenset[str]] = {
            lang: frozenset(
                t
                for w in common_words(lang)
                if w.isalpha()
                for t in normalizer.tokens_of_folded(w, lang)
                if t not in self.weights and t not in normalizer.entities
            )
            for lang in LANGUAGES
        }
        self.common_unknown_weight = self.unknown_weight * self.rules.common_word_factor

        self.phrasing_tokens = phrasing_tokens
        # Each phrasing's tokens sorted and joined by spaces, made when a question first needs it
        # (a large knowledge base has a hundred thousand phrasings, few of them ever scored).
        self.phrasing_strings: list[str | None] = [None] * len(phrasing_tokens)
        self.phrasing_pair = np.asarray(phrasing_pair, dtype=np.int64)
        names, ids, lengths = _token_ids(phrasing_tokens)
        starts = np.cumsum(lengths) - lengths
        # The weights of each phrasing's tokens summed in their order, as sum() sums them (1 for
        # a phrasing without any): the same floats.
        weight_of = np.fromiter(map(self.weights.__getitem__, names), np.float64, len(names))
        self.phrasing_weight = _sums_in_order(weight_of[ids], starts, lengths)
        self.pair_tokens = [frozenset(t) for t in pair_tokens]
        self.pair_evidence = pair_evidence
        self.pair_entities = pair_entities
        self.pair_context_entities = pair_context_entities
        self.pair_numbers = pair_numbers
        # A number only a pair or two give themselves (in phrasings, answers or quotes) names
        # their fact: a question giving it finds them, whatever else it says ("in which month
        # was it 23,321"), and each is scored by its first phrasing if no other is among the best.
        givers: dict[str, list[int]] = defaultdict(list)
        for index, own_numbers in enumerate(pair_own_numbers):
            for given in own_numbers:
                givers[given].append(index)
        self._pairs_of_number = {
            given: tuple(pairs) for given, pairs in givers.items() if len(pairs) <= NUMBER_GIVERS
        }
        self._first_phrasing = [ends[index - 1] if index else 0 for index in range(len(ends))]
        self.pair_question_words = [
            frozenset(q | a) for q, a in zip(asked_by_pair, pair_answers, strict=True)
        ]
        self.postings = _postings(names, ids, lengths)
        self.phrasing_count = len(phrasing_tokens)
        self.phrasing_pair_list = phrasing_pair
        # A substantial phrasing: heavy enough, with two tokens or more that are no question
        # word (a phrasing's tokens are distinct: its length less the question words it holds).
        is_question = np.fromiter(map(question_words.__contains__, names), bool, len(names))
        questions_before = np.concatenate(([0], np.cumsum(is_question[ids])))
        held_questions = questions_before[starts + lengths] - questions_before[starts]
        self.phrasing_substantial = (self.phrasing_weight >= SUBSTANTIAL_WEIGHT) & (
            lengths - held_questions >= 2
        )
        # Substantial phrasings (their indices) by their rarest token (the shortest posting, ties
        # by the token): a phrasing stands whole in a question only if that token is in it.
        # (Indices, not the phrasings' token sets: a dict of small int lists unpickles several
        # times faster than one of frozensets, see bot/engine/cache.py.)
        self._substantial_by_token = _by_rarest_token(
            names, ids, lengths, starts, self.phrasing_substantial
        )
        self.paragraph_numbers = paragraph_numbers
        self.paragraph_tokens = [frozenset(t) for t in paragraph_tokens]
        self.paragraph_entities = [frozenset(t & normalizer.entities) for t in paragraph_tokens]
        paragraphs_of: dict[str, list[int]] = defaultdict(list)
        for index, held in enumerate(self.paragraph_tokens):
            for t in held:
                paragraphs_of[t].append(index)
        self._paragraphs_of = {t: tuple(ix) for t, ix in paragraphs_of.items()}
        self._correct_word = lru_cache(maxsize=16384)(self._correct_word_uncached)
        self._pair_score = pair_scorer(self.rules)
        # The tokens most phrasings hold (at least one in DENSE_SHARE; the DENSE_ROWS commonest).
        self._common_tokens = sorted(
            (
                t
                for t, posting in self.postings.items()
                if DENSE_SHARE * len(posting) >= self.phrasing_count
            ),
            key=lambda t: -len(self.postings[t]),
        )[:DENSE_ROWS]
        self._weight_rows = self._rows_of_common_tokens()
        self._groups = (
            self._phrasings_by_common_tokens()
            if self.phrasing_count >= SAMPLED_MIN_PHRASINGS and self._common_tokens
            else None
        )
        self._heads_of: dict[int, GroupHeads] = {}

    def _phrasings_by_common_tokens(self) -> CommonGroups:
        """The phrasings holding a common token, grouped by which of them they hold, each group
        in the order of the phrasings' own weight (lightest first, equal ones in the order of
        the phrasings), and the first of each group in a row: see `_best_by_groups`."""
        bits = {t: 1 << i for i, t in enumerate(self._common_tokens)}
        held = np.zeros(self.phrasing_count, dtype=np.uint16)
        for token, bit in bits.items():
            held[self.postings[token]] |= bit
        by_weight = np.argsort(self.phrasing_weight, kind="stable")
        by_weight = by_weight[held[by_weight] != 0]
        # Stable: each group keeps the order by weight.
        grouped = by_weight[np.argsort(held[by_weight], kind="stable")]
        masks = held[grouped]
        begins = np.flatnonzero(np.concatenate(([True], masks[1:] != masks[:-1])))
        bounds = [*begins.tolist(), len(grouped)]
        head = HEAD_FACTOR * (max(64, self.rules.rescore_pairs * 8) + 1)
        heads = [grouped[a : min(b, a + head)] for a, b in itertools.pairwise(bounds)]
        head_lengths = [len(h) for h in heads]
        flat_heads = np.concatenate(heads) if heads else np.zeros(0, np.int64)
        head_ends = np.cumsum(head_lengths, dtype=np.int64).tolist()
        weight = self.phrasing_weight
        after_head = [
            float(weight[grouped[a + head]]) if a + head < b else math.inf
            for a, b in itertools.pairwise(bounds)
        ]
        return CommonGroups(
            bits,
            masks[begins].tolist(),
            grouped,
            bounds,
            flat_heads,
            np.repeat(np.arange(len(heads), dtype=np.int64), head_lengths),
            self.phrasing_weight[flat_heads],
            [0, *head_ends],
            after_head,
            held,
        )

    def _rows_of_common_tokens(self) -> dict[str, tuple[float, npt.NDArray[np.float64]]]:
        """For each common token, its weight and a row of it at each phrasing holding the token,
        0 elsewhere: a question adds such a row in one pass rather than scattering the weight
        over a long posting (adding 0 changes no float, so the sums are the same)."""
        rows: dict[str, tuple[float, npt.NDArray[np.float64]]] = {}
        for token in self._common_tokens:
            weight = self.weights[token]
            row = np.zeros(self.phrasing_count)
            row[self.postings[token]] = weight
            rows[token] = (weight, row)
        return rows

    def _group_heads(self, asked: int) -> GroupHeads:
        """The groups holding any of the common tokens `asked` (their bits) and their heads, one
        after the other (see _best_by_groups); kept for the next question asking the same (at
        most HEADS_KEPT such sets are kept: a question asks few of the common tokens)."""
        groups = self._groups
        assert groups is not None
        looked_at = [g for g, mask in enumerate(groups.masks) if mask & asked]
        head_bounds = groups.head_bounds
        if len(looked_at) == len(groups.masks):
            heads, head_group = groups.heads, groups.head_group
            head_weight = groups.head_weight
        elif len(looked_at) > MAX_GROUPS:
            heads = head_group = np.zeros(0, np.int64)
            head_weight = np.zeros(0)
        else:
            spans = [slice(head_bounds[g], head_bounds[g + 1]) for g in looked_at]
            heads = np.concatenate([groups.heads[x] for x in spans] or [np.zeros(0, np.int64)])
            head_weight = np.concatenate([groups.head_weight[x] for x in spans] or [np.zeros(0)])
            lengths = [head_bounds[g + 1] - head_bounds[g] for g in looked_at]
            head_group = np.repeat(np.arange(len(looked_at)), lengths)
        found = GroupHeads(looked_at, heads, head_weight, head_group)
        if len(self._heads_of) < HEADS_KEPT:
            self._heads_of[asked] = found
        return found

    def __getstate__(self) -> dict[str, object]:
        # The correction memo, the pair scorer (closures) and the rows of the common tokens are
        # made again on unpickling (bot/engine/cache.py).
        state = dict(self.__dict__)
        del state["_correct_word"], state["_pair_score"], state["_weight_rows"]
        del state["_heads_of"]
        # Thousands of small arrays unpickle slowly (a reconstructing call each): the postings
        # are stored as one array and where each ends, and made slices of it again.
        postings: dict[str, npt.NDArray[np.int64]] = state.pop("postings")
        lengths = [len(posting) for posting in postings.values()]
        flat = np.concatenate(list(postings.values())) if postings else np.zeros(0, np.int64)
        state["_flat_postings"] = (list(postings), flat, lengths)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        flat_postings = cast(
            "tuple[list[str], npt.NDArray[np.int64], list[int]]", state.pop("_flat_postings")
        )
        names, flat, lengths = flat_postings
        self.__dict__.update(state)
        ends = np.cumsum(lengths, dtype=np.int64).tolist()
        starts = [0, *ends][: len(ends)]
        self.postings = {t: flat[a:b] for t, a, b in zip(names, starts, ends, strict=True)}
        self._correct_word = lru_cache(maxsize=16384)(self._correct_word_uncached)
        self._pair_score = pair_scorer(self.rules)
        self._weight_rows = self._rows_of_common_tokens()
        self._heads_of = {}

    # --- questions -----------------------------------------------------------------------------

    def query(self, folded: str, language: Language) -> QueryTokens:
        """The tokens of a folded question (see normalize.fold), with misspelt words corrected
        and unknown compounds split."""
        tokens = self.normalizer.tokens_of_folded(folded, language, self._correct_word)
        if not _THOUSANDS.isdisjoint(tokens):
            # "23 тысячи", "23 thousand": the number the knowledge gives that many thousands of.
            tokens = self._in_thousands(tokens)
        weight_of, unknown = self.weights.get, self.unknown_weight
        weights = tuple([weight_of(t, unknown) for t in tokens])
        if unknown in weights and language == "de":
            # German writes apart what a compound joins: "neu ausrichten" is the knowledge's
            # "Neuausrichtung" (whose second half is no word of it alone).
            tokens = _joined_compounds(tokens, weights, unknown, self.weights)
            weights = tuple([weight_of(t, unknown) for t in tokens])
        if unknown in weights:
            common, lighter = self.common_unknown[language], self.common_unknown_weight
            weights = tuple(
                [
                    lighter if w == unknown and t in common else w
                    for t, w in zip(tokens, weights, strict=True)
                ]
            )
        entities = self.normalizer.entities.intersection(tokens)
        numbers: frozenset[str] = frozenset()
        # Numbers and ordinals start with a digit (most questions have no such token).
        digital = [t for t in tokens if t[:1].isdigit()]
        if digital:
            numbers = frozenset([t for t in digital if _is_number(t)])
            ordinals = [m[1] for t in digital if (m := _ORDINAL.fullmatch(t))]
            if ordinals:
                # An English ordinal names its number: "the 70th anniversary" is about 70.
                numbers = numbers.union(ordinals)
        return QueryTokens(tokens, weights, entities, asks(tokens), numbers)

    def _in_thousands(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
        """`tokens` with each number followed by a word for thousands read as the one number a
        pair gives that rounds to it ("23" "тысяч": 23321); as they are if none or several do."""
        given = frozenset().union(*self.pair_numbers)
        read: list[str] = []
        for token in tokens:
            if token in _THOUSANDS and read and read[-1].isdigit():
                many = int(read[-1])
                meant = [n for n in given if n.isdigit() and round(int(n) / 1000) == many]
                if len(meant) == 1:
                    read[-1] = meant[0]
                    continue
            read.append(token)
        return tuple(read)

    def _correct_word_uncached(self, word: str) -> tuple[str, ...]:
        """A known word as it is; a misspelt one as the known word within an edit or two of it;
        anything else as it is. (Compounds are split by the normaliser before this is asked.)"""
        short = len(word) < MIN_CORRECTED_LETTERS
        if word in self.surface_words or len(word) < MIN_NAME_TYPO_LETTERS or not word.isalpha():
            return (word,)
        # Typos rarely hit the first letter; keeping it stops "uran" from becoming "dran".
        # Two edits in a long word, or in one of seven letters or more in Latin script (not in
        # Russian, whose endings alone differ by two: "газетную" is no "газету").
        max_edits = 2 if len(word) > 9 or (len(word) >= 7 and word.isascii()) else 1
        candidates = self._surface_by_initial.get(word[0], ())
        if short:
            # A short word is corrected only to a name one edit away (a name, not "put").
            near = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=1)
            names = [known for known, _, _ in near if self.normalizer.names(known)]
            return (names[0],) if names and not is_general_word(word) else (word,)
        best = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=max_edits)
        if best is None:
            # A misspelt stop word is one ("becuase", "artcle": they weighed most, as unknown).
            stop = process.extractOne(
                word, self._stop_by_initial.get(word[0], ()), scorer=OSA.distance, score_cutoff=1
            )
            if stop is not None and not is_general_word(word):
                return (stop[0],)
            return (word,)
        # A name is distinctive: a word two edits from one is another word ("inzwischen" is not
        # "indischen", India), one edit is a typo of it.
        if best[1] > 1 and self.normalizer.names(best[0]):
            return (word,)
        if is_general_word(word):
            return (word,)  # a word of its own, unknown here ("wetter" is not "weiter")
        return (best[0],)

    # --- scoring -------------------------------------------------------------------------------

    def score(self, query: QueryTokens) -> list[Scored]:
        """Score every pair for a question; the best first (only pairs with any overlap)."""
        return self.rescore(query, self.best_phrasings(query))

    def best_phrasings(self, query: QueryTokens) -> BestPhrasings:
        """The best phrasing of each of the best pairs (`rescore_pairs` of them) with its
        coverage, the best first: what `rescore` scores. It depends on the question's tokens
        and weights only (not on what it asks, its entities or numbers)."""
        total = query.total_weight
        if total <= 0:
            return {}
        # The best phrasing of each of the best pairs: only the top few phrasings are sorted (a
        # partial sort keeps 100k phrasings cheap).
        limit = max(64, self.rules.rescore_pairs * 8)
        ranked = self._best_by_groups(query, total, limit) if self._groups is not None else None
        if ranked is None:
            ranked = self._best_by_overlap(query, total, limit)
        best_of_pair: BestPhrasings = {}
        if ranked is not None:
            phrasing_pair = self.phrasing_pair_list
            wanted = self.rules.rescore_pairs
            for phrasing, best in zip(ranked[0].tolist(), ranked[1].tolist(), strict=True):
                pair = phrasing_pair[phrasing]
                if pair not in best_of_pair:
                    best_of_pair[pair] = (phrasing, best)
                    if len(best_of_pair) == wanted:
                        break
        if query.numbers:
            for given in query.numbers:
                for pair in self._pairs_of_number.get(given, ()):
                    if pair not in best_of_pair:
                        best_of_pair[pair] = (self._first_phrasing[pair], 0.0)
        return best_of_pair

    def _best_by_overlap(self, query: QueryTokens, total: float, limit: int) -> Ranked | None:
        """The best `limit` phrasings and their coverage, the best first, equal ones in the
        order of the phrasings, from every phrasing's overlap with the question; None when
        none shares a token."""
        overlap = np.zeros(self.phrasing_count)
        hit = False
        rows = self._weight_rows
        for token, weight in zip(query.tokens, query.weights, strict=True):
            common = rows.get(token)
            if common is not None and common[0] == weight:
                overlap += common[1]
                hit = True
                continue
            posting = self.postings.get(token)
            if posting is not None:
                overlap[posting] += weight
                hit = True
        if not hit:
            return None
        # Only phrasings sharing a token count (weights are positive: overlap > 0 is sharing one).
        # (nonzero of a boolean array: several times faster than of the floats themselves)
        sharing = overlap != 0
        sharing_count = int(np.count_nonzero(sharing))
        share = self.rules.question_coverage_share
        if 4 * sharing_count > self.phrasing_count:
            # Most phrasings share a token: the same sums over all of them (contiguous, no
            # gathering), then the candidates' (each value is the same float either way).
            # (In place: share * (overlap / total) + (1 - share) * (overlap / weight), each
            # product and sum the same float either way round.)
            everywhere = overlap / total
            everywhere *= share
            own = overlap / self.phrasing_weight
            own *= 1 - share
            everywhere += own
            # The best phrasings, in order (no more than `limit`: sorted below as they are), or
            # every one sharing a token.
            top = (
                self._best_of_all(everywhere, limit)
                if sharing_count > limit and self.phrasing_count >= SAMPLED_MIN_PHRASINGS
                else None
            )
            candidates = top if top is not None else sharing.nonzero()[0]
            coverage = everywhere[candidates]
        else:
            # (The same, in place, over the candidates only.)
            candidates = sharing.nonzero()[0]
            held = overlap[candidates]
            coverage = held / total
            coverage *= share
            own = held / self.phrasing_weight[candidates]
            own *= 1 - share
            coverage += own

        order = _best_of(-coverage, limit)
        return candidates[order], coverage[order]

    def rescore(self, query: QueryTokens, best_of_pair: BestPhrasings) -> list[Scored]:
        """The pairs of `best_of_pair` (`best_phrasings` of a question with the same tokens
        and weights) scored in full for `query`, the best first: `score(query)`."""
        total = query.total_weight
        if not best_of_pair or total <= 0:
            return []
        phrasing_pair = self.phrasing_pair_list
        query_string = " ".join(sorted(query.tokens))
        # Pairs with a substantial phrasing found whole in the question: the rest of the
        # question is chatter around it ("when was the visit? missed it, sorry"). Each such
        # phrasing is listed under its rarest token, so only a few are looked at.
        held_tokens = frozenset(query.tokens)
        contained: set[int] = set()
        phrasing_tokens = self.phrasing_tokens
        counted = _counted(query.tokens)
        for token in query.tokens:
            for index in self._substantial_by_token.get(token, ()):
                held = phrasing_tokens[index]
                if held_tokens.issuperset(held) and (counted is None or counted in held):
                    # (A question counting something the phrasing does not count is not it:
                    # "how many days was he in <the country>" holds "how many in <it>".)
                    contained.add(phrasing_pair[index])
        for given in query.numbers:
            # A number only one pair gives names its fact, as a phrasing of it found whole does
            # ("when is the 23,321 figure from"); a year names a time, not a fact.
            givers = self._pairs_of_number.get(given, ())
            if len(givers) == 1 and not _is_year(given):
                contained.add(givers[0])
        tokens, weights = query.tokens, query.weights
        numbers, asked = query.numbers, query.asked
        # The question's entities the article does not imply: those a pair must name.
        named = query.entities - self.implicit
        pair_score = self._pair_score
        phrasing_strings = self.phrasing_strings
        pair_evidence = self.pair_evidence
        pair_entities = self.pair_entities
        pair_numbers = self.pair_numbers
        pair_question_words = self.pair_question_words
        ratio = fuzz.ratio
        results: list[Scored] = []
        for pair, (phrasing, best) in best_of_pair.items():
            # Both strings are their tokens sorted and joined by spaces already: their plain
            # ratio is the token sort ratio, without splitting and sorting them again.
            phrasing_string = phrasing_strings[phrasing]
            if phrasing_string is None:
                phrasing_string = phrasing_strings[phrasing] = " ".join(
                    sorted(phrasing_tokens[phrasing])
                )
            similarity = ratio(query_string, phrasing_string) / 100
            # The weights of the question's tokens the pair's evidence holds, summed in order.
            union_cover = (
                sum(compress(weights, map(pair_evidence[pair].__contains__, tokens))) / total
            )
            missing: tuple[str, ...] = ()
            context_entities = 0
            if named or numbers:
                unnamed = named - pair_entities[pair]
                if unnamed or not numbers <= pair_numbers[pair]:
                    in_context = unnamed & self.pair_context_entities[pair]
                    missing = tuple(sorted((unnamed - in_context) | (numbers - pair_numbers[pair])))
                    # (Only the entities its cited paragraphs name: a number it does not give
                    # is missing, and no entity of its context.)
                    context_entities = len(in_context)
            whole = pair in contained
            score = pair_score(
                best,
                union_cover,
                whole,
                similarity,
                len(missing),
                context_entities,
                unanswerable(asked, pair_question_words[pair]) if asked else 0,
            )
            results.append(Scored(pair, score, union_cover, missing, whole))
        # Descending and stable, as sorting by the negated score would.
        results.sort(key=_score, reverse=True)
        return results

    def _best_by_groups(self, query: QueryTokens, total: float, limit: int) -> Ranked | None:
        """What `_best_by_overlap` gives, without a pass over every phrasing: the phrasings
        holding one of the question's rarer tokens are scored one by one (their overlap summed
        in the question's order, as it sums it); every other phrasing that shares a token holds
        only common ones, and in a group holding the same common tokens (one overlap for all)
        the lightest have the best coverage (overlap / own weight, rounded, never grows with
        the weight), so only the first `limit` + 1 of each group not scored already can be
        among the best or equal to the limit-th: those are scored, and the best `limit` of all
        scored are the best of all (if none left out can be as good as the limit-th). None when
        that does not pay, more than MAX_GROUPS groups to look at or the rarer tokens'
        phrasings more than one in RARER_SHARE, or cannot tell (one left out as good)."""
        groups = self._groups
        assert groups is not None
        bits = groups.bits
        postings = self.postings
        # Each token held anywhere, in the question's order, with its bit (a common token's
        # own; a rarer token's, the next of the question's rarer ones') and whether it is
        # rarer.
        asked = 0
        rarer: list[tuple[int, npt.NDArray[np.int64]]] = []
        held_tokens: list[tuple[int, float, bool]] = []
        rarer_held = 0
        for token, w in zip(query.tokens, query.weights, strict=True):
            bit = bits.get(token)
            if bit is None:
                posting = postings.get(token)
                if posting is None:
                    continue
                if len(rarer) == MAX_RARE:
                    return None
                bit = 1 << len(rarer)
                rarer.append((bit, posting))
                rarer_held += len(posting)
                held_tokens.append((bit, w, True))
            else:
                asked |= bit
                held_tokens.append((bit, w, False))
        if RARER_SHARE * rarer_held > self.phrasing_count:
            return None
        masks = groups.masks
        looked = self._heads_of.get(asked)
        if looked is None:
            looked = self._group_heads(asked)
        looked_at = looked.groups
        if len(looked_at) > MAX_GROUPS:
            return None
        share = self.rules.question_coverage_share
        rest = 1 - share
        indices: list[npt.NDArray[np.int64]] = []
        values: list[npt.NDArray[np.float64]] = []
        tokens_of: npt.NDArray[np.uint16] | None = None
        # The best coverage a phrasing of a group left out can have (that of the first one
        # after those taken: the coverage never grows down a group).
        left_out = -math.inf
        if rarer:
            # The phrasings holding a rarer token, each once, and the rarer tokens each holds.
            tokens_of = np.zeros(self.phrasing_count, dtype=np.uint16)
            # (The first posting's phrasings are all new: nothing to look up.)
            first_bit, first_posting = rarer[0]
            tokens_of[first_posting] = first_bit
            parts = [first_posting]
            for bit, posting in rarer[1:]:
                before = tokens_of[posting]
                parts.append(posting[before == 0])
                tokens_of[posting] = before | bit
            members = np.concatenate(parts) if len(parts) > 1 else parts[0]
            holds_rarer = tokens_of[members]
            held_weight = _held_weights(
                held_tokens,
                holds_rarer,
                groups.held[members] if asked else None,
                len(rarer),
                asked,
            )
            coverage = held_weight / total
            coverage *= share
            own = held_weight / self.phrasing_weight[members]
            own *= rest
            coverage += own
            indices.append(members)
            values.append(coverage)
        if looked_at:
            # Each group's overlap, summed as _best_by_overlap sums it.
            group_weight = []
            for g in looked_at:
                mask = masks[g]
                summed = 0.0
                for bit, w, is_rarer in held_tokens:
                    if not is_rarer and bit & mask:
                        summed += w
                group_weight.append(summed)
            # The heads of the groups looked at, one after the other.
            head_bounds = groups.head_bounds
            heads, head_weight, head_group = looked.heads, looked.weight, looked.group
            held_weight = np.asarray(group_weight)[head_group]
            if tokens_of is not None:
                # Those scored already are left out; a group's head must keep `limit` + 1 (or
                # be all of it), else more of the group is taken.
                fresh = tokens_of[heads] == 0
                kept = np.bincount(head_group[fresh], minlength=len(looked_at)).tolist()
                bounds = groups.bounds
                short = [
                    i
                    for i, g in enumerate(looked_at)
                    if kept[i] <= limit
                    and head_bounds[g + 1] - head_bounds[g] < bounds[g + 1] - bounds[g]
                ]
                if short:
                    is_short = np.zeros(len(looked_at), dtype=bool)
                    is_short[short] = True
                    fresh &= ~is_short[head_group]
                    for i in short:
                        g = looked_at[i]
                        in_group = groups.phrasings[bounds[g] : bounds[g + 1]]
                        taken = 4 * (head_bounds[g + 1] - head_bounds[g])
                        while True:
                            first = in_group[:taken]
                            first = first[tokens_of[first] == 0]
                            if len(first) > limit or taken >= len(in_group):
                                break
                            taken *= 4
                        summed = group_weight[i]
                        own = summed / self.phrasing_weight[first]
                        own *= rest
                        own += summed / total * share
                        indices.append(first)
                        values.append(own)
                        if taken < len(in_group):
                            after = float(self.phrasing_weight[in_group[taken]])
                            left_out = max(left_out, summed / total * share + summed / after * rest)
                heads, head_weight, held_weight = (
                    heads[fresh],
                    head_weight[fresh],
                    held_weight[fresh],
                )
            else:
                short = []
            after_head = groups.after_head
            for i, g in enumerate(looked_at):
                after = after_head[g]
                if after != math.inf and i not in short:
                    summed = group_weight[i]
                    left_out = max(left_out, summed / total * share + summed / after * rest)
            # (The same floats as over all phrasings: share * (overlap / total) + (1 - share)
            # * (overlap / weight), each step elementwise.)
            coverage = held_weight / total
            coverage *= share
            own = held_weight / head_weight
            own *= rest
            coverage += own
            indices.append(heads)
            values.append(coverage)
        if not indices:
            return np.zeros(0, np.int64), np.zeros(0)  # no token of it is held anywhere
        found = np.concatenate(indices) if len(indices) > 1 else indices[0]
        coverage = np.concatenate(values) if len(values) > 1 else values[0]
        negated = -coverage
        if len(found) > limit:
            # Those as good as the limit-th: every one of them is here unless one left out of
            # a group may be as good (then the overlap of every phrasing tells).
            kth = np.partition(negated, limit - 1)[limit - 1]
            if -left_out <= kth:
                return None
            keep = negated <= kth
            found, negated = found[keep], negated[keep]
        # (Else every phrasing sharing a token is here: no group gave more than `limit`.)
        # In the order of the phrasings, then by coverage: equal ones keep that order.
        by_index = found.argsort()
        found, negated = found[by_index], negated[by_index]
        order = negated.argsort(kind="stable")[:limit]
        return found[order], -negated[order]

    def _best_of_all(
        self, coverage: npt.NDArray[np.float64], limit: int
    ) -> npt.NDArray[np.int64] | None:
        """The `limit` phrasings of the best `coverage` (positive where a phrasing shares a
        token, 0 elsewhere), in order, equal ones in the order of the phrasings (see
        `_best_of`), found among those above a threshold taken from every 16th phrasing (a
        hundred or so, instead of sorting half of a hundred thousand); None (the candidates are
        sorted as before) when the threshold leaves too few or too many."""
        sample = coverage[::16]
        above = 2 * limit // 16
        if len(sample) <= above:
            return None
        threshold = np.partition(sample, len(sample) - above)[len(sample) - above]
        if threshold <= 0:
            return None
        best = (coverage >= threshold).nonzero()[0]
        if not limit <= len(best) <= 8 * limit:
            return None
        # Every phrasing as good as the limit-th is among them (it is above the threshold), in
        # the order of the phrasings: the stable sort keeps that order among equal ones.
        ranked: npt.NDArray[np.int64] = best[(-coverage[best]).argsort(kind="stable")]
        return ranked[:limit]

    def passages(self, query: QueryTokens) -> list[PassageScore]:
        """How well each content paragraph covers the question, the best first."""
        total = query.total_weight
        if total <= 0:
            return []
        # Each paragraph's share of the question, from the paragraphs each token is in.
        covered = [0.0] * len(self.paragraph_numbers)
        for token, weight in zip(query.tokens, query.weights, strict=True):
            for index in self._paragraphs_of.get(token, ()):
                covered[index] += weight
        entities = query.entities - self.implicit
        numbers = query.numbers
        if entities or numbers:
            out = [
                PassageScore(
                    number,
                    held / total,
                    tuple(sorted((entities - named) | (numbers - tokens)))
                    if not (entities <= named and numbers <= tokens)
                    else (),
                )
                for number, tokens, named, held in zip(
                    self.paragraph_numbers,
                    self.paragraph_tokens,
                    self.paragraph_entities,
                    covered,
                    strict=True,
                )
            ]
        else:
            out = [
                PassageScore(number, held / total, ())
                for number, held in zip(self.paragraph_numbers, covered, strict=True)
            ]
        # Descending and stable (equal coverages keep the paragraphs' order), as sorting by the
        # negated coverage would.
        out.sort(key=_coverage, reverse=True)
        return out


def _held_weights(
    held_tokens: list[tuple[int, float, bool]],
    holds_rarer: npt.NDArray[np.uint16],
    holds_common: npt.NDArray[np.uint16] | None,
    rarer: int,
    asked: int,
) -> npt.NDArray[np.float64]:
    """The overlap of phrasings with a question (see Matcher._best_by_groups): each of
    `held_tokens` (bit, weight, whether rarer) adds its weight, or 0 (which changes no float),
    in the question's order, where the phrasing holds it (its bit in `holds_rarer`, or in
    `holds_common` for a common token; None when no common token is asked).

    The overlap depends only on which of the question's tokens a phrasing holds: when those
    combinations are fewer than the phrasings, each combination's sum is added up (in the same
    order, the same float) and looked up for each phrasing, instead of adding over all of them
    token by token."""
    common_bits = asked.bit_length() if holds_common is not None else 0
    combinations = 1 << (rarer + common_bits)
    if combinations * COMBINATIONS_SHARE <= len(holds_rarer) and len(held_tokens) > 1:
        key = np.arange(combinations)
        by_key = np.zeros(combinations)
        for bit, w, is_rarer in held_tokens:
            by_key += ((key & (bit if is_rarer else bit << rarer)) != 0) * w
        held = holds_rarer.astype(np.intp)
        if holds_common is not None:
            held |= (holds_common & asked).astype(np.intp) << rarer
        looked_up: npt.NDArray[np.float64] = by_key[held]
        return looked_up
    held_weight = np.zeros(len(holds_rarer))
    for bit, w, is_rarer in held_tokens:
        if is_rarer:
            has = holds_rarer & bit
        else:
            assert holds_common is not None
            has = holds_common & bit
        held_weight += (has != 0) * w
    return held_weight


# The combinations of a question's tokens are summed one by one when they are no more than one in
# this many of the phrasings looked at (see _held_weights).
COMBINATIONS_SHARE = 2


def _best_of(negated: npt.NDArray[np.float64], limit: int) -> npt.NDArray[np.int64]:
    """The positions of the `limit` lowest of `negated` (negated coverages, in the order of
    their phrasings), the lowest first, equal ones in their order: the first `limit` of a
    stable sort of them all. (Only those as low as the limit-th are sorted, found by a partial
    sort; when more than `limit` equal the limit-th, the first of those are taken, not the ones
    a partial sort's selection happens to leave, which depend on the CPU numpy runs on.)"""
    # (The arrays' own methods: np.partition and np.argsort are Python wrappers of them.)
    if len(negated) <= SORTED_WHOLE:
        result: npt.NDArray[np.int64] = negated.argsort(kind="stable")[:limit]
        return result
    kth = np.partition(negated, limit - 1)[limit - 1]
    # In index order, so that the stable sort keeps equal coverages in the order of the
    # phrasings.
    part = (negated <= kth).nonzero()[0]
    result = part[negated[part].argsort(kind="stable")]
    return result[:limit] if len(result) > limit else result


# Up to this many candidates are sorted whole (as quick as a partial sort first).
SORTED_WHOLE = 400


_score = attrgetter("score")
_coverage = attrgetter("coverage")


# A token held by at least one phrasing in this many is added to a question's overlap as a row of
# weights over every phrasing (see Matcher._rows_of_common_tokens); at most DENSE_ROWS tokens are.
DENSE_SHARE = 16
DENSE_ROWS = 16

_ORDINAL = re.compile(r"(\d{2,})(?:st|nd|rd|th)")
# Words for thousands after a number (as their tokens): "23 тысячи", "23 thousand".
_THOUSANDS = frozenset({"тысяч", "thousand", "tausend"})


# A number given by at most this many pairs names their fact (see Matcher._pairs_of_number).
NUMBER_GIVERS = 2


def _is_year(token: str) -> bool:
    """A number that reads as a year of this era or the last ("1945", "2022")."""
    return len(token) == 4 and token[:2] in {"19", "20"}


def _is_number(token: str) -> bool:
    """A number that tells facts apart: two digits or more (a single digit is as often written
    as a word, "drei", "три", and then it is no token of this kind)."""
    return len(token) >= 2 and token.isdigit()


def _token_ids(
    phrasing_tokens: Sequence[tuple[str, ...]],
) -> tuple[list[str], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The tokens in the order they first appear, each token of each phrasing as its number
    there (all phrasings' in a row), and each phrasing's number of tokens."""
    flat = list(chain.from_iterable(phrasing_tokens))
    names = list(dict.fromkeys(flat))
    number = {t: i for i, t in enumerate(names)}
    ids = np.fromiter(map(number.__getitem__, flat), dtype=np.int64, count=len(flat))
    lengths = np.fromiter(map(len, phrasing_tokens), dtype=np.int64, count=len(phrasing_tokens))
    return names, ids, lengths


def _sums_in_order(
    values: npt.NDArray[np.float64], starts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """The sum of each run of `values` (`lengths[i]` of them from `starts[i]`), added one after
    the other from 0 as sum() adds them (numpy's own sums add in another order, which may give
    another float); 1 for a sum of 0 (an empty run)."""
    sums = np.zeros(len(lengths))
    for k in range(int(lengths.max()) if len(lengths) else 0):
        rows = (lengths > k).nonzero()[0]
        sums[rows] += values[starts[rows] + k]
    sums[sums == 0] = 1.0
    return sums


def _postings(
    names: list[str], ids: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]
) -> dict[str, npt.NDArray[np.int64]]:
    """Token -> the phrasings holding it, ascending, tokens in the order they first appear (see
    `_token_ids`): one stable sort of every (token, phrasing), each posting a slice of it."""
    order = np.argsort(ids, kind="stable")
    holders = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)[order]
    ends = np.cumsum(np.bincount(ids, minlength=len(names))).tolist()
    starts = [0, *ends][: len(ends)]
    return {t: holders[a:b] for t, a, b in zip(names, starts, ends, strict=True)}


def _by_rarest_token(
    names: list[str],
    ids: npt.NDArray[np.int64],
    lengths: npt.NDArray[np.int64],
    starts: npt.NDArray[np.int64],
    chosen: npt.NDArray[np.bool_],
) -> dict[str, list[int]]:
    """The `chosen` phrasings (each holding a token) by their rarest token: the one in fewest
    phrasings, ties by the token. Tokens in the order of their first such phrasing, each one's
    phrasings ascending."""
    if not chosen.any():
        return {}
    held = np.bincount(ids, minlength=len(names)).tolist()
    ranked = sorted(range(len(names)), key=lambda i: (held[i], names[i]))
    rank = np.empty(len(names), dtype=np.int64)
    rank[ranked] = np.arange(len(names), dtype=np.int64)
    # The lowest rank of each phrasing's tokens (over the phrasings holding any, each one's
    # tokens running up to the next one's).
    holding = np.flatnonzero(lengths)
    lowest = np.zeros(len(lengths), dtype=np.int64)
    lowest[holding] = np.minimum.reduceat(rank[ids], starts[holding])
    phrasings = np.flatnonzero(chosen)
    rarest = lowest[phrasings]
    order = np.argsort(rarest, kind="stable")
    phrasings, rarest = phrasings[order], rarest[order]
    # Where each token's run begins, and the runs by their first phrasing.
    begins = np.flatnonzero(np.concatenate(([True], rarest[1:] != rarest[:-1])))
    ends = [*begins[1:].tolist(), len(phrasings)]
    runs = sorted(zip(phrasings[begins].tolist(), begins.tolist(), ends, strict=True))
    grouped = phrasings.tolist()
    return {names[ranked[rarest[a]]]: grouped[a:b] for _, a, b in runs}


# At most this many groups of phrasings by their common tokens are looked at for a question (see
# Matcher._best_by_groups); more, and every phrasing's overlap is summed instead.
MAX_GROUPS = 64
# At most this many sets of common tokens asked keep their groups' heads (Matcher._group_heads).
HEADS_KEPT = 128
# Each group's first HEAD_FACTOR * (limit + 1) phrasings are kept in a row (see CommonGroups).
HEAD_FACTOR = 2
# At most this many rarer tokens of a question are taken (a 16-bit integer holds a bit of each).
MAX_RARE = 16
# The postings of a question's rarer tokens together no longer than the phrasings over this (else
# summing every phrasing's overlap is as quick). (At 100k phrasings the groups are quicker up to a
# third: with 10, the questions of several mid-frequency tokens, the slowest 1 %, fell back to
# the pass over all of them, about 0.4 ms each.)
RARER_SHARE = 3

# From this many phrasings on, the best are found above a threshold sampled from them (see
# Matcher._best_of_all); with fewer, sorting them all partly is as quick.
SAMPLED_MIN_PHRASINGS = 16384
# Words this long or longer are corrected to a known word within an edit or two; shorter ones
# of at least MIN_NAME_TYPO_LETTERS letters only to a name one edit away.
MIN_CORRECTED_LETTERS = 5
MIN_NAME_TYPO_LETTERS = 4

# A token in more than this share of the phrasings (of this many or more) is also kept as an
# array of its weight over all phrasings: adding it to every phrasing's overlap is cheaper than
# adding it to half of them by their numbers.


def _counted(tokens: Sequence[str]) -> str | None:
    """What a question asking how many counts: the token right after its "how many", if that
    is a word (not a question word, not a number); None if it asks no count."""
    if "qcount" not in tokens:
        return None
    at = tokens.index("qcount") + 1
    if at >= len(tokens) or tokens[at] in QUESTION_WORDS or tokens[at][:1].isdigit():
        return None
    return tokens[at]
