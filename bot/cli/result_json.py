"""The JSON form of a result: the stable interface of `ask --json` (documented in the README)."""

from __future__ import annotations

import json
from functools import lru_cache
from json.encoder import encode_basestring
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
    prints for a question.

    The encoder's own text, put together from pieces: a pair's answers and citations are the
    same text every time it answers (a cited quote is a long string to escape), so their JSON
    is made once (`_text`, `_citations`); the rest is what the encoder writes for the same
    values (strings escaped by its own function, floats as repr, ", " and ": " between)."""
    match = answer = "null"
    citations = suggestions = parts = unanswered = "[]"
    kind = result.kind
    match result:
        case Answered():
            match = _candidate_json(result.match)
            answer = _text(result.answer)
            if result.more:
                citations = _citations(result.all_citations)
                parts = (
                    "["
                    + ", ".join(
                        '{"match": '
                        + _candidate_json(part.match)
                        + ', "answer": '
                        + _text(part.answer)
                        + ', "citations": '
                        + _citations(part.citations)
                        + "}"
                        for part in result.parts
                    )
                    + "]"
                )
            else:
                # (all_citations: each once.)
                citations = _citations_once(result.citations)
                parts = '[{"match": ' + match + ', "answer": ' + answer + ', "citations": '
                parts += _citations(result.citations) + "}]"
            if result.unanswered:
                unanswered = "[" + ", ".join(map(encode_basestring, result.unanswered)) + "]"
        case DidYouMean():
            suggestions = _candidates_json(result.candidates)
        case PassageFound():
            citations = _ENCODER.encode([_citation_of_paragraph(result)])
        case NoAnswer():
            suggestions = _candidates_json(result.nearest)
        case SmallTalk():
            answer = encode_basestring(smalltalk_reply(result.intent, result.language, kb))
    return (
        '{"question": '
        + encode_basestring(result.question)
        + (', "answered": true, "kind": ' if kind == "answer" else ', "answered": false, "kind": ')
        + encode_basestring(kind)
        + ', "language": '
        + encode_basestring(result.language)
        + ', "match": '
        + match
        + ', "answer": '
        + answer
        + ', "citations": '
        + citations
        + ', "suggestions": '
        + suggestions
        + ', "parts": '
        + parts
        + ', "unanswered": '
        + unanswered
        + "}"
    )


@lru_cache(maxsize=4096)
def _text(text: str) -> str:
    """A string as the encoder writes it (an answer: the same few, again and again)."""
    return encode_basestring(text)


@lru_cache(maxsize=4096)
def _citations(citations: tuple[Citation, ...]) -> str:
    """A list of citations as the encoder writes it."""
    return _ENCODER.encode([_citation(c) for c in citations])


@lru_cache(maxsize=4096)
def _citations_once(citations: tuple[Citation, ...]) -> str:
    """A list of citations, each once, as the encoder writes it."""
    return _citations(tuple(dict.fromkeys(citations)))


def _candidate_json(c: Candidate) -> str:
    # (The encoder writes a float as its repr.)
    return (
        '{"id": '
        + _text(c.pair_id)
        + ', "question": '
        + _text(c.question)
        + ', "score": '
        + (repr(c.score) if type(c.score) is float else _ENCODER.encode(c.score))
        + "}"
    )


def _candidates_json(candidates: tuple[Candidate, ...]) -> str:
    return "[" + ", ".join(map(_candidate_json, candidates)) + "]"


def _citation_of_paragraph(result: PassageFound) -> dict[str, Any]:
    return {"paragraph": result.paragraph.number, "quote": result.paragraph.text}


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
            citations = [_citation_of_paragraph(result)]
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
