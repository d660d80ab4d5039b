"""An unknown word that is one of its language's commonest words ("happened", "deals") weighs
less than one no text of general language uses much ("uranium"): it says little about what is
asked. Words the knowledge uses keep their own weights."""

from __future__ import annotations

import pytest

from bot.engine import Engine, Rules, default_knowledge_dir, fold, load_knowledge
from bot.engine.common_words import common_words


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


@pytest.mark.parametrize(
    ("language", "common", "rare"),
    [
        ("en", {"happened", "went", "wrong", "week"}, {"uranium", "baikonur"}),
        ("de", {"woche", "passiert", "heute"}, {"uran", "weltraumbahnhof"}),
        ("ru", {"сегодня", "вчера", "новости"}, {"уран", "байконур"}),
    ],
)
def test_the_commonest_words_of_each_language(
    language: str, common: set[str], rare: set[str]
) -> None:
    words = common_words(language)  # type: ignore[arg-type]
    assert common <= words
    assert not rare & words
    assert 500 < len(words) < 3000


def test_an_unknown_common_word_weighs_less_than_an_unknown_rare_one(engine: Engine) -> None:
    query = engine.matcher.query(fold("what went wrong with the uranium"), "en")
    weight = dict(zip(query.tokens, query.weights, strict=True))
    went = next(t for t in query.tokens if t.startswith("went"))
    uranium = next(t for t in query.tokens if t.startswith("uran"))
    assert went not in engine.matcher.weights
    assert uranium not in engine.matcher.weights
    assert weight[uranium] == engine.matcher.unknown_weight
    assert weight[went] == pytest.approx(
        engine.matcher.unknown_weight * engine.rules.common_word_factor
    )
    # A known word keeps the weight the knowledge gives it.
    known = engine.matcher.query(fold("the pipeline"), "en")
    assert known.weights == tuple(engine.matcher.weights[t] for t in known.tokens)


def test_common_words_around_a_question_do_not_drown_it() -> None:
    # "went", "wrong" are unknown here and common English: the question is still the one about
    # what happened in October; weighed as rare words, they drowned it.
    question = "what went wrong for astana and moscow in october"
    result = Engine.load().ask(question)
    assert result.kind == "answer", result
    assert result.match.pair_id == "spannungen-oktober-brics"
    kb = load_knowledge(default_knowledge_dir())
    as_rare = Engine(kb, rules=Rules(common_word_factor=1.0)).ask(question)
    assert as_rare.kind != "answer" or as_rare.match.pair_id != result.match.pair_id


def test_a_rare_unknown_word_still_keeps_a_question_out(engine: Engine) -> None:
    assert engine.ask("how much uranium does kazakhstan mine").kind != "answer"


def test_warming_up_reads_the_word_lists_before_the_first_question(engine: Engine) -> None:
    from bot.engine import common_words as module

    module._frequencies.cache_clear()
    engine.warm_up()
    assert module._frequencies.cache_info().currsize == 3


@pytest.mark.parametrize("language", ["de", "en", "ru"])
def test_the_lists_read_as_wordfreq_reads_them(language: str) -> None:
    # The engine reads wordfreq's data files without importing wordfreq (its import is the
    # slower part of a cold start): the same words with the same frequencies.
    import wordfreq

    from bot.engine import common_words as module

    assert module._read_list(language) is not None  # type: ignore[arg-type]
    assert module._buckets(language) == wordfreq.get_frequency_list(language, "small")  # type: ignore[arg-type]
    assert module._frequencies(language) == wordfreq.get_frequency_dict(language, "small")  # type: ignore[arg-type]


def test_a_list_in_another_format_is_read_through_wordfreq(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.engine import common_words as module

    english = common_words("en")
    monkeypatch.setattr(module, "_read_list", lambda language: None)
    module._buckets.cache_clear()
    module._frequencies.cache_clear()
    try:
        assert module._frequencies("en")["the"] > 0.01
        assert common_words("en") == english
    finally:
        module._buckets.cache_clear()
        module._frequencies.cache_clear()


def test_a_word_of_general_language_is_known_folded() -> None:
    # Questions are folded before a word is asked about: "verhält" is asked as "verhalt", and
    # is a word of German, not a misspelt "verhaftet" (the warrant's).
    from bot.engine.common_words import is_general_word

    assert is_general_word(fold("verhält"))
    assert is_general_word(fold("Größe"))
    assert is_general_word(fold("этнический"))
    assert not is_general_word("verhaft")


@pytest.mark.parametrize("language", ["de", "en", "ru"])
def test_the_folded_lists_are_the_lists_folded(language: str) -> None:
    # _folded_frequencies skips fold for words it folds to themselves: the same as folding all.
    from bot.engine import common_words as module

    folded: dict[str, float] = {}
    for word, frequency in module._frequencies(language).items():  # type: ignore[arg-type]
        key = fold(word)
        folded[key] = max(folded.get(key, 0.0), frequency)
    assert module._folded_frequencies(language) == folded  # type: ignore[arg-type]
