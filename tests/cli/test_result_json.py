"""`ask --json`'s line, put together from pieces, is what the JSON encoder writes for the
result's JSON form: for every kind of result, odd strings and scores, and every answer to the
evaluation questions."""

from __future__ import annotations

import json

import pytest

from bot.cli.result_json import _ENCODER, json_line, result_to_json
from bot.engine import (
    Answered,
    AnswerPart,
    Candidate,
    Citation,
    DidYouMean,
    Engine,
    NoAnswer,
    PassageFound,
    Result,
    SmallTalk,
)
from bot.engine.knowledge import Paragraph, ParagraphKind
from tests.engine.test_fast_paths import _eval_questions

ODD = 'a "quoted" \\ back\\slash, tab\t, newline\n, \x01 control, ü, я, 😀, \u2028'


def _results() -> list[Result]:
    c1 = Citation(3, ODD)
    c2 = Citation(12, "plain")
    a = Candidate("pair-a", ODD, 81.5)
    b = Candidate("pair-b", "Frage?", 100.0)
    paragraph = Paragraph(7, ODD, ParagraphKind.CONTENT, 0)
    return [
        Answered(ODD, "de", a, ODD, (c1, c2)),
        Answered("q", "en", a, "x", (c1, c1, c2)),
        Answered("q", "ru", a, "x", (c1,), more=(AnswerPart(b, ODD, (c2, c1)),)),
        Answered("q", "de", a, "x", (), more=(AnswerPart(b, "y", ()),), unanswered=(ODD, "z")),
        Answered("q", "de", Candidate("p", "t", 3), "x", (c2,)),
        DidYouMean("q", "de", (a, b)),
        DidYouMean("q", "de", ()),
        PassageFound("q", "en", paragraph, 91.0),
        NoAnswer("", "de", "empty"),
        NoAnswer("q", "ru", "out_of_scope", nearest=(b, a)),
        SmallTalk("hallo", "de", "greeting"),
        SmallTalk("thanks", "en", "thanks"),
    ]


@pytest.mark.parametrize("index", range(len(_results())))
def test_the_line_is_the_encoders_on_every_kind(engine: Engine, index: int) -> None:
    result = _results()[index]
    line = json_line(result, engine.kb)
    assert line == _ENCODER.encode(result_to_json(result, engine.kb))
    assert json.loads(line) == result_to_json(result, engine.kb)


def test_the_line_is_the_encoders_on_every_eval_answer(engine: Engine) -> None:
    kinds = set()
    for question in _eval_questions():
        result = engine.ask(question)
        kinds.add(result.kind)
        assert json_line(result, engine.kb) == _ENCODER.encode(result_to_json(result, engine.kb))
    assert {"answer", "suggestions", "none"} <= kinds
