"""The engine's other entry points (a pair by id, autocomplete) and what it must never do:
raise on a question, or pull Discord in."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import (
    LANGUAGES,
    Answered,
    DidYouMean,
    Engine,
    KnowledgeBase,
    NoAnswer,
    ParagraphKind,
    PassageFound,
    Result,
    SmallTalk,
)
from tests.support.paths import REPO_ROOT

KINDS = {"answer", "suggestions", "passage", "none", "smalltalk"}


def assert_well_formed(result: Result, kb: KnowledgeBase, question: str) -> None:
    """What every result promises, whatever the question."""
    assert isinstance(result, Answered | DidYouMean | PassageFound | NoAnswer | SmallTalk)
    assert result.kind in KINDS
    assert result.question == question
    assert result.language in LANGUAGES
    match result:
        case Answered():
            assert kb.pair(result.match.pair_id) is not None
            assert result.citations
            for c in result.citations:
                assert c.quote in kb.article.text
        case DidYouMean():
            assert result.candidates
            assert all(kb.pair(c.pair_id) is not None for c in result.candidates)
        case PassageFound():
            assert result.paragraph.kind is ParagraphKind.CONTENT
        case NoAnswer():
            assert result.reason in ("empty", "out_of_scope", "unreadable")
        case SmallTalk():
            assert result.intent in ("greeting", "thanks", "help", "goodbye")


# --- answer_pair -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "en"])
def test_answer_pair_gives_the_pair_in_that_language(
    engine: Engine, kb: KnowledgeBase, language: str
) -> None:
    for pair in kb.pairs:
        answered = engine.answer_pair(pair.id, language)  # type: ignore[arg-type]
        assert answered is not None
        assert answered.kind == "answer"
        assert answered.language == language
        assert answered.match.pair_id == pair.id
        assert answered.answer == pair.answer[language]  # type: ignore[index]
        assert answered.citations == pair.citations


def test_answer_pair_with_an_unknown_id(engine: Engine) -> None:
    assert engine.answer_pair("gibt-es-nicht", "de") is None
    assert engine.answer_pair("", "en") is None


# --- suggest (autocomplete) --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   "])
def test_suggest_for_empty_input_lists_pairs(engine: Engine, kb: KnowledgeBase, text: str) -> None:
    for limit in (1, 5, 25):
        suggestions = engine.suggest(text, "de", limit=limit)
        assert len(suggestions) == min(limit, len(kb.pairs))
        assert all(kb.pair(c.pair_id) is not None for c in suggestions)
    english = engine.suggest(text, "en", limit=5)
    assert [c.question for c in english] == [
        kb.pair(c.pair_id).question["en"]  # type: ignore[union-attr]
        for c in english
    ]


@pytest.mark.parametrize("text", ["Treffen", "putin tok", "pipeline", "Wann war", "Kasachstan"])
@pytest.mark.parametrize("limit", [1, 3, 25])
def test_suggest_respects_the_limit(
    engine: Engine, kb: KnowledgeBase, text: str, limit: int
) -> None:
    suggestions = engine.suggest(text, "de", limit=limit)
    assert 0 < len(suggestions) <= limit
    ids = [c.pair_id for c in suggestions]
    assert len(ids) == len(set(ids))
    for c in suggestions:
        pair = kb.pair(c.pair_id)
        assert pair is not None
        assert c.question == pair.question["de"]


def test_suggest_offers_the_pair_a_question_is_answered_with(engine: Engine) -> None:
    question = "When did Putin meet Tokayev?"
    answered = engine.ask(question)
    assert isinstance(answered, Answered)
    suggestions = engine.suggest(question, "en", limit=3)
    assert answered.match.pair_id in {c.pair_id for c in suggestions}


PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(st.text(max_size=200), st.integers(min_value=1, max_value=30))
def test_suggest_never_raises(engine: Engine, text: str, limit: int) -> None:
    suggestions = engine.suggest(text, "en", limit=limit)
    assert len(suggestions) <= limit
    assert len({c.pair_id for c in suggestions}) == len(suggestions)


# --- bad input -----------------------------------------------------------------------------------

BAD_INPUT = {
    "empty": "",
    "whitespace": " \t\n  ",
    "10000-chars": "x" * 10_000,
    "10000-chars-of-words": ("Wann war das Treffen? " * 500)[:10_000],
    "control-chars": "\x00\x01\x02\x07\x1b[31m\x7f",
    "emoji-only": "😀🇰🇿👍🏽",
    "everyone": "@everyone",
    "here": "@here",
    "mention": "<@123456789012345678>",
    "markdown": "**fett** `code`",
    "code-block": "```py\nprint('hallo')\n```",
    "spoiler": "||Putin||",
    "zero-width": "\u200b\u200c\u200d\ufeff",
    "zero-width-in-word": "Tok\u200baj\u200bew",
    "rtl": "\u202eWann war das Treffen?",
    "arabic": "ما هي عاصمة كازاخستان؟",
    "only-punctuation": "?!?!...,,,",
    "numbers": "27.11. 1.500 23.321",
    "lone-combining": "\u0301\u0308",
    "null-in-question": "Wann war\x00 das Treffen?",
}


@pytest.mark.parametrize("text", BAD_INPUT.values(), ids=BAD_INPUT.keys())
@pytest.mark.parametrize("language", [None, "de", "en"])
def test_bad_input_gives_a_result(
    engine: Engine, kb: KnowledgeBase, text: str, language: str | None
) -> None:
    result = engine.ask(text, language)  # type: ignore[arg-type]
    assert_well_formed(result, kb, text)


@pytest.mark.parametrize(
    "text",
    ["", " \t\n  ", "\x00\x01\x02", "😀🇰🇿👍🏽", "\u200b\u200c\u200d\ufeff", "?!?!...,,,"],
    ids=["empty", "whitespace", "control", "emoji", "zero-width", "punctuation"],
)
def test_input_without_words_is_empty(engine: Engine, text: str) -> None:
    result = engine.ask(text)
    assert isinstance(result, NoAnswer)
    assert result.reason == "empty"


@pytest.mark.parametrize(
    "text", ["x" * 10_000, "@everyone", "**fett** `code`", "<@123456789012345678>", "asdf qwer"]
)
def test_junk_is_not_answered(engine: Engine, text: str) -> None:
    assert engine.ask(text).kind != "answer"


def test_invisible_characters_do_not_hide_a_question(engine: Engine) -> None:
    plain = engine.ask("Wann und wo trafen sich Putin und Tokajew?")
    marked = engine.ask("\u202eWann und wo trafen sich Putin und Tokajew?\u200b")
    assert isinstance(plain, Answered)
    assert isinstance(marked, Answered)
    assert marked.match.pair_id == plain.match.pair_id


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(),
        st.text(min_size=500, max_size=3000),
        st.lists(
            st.sampled_from(["Putin", "Tokajew", "Kasachstan", "Hallo", "?", "😀", "\u200b", " "])
        ).map(" ".join),
    ),
    st.sampled_from([None, "de", "en"]),
)
def test_any_text_gives_a_well_formed_result(
    engine: Engine, kb: KnowledgeBase, text: str, language: str | None
) -> None:
    assert_well_formed(engine.ask(text, language), kb, text)  # type: ignore[arg-type]


# --- no Discord ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "import sys, bot.engine; assert 'discord' not in sys.modules, 'discord imported'",
        "import sys, bot.engine, bot.cli.main; assert 'discord' not in sys.modules",
        (
            "import sys; from bot.engine import Engine; Engine.load().ask('Wann war das Treffen?');"
            " assert 'discord' not in sys.modules"
        ),
    ],
    ids=["engine", "engine-and-cli", "engine-answering"],
)
def test_the_engine_does_not_import_discord(code: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
