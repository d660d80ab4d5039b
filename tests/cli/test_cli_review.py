"""`python -m bot review`: the queue as JSON, attach and dismiss without a prompt, the walk at a
prompt, and the loop end to end (ask, review, attach, ask again), each through a subprocess on
copies of the knowledge and a store of the test's own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.engine import Engine, KnowledgeBase
from bot.store import open_store
from tests.cli.cli_helpers import RunCli

MISSED = "wie positioniert sich kasachstan zum ukrainekrieg"
PAIR = "spannungen-neutral-krieg"
OFF_TOPIC = "wie lange muss ein ei kochen"


@pytest.fixture
def env(shipped_copy: Path, tmp_path: Path) -> dict[str, str]:
    """The bot's settings for a run: a copy of the knowledge, a store in the test's folder."""
    return {"KNOWLEDGE_DIR": str(shipped_copy), "DATA_DIR": str(tmp_path / "data")}


def _queue(run_cli: RunCli, env: dict[str, str]) -> list[dict[str, object]]:
    done = run_cli("review", "--json", env=env)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"groups"}
    groups: list[dict[str, object]] = data["groups"]
    return groups


def test_the_loop_ask_review_attach_ask_again(
    run_cli: RunCli, env: dict[str, str], engine: Engine, shipped_copy: Path, kb: KnowledgeBase
) -> None:
    assert engine.ask(MISSED).kind != "answer"
    # Two spellings of one question: one wording, in its latest spelling.
    assert run_cli("ask", MISSED.capitalize() + "?", env=env).returncode == 0
    assert run_cli("ask", MISSED, env=env).returncode == 0
    [group] = _queue(run_cli, env)
    assert set(group) == {"id", "count", "language", "questions", "candidates"}
    assert (group["count"], group["language"], group["questions"]) == (2, "de", [MISSED])
    candidates = group["candidates"]
    assert isinstance(candidates, list)
    assert candidates[0]["id"] == PAIR
    assert set(candidates[0]) == {"id", "question", "score"}
    assert isinstance(candidates[0]["score"], float)

    done = run_cli("review", "attach", str(group["id"]), "--pair", PAIR, env=env)
    assert done.returncode == 0, done.stderr
    assert f"Attached 1 phrasing(s) to {PAIR} [de]" in done.stdout
    after = json.loads(run_cli("ask", "--json", MISSED, env=env).stdout)
    assert (after["kind"], after["match"]["id"]) == ("answer", PAIR)
    assert _queue(run_cli, env) == []
    # Written into the copy only, one line at the end of the German phrasings.
    shipped = (Path(kb.pair(PAIR).source_file)).name  # type: ignore[union-attr]
    text = (shipped_copy / kb.article.id / "qa" / shipped).read_text(encoding="utf-8")
    assert f'    "{MISSED}",\n]\n\n[en]' in text
    assert run_cli("kb", "check", env=env).returncode == 0


def test_dismiss_and_unknown_groups(run_cli: RunCli, env: dict[str, str]) -> None:
    assert run_cli("review", "attach", "abc", "--pair", PAIR, env=env).returncode == 2  # no store
    assert run_cli("ask", OFF_TOPIC, env=env).returncode == 0
    [group] = _queue(run_cli, env)
    done = run_cli("review", "dismiss", str(group["id"]), env=env)
    assert done.returncode == 0, done.stderr
    assert _queue(run_cli, env) == []
    again = run_cli("review", "dismiss", str(group["id"]), env=env)
    assert again.returncode == 2
    assert "no open group" in again.stderr


def test_a_near_duplicate_is_refused_with_the_reason_and_nothing_written(
    run_cli: RunCli, env: dict[str, str], kb: KnowledgeBase, shipped_copy: Path, engine: Engine
) -> None:
    # Someone gave a 👎 to the answer of another pair's own phrasing: attaching that phrasing to
    # this pair would make the two fight.
    other = kb.pair("besuch-treffen-wann-wo")
    assert other is not None
    phrasing = other.phrasings["de"][0]
    with open_store(Path(env["DATA_DIR"]) / "feedback.sqlite3") as store:
        store.record_down_vote(phrasing, "de", other.id, engine, source="vote", guild_id=None)
    [group] = _queue(run_cli, env)
    files = {p: p.read_bytes() for p in (shipped_copy / kb.article.id / "qa").iterdir()}
    done = run_cli("review", "attach", str(group["id"]), "--pair", PAIR, env=env)
    assert done.returncode == 1
    assert "refused, nothing written" in done.stderr
    assert "fight" in done.stderr
    assert other.id in done.stderr
    assert {p: p.read_bytes() for p in (shipped_copy / kb.article.id / "qa").iterdir()} == files


def test_the_walk_attaches_dismisses_and_skips(run_cli: RunCli, env: dict[str, str]) -> None:
    for question in (MISSED, MISSED, OFF_TOPIC):
        assert run_cli("ask", question, env=env).returncode == 0
    # The most asked first: attach it to its first pair; then dismiss the other.
    done = run_cli("review", stdin="a\nd\n", env=env)
    assert done.returncode == 0, done.stderr
    assert f"Attached 1 phrasing(s) to {PAIR}" in done.stdout
    assert "Dismissed group" in done.stdout
    assert "The queue is empty." in done.stdout
    assert _queue(run_cli, env) == []


def test_the_walk_searches_and_quits(run_cli: RunCli, env: dict[str, str]) -> None:
    assert run_cli("ask", OFF_TOPIC, env=env).returncode == 0
    done = run_cli("review", stdin="/hauptstadt\nzz\ns\n", env=env)
    assert done.returncode == 0, done.stderr
    assert "pairs for 'hauptstadt'" in done.stdout
    assert "besuch-hauptstadt-astana" in done.stdout
    assert "The queue is empty." in done.stdout  # skipped: nothing left for this walk
    assert len(_queue(run_cli, env)) == 1  # but still open


def test_feedback_shows_each_pairs_standing_and_the_oldest_groups(
    run_cli: RunCli, env: dict[str, str]
) -> None:
    for question in ("wer ist tokajew", "wer ist tokajew", OFF_TOPIC):
        assert run_cli("ask", question, env=env).returncode == 0
    done = run_cli("feedback", env=env)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Each pair's standing" in out
    assert "100.0%  +0/-0  besuch-praesident-tokajew" in out
    assert "Pairs most often voted down:\n  none yet" in out
    assert "Oldest open groups of the review queue (1 open" in out
    assert repr(OFF_TOPIC) in out
