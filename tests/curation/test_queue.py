"""The review queue: similar questions grouped and counted, ordered, with candidates from the
current engine; groups leave by themselves once answered, and dismissed ones stay out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.curation import Attached, attach_group, build_queue, dismiss_group, find_group, queue_json
from bot.engine import Engine
from bot.store import Store, open_store

AGE = ["Wie alt ist der Zoo?", "wie alt ist der zoo", "Wie alt ist eigentlich der Zoo"]
WEATHER = "Wie ist das Wetter?"
DIRECTOR = "Wie heißt der Direktor des Zoos?"


def _record(store: Store, engine: Engine, *questions: str) -> None:
    for question in questions:
        store.record_result(engine.ask(question), engine, source="test", guild_id=None)


def _timed_store(path: Path) -> Store:
    times = iter(datetime(2024, 11, 28, 12, tzinfo=UTC) + timedelta(minutes=i) for i in range(99))
    return open_store(path, now=lambda: next(times))


def test_similar_questions_form_one_group_counted_and_ordered(tiny: Path, tmp_path: Path) -> None:
    engine = Engine.load(tiny)
    with _timed_store(tmp_path / "f.sqlite3") as store:
        _record(store, engine, WEATHER, *AGE, DIRECTOR, DIRECTOR)
        queue = build_queue(store, engine)
    assert [(g.questions[0], g.count) for g in queue] == [
        # The most asked first; its most asked wording first, in its latest spelling.
        ("wie alt ist der zoo", 3),
        (DIRECTOR, 2),
        (WEATHER, 1),
    ]
    age = queue[0]
    assert age.questions == ("wie alt ist der zoo", "Wie alt ist eigentlich der Zoo")
    assert age.language == "de"
    assert age.first_seen < age.last_seen
    assert [c.pair_id for c in age.candidates][:1] in (["zoo-kamele"], ["zoo-pferde"])
    assert all(c.question.startswith("Wie viele") for c in age.candidates[:2])
    # The JSON is exactly the documented object.
    data = queue_json(queue)
    assert set(data) == {"groups"}
    assert set(data["groups"][0]) == {"id", "count", "language", "questions", "candidates"}
    assert set(data["groups"][0]["candidates"][0]) == {"id", "question", "score"}


def test_a_groups_id_stays_while_it_grows(tiny: Path, store: Store) -> None:
    engine = Engine.load(tiny)
    _record(store, engine, AGE[0])
    [first] = build_queue(store, engine)
    _record(store, engine, AGE[1], WEATHER, AGE[2])
    again = find_group(build_queue(store, engine), first.id)
    assert again is not None
    assert again.count == 3


def test_an_attached_group_leaves_the_queue_by_itself(tiny: Path, store: Store) -> None:
    engine = Engine.load(tiny)
    _record(store, engine, *AGE, WEATHER)
    age = build_queue(store, engine)[0]
    done = attach_group(age, "zoo-kamele", store=store, knowledge_dir=tiny, article_id=None, by="t")
    assert isinstance(done, Attached)
    assert done.added == age.questions
    assert done.engine is not None
    assert [g.questions for g in build_queue(store, done.engine)] == [(WEATHER,)]
    # The engine from before the attach still has it open: the queue follows the knowledge.
    assert find_group(build_queue(store, engine), age.id) is not None


def test_dismissed_groups_stay_out(tiny: Path, store: Store) -> None:
    engine = Engine.load(tiny)
    _record(store, engine, WEATHER, DIRECTOR)
    weather = next(g for g in build_queue(store, engine) if g.questions == (WEATHER,))
    dismiss_group(store, weather, by="t")
    _record(store, engine, WEATHER)  # asked again: still dismissed
    assert [g.questions for g in build_queue(store, engine)] == [(DIRECTOR,)]


def test_a_down_voted_answer_stays_until_another_pair_answers_it(tiny: Path, store: Store) -> None:
    engine = Engine.load(tiny)
    question = "Wie viele Tiere leben im Zoo von Astana insgesamt, Kamele und Pferde?"
    store.record_down_vote(question, "de", "zoo-kamele", engine, source="vote", guild_id=None)
    [group] = build_queue(store, engine)
    assert group.voted_down == ("zoo-kamele",)
    assert "zoo-kamele" not in [c.pair_id for c in group.candidates]
