"""Loading fast gives what loading gave before: the knowledge's texts folded piece by piece
(`fold_texts`) are what `fold` makes of each, with the same words, on the shipped knowledge, a
kb synth folder and random text; the phrasings' tokens read in one go are those read one by
one, remembered alike; a quote looked for once is found, or refused, for every pair quoting
it."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine import Engine, KnowledgeBase, KnowledgeError, fold, load_knowledge, normalize
from bot.engine.normalize import MAX_EXPANSION, MAX_NORMALISED_CHARS, Normalizer, fold_texts
from tests.engine.test_fast_paths import _eval_questions
from tests.support.knowledge import MakePair
from tests.support.paths import KNOWLEDGE_DIR


@pytest.fixture(scope="module")
def synthetic_kb(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    from bot.cli.kb_synth import write_synthetic

    out = tmp_path_factory.mktemp("synth")
    write_synthetic(kb, KNOWLEDGE_DIR, out, 4000)
    return load_knowledge(out)


def _texts(kb: KnowledgeBase) -> list[str]:
    texts = [t for p in kb.pairs for _, t in p.all_phrasings()]
    texts += [p.text for p in kb.article.paragraphs]
    texts += [a for p in kb.pairs for a in p.answer.values()]
    return texts


def _assert_folded_as_fold(texts: list[str]) -> None:
    folded, words = fold_texts(texts)
    assert folded == {t: tuple(fold(t).split()) for t in texts}
    # A folded text is its words joined by spaces.
    assert all(" ".join(folded[t]) == fold(t) for t in texts)
    assert words == {w for t in texts for w in fold(t).split()}


def test_load_folds_the_knowledge_as_fold(
    engine: Engine, kb: KnowledgeBase, synthetic_kb: KnowledgeBase
) -> None:
    _assert_folded_as_fold([*_texts(kb), *_eval_questions()])
    _assert_folded_as_fold(_texts(synthetic_kb))
    # The normaliser keeps the phrasings' and paragraphs' (what matching reads right after).
    normalizer = engine.normalizer
    texts = [t for p in kb.pairs for _, t in p.all_phrasings()]
    texts += [p.text for p in kb.article.paragraphs]
    assert all(t in normalizer._folded and normalizer.folded(t) == fold(t) for t in texts)
    assert normalizer.folded("Nicht im Wissen: Größe?") == fold("Nicht im Wissen: Größe?")


_PIECES = [
    *"aeouqAEOUäöüßéèñçйЙёЁи 1234567890.,!?-_@<>:#/\t\n\u00a0",
    *("\u0306", "\u0301", "\u0308", "ǅ", "ﬁ", "Ａ", "¼", "\u00a8", "\u2002", "２"),
    *("<@123>", "@here", "@everyone", "http://x.y/z", "1 500", "1.500", " 000", "abc1 ", "  "),
]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join), max_size=8))
def test_load_folds_random_text_as_fold(texts: list[str]) -> None:
    _assert_folded_as_fold(texts)


def test_load_folds_long_text_as_fold() -> None:
    words = "Größe ae 1 500 wörter ".split(" ")
    for length in (MAX_NORMALISED_CHARS - 2, MAX_NORMALISED_CHARS, MAX_NORMALISED_CHARS + 3):
        text = " ".join(words * 200)[:length]
        _assert_folded_as_fold([text, text + "x", "ﷺ " * (length // 2)])
        # Cut before folding: what is past the cut is not read, even if little is left.
        _assert_folded_as_fold(["," * (length - 2) + " abc def"])
    # Text whose folded words fold cuts though it is shorter: a syllable is three letters.
    longest = MAX_NORMALISED_CHARS // MAX_EXPANSION
    for length in (longest - 1, longest, longest + 1, 2 * longest, 3 * longest + 5):
        for text in ("한" * length, ("한한 " * length)[:length], ("ab 1 500 " * length)[:length]):
            _assert_folded_as_fold([text, "x " + text])


def test_load_stripping_marks_makes_at_most_max_expansion_characters_of_one() -> None:
    import sys
    import unicodedata

    from bot.engine.normalize import _without_marks

    longest = max(
        len(_without_marks(c))
        for i in range(sys.maxunicode + 1)
        if not 0xD800 <= i < 0xE000
        for c in unicodedata.normalize("NFKC", chr(i)).casefold()
    )
    assert longest == MAX_EXPANSION


def test_load_lowers_ascii_as_fold_cases_it() -> None:
    # fold_texts lowers an ASCII text instead of NFKC and casefolding it: the same.
    import unicodedata

    ascii_ = "".join(map(chr, range(128)))
    assert unicodedata.normalize("NFKC", ascii_).casefold() == ascii_.lower()


def test_load_finds_a_quote_for_every_pair_quoting_it(
    knowledge_copy: Path,
    make_pair: MakePair,
    add_pair: Callable[[str, Mapping[str, Any]], Path],
    content_quote: str,
    kb: KnowledgeBase,
) -> None:
    number = next(p.number for p in kb.article.paragraphs if p.text == content_quote)
    for pair_id in ("zebras-a", "zebras-b"):
        add_pair(pair_id, make_pair(changes={"quotes": [content_quote]}))
    loaded = load_knowledge(knowledge_copy)
    for pair_id in ("zebras-a", "zebras-b"):
        pair = loaded.pair(pair_id)
        assert pair is not None
        assert [(c.paragraph, c.quote) for c in pair.citations] == [(number, content_quote)]


def test_load_refuses_a_quote_for_every_pair_quoting_it(
    knowledge_copy: Path,
    make_pair: MakePair,
    add_pair: Callable[[str, Mapping[str, Any]], Path],
    content_quote: str,
    kb: KnowledgeBase,
) -> None:
    where = ", ".join(str(p.number) for p in kb.article.paragraphs if "Kasachstan" in p.text)
    altered = content_quote[:60].rstrip() + " (sinngemäß)"
    for pair_id, quote in (
        ("zebras-a", altered),
        ("zebras-b", altered),
        ("zebras-c", "Kasachstan"),
        ("zebras-d", "Kasachstan"),
    ):
        add_pair(pair_id, make_pair(changes={"quotes": [quote]}))
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(knowledge_copy)
    found = [(p.entry, p.field, p.message.split(":")[0]) for p in caught.value.problems]
    assert found == [
        ("zebras-a", "quotes", "not verbatim in the article"),
        ("zebras-b", "quotes", "not verbatim in the article"),
        ("zebras-c", "quotes", f"occurs more than once ({where})"),
        ("zebras-d", "quotes", f"occurs more than once ({where})"),
    ]


def test_load_reads_the_phrasings_in_one_go_as_one_by_one(
    kb: KnowledgeBase, synthetic_kb: KnowledgeBase
) -> None:
    for knowledge in (kb, synthetic_kb):
        texts = [t for p in knowledge.pairs for t in p.all_phrasings()]
        one_by_one = Normalizer.for_knowledge(knowledge)
        in_one_go = Normalizer.for_knowledge(knowledge)
        expected = [one_by_one.tokens(text, lang) for lang, text in texts]
        assert in_one_go.tokens_of_texts(texts) == expected
        # Remembered as `tokens` remembers them, and read from there again.
        assert in_one_go._tokens == one_by_one._tokens
        assert in_one_go.tokens_of_texts(texts) == expected


def test_load_remembers_no_more_texts_than_the_memo_holds(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(normalize, "TEXT_MEMO_SIZE", 50)
    texts = [t for p in kb.pairs for t in p.all_phrasings()][:120]
    normalizer = Normalizer.for_knowledge(kb)
    assert normalizer.tokens_of_texts(texts[:70]) == [
        normalizer.tokens(text, lang) for lang, text in texts[:70]
    ]
    assert normalizer._texts_remembered() <= 50
    for lang, text in texts[70:]:
        normalizer.tokens(text, lang)
        assert normalizer._texts_remembered() <= 50
    normalizer.tokens_of_texts(texts)
    assert 0 < normalizer._texts_remembered() <= 50


def test_load_joins_multi_word_spellings_as_the_walk_joins_them(kb: KnowledgeBase) -> None:
    normalizer = Normalizer.for_knowledge(kb)
    # Whole spellings, their first words (a spelling cut short) and other words, in a row.
    spellings = sorted(
        {" ".join(s) for spellings in normalizer._phrase_heads.values() for s, _ in spellings}
    )
    pieces = [*spellings, *(s.rsplit(" ", 1)[0] for s in spellings), "und", "the", "x"]
    rng = random.Random(11)
    texts = [
        " ".join(rng.choice([*pieces, "Rohölexporte"]) for _ in range(n))
        for n in [rng.randrange(8) for _ in range(4000)]
    ]
    for lang in ("de", "en", "ru"):
        fresh = Normalizer.for_knowledge(kb)
        got = fresh.tokens_of_texts([(lang, t) for t in texts])
        assert got == [normalizer.tokens_of_folded(fold(t), lang) for t in texts], lang
    # Most of them hold a spelling to join.
    starts = normalizer._phrase_starts
    joined = sum(not starts.isdisjoint(pairwise(fold(t).split())) for t in texts)
    assert joined > len(texts) // 2


def test_load_sums_phrasing_weights_as_sum_does() -> None:
    import numpy as np

    from bot.engine.matcher import _sums_in_order

    rng = random.Random(3)
    runs = [
        [rng.uniform(0.1, 9.0) for _ in range(rng.choice([0, 1, 2, 5, 13, 40]))]
        for _ in range(3000)
    ]
    lengths = np.array([len(r) for r in runs], dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    values = np.array([v for r in runs for v in r])
    sums = _sums_in_order(values, starts, lengths)
    assert sums.tolist() == [sum(r) or 1.0 for r in runs]
    # (numpy's own sum of a run may be another float: that is why.)
    assert any(float(np.add.reduce(np.array(r))) != sum(r) for r in runs if r)


def test_load_puts_what_it_made_with_the_oldest_objects() -> None:
    import gc

    from bot.engine.knowledge import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        made = [[i] for i in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(o) in oldest for o in made)
    # Garbage with cycles made meanwhile is still collected (by a full collection).
    with collector_paused():
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
    assert gc.collect() >= 1


def test_load_leaves_frozen_objects_frozen() -> None:
    import gc

    from bot.engine.knowledge import collector_paused

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen
        with collector_paused():
            made = [[i] for i in range(100)]
        assert gc.get_freeze_count() == frozen
        assert gc.isenabled()
        del made
    finally:
        gc.unfreeze()
