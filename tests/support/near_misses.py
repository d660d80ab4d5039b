"""A near miss: a question the article answers, with one word changed so that it does not."""

from __future__ import annotations

from bot.engine import Engine, Result


def assert_not_answered_by_its_pair(engine: Engine, near_miss: str, answered: str) -> Result:
    """`answered` gets an answer, and `near_miss` not that pair's answer; the near miss's result."""
    plain = engine.ask(answered)
    assert plain.kind == "answer", plain
    result = engine.ask(near_miss)
    assert result.kind != "answer" or result.match.pair_id != plain.match.pair_id, result
    return result
