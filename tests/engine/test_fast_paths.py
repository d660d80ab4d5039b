"""The fast paths of matching and folding give what the plain versions they replaced gave: the
reference implementations here are the engine's earlier code (numpy over every phrasing, one
fold pass after another), compared on every evaluation question and on random text."""

from __future__ import annotations

import json
import re
import unicodedata

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from bot.engine import LANGUAGES, Engine, fold
from bot.engine.decide import QUESTION_WORDS, unanswerable
from bot.engine.decide import pair_score as decide_pair_score
from bot.engine.matcher import _best_of
from tests.support.paths import REPO_ROOT

# --- fold, as it was: every pass on every text ---------------------------------------------------

_MARKUP = re.compile(r"<(?:@[!&]?|#|a?:\w+:)\d+>|https?://\S+|@(?:everyone|here)\b")
_NON_WORD = re.compile(r"[^\w]+|_+")
_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}\b)")
_DIGRAPH = re.compile(r"(?<!q)(?<=[a-z])ue|ae|oe")
_DIGRAPHS = {"ae": "a", "oe": "o", "ue": "u"}
_ACCENTS = str.maketrans("äöüàáâãåèéêëìíîïòóôõùúûýÿñç", "aouaaaaaeeeeiiiioooouuuyync")


def reference_fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text[:1000]).casefold()
    text = _MARKUP.sub(" ", text)
    if not text.isascii():
        text = text.translate(_ACCENTS)
        if not text.isascii():
            decomposed = unicodedata.normalize("NFKD", text.replace("й", "\ue000"))
            text = "".join(c for c in decomposed if not unicodedata.combining(c))
            text = text.replace("\ue000", "й").replace("э", "е")
    text = " ".join(_NON_WORD.sub(" ", text).split())
    text = _THOUSANDS.sub("", text)
    while True:
        folded = _DIGRAPH.sub(lambda m: _DIGRAPHS[m.group(0)], text)
        if folded == text:
            break
        text = folded
    return text[:1000].rstrip()


_PIECES = [
    *"aeouqAEOUäöüßéèñçйЙёЁиэЭ 1234567890.,!?-_@<>:#/\t\n",
    *("\u0306", "\u0301", "\u0308", "ǅ", "ﬁ", "Ａ", "<@123>", "@here", "http://x.y/z"),
]
_TRICKY = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(_TRICKY)
def test_fold_is_the_reference_fold_on_random_text(text: str) -> None:
    assert fold(text) == reference_fold(text)


def test_fold_is_the_reference_fold_on_the_knowledge(engine: Engine) -> None:
    kb = engine.kb
    texts = [t for p in kb.pairs for _, t in p.all_phrasings()]
    texts += [p.text for p in kb.article.paragraphs]
    texts += [a for p in kb.pairs for a in p.answer.values()]
    texts += _eval_questions()
    assert [fold(t) for t in texts] == [reference_fold(t) for t in texts]


# --- score, as it was: numpy over every phrasing -------------------------------------------------


def _pairs_giving(engine: Engine) -> dict[str, list[int]]:
    """Each number of two digits or more and the pairs giving it in their phrasings, answers or
    quotes, if no more than two do."""
    givers: dict[str, list[int]] = {}
    for index, pair in enumerate(engine.kb.pairs):
        said = {
            token
            for text in pair.everything_said()
            for token in engine.normalizer.tokens(text, "en")
            if token.isdigit() and len(token) >= 2
        }
        for number in said:
            givers.setdefault(number, []).append(index)
    return {number: pairs for number, pairs in givers.items() if len(pairs) <= 2}


