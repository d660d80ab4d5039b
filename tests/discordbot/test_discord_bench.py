"""`python -m benchmarks.discord_load` end to end, with small levels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import discord_load


def _rows(out: str) -> list[list[str]]:
    """The table's rows (one per level), without the title, header and question lines."""
    return [cells for cells in map(str.split, out.splitlines()) if cells and cells[0].isdigit()]


def test_bench_reports_every_level(capsys: pytest.CaptureFixture[str]) -> None:
    assert discord_load.main(["--levels", "1,5"]) == 0
    out = capsys.readouterr().out
    assert "canonical questions of the knowledge" in out
    assert "p50 ms" in out
    assert "p99 ms" in out
    rows = _rows(out)
    assert [int(row[0]) for row in rows] == [1, 5]
    assert [row[4] for row in rows] == ["1/1", "5/5"]


def test_bench_asks_from_question_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(json.dumps({"question": "wer ist tokajew", "expect": []}) + "\n")
    second.write_text(json.dumps({"question": "what is the weather", "expect": []}) + "\n")
    argv = ["--levels", "2", "--questions", str(first), "--questions", str(second)]
    assert discord_load.main(argv) == 0
    out = capsys.readouterr().out
    assert f"questions: 2 from {first}, {second}" in out
    assert [row[4] for row in _rows(out)] == ["2/2"]


def test_percentiles() -> None:
    level = discord_load.Level(users=4, latencies=[0.4, 0.1, 0.3, 0.2], failed=0, wall=1.0)
    assert level.percentile(50) == 0.2
    assert level.percentile(99) == 0.4
    assert level.within_deadline == 4


@pytest.mark.parametrize("levels", ["0", "a,b", ""])
def test_bench_rejects_bad_levels(levels: str) -> None:
    with pytest.raises(SystemExit):
        discord_load.main(["--levels", levels])


def test_bench_reports_an_unreadable_question_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert discord_load.main(["--levels", "1", "--questions", str(tmp_path / "none.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_scale_bench_runs_processes_on_their_own_shards(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`python -m benchmarks.discord_scale`: real bot processes, a shard each; every interaction
    acknowledged (the figures are printed, never asserted)."""
    from benchmarks import discord_scale

    assert discord_scale.main(["--processes", "1,2", "--levels", "6"]) == 0
    out = capsys.readouterr().out
    rows = _rows(out)
    assert [(row[0], row[1], row[5]) for row in rows] == [("1", "6", "6/6"), ("2", "6", "6/6")]
    assert "store: SQLite (one file)" in out


def test_store_bench_measures_both_backends(
    postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from benchmarks import store_votes

    assert (
        store_votes.main(["--writers", "1,2", "--votes", "10", "--database-url", postgres_url]) == 0
    )
    lines = [line.split() for line in capsys.readouterr().out.splitlines()]
    backends = [
        (cells[0], cells[1], cells[2]) for cells in lines if cells[0] in ("SQLite", "PostgreSQL")
    ]
    assert backends == [
        ("SQLite", "1", "10"),
        ("PostgreSQL", "1", "10"),
        ("SQLite", "2", "10"),
        ("PostgreSQL", "2", "10"),
    ]
