"""A bare keyword (a name or a word) that names exactly one pair's subject gets that answer; a
keyword several pairs share gets the list (issue 7)."""

from __future__ import annotations

import pytest

from bot.engine import Answered, DidYouMean, Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


@pytest.mark.parametrize(
    ("keyword", "pair_id"),
    [
        ("Noworossijsk", "energie-cpc-pipeline-laenge-route"),  # a city one passage names
        ("novorossiysk", "energie-cpc-pipeline-laenge-route"),
        ("Kazakhstanskaya Pravda", "besuch-zeitung-kazakhstanskaya-pravda"),  # a newspaper
        ("reuters", "energie-reuters-bericht"),
        ("Luhansk", "spannungen-luhansk-donezk"),
        ("Scholz", "video-tokajew-scholz-unbesiegbar"),
        ("blackout", "abhaengigkeit-blackout-westen"),  # a word only one pair is about
        ("haftbefehl", "isolation-haftbefehl-reisen"),
    ],
)
def test_a_name_one_pair_is_about_gets_its_answer(
    engine: Engine, keyword: str, pair_id: str
) -> None:
    result = engine.ask(keyword)
    assert isinstance(result, Answered), result
    assert result.match.pair_id == pair_id


@pytest.mark.parametrize(
    "question",
    [
        "what does the article say about germany",
        "und was steht über deutschland drin",
        "что там пишут про германию",
    ],
)
def test_a_name_asked_in_words_that_say_nothing_is_the_name(engine: Engine, question: str) -> None:
    # Germany is the subject of one pair (its energy sector), though others name it in passing.
    result = engine.ask(question)
    assert isinstance(result, Answered), result
    assert result.match.pair_id == "energie-deutschland-umstrukturierung-sanktionen"


def test_a_keyword_with_a_question_word_asks_it(engine: Engine) -> None:
    # "anzahl" asks how many: not a bare keyword.
    result = engine.ask("abkommen anzahl")
    assert isinstance(result, Answered), result
    assert result.match.pair_id == "abkommen-anzahl-20"


@pytest.mark.parametrize(
    "keyword", ["BRICS", "CPC", "Tokajew", "Astana", "Ceyhan", "Pipeline", "Öl", "gas"]
)
def test_a_name_several_pairs_share_gets_the_list(engine: Engine, keyword: str) -> None:
    result = engine.ask(keyword)
    assert isinstance(result, DidYouMean), result
    assert len(result.candidates) >= 2


def test_a_name_no_pair_uses_is_not_answered(engine: Engine) -> None:
    assert engine.ask("Erdogan").kind == "none"


@pytest.mark.parametrize(
    "question", ["what does putin want", "was will putin eigentlich", "putin?"]
)
def test_a_question_only_about_the_articles_subject_gets_the_list(
    engine: Engine, question: str
) -> None:
    # Every answer is about him: the question asks nothing in particular, as the bare name
    # does ("what does putin want" got the title of his article).
    result = engine.ask(question)
    assert result.kind == "suggestions", result


@pytest.mark.parametrize("question", ["today", "what happened today"])
def test_a_word_one_phrasing_says_in_passing_is_no_subject(engine: Engine, question: str) -> None:
    """ "today" stands in one phrasing of one pair ("… today's situation") and in none of its
    answers or quotes: a question asking nothing else is not about that pair."""
    result = engine.ask(question)
    assert not isinstance(result, Answered), result