def reference_score(
    engine: Engine, query: object
) -> list[tuple[int, float, float, tuple[str, ...], bool]]:
    m = engine.matcher
    q = query
    total = q.total_weight  # type: ignore[attr-defined]
    if total <= 0:
        return []
    overlap = np.zeros(len(m.phrasing_tokens))
    for token, weight in zip(q.tokens, q.weights, strict=True):  # type: ignore[attr-defined]
        posting = m.postings.get(token)
        if posting is not None:
            overlap[posting] += weight
    number_pairs = [
        pair
        for number in sorted(q.numbers)  # type: ignore[attr-defined]
        for pair in _pairs_giving(engine).get(number, ())
    ]
    if not overlap.any() and not number_pairs:
        return []
    share = m.rules.question_coverage_share
    coverage = share * (overlap / total) + (1 - share) * (overlap / m.phrasing_weight)
    candidates = np.flatnonzero(overlap)
    limit = max(64, m.rules.rescore_pairs * 8)
    # The best `limit`, equal ones in the order of the phrasings.
    candidates = candidates[np.argsort(-coverage[candidates], kind="stable")][:limit]
    candidate_pairs = m.phrasing_pair[candidates]
    _, first = np.unique(candidate_pairs, return_index=True)
    first.sort()
    first = first[: m.rules.rescore_pairs]
    query_string = " ".join(sorted(q.tokens))  # type: ignore[attr-defined]
    whole = (overlap >= m.phrasing_weight - 1e-9) & m.phrasing_substantial
    # A question counting something a phrasing does not count (the word after "how many") does
    # not hold that phrasing whole.
    tokens = list(q.tokens)  # type: ignore[attr-defined]
    at = tokens.index("qcount") + 1 if "qcount" in tokens else len(tokens)
    if at < len(tokens) and tokens[at] not in QUESTION_WORDS and not tokens[at][:1].isdigit():
        whole &= np.array([tokens[at] in held for held in m.phrasing_tokens], dtype=bool)
    contained = set(m.phrasing_pair[whole].tolist())
    # A number one pair alone gives (no year) counts as a phrasing of it found whole.
    for number in q.numbers:  # type: ignore[attr-defined]
        givers = _pairs_giving(engine).get(number, ())
        if len(givers) == 1 and not (len(number) == 4 and number[:2] in {"19", "20"}):
            contained.add(givers[0])
    chosen = list(
        zip(
            candidate_pairs[first].tolist(),
            candidates[first].tolist(),
            coverage[candidates[first]].tolist(),
            strict=True,
        )
    )
    # A number only one or two pairs give brings them in, scored by their first phrasing.
    for pair in number_pairs:
        if all(pair != c[0] for c in chosen):
            chosen.append((pair, int(np.flatnonzero(m.phrasing_pair == pair)[0]), 0.0))
    out = []
    for pair, phrasing, best in chosen:
        phrasing_string = " ".join(sorted(m.phrasing_tokens[phrasing]))
        similarity = fuzz.token_sort_ratio(query_string, phrasing_string) / 100
        union_cover = (
            sum(
                w
                for t, w in zip(q.tokens, q.weights, strict=True)  # type: ignore[attr-defined]
                if t in m.pair_evidence[pair]
            )
            / total
        )
        unnamed = q.entities - m.pair_entities[pair] - m.implicit  # type: ignore[attr-defined]
        missing = tuple(
            sorted(
                (unnamed - m.pair_context_entities[pair]) | (q.numbers - m.pair_numbers[pair])  # type: ignore[attr-defined]
            )
        )
        score = decide_pair_score(
            m.rules,
            best_phrasing=best,
            evidence=union_cover,
            contains_phrasing=pair in contained,
            similarity=similarity,
            missing_entities=len(missing),
            context_entities=len(unnamed & m.pair_context_entities[pair]),  # type: ignore[attr-defined]
            unanswerable=unanswerable(q.asked, m.pair_question_words[pair]),  # type: ignore[attr-defined]
        )
        out.append((pair, score, union_cover, missing, pair in contained))
    out.sort(key=lambda r: -r[1])
    return out


def test_the_best_of_equal_ones_at_the_limit_are_the_first_of_them() -> None:
    # Few distinct values: many equal to the limit-th, some of them left out. The partial sort
    # alone keeps equal ones of its own choosing (which differ between numpy's selection
    # algorithms, so between CPUs); the first of them are kept, as a stable sort of all keeps.
    rng = np.random.default_rng(12)
    tied = 0
    for size in (1, 63, 64, 65, 200, 5000):
        for distinct in (1, 3, 20, 1000):
            negated = -rng.integers(1, distinct + 1, size).astype(np.float64) / distinct
            best = _best_of(negated, 64)
            assert best.tolist() == negated.argsort(kind="stable")[:64].tolist()
            tied += size > 64 and np.count_nonzero(negated <= negated[best[-1]]) > 64
    assert tied > 5


def _eval_questions() -> list[str]:
    questions = []
    for path in sorted((REPO_ROOT / "tests" / "eval").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                questions.append(json.loads(line)["question"])
    return questions


def test_score_is_the_reference_score_on_every_eval_question(engine: Engine) -> None:
    compared = 0
    for question in _eval_questions():
        for lang in LANGUAGES:
            query = engine.matcher.query(fold(question), lang)
            fast = [tuple(s) for s in engine.matcher.score(query)]
            assert fast == reference_score(engine, query), (question, lang)
            compared += bool(fast)
    assert compared > 1000


def test_the_best_phrasings_rescored_for_what_is_asked_are_its_scores(engine: Engine) -> None:
    # A question asked again with what a later clause asks has the same tokens: its best
    # phrasings are reused (Engine.answer_one), scored for what it asks now.
    m = engine.matcher
    changed = 0
    for question in _eval_questions()[::2]:
        query = m.query(fold(question), "en")
        best = m.best_phrasings(query)
        for asked in (frozenset({"qwhen"}), frozenset({"qcount", "qwhy"}), frozenset()):
            other = query._replace(asked=asked)
            assert m.rescore(other, best) == m.score(other), question
            changed += m.score(other) != m.score(query)
    assert changed > 100
