"""What a question costs at scale, made cheaper, gives what it gave: the pair a name is the
subject of (counted with numpy over its posting) is the one the plain count per phrasing found,
for every token of the shipped knowledge and of a kb synth folder; a pair looked up by its id
(in a dict made with the knowledge) is the first with that id, as searching them all found;
scores with the tokens of many phrasings added as arrays over all of them, and with the best
phrasings found above a sampled threshold, are the reference scores."""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt
import pytest

from bot.engine import LANGUAGES, Engine, KnowledgeBase, fold, load_knowledge
from bot.engine import matcher as matcher_module
from bot.engine.engine import SUBJECT_DOMINANCE, SUBJECT_MIN_SHARE
from tests.engine.test_fast_paths import _eval_questions, reference_score
from tests.support.paths import KNOWLEDGE_DIR


@pytest.fixture(scope="module")
def synthetic_engine(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    from bot.cli.kb_synth import write_synthetic

    out = tmp_path_factory.mktemp("synth")
    write_synthetic(kb, KNOWLEDGE_DIR, out, 4000)
    return Engine(load_knowledge(out))


def _reference_subject(engine: Engine, token: str) -> int | None:
    posting = engine.matcher.postings.get(token)
    if posting is None:
        return None
    uses: dict[int, int] = {}
    pair_of = engine.matcher.phrasing_pair_list
    for phrasing in posting.tolist():
        uses[pair_of[phrasing]] = uses.get(pair_of[phrasing], 0) + 1
    phrasings = [len(p.all_phrasings()) for p in engine.kb.pairs]
    shares = sorted(((n / phrasings[pair], pair) for pair, n in uses.items()), reverse=True)
    if shares[0][0] < SUBJECT_MIN_SHARE:
        return None
    if len(shares) == 1 or shares[0][0] >= SUBJECT_DOMINANCE * shares[1][0]:
        return shares[0][1]
    return None


def test_scale_a_names_subject_is_the_pair_the_plain_count_finds(
    engine: Engine, synthetic_engine: Engine
) -> None:
    for e in (engine, synthetic_engine):
        tokens = [*e.matcher.postings, "no-such-token"]
        found = [e._subject(t) for t in tokens]
        assert found == [_reference_subject(e, t) for t in tokens]
        assert all(s is None or type(s) is int for s in found)
        # Both outcomes are met: a pair found, and none.
        assert None in found
        assert any(s is not None for s in found)


def test_scale_a_pair_looked_up_by_id_is_the_first_with_it(
    kb: KnowledgeBase, synthetic_engine: Engine
) -> None:
    def first(knowledge: KnowledgeBase, pair_id: str) -> object:
        return next((p for p in knowledge.pairs if p.id == pair_id), None)

    twice = dataclasses.replace(kb, pairs=(*kb.pairs, dataclasses.replace(kb.pairs[0], topic="x")))
    for knowledge in (kb, synthetic_engine.kb, twice):
        for pair_id in [p.id for p in knowledge.pairs] + ["no-such-pair", ""]:
            assert knowledge.pair(pair_id) is first(knowledge, pair_id)
    assert twice.pair(kb.pairs[0].id) is twice.pairs[0]


def test_scale_scores_with_rows_of_common_tokens_are_the_reference_scores(
    synthetic_engine: Engine,
) -> None:
    matcher = synthetic_engine.matcher
    rows = matcher._weight_rows
    assert rows
    assert all(
        matcher_module.DENSE_SHARE * len(matcher.postings[t]) >= matcher.phrasing_count
        for t in rows
    )
    used = 0
    for question in _eval_questions():
        for lang in LANGUAGES:
            query = matcher.query(fold(question), lang)
            fast = [tuple(s) for s in matcher.score(query)]
            assert fast == reference_score(synthetic_engine, query), (question, lang)
            used += not rows.keys().isdisjoint(query.tokens)
    assert used > 1000


def test_scale_scores_with_the_best_found_above_a_threshold_are_the_reference_scores(
    synthetic_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matcher_module, "SAMPLED_MIN_PHRASINGS", 0)
    matcher = synthetic_engine.matcher
    found: list[bool] = []
    best_of_all = matcher_module.Matcher._best_of_all

    def spy(
        self: matcher_module.Matcher, coverage: npt.NDArray[np.float64], limit: int
    ) -> npt.NDArray[np.int64] | None:
        best = best_of_all(self, coverage, limit)
        found.append(best is not None)
        return best

    monkeypatch.setattr(matcher_module.Matcher, "_best_of_all", spy)
    for question in _eval_questions():
        for lang in LANGUAGES:
            query = matcher.query(fold(question), lang)
            fast = [tuple(s) for s in matcher.score(query)]
            assert fast == reference_score(synthetic_engine, query), (question, lang)
    # Both ways are taken: the best found above the threshold, and the candidates sorted as
    # before (the threshold leaving too few or too many).
    assert found.count(True) > 1000
    assert found.count(False) > 10


# The share the matcher takes, and a higher one (more questions then fall back to every
# phrasing's overlap: both ways are taken).
@pytest.mark.parametrize("rarer_share", [matcher_module.RARER_SHARE, 10])
def test_scale_scores_from_groups_of_common_tokens_are_the_reference_scores(
    synthetic_engine: Engine, monkeypatch: pytest.MonkeyPatch, rarer_share: int
) -> None:
    # At 4,000 phrasings the groups are made only with the threshold lowered.
    monkeypatch.setattr(matcher_module, "SAMPLED_MIN_PHRASINGS", 0)
    monkeypatch.setattr(matcher_module, "RARER_SHARE", rarer_share)
    e = synthetic_engine
    matcher = matcher_module.Matcher(e.kb, e.normalizer, e.rules)
    assert matcher._groups is not None
    found: list[bool] = []
    by_groups = matcher_module.Matcher._best_by_groups

    def spy(
        self: matcher_module.Matcher, query: matcher_module.QueryTokens, total: float, limit: int
    ) -> matcher_module.Ranked | None:
        best = by_groups(self, query, total, limit)
        found.append(best is not None)
        return best

    monkeypatch.setattr(matcher_module.Matcher, "_best_by_groups", spy)
    for question in _eval_questions():
        for lang in LANGUAGES:
            query = matcher.query(fold(question), lang)
            fast = [tuple(s) for s in matcher.score(query)]
            assert fast == reference_score(e, query), (question, lang)
    # The best found from the groups, and (with the higher share) every phrasing's overlap.
    assert found.count(True) > 5000
    if rarer_share == 10:
        assert found.count(False) > 10


def test_scale_group_heads_kept_for_a_set_of_common_tokens_are_those_made_afresh(
    synthetic_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matcher_module, "SAMPLED_MIN_PHRASINGS", 0)
    e = synthetic_engine
    matcher = matcher_module.Matcher(e.kb, e.normalizer, e.rules)
    for question in _eval_questions()[:300]:
        for lang in LANGUAGES:
            matcher.best_phrasings(matcher.query(fold(question), lang))
    kept = dict(matcher._heads_of)
    assert 1 < len(kept) <= matcher_module.HEADS_KEPT
    for asked, heads in kept.items():
        fresh = matcher._group_heads(asked)
        assert heads.groups == fresh.groups
        for a, b in zip(heads[1:], fresh[1:], strict=True):
            assert np.array_equal(a, b)
    # None is kept beyond the limit; what is made then is the same.
    monkeypatch.setattr(matcher_module, "HEADS_KEPT", 0)
    matcher._heads_of.clear()
    for question in _eval_questions()[:50]:
        query = matcher.query(fold(question), "de")
        assert [tuple(s) for s in matcher.score(query)] == reference_score(e, query)
    assert not matcher._heads_of
