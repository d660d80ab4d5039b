"""The store's behaviour, the same on both backends: votes, recorded questions and reports,
servers' settings, the knowledge version. Each test runs on a SQLite file and on a real
PostgreSQL database (`store_target`)."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.engine import Engine
from bot.store import (
    GuildSettings,
    GuildSettingsCache,
    Store,
    StoreError,
    hash_user,
)
from tests.support.stores import StoreTarget


def vote(store: Store, pair: str, value: int, user: int, message: int) -> None:
    store.record_vote(
        pair_id=pair,
        question=f"Question of {pair}?",
        language="de",
        vote=value,  # type: ignore[arg-type]
        user_id=user,
        guild_id=1,
        message_id=message,
    )


def ask(store: Store, question: str, outcome: str = "none") -> None:
    store.record_question(
        question=question,
        language="de",
        outcome=outcome,  # type: ignore[arg-type]
        score=None,
        best_pair_id=None,
        source="slash",
        guild_id=None,
    )


def minutes_from_noon() -> object:
    times = iter(datetime(2024, 11, 28, 12, tzinfo=UTC) + timedelta(minutes=i) for i in range(99))
    return lambda: next(times)


def test_opening_again_keeps_the_data(store_target: StoreTarget) -> None:
    with store_target.open() as store:
        vote(store, "p", 1, user=1, message=1)
        assert store.backend_name == store_target.kind
    with store_target.open() as store:
        assert store.vote_count() == 1


def test_worst_rated(store_target: StoreTarget) -> None:
    with store_target.open() as store:
        vote(store, "good", 1, user=1, message=10)
        vote(store, "good", 1, user=2, message=10)
        vote(store, "mixed", 1, user=1, message=11)
        vote(store, "mixed", -1, user=2, message=11)
        vote(store, "bad", -1, user=1, message=12)
        vote(store, "bad", -1, user=2, message=13)
        report = store.worst_rated(10)
    assert [(r.pair_id, r.up, r.down, r.net) for r in report] == [
        ("bad", 0, 2, -2),
        ("mixed", 1, 1, 0),
    ]
    assert report[0].question == "Question of bad?"


def test_a_second_vote_replaces_the_first_and_the_user_is_hashed(
    store_target: StoreTarget,
) -> None:
    with store_target.open() as store:
        vote(store, "p", -1, user=7, message=1)
        vote(store, "p", 1, user=7, message=1)
        assert store.vote_count() == 1
        assert store.worst_rated() == []
    assert store_target.query("SELECT user_hash, vote FROM votes") == [(hash_user(7), 1)]
    assert hash_user(7) != "7"


def test_discord_sized_ids_are_kept_whole(store_target: StoreTarget) -> None:
    big = 1_310_000_000_000_000_000  # a snowflake of 2034, above 2**32
    with store_target.open() as store:
        store.record_vote(
            pair_id="p",
            question="q",
            language="en",
            vote=1,
            user_id=big,
            guild_id=big + 1,
            message_id=big + 2,
        )
        store.save_guild_settings(big, watched_channel_ids={big + 3}, language=None, user_id=1)
        settings = store.guild_settings(big)
    assert store_target.query("SELECT guild_id, message_id FROM votes") == [(big + 1, big + 2)]
    assert settings is not None
    assert settings.watched_channel_ids == frozenset({big + 3})


def test_top_unanswered_groups_spellings(store_target: StoreTarget) -> None:
    with store_target.open(now=minutes_from_noon()) as store:
        ask(store, "Wie ist das Wetter?")
        ask(store, "wie ist das wetter")
        ask(store, "Wie ist das WETTER??", outcome="suggestions")
        ask(store, "Wer gewinnt die Wahl?")
        ask(store, "Wer gewinnt die Wahl?", outcome="voted_down")  # a 👎 is not unanswered
        report = store.top_unanswered(5)
    assert [(r.question, r.count, r.outcome) for r in report] == [
        ("Wie ist das WETTER??", 3, "suggestions"),
        ("Wer gewinnt die Wahl?", 1, "none"),
    ]
    assert report[0].last_seen == datetime(2024, 11, 28, 12, 2, tzinfo=UTC)
    assert report[0].last_seen.tzinfo is UTC
    with store_target.open() as store:
        assert len(store.top_unanswered(1)) == 1


def test_bad_values_are_refused_and_nothing_is_written(store_target: StoreTarget) -> None:
    with store_target.open() as store:
        with pytest.raises(ValueError, match="vote"):
            vote(store, "p", 0, user=1, message=1)
        with pytest.raises(ValueError, match="outcome"):
            ask(store, "x", outcome="maybe")
        with pytest.raises(ValueError, match="language"):
            store.save_guild_settings(1, watched_channel_ids=None, language="xx", user_id=8)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="content hash"):
            store.announce_knowledge("", by="cli")
        assert store.vote_count() == 0
        assert store.recorded_questions() == []
        assert store.all_guild_settings() == []
        assert store.knowledge_version() is None


def test_a_closed_store_says_so(store_target: StoreTarget) -> None:
    store = store_target.open()
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.vote_count()
    with pytest.raises(StoreError, match="closed"):
        vote(store, "p", 1, user=1, message=1)


async def test_usable_from_asyncio_threads(store_target: StoreTarget) -> None:
    with store_target.open() as store:
        await asyncio.gather(
            *(asyncio.to_thread(vote, store, f"p{i % 3}", -1, i, i) for i in range(30))
        )
        assert store.vote_count() == 30
        assert sum(r.down for r in store.worst_rated()) == 30


# --- servers' settings -------------------------------------------------------------------------


def test_guild_settings_are_stored_whole_and_stamped(store_target: StoreTarget) -> None:
    with store_target.open(now=minutes_from_noon()) as store:
        assert store.guild_settings(1) is None
        first = store.save_guild_settings(1, watched_channel_ids=[30, 20], language=None, user_id=7)
        assert first.watched_channel_ids == frozenset({20, 30})
        assert first.language is None
        assert first.updated_by == hash_user(7)
        assert store.guild_settings(1) == first
        # Saving again replaces the whole row: an emptied list is a list, not "never set".
        second = store.save_guild_settings(1, watched_channel_ids=(), language="en", user_id=8)
        store.save_guild_settings(2, watched_channel_ids=None, language="de", user_id=8)
        assert store.guild_settings(1) == second
        assert second.watched_channel_ids == frozenset()
        assert second.updated_at == datetime(2024, 11, 28, 12, 1, tzinfo=UTC)
        assert [s.guild_id for s in store.all_guild_settings()] == [1, 2]
    stored = store_target.query(
        "SELECT guild_id, watched_channel_ids, language, updated_by FROM guild_settings"
        " ORDER BY guild_id"
    )
    # Who changed them is kept like a voter: hashed, never the user id. An emptied list is
    # stored as one (JSON text in SQLite, BIGINT[] in PostgreSQL); never set is NULL.
    empty = "[]" if store_target.kind == "sqlite" else []
    assert stored == [(1, empty, "en", hash_user(8)), (2, None, "de", hash_user(8))]


def test_a_language_this_version_does_not_know_reads_as_unset(store_target: StoreTarget) -> None:
    with store_target.open() as store:
        store.save_guild_settings(1, watched_channel_ids=None, language="de", user_id=1)
    store_target.query("UPDATE guild_settings SET language = 'xx'")
    with store_target.open() as store:
        settings = store.guild_settings(1)
    assert settings is not None
    assert settings.language is None


def test_guild_settings_watched_falls_back_to_the_default() -> None:
    default = frozenset({1, 2})
    assert GuildSettings(5).watched(default) == default
    assert GuildSettings(5, watched_channel_ids=frozenset()).watched(default) == frozenset()
    assert GuildSettings(5, watched_channel_ids=frozenset({3})).watched(default) == {3}


def test_the_cache_writes_through_and_reads_from_memory(store_target: StoreTarget) -> None:
    with store_target.open() as store:
        store.save_guild_settings(1, watched_channel_ids={10}, language=None, user_id=1)
        cache = GuildSettingsCache(store)
        cache.load()
        assert cache.get(1).watched_channel_ids == frozenset({10})
        assert cache.get(2) == GuildSettings(2)  # a server that set nothing

        before, after = cache.update(2, lambda s: replace(s, language="de"), user_id=3)
        assert before == GuildSettings(2)
        assert after.language == "de"
        assert cache.get(2) == after == store.guild_settings(2)
        assert set(cache.all()) == {1, 2}

        # No change, no write: the stamp stays the first one.
        again = cache.update(2, lambda s: replace(s, language="de"), user_id=4)
        assert again == (after, after)
        assert store.guild_settings(2) == after

        # A failed write leaves memory as the store has it.
        store.close()
        with pytest.raises(StoreError):
            cache.update(2, lambda s: replace(s, language="en"), user_id=3)
        assert cache.get(2) == after


# --- what is recorded for the curators ------------------------------------------------------------


def test_recorded_questions_keep_their_candidates_and_decisions(store_target: StoreTarget) -> None:
    with store_target.open(now=minutes_from_noon()) as store:
        ask(store, "Wetter?")
        store.record_question(
            question="Regen?",
            language="de",
            outcome="none",
            score=31.5,
            best_pair_id="p",
            source="cli_ask",
            guild_id=None,
            candidates=[("p", 31.5), ("q", 30.0)],
        )
        store.record_answer("p")
        store.record_answer("p")
        store.decide_group("g1", "dismissed", pair_id=None, by="cli")
        store.decide_group("g2", "dismissed", pair_id=None, by="cli")
        store.decide_group("g2", "attached", pair_id="p", by="cli")  # replaces the first
    with store_target.open() as store:
        first, second = store.recorded_questions()
        assert (first.question, first.candidates) == ("Wetter?", ())
        assert (second.question, second.score, second.best_pair_id) == ("Regen?", 31.5, "p")
        assert second.candidates == (("p", 31.5), ("q", 30.0))
        assert second.created_at == datetime(2024, 11, 28, 12, 1, tzinfo=UTC)
        assert [q.question for q in store.recorded_questions(limit=1)] == ["Regen?"]
        assert store.dismissed_groups() == {"g1"}
        [standing] = store.pair_standing()
        assert (standing.pair_id, standing.answers, standing.up, standing.down) == ("p", 2, 0, 0)


def test_answers_are_counted_per_day(store_target: StoreTarget) -> None:
    days = iter([datetime(2024, 11, 28, 23, tzinfo=UTC), datetime(2024, 11, 29, 1, tzinfo=UTC)])
    with store_target.open(now=lambda: next(days)) as store:
        store.record_answer("p")
        store.record_answer("p")
        assert store.pair_standing()[0].answers == 2
    assert len(store_target.query("SELECT day FROM pair_answers")) == 2


def test_record_result_counts_answers_and_keeps_weak_spots_with_candidates(
    store_target: StoreTarget,
) -> None:
    engine = Engine.load()
    with store_target.open() as store:
        answered = engine.ask("wer ist tokajew")
        assert answered.kind == "answer"
        store.record_result(answered, engine, source="cli_ask", guild_id=None)
        off = engine.ask("Wie ist das Wetter morgen in Astana?")  # off topic, with candidates
        assert off.kind == "none"
        store.record_result(off, engine, source="cli_ask", guild_id=None)
        store.record_down_vote(
            "wer ist tokajew", "de", "besuch-praesident-tokajew", engine, source="vote", guild_id=1
        )
        [standing] = store.pair_standing()
        assert (standing.pair_id, standing.answers) == ("besuch-praesident-tokajew", 1)
        weak, down = store.recorded_questions()
        assert (weak.outcome, weak.language) == ("none", "de")
        assert weak.candidates
        assert all(0 < score <= 100 for _, score in weak.candidates)
        assert list(weak.candidates) == sorted(weak.candidates, key=lambda c: -c[1])
        assert (down.outcome, down.best_pair_id) == ("voted_down", "besuch-praesident-tokajew")
        assert down.score is not None
        assert down.score >= 70
        # A 👎 is not an unanswered question.
        assert [q.question for q in store.top_unanswered()] == [off.question]


def test_a_part_the_article_does_not_answer_goes_on_the_list(store_target: StoreTarget) -> None:
    engine = Engine.load()
    with store_target.open() as store:
        result = engine.ask("how long is the cpc pipeline and who owns it?")
        assert result.kind == "answer"
        store.record_result(result, engine, source="cli_ask", guild_id=None)
        [standing] = store.pair_standing()
        assert (standing.pair_id, standing.answers) == ("energie-cpc-pipeline-laenge-route", 1)
        [part] = store.recorded_questions()
        assert (part.question, part.outcome, part.language) == ("and who owns it?", "none", "en")
        assert [q.question for q in store.top_unanswered()] == ["and who owns it?"]


def test_every_answered_part_counts_for_its_pair(store_target: StoreTarget) -> None:
    engine = Engine.load()
    with store_target.open() as store:
        result = engine.ask("wann war das treffen und wie viele abkommen waren geplant?")
        assert len(result.parts) == 2
        store.record_result(result, engine, source="cli_ask", guild_id=None)
        counted = {s.pair_id: s.answers for s in store.pair_standing()}
        assert counted == {p.match.pair_id: 1 for p in result.parts}


# --- the knowledge version ----------------------------------------------------------------------


def test_the_knowledge_version_starts_at_one_and_counts_up(store_target: StoreTarget) -> None:
    with store_target.open(now=minutes_from_noon()) as store:
        assert store.knowledge_version() is None
        assert store.announce_knowledge("hash-a", by="shard-0") == 1
        first = store.knowledge_version()
        assert first is not None
        assert (first.version, first.content_hash, first.changed_by) == (1, "hash-a", "shard-0")
        assert first.changed_at == datetime(2024, 11, 28, 12, tzinfo=UTC)
        # The same content announced again is still a new version: each announcement counts.
        assert store.announce_knowledge("hash-a", by="cli") == 2
        assert store.announce_knowledge("hash-b", by="cli") == 3
    # Another process (a new store) reads what was announced last.
    with store_target.open() as other:
        latest = other.knowledge_version()
    assert latest is not None
    assert (latest.version, latest.content_hash, latest.changed_by) == (3, "hash-b", "cli")
    assert latest.changed_at == datetime(2024, 11, 28, 12, 2, tzinfo=UTC)
    assert store_target.query("SELECT COUNT(*) FROM knowledge_version") == [(1,)]


def test_announcements_at_once_get_distinct_versions(store_target: StoreTarget) -> None:
    stores = [store_target.open() for _ in range(3)]  # as three processes would
    got: list[int] = []
    lock = threading.Lock()

    def announce(store: Store, n: int) -> None:
        for i in range(10):
            version = store.announce_knowledge(f"hash-{n}-{i}", by=f"p{n}")
            with lock:
                got.append(version)

    threads = [threading.Thread(target=announce, args=(s, n)) for n, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert sorted(got) == list(range(1, 31))
        latest = stores[0].knowledge_version()
        assert latest is not None
        assert latest.version == 30
    finally:
        for store in stores:
            store.close()
