"""`python -m bot eval FILE`: accuracy and rejection on a labelled question file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.engine import Answered, Engine, NoAnswer
from tests.cli.cli_helpers import RunCli

OUT_OF_SCOPE = ["Wie ist das Wetter morgen?", "What is the capital of France?"]


@pytest.fixture(scope="module")
def answerable(engine: Engine) -> list[tuple[str, str]]:
    """Three canonical questions the engine answers with their own pair: (question, pair id)."""
    found = []
    for pair in engine.kb.pairs:
        result = engine.ask(pair.question["de"])
        if isinstance(result, Answered) and result.match.pair_id == pair.id:
            found.append((pair.question["de"], pair.id))
        if len(found) == 3:
            return found
    pytest.fail("fewer than three canonical questions are answered with their own pair")


def write_cases(path: Path, cases: list[tuple[str, list[str]]]) -> Path:
    lines = ["# a comment, then a blank line", ""]
    lines += [json.dumps({"question": q, "expect": e}, ensure_ascii=False) for q, e in cases]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def score(stdout: str, label: str) -> tuple[int, int]:
    found = re.search(rf"{label}:\s+(\d+)/(\d+)", stdout)
    assert found, stdout
    return int(found.group(1)), int(found.group(2))


@pytest.fixture
def perfect_file(tmp_path: Path, engine: Engine, answerable: list[tuple[str, str]]) -> Path:
    for question in OUT_OF_SCOPE:
        assert isinstance(engine.ask(question), NoAnswer)
    cases = [(q, [pid]) for q, pid in answerable] + [(q, []) for q in OUT_OF_SCOPE]
    return write_cases(tmp_path / "questions.jsonl", cases)


def test_eval_prints_accuracy_rejection_and_a_sweep(run_cli: RunCli, perfect_file: Path) -> None:
    done = run_cli("eval", perfect_file)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert score(done.stdout, "in scope") == (3, 3)
    assert score(done.stdout, "out of scope") == (2, 2)
    assert "100.0%" in done.stdout
    assert "MISS" not in done.stdout
    sweep = done.stdout[done.stdout.index("sweep") :].splitlines()[1:]
    rows = [line for line in sweep if re.match(r"\s*\d+\.\d:", line)]
    assert len(rows) >= 3
    assert sum("<- current" in row for row in rows) == 1


@pytest.mark.parametrize(
    "floor",
    [["--min-accuracy", "1.01"], ["--min-rejection", "1.01"]],
    ids=["accuracy", "rejection"],
)
def test_eval_fails_below_a_floor(run_cli: RunCli, perfect_file: Path, floor: list[str]) -> None:
    done = run_cli("eval", perfect_file, *floor)
    assert done.returncode != 0
    assert "FAIL" in done.stdout
    assert "Traceback" not in done.stderr


def test_eval_passes_a_floor_it_meets(run_cli: RunCli, perfect_file: Path) -> None:
    done = run_cli("eval", perfect_file, "--min-accuracy", "1.0", "--min-rejection", "1.0")
    assert done.returncode == 0, done.stdout


def test_eval_lists_misses_and_counts_them(
    run_cli: RunCli, tmp_path: Path, answerable: list[tuple[str, str]]
) -> None:
    (q1, id1), (q2, id2), _ = answerable
    # The second question is labelled with the first question's pair: a miss, on line 4.
    path = write_cases(tmp_path / "misses.jsonl", [(q1, [id1]), (q2, [id1])])
    done = run_cli("eval", path, "--min-accuracy", "0.9")
    assert done.returncode != 0
    assert score(done.stdout, "in scope") == (1, 2)
    assert "MISS line 4" in done.stdout
    assert id2 in done.stdout
    quiet = run_cli("eval", path, "--quiet", "--min-accuracy", "0.5")
    assert quiet.returncode == 0
    assert "MISS" not in quiet.stdout


def test_eval_rejects_a_malformed_file(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"question": "Wann?", "expect": []}\nnot json\n', encoding="utf-8")
    done = run_cli("eval", path)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert ":2" in done.stdout + done.stderr


def test_the_threshold_sweep_decides_by_each_threshold(engine: Engine) -> None:
    """The sweep's engines decide by their own answer threshold: a stricter one answers no
    more, and on the shipped set some threshold answers fewer than the current one."""
    from dataclasses import replace

    from bot.cli.evaluate import evaluate, load_cases
    from tests.support.paths import EVAL_DIR

    cases = load_cases(EVAL_DIR / "holdout.jsonl")
    current = evaluate(engine, cases)
    strict = evaluate(engine.deciding_by(replace(engine.rules, answer=90.0)), cases)
    lenient = evaluate(engine.deciding_by(replace(engine.rules, answer=30.0)), cases)
    assert strict.correct < current.correct
    assert strict.rejected >= current.rejected
    assert lenient.rejected < current.rejected
    # The engine itself is unchanged.
    assert evaluate(engine, cases) == current
