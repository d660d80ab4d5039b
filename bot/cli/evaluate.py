"""`eval FILE`: how well the engine answers a labelled question file."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from bot.engine import Engine, Result


class Case(NamedTuple):
    """One labelled question: the pair ids that answer it (none: out of scope), and its line.

    A message that asks two things has `parts`: for each, the pair ids that answer it (and
    `expect` holds them all); it is answered correctly only when every part is."""

    question: str
    expect: tuple[str, ...]
    line: int
    parts: tuple[tuple[str, ...], ...] = ()


class Miss(NamedTuple):
    """A question the engine got wrong, and what it gave instead."""

    case: Case
    got: str


@dataclass(frozen=True)
class Report:
    """Accuracy on in-scope questions and rejection of out-of-scope ones."""

    in_scope: int
    correct: int
    out_of_scope: int
    rejected: int
    misses: tuple[Miss, ...]

    @property
    def accuracy(self) -> float:
        return self.correct / self.in_scope if self.in_scope else 1.0

    @property
    def rejection(self) -> float:
        return self.rejected / self.out_of_scope if self.out_of_scope else 1.0


class CaseFileError(ValueError):
    """The question file cannot be read; the message says where."""


def load_cases(path: Path) -> list[Case]:
    """Read a JSON-lines question file: {"question": str, "expect": [pair ids]} per line, or
    {"question": str, "parts": [[pair ids], [pair ids], ...]} for a message asking several
    things."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise CaseFileError(f"cannot read {path}: {e}") from e
    cases: list[Case] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            data = json.loads(line)
            question = data["question"]
            parts = data["parts"] if "parts" in data else [data["expect"]]
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise CaseFileError(f"{path}:{number}: not a {{question, expect}} object ({e})") from e
        if (
            not isinstance(question, str)
            or not isinstance(parts, list)
            or not all(isinstance(part, list) for part in parts)
        ):
            raise CaseFileError(
                f"{path}:{number}: question must be text, expect a list (parts a list of lists)"
            )
        if "parts" in data and (len(parts) < 2 or not all(parts)):
            raise CaseFileError(f"{path}:{number}: parts lists two or more non-empty parts")
        ids = tuple(tuple(str(e) for e in part) for part in parts)
        expect = tuple(dict.fromkeys(e for part in ids for e in part))
        cases.append(Case(question, expect, number, ids if len(ids) > 1 else ()))
    return cases


def cited_pairs(result: Result) -> tuple[str, ...]:
    """The pairs an answer gives, its first part's first (none when it is not an answer)."""
    if result.kind != "answer":
        return ()
    return tuple(dict.fromkeys(part.match.pair_id for part in result.parts))


def answered_correctly(case: Case, result: Result) -> bool:
    """An in-scope case is answered correctly when the answer gives an expected pair for every
    part the case has (a one-part case: an expected pair)."""
    cited = cited_pairs(result)
    if not case.parts:
        return bool(cited) and cited[0] in case.expect
    return all(any(pair in part for pair in cited) for part in case.parts)


def describe(result: Result) -> str:
    """A result in a few words, for a list of misses."""
    match result.kind:
        case "answer":
            return " + ".join(
                f"answer {part.match.pair_id} ({part.match.score:.0f})" for part in result.parts
            )
        case "suggestions":
            ids = ", ".join(c.pair_id for c in result.candidates)
            return f"suggestions [{ids}]"
        case "passage":
            return f"passage {result.paragraph.number}"
        case _:
            return result.kind


def evaluate(engine: Engine, cases: Sequence[Case]) -> Report:
    """Run every case. In scope: right when answered with an expected pair. Out of scope:
    rejected when not answered (a did-you-mean or "no answer" both count; a passage does not)."""
    correct = rejected = in_scope = out_of_scope = 0
    misses: list[Miss] = []
    for case in cases:
        result = engine.ask(case.question)
        if case.expect:
            in_scope += 1
            if answered_correctly(case, result):
                correct += 1
            else:
                misses.append(Miss(case, describe(result)))
        else:
            out_of_scope += 1
            if result.kind in ("none", "suggestions", "smalltalk"):
                rejected += 1
            else:
                misses.append(Miss(case, describe(result)))
    return Report(in_scope, correct, out_of_scope, rejected, tuple(misses))


def cmd_eval(
    engine: Engine,
    path: Path,
    min_accuracy: float | None,
    min_rejection: float | None,
    quiet: bool = False,
) -> int:
    """Print accuracy, rejection, every miss and a threshold sweep; non-zero below a floor."""
    try:
        cases = load_cases(path)
    except CaseFileError as e:
        print(f"error: {e}")
        return 2
    report = evaluate(engine, cases)
    if not quiet:
        for miss in report.misses:
            expected = (
                " and ".join("/".join(part) for part in miss.case.parts)
                if miss.case.parts
                else ", ".join(miss.case.expect) or "(out of scope)"
            )
            print(f"MISS line {miss.case.line}: {miss.case.question!r}")
            print(f"     expected {expected}; got {miss.got}")
    print(
        f"in scope:     {report.correct}/{report.in_scope} answered correctly "
        f"({report.accuracy:.1%})"
    )
    print(
        f"out of scope: {report.rejected}/{report.out_of_scope} rejected ({report.rejection:.1%})"
    )
    print("threshold sweep (answer threshold: accuracy / rejection):")
    base = engine.rules
    for answer in sorted({45.0, 50.0, 55.0, 60.0, 65.0, 70.0, 75.0, base.answer}):
        swept = evaluate(engine.deciding_by(replace(base, answer=answer)), cases)
        mark = " <- current" if answer == base.answer else ""
        print(f"  {answer:5.1f}: {swept.accuracy:6.1%} / {swept.rejection:6.1%}{mark}")
    failed = False
    if min_accuracy is not None and report.accuracy < min_accuracy:
        print(f"FAIL: accuracy {report.accuracy:.1%} is below the floor {min_accuracy:.1%}")
        failed = True
    if min_rejection is not None and report.rejection < min_rejection:
        print(f"FAIL: rejection {report.rejection:.1%} is below the floor {min_rejection:.1%}")
        failed = True
    return 1 if failed else 0
