"""The result kinds that need a knowledge base built for them: did-you-mean (two pairs one
question fits equally) and a passage (a paragraph no pair cites). See tests/support/knowledge.py."""

from __future__ import annotations

from bot.engine import (
    LANGUAGES,
    Answered,
    DidYouMean,
    Engine,
    NoAnswer,
    ParagraphKind,
    PassageFound,
)
from bot.engine.normalize import fold
from tests.support.knowledge import TINY_AMBIGUOUS, TINY_ARTICLE, TINY_PAIRS, TINY_UNCITED

AMBIGUOUS = TINY_AMBIGUOUS


def test_the_tiny_knowledge_is_what_the_tests_assume(tiny_engine: Engine) -> None:
    kb = tiny_engine.kb
    assert kb.article.text == TINY_ARTICLE
    # One file per pair, read in the order of the file names.
    assert [p.id for p in kb.pairs] == sorted(TINY_PAIRS)
    for pair in kb.pairs:
        spec = TINY_PAIRS[pair.id]
        assert pair.question == {lang: spec[lang]["question"] for lang in LANGUAGES}
        assert pair.phrasings == {lang: tuple(spec[lang]["phrasings"]) for lang in LANGUAGES}
    assert [p.number for p in kb.uncited_paragraphs()] == [TINY_UNCITED]
    assert "Flamingos" in kb.uncited_paragraphs()[0].text
    assert kb.article.texts["de"]["subject"] == "den Zoo von Astana"


def test_a_question_two_pairs_fit_equally_offers_both(tiny_engine: Engine) -> None:
    for question in ("Zoo Astana", "Welche Tiere leben im Zoo von Astana?"):
        result = tiny_engine.ask(question)
        assert isinstance(result, DidYouMean), result
        offered = [c.pair_id for c in result.candidates]
        assert set(AMBIGUOUS) <= set(offered)
        assert len(offered) == len(set(offered))
        scores = [c.score for c in result.candidates]
        assert scores == sorted(scores, reverse=True)
        for candidate in result.candidates:
            pair = tiny_engine.kb.pair(candidate.pair_id)
            assert pair is not None
            assert candidate.question == pair.question[result.language]


def test_naming_the_animal_settles_it(tiny_engine: Engine) -> None:
    for question, expected in (
        ("Wie viele Kamele leben im Zoo von Astana?", "zoo-kamele"),
        ("How many horses live in the Astana zoo?", "zoo-pferde"),
    ):
        result = tiny_engine.ask(question)
        assert isinstance(result, Answered), result
        assert result.match.pair_id == expected


def test_a_suggestion_can_be_answered_directly(tiny_engine: Engine) -> None:
    result = tiny_engine.ask("Zoo Astana")
    assert isinstance(result, DidYouMean)
    for candidate in result.candidates:
        answered = tiny_engine.answer_pair(candidate.pair_id, result.language)
        assert answered is not None
        assert answered.match.pair_id == candidate.pair_id


def test_a_question_about_an_uncited_paragraph_gets_the_passage(tiny_engine: Engine) -> None:
    uncited = tiny_engine.kb.uncited_paragraphs()[0]
    for question in ("Baden Flamingos am Balchaschsee?", "Flamingos Balchaschsee"):
        result = tiny_engine.ask(question)
        assert isinstance(result, PassageFound), result
        assert result.paragraph == uncited
        assert result.paragraph.kind is ParagraphKind.CONTENT
        assert result.paragraph.text in tiny_engine.kb.article.text
        assert 0 < result.score <= 100


def test_a_heading_is_never_a_passage(tiny_engine: Engine) -> None:
    heading = tiny_engine.kb.article.paragraphs[0]
    assert heading.kind is ParagraphKind.HEADING
    result = tiny_engine.ask(heading.text)
    assert not (isinstance(result, PassageFound) and result.paragraph == heading)


def test_unrelated_questions_get_no_answer(tiny_engine: Engine) -> None:
    for question in ("Wie ist das Wetter?", "What is the capital of France?"):
        result = tiny_engine.ask(question)
        assert isinstance(result, NoAnswer), result
        assert result.reason == "out_of_scope"


def test_known_content_words_give_tokens(tiny_engine: Engine) -> None:
    assert tiny_engine.matcher.query(fold("Kamele"), "de").tokens
    assert tiny_engine.matcher.query(fold("Balchaschsee"), "de").tokens


def test_an_unknown_word_is_not_corrected_into_a_stop_word(tiny_engine: Engine) -> None:
    """'Eimer' (a bucket) is one edit from 'einer', a stop word that occurs in the article: were
    it corrected to that, it would vanish and the question would come back as empty."""
    assert tiny_engine.matcher.query(fold("Eimer"), "de").tokens
    result = tiny_engine.ask("Eimer")
    assert not (isinstance(result, NoAnswer) and result.reason == "empty")
