"""`python -m bot kb check`: validate the knowledge, print what it covers, and every problem the
checks of the whole knowledge base find, with its severity (non-zero on any error)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from bot.engine import Engine, KnowledgeBase
from tests.cli.cli_helpers import BROKEN_FILE, BROKEN_PAIR, NOT_TOML_FILE, RunCli
from tests.support.knowledge import TINY_ID, changed, write_pair


def coverage(stdout: str) -> dict[int, int]:
    """Paragraph number -> pairs citing it, from the coverage line(s) ("5:6  6:5 ...")."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "coverage" in line.lower())
    found: dict[int, int] = {}
    for line in lines[start + 1 :]:
        cells = re.findall(r"\b(\d+):(\d+)\b", line)
        if not cells:
            break
        found.update((int(n), int(c)) for n, c in cells)
    return found


def problem_lines(stdout: str, severity: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(f"{severity}: ")]


def test_kb_check_passes_and_prints_coverage(run_cli: RunCli, kb: KnowledgeBase) -> None:
    done = run_cli("kb", "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    phrasings = sum(len(p.all_phrasings()) for p in kb.pairs)
    summary = f"{len(kb.pairs)} with {phrasings} phrasings in {len(kb.topics)} topics"
    assert any(line.startswith("pairs") and summary in line for line in done.stdout.splitlines())
    cited = coverage(done.stdout)
    content = {p.number for p in kb.article.content_paragraphs}
    assert set(cited) == content
    assert all(count >= 1 for count in cited.values())
    assert "UNCOVERED" not in done.stdout
    assert problem_lines(done.stdout, "error") == []
    assert problem_lines(done.stdout, "warning") == []
    assert done.stdout.splitlines()[-1] == "ok: no problems"


def test_kb_check_reports_every_problem_of_broken_knowledge(
    run_cli: RunCli, broken_knowledge: Path
) -> None:
    done = run_cli("--knowledge", broken_knowledge, "kb", "check")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    report = (done.stdout + done.stderr).splitlines()
    assert "2 problem(s)" in report[0]
    (quote,) = [line for line in report if BROKEN_FILE in line]
    assert f"[{BROKEN_PAIR}] quotes: not verbatim in the article" in quote
    (not_toml,) = [line for line in report if NOT_TOML_FILE in line]
    assert "not valid TOML" in not_toml


def test_kb_check_reports_uncited_paragraphs(
    run_cli: RunCli, tiny_knowledge: Path, tiny_engine: Engine
) -> None:
    uncited = [p.number for p in tiny_engine.kb.uncited_paragraphs()]
    assert uncited
    done = run_cli("--knowledge", tiny_knowledge, "kb", "check")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    gap = next(line for line in done.stdout.splitlines() if "UNCOVERED" in line)
    assert [int(n) for n in re.findall(r"\d+", gap.split(":", 1)[1])] == uncited
    assert coverage(done.stdout)[uncited[0]] == 0
    assert problem_lines(done.stdout, "error") == [
        f"error: knowledge/{TINY_ID}/article.txt [paragraph {n}]: "
        "content paragraph that no pair cites"
        for n in uncited
    ]
    assert done.stdout.splitlines()[-1] == f"failed: {len(uncited)} error(s), 0 warning(s)"


def _add_phrasing(root: Path, kb: KnowledgeBase, pair_id: str, phrasing: str) -> None:
    """Add a German phrasing to one pair of a copy of the shipped knowledge."""
    path = root / kb.article.id / "qa" / f"{pair_id}.toml"
    with path.open("rb") as f:
        pair = tomllib.load(f)
    pair = changed(pair, {"de.phrasings": [phrasing, *pair["de"]["phrasings"]]})
    write_pair(path.parent.parent, pair_id, pair)


def test_kb_check_warns_of_phrasings_asking_what_the_answer_lacks(
    run_cli: RunCli, shipped_copy: Path, kb: KnowledgeBase
) -> None:
    _add_phrasing(
        shipped_copy, kb, "spannungen-luhansk-donezk", "Wann genau hat Tokajew das gesagt?"
    )

    done = run_cli("--knowledge", shipped_copy, "kb", "check")
    # Warnings only: it passes.
    assert done.returncode == 0, done.stdout + done.stderr
    assert problem_lines(done.stdout, "warning") == [
        f"warning: knowledge/{kb.article.id}/qa/spannungen-luhansk-donezk.toml "
        "[spannungen-luhansk-donezk] de.phrasings: 'Wann genau hat Tokajew das gesagt?' asks "
        "for a time; the answer gives none"
    ]
    assert problem_lines(done.stdout, "error") == []
    assert done.stdout.splitlines()[-1] == "ok: no errors, 1 warning(s)"


def test_kb_check_fails_on_near_duplicate_phrasings(
    run_cli: RunCli, shipped_copy: Path, kb: KnowledgeBase
) -> None:
    """Loading does not compare phrasings across pairs (it would slow every start): kb check
    does, and fails."""
    first, second = kb.pairs[0], kb.pairs[1]
    copied = first.question["de"].upper()
    _add_phrasing(shipped_copy, kb, second.id, copied)

    done = run_cli("--knowledge", shipped_copy, "kb", "check")
    assert done.returncode == 1, done.stdout + done.stderr
    (error,) = problem_lines(done.stdout, "error")
    assert error.startswith(
        f"error: knowledge/{kb.article.id}/qa/{first.id}.toml [{first.id}] de.question: "
    )
    assert f"{second.id}'s de.phrasings {copied!r}" in error
    assert done.stdout.splitlines()[-1] == "failed: 1 error(s), 0 warning(s)"


def _change_pair(root: Path, kb: KnowledgeBase, pair_id: str, changes: dict[str, object]) -> None:
    path = root / kb.article.id / "qa" / f"{pair_id}.toml"
    with path.open("rb") as f:
        pair = tomllib.load(f)
    write_pair(path.parent.parent, pair_id, changed(pair, changes))


@pytest.mark.parametrize(
    ("field", "answer", "missing"),
    [
        # A number the quote does not give (the quote says 1.500 km), in any language.
        ("en.answer", "The CPC pipeline is 1,700 kilometres long.", "1700"),
        ("ru.answer", "Длина трубопровода КТК — 1 700 километров.", "1700"),
        # A month the quote's date (27.11.) does not hold.
        ("de.answer", "Am Mittwoch, dem 27. Oktober, in Astana.", "month 10"),
        # A name the alias table knows that neither the quote nor its paragraph has.
        ("en.answer", "The CPC pipeline, built by Gazprom, is 1,500 kilometres long.", "gazprom"),
    ],
)
def test_kb_check_fails_on_an_answer_its_quotes_do_not_hold(
    run_cli: RunCli,
    shipped_copy: Path,
    kb: KnowledgeBase,
    *,
    field: str,
    answer: str,
    missing: str,
) -> None:
    pair_id = (
        "besuch-treffen-wann-wo" if "month" in missing else "energie-cpc-pipeline-laenge-route"
    )
    _change_pair(shipped_copy, kb, pair_id, {field: answer})

    done = run_cli("--knowledge", shipped_copy, "kb", "check")
    assert done.returncode == 1, done.stdout + done.stderr
    assert problem_lines(done.stdout, "error") == [
        f"error: knowledge/{kb.article.id}/qa/{pair_id}.toml [{pair_id}] {field}: "
        f"states what no quote holds: {missing}"
    ]


def test_kb_check_reads_numbers_dates_and_magnitudes_as_the_quotes_write_them(
    run_cli: RunCli, shipped_copy: Path, kb: KnowledgeBase
) -> None:
    """ "27.11." holds 27 November, "achtzigjährigen" holds 80, "Hundetausende" holds hundreds
    of thousands (the shipped answers pass); a quote cut before the number fails the answer."""
    pair_id = "gesellschaft-russen-geflohen-zentralasien"
    _change_pair(
        shipped_copy,
        kb,
        pair_id,
        {"quotes": ["Russinnen und Russen aus ihrer Heimat nach Zentralasien geflohen."]},
    )
    done = run_cli("--knowledge", shipped_copy, "kb", "check")
    assert done.returncode == 1, done.stdout + done.stderr
    errors = problem_lines(done.stdout, "error")
    assert len(errors) == 3  # the answer in every language says "hundreds of thousands"
    assert all(e.endswith("states what no quote holds: thousand") for e in errors)
