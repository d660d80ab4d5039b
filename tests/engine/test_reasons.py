"""A why-question asks about what an answer explains, not about the reason it gives: "why did
the ICC issue the warrant" is not answered by "since the warrant …, travel is limited"."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.engine.reasons import reason_clause
from tests.support.near_misses import assert_not_answered_by_its_pair


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("Because the river flooded, the council closed the bridge.", "Because the river flooded"),
        ("Die Brücke ist zu, weil der Fluss stieg.", "weil der Fluss stieg"),
        ("Мост закрыт, потому что река разлилась.", "потому что река разлилась"),
        ("Since the flood, the bridge is closed.", "Since the flood"),
        ("Since 2022 the bridge is closed.", None),
        ("The bridge is closed.", None),
    ],
)
def test_the_reason_clause_of_an_answer(answer: str, reason: str | None) -> None:
    split = reason_clause(answer)
    assert (split[0] if split else None) == reason
    if split:
        assert reason not in split[1]


@pytest.mark.parametrize(
    ("asked_of_the_reason", "asked_of_what_it_explains"),
    [
        ("why did the ICC issue the arrest warrant against putin", "why can putin hardly travel"),
        (
            "warum hat kasachstan den brics beitritt abgelehnt",
            "warum hat russland ein einfuhrverbot gegen kasachstan verhängt",
        ),
    ],
)
def test_why_the_reason_happened_is_not_answered_by_the_pair_giving_it(
    engine: Engine, asked_of_the_reason: str, asked_of_what_it_explains: str
) -> None:
    assert_not_answered_by_its_pair(engine, asked_of_the_reason, asked_of_what_it_explains)


def test_a_why_question_sharing_one_word_with_the_reason_is_still_answered(
    engine: Engine,
) -> None:
    # "Weil die Pipeline durch Russland läuft, ist auch dies ein enormes Druckmittel Putins."
    result = engine.ask("warum ist die pipeline ein druckmittel")
    assert result.kind == "answer"
    assert result.match.pair_id == "abhaengigkeit-pipeline-druckmittel-putin"
