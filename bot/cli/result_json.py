"""The JSON form of a result: the stable interface of `ask --json` (documented in the README)."""

from __future__ import annotations

import json
from typing import Any

from bot.engine import (
    Answered,
    Candidate,
    Citation,
    DidYouMean,
    KnowledgeBase,
    NoAnswer,
    PassageFound,
    Result,
    SmallTalk,
)
from bot.texts import smalltalk_reply

# One encoder for every line: json.dumps with an option makes an encoder for each call. A
# result's JSON form is a tree of new dicts and lists: no reference cycle to look for.
_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def json_line(result: Result, kb: KnowledgeBase) -> str:
    """The result as one line of JSON (`result_to_json`, not escaped to ASCII): what `ask --json`
    prints for a question."""
    return _ENCODER.encode(result_to_json(result, kb))


def _candidate(c: Candidate) -> dict[str, Any]:
    return {"id": c.pair_id, "question": c.question, "score": c.score}


def _citation(c: Citation) -> dict[str, Any]:
    return {"paragraph": c.paragraph, "quote": c.quote}


def result_to_json(result: Result, kb: KnowledgeBase) -> dict[str, Any]:
    """One JSON object per result, always with the same keys.

    `answered` is true only for kind "answer"; a citation's quote is always a verbatim substring
    of the article (a passage result cites the whole paragraph). A message asking several
    things the article answers has a `parts` entry for each ({match, answer, citations}; the
    first is also `match` and `answer`), the top-level `citations` of them all, and
    `unanswered`: the questions in it the article does not answer.
    """
    match: dict[str, Any] | None = None
    answer: str | None = None
    citations: list[dict[str, Any]] = []
    suggestions: list[dict[str, Any]] = []
    parts: list[dict[str, Any]] = []
    unanswered: list[str] = []
    match result:
        case Answered():
            match = _candidate(result.match)
            answer = result.answer
            citations = [_citation(c) for c in result.all_citations]
            parts = [
                {
                    "match": _candidate(part.match),
                    "answer": part.answer,
                    "citations": [_citation(c) for c in part.citations],
                }
                for part in result.parts
            ]
            unanswered = list(result.unanswered)
        case DidYouMean():
            suggestions = [_candidate(c) for c in result.candidates]
        case PassageFound():
            citations = [{"paragraph": result.paragraph.number, "quote": result.paragraph.text}]
        case NoAnswer():
            suggestions = [_candidate(c) for c in result.nearest]
        case SmallTalk():
            answer = smalltalk_reply(result.intent, result.language, kb)
    return {
        "question": result.question,
        "answered": result.kind == "answer",
        "kind": result.kind,
        "language": result.language,
        "match": match,
        "answer": answer,
        "citations": citations,
        "suggestions": suggestions,
        "parts": parts,
        "unanswered": unanswered,
    }
