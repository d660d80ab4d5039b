"""The matcher's index, built the fast way (one sort for the postings, token ranks for the
rarest token, per-paragraph context worked out once), is what the plain per-phrasing code it
replaced built: compared on the shipped knowledge and on a kb synth folder."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest

from bot.engine import LANGUAGES, Engine, KnowledgeBase, fold, load_knowledge
from bot.engine.decide import QUESTION_WORDS, SUBSTANTIAL_WEIGHT, answer_types, asks
from tests.support.paths import KNOWLEDGE_DIR


@pytest.fixture(scope="module")
def synthetic_engine(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    from bot.cli.kb_synth import write_synthetic

    out = tmp_path_factory.mktemp("synth")
    write_synthetic(kb, KNOWLEDGE_DIR, out, 4000)
    return Engine(load_knowledge(out))


def _assert_plain_index(engine: Engine) -> None:
    m, kb, normalizer = engine.matcher, engine.kb, engine.normalizer
    # Postings: every phrasing holding a token, in phrasing order, tokens in order of appearance.
    lists: dict[str, list[int]] = defaultdict(list)
    for i, tokens in enumerate(m.phrasing_tokens):
        for t in tokens:
            lists[t].append(i)
    assert list(m.postings) == list(lists)
    for t, ix in lists.items():
        assert m.postings[t].dtype == np.int64
        assert m.postings[t].tolist() == ix
    weights = [sum(m.weights[t] for t in toks) or 1.0 for toks in m.phrasing_tokens]
    assert m.phrasing_weight.tolist() == weights
    substantial = [
        len(set(toks) - QUESTION_WORDS) >= 2 and w >= SUBSTANTIAL_WEIGHT
        for toks, w in zip(m.phrasing_tokens, weights, strict=True)
    ]
    assert m.phrasing_substantial.tolist() == substantial
    by_token: dict[str, list[int]] = defaultdict(list)
    for phrasing, (toks, whole) in enumerate(zip(m.phrasing_tokens, substantial, strict=True)):
        if whole:
            rarest = min(toks, key=lambda t: (len(lists[t]), t))
            by_token[rarest].append(phrasing)
    assert m._substantial_by_token == dict(by_token)
    asked: list[set[str]] = [set() for _ in kb.pairs]
    for toks, pair in zip(m.phrasing_tokens, m.phrasing_pair_list, strict=True):
        asked[pair] |= asks(toks)
    lang = kb.article.language
    for index, pair in enumerate(kb.pairs):
        mentioned = set(m.pair_evidence[index])
        for c in pair.citations:
            mentioned.update(normalizer.tokens(c.quote, lang))
        context: set[str] = set()
        for c in pair.citations:
            cited = kb.article.paragraph(c.paragraph)
            if cited is not None:
                context.update(normalizer.tokens(cited.text, lang))
        assert m.pair_entities[index] == frozenset(mentioned & normalizer.entities)
        assert m.pair_context_entities[index] == frozenset(context & normalizer.entities)
        numbers = frozenset(t for t in mentioned | context if len(t) >= 2 and t.isdigit())
        assert m.pair_numbers[index] == numbers
        answers = answer_types(" ".join(pair.answer[x] for x in LANGUAGES))
        assert m.pair_question_words[index] == frozenset(asked[index] | answers)


def test_the_shipped_index_is_the_plain_one(engine: Engine) -> None:
    _assert_plain_index(engine)


def test_a_synthetic_index_is_the_plain_one(synthetic_engine: Engine) -> None:
    assert len(synthetic_engine.kb.pairs) > 100
    _assert_plain_index(synthetic_engine)


def test_scores_on_a_synthetic_index_are_the_reference_scores(synthetic_engine: Engine) -> None:
    # Common tokens there touch most phrasings: scoring takes its all-phrasings path.
    from tests.engine.test_fast_paths import _eval_questions, reference_score

    m = synthetic_engine.matcher
    everywhere = 0
    for question in _eval_questions()[::3]:
        for lang in LANGUAGES:
            query = m.query(fold(question), lang)
            fast = [tuple(s) for s in m.score(query)]
            assert fast == reference_score(synthetic_engine, query), (question, lang)
            touched = {i for t in query.tokens for i in m.postings.get(t, np.empty(0)).tolist()}
            everywhere += 4 * len(touched) > m.phrasing_count
    assert everywhere > 50
