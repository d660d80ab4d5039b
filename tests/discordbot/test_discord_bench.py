"""`python -m bot bench --discord` end to end, with small levels."""

from __future__ import annotations

import pytest

from bot.discordbot import bench


def test_bench_reports_every_level(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--levels", "1,5"]) == 0
    out = capsys.readouterr().out
    assert "p50 ms" in out
    assert "p99 ms" in out
    lines = [line.split() for line in out.splitlines()[2:]]
    assert [int(line[0]) for line in lines] == [1, 5]
    assert [line[4] for line in lines] == ["1/1", "5/5"]


def test_percentiles() -> None:
    level = bench.Level(users=4, latencies=[0.4, 0.1, 0.3, 0.2], failed=0, wall=1.0)
    assert level.percentile(50) == 0.2
    assert level.percentile(99) == 0.4
    assert level.within_deadline == 4


def test_bench_rejects_bad_levels() -> None:
    with pytest.raises(SystemExit):
        bench.main(["--levels", "0"])
