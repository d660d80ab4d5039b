"""`python -m bot kb check`: validate the knowledge and print what it covers."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bot.engine import Engine, KnowledgeBase
from tests.cli.cli_helpers import BROKEN_FILE, BROKEN_PAIR, NOT_TOML_FILE, RunCli
from tests.support.paths import KNOWLEDGE_DIR


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


def test_kb_check_passes_and_prints_coverage(run_cli: RunCli, kb: KnowledgeBase) -> None:
    done = run_cli("kb", "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert str(len(kb.pairs)) in done.stdout
    cited = coverage(done.stdout)
    content = {p.number for p in kb.article.content_paragraphs}
    assert set(cited) == content
    assert all(count >= 1 for count in cited.values())
    assert "UNCOVERED" not in done.stdout


def test_kb_check_reports_every_problem_of_broken_knowledge(
    run_cli: RunCli, broken_knowledge: Path
) -> None:
    done = run_cli("--knowledge", broken_knowledge, "kb", "check")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    report = done.stdout + done.stderr
    for expected in (BROKEN_FILE, BROKEN_PAIR, "quotes", NOT_TOML_FILE):
        assert expected in report, expected
    assert "2 problem" in report


def test_kb_check_reports_uncited_paragraphs(
    run_cli: RunCli, tiny_knowledge: Path, tiny_engine: Engine
) -> None:
    uncited = [p.number for p in tiny_engine.kb.uncited_paragraphs()]
    assert uncited
    done = run_cli("--knowledge", tiny_knowledge, "kb", "check")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    gap = next(line for line in done.stdout.splitlines() if "UNCOVERED" in line)
    assert [int(n) for n in re.findall(r"\d+", gap.split(":", 1)[1])] == uncited
    assert coverage(done.stdout)[uncited[0]] == 0


def test_kb_check_warns_of_phrasings_asking_what_the_answer_lacks(
    run_cli: RunCli, tmp_path: Path
) -> None:
    shipped = KNOWLEDGE_DIR
    root = tmp_path / "knowledge"
    shutil.copytree(shipped, root)
    pair_file = next((root / "putin-kasachstan-2024-11" / "qa").glob("30-*.toml"))
    text = pair_file.read_text(encoding="utf-8")
    marker = 'id = "spannungen-luhansk-donezk"'
    assert marker in text
    head, tail = text.split(marker, 1)
    tail = tail.replace(
        "phrasings_de = [", 'phrasings_de = [\n    "Wann genau hat Tokajew das gesagt?",', 1
    )
    pair_file.write_text(head + marker + tail, encoding="utf-8")

    done = run_cli("--knowledge", root, "kb", "check")
    assert done.returncode == 0, done.stdout + done.stderr
    warnings = [line for line in done.stdout.splitlines() if line.startswith("warning:")]
    assert any(
        "spannungen-luhansk-donezk" in w and "Wann genau hat Tokajew" in w and "a time" in w
        for w in warnings
    ), warnings
