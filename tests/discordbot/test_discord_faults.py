"""The faults found under test (issue 10), each as it was met: a malformed interaction, a button of
an older version, a flood of public posts through buttons and /source, a vote and its thanks.

(The faults that need a real process, a kill -9 after a vote and a 4004 after login, are in
test_discord_process.py.)
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import sys
import time
from typing import Any

import pytest

from bot.discordbot.client import ArticleBot
from bot.discordbot.codec import is_stale
from bot.engine import Answered, DidYouMean, Engine
from bot.store import Store, open_store
from bot.store.sqlite import SQLiteBackend
from bot.texts import t
from tests.discordbot.discord_support import (
    FakeDiscord,
    Harness,
    custom_ids,
    eventually,
    is_ephemeral,
    rows,
)

ANSWERED = "Why did Putin visit Kazakhstan?"
CALLBACK = r"^/interactions/\d+/[^/]+/callback$"


async def _answer(fake: FakeDiscord, question: str = ANSWERED, **kwargs: Any) -> Any:
    handle = await fake.interact_command("ask", {"question": question}, **kwargs)
    await handle.response()
    return handle


def _did_you_mean(engine: Engine) -> tuple[str, DidYouMean]:
    for question in ("What agreements were signed?", "Öl", "pipeline"):
        result = engine.ask(question, "en")
        if isinstance(result, DidYouMean):
            return question, result
    pytest.skip("no did-you-mean question for this knowledge")


def _running(harness: Harness) -> None:
    for _, task in harness.running:
        assert not task.done(), task


# 1. An exception inside discord.py's handling of one interaction ends nothing else.


async def test_a_component_without_custom_id_ends_nothing(
    harness: Harness, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await harness.start()
    handle = await _answer(fake)
    with caplog.at_level(logging.ERROR):
        broken = await fake.interact_component_data(handle, {"component_type": 2}, locale="de")
        note = await broken.response()
    # The person hears the usual apology, privately, in their language ...
    assert is_ephemeral(note["data"])
    assert note["data"]["content"] == t("error", "de")
    # ... the log says which interaction, whose, where (ids only) ...
    [record] = [r for r in caplog.records if "could not handle an event" in r.getMessage()]
    line = record.getMessage()
    assert f"id={broken.id}" in line
    assert "event=INTERACTION_CREATE" in line
    assert f"user={fake.user['id']}" in line
    assert f"guild={fake.guild_id}" in line
    assert broken.token not in line
    assert record.exc_info is not None
    assert bot.metrics.sample("articlebot_handler_errors_total", {"where": "event"}) == 1
    # ... and the bot goes on: the process is up, the next question is answered.
    await asyncio.sleep(0.1)
    _running(harness)
    await _answer(fake)


async def test_a_malformed_message_event_ends_nothing(
    harness: Harness, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    await harness.start()
    with caplog.at_level(logging.ERROR):
        # No id: discord.py cannot build the message.
        await fake.dispatch_event(
            "MESSAGE_CREATE",
            {"channel_id": str(fake.channel_id), "type": 0, "content": "x", "author": fake.user},
            fake.guild_id,
        )
        await eventually(lambda: any("could not handle" in r.getMessage() for r in caplog.records))
    await asyncio.sleep(0.1)
    _running(harness)
    await fake.post_message(f"<@{fake.bot_user_id}> {ANSWERED}")
    assert (await fake.wait_for_bot_message(fake.channel_id))["embeds"][0]["title"] == ANSWERED


# 2. A button this version does not know gets a polite private note.

OLD_IDS = ["ab:vote:up:fr:a-pair", "ab:rate:5:a-pair", "ab:pick:en:"]


@pytest.mark.parametrize("custom_id", OLD_IDS)
def test_old_custom_ids_are_stale_and_current_ones_are_not(custom_id: str) -> None:
    assert is_stale(custom_id)
    assert not is_stale("ab:vote:up:en:a-pair")
    assert not is_stale("ab:ctx:3")
    assert not is_stale("pair:en:a-pair")  # not a component's


@pytest.mark.parametrize(("locale", "language"), [("de", "de"), ("en-GB", "en"), ("fr", "en")])
async def test_a_button_from_an_older_version_is_explained(
    bot: ArticleBot, fake: FakeDiscord, locale: str, language: str
) -> None:
    old = fake.add_old_bot_message(
        {
            "content": "An answer from long ago",
            "components": [
                {
                    "type": 1,
                    "components": [
                        {"type": 2, "style": 2, "label": "Rate", "custom_id": "ab:rate:5:x"}
                    ],
                }
            ],
        }
    )
    click = await fake.interact_component(old, "ab:rate:5:x", locale=locale)
    body = await click.response()
    assert body["type"] == 4
    assert is_ephemeral(body["data"])
    assert body["data"]["content"] == t("stale_button", language)
    assert bot.metrics.sample("articlebot_stale_components_total") == 1


async def test_a_known_button_is_not_called_stale(bot: ArticleBot, fake: FakeDiscord) -> None:
    handle = await _answer(fake)
    context = next(i for i in custom_ids(handle.message) if i.startswith("ab:ctx:"))
    body = await (await fake.interact_component(handle, context)).response()
    assert body["data"]["embeds"][0]["title"].startswith("Paragraph ")
    assert bot.metrics.sample("articlebot_stale_components_total") == 0


# 3. Everything public counts towards one cooldown: a flood gets one note, then silence.


def _public_answers(handles: list[Any]) -> list[Any]:
    return [
        h
        for h in handles
        if h.callback_type == 4 and not is_ephemeral(h.callbacks[-1][1].get("data") or {})
    ]


async def test_twenty_clicks_on_someone_elses_pick_post_at_most_the_rate(
    harness: Harness, fake: FakeDiscord, engine: Engine
) -> None:
    rate = 3
    await harness.start(ask_cooldown_seconds=60, ask_cooldown_rate=rate)
    question, expected = _did_you_mean(engine)
    asked = await _answer(fake, question)  # by the default user, in public
    assert not is_ephemeral((await asked.response())["data"])
    clicker = await fake.add_member("clicker")
    pick = f"ab:pick:{expected.language}:{expected.candidates[0].pair_id}"
    clicks = []
    for _ in range(20):
        click = await fake.interact_component(asked, pick, user=clicker)
        await click.response()
        clicks.append(click)
    public = _public_answers(clicks)
    assert len(public) == rate
    notes = [c for c in clicks if c.callback_type == 4 and c not in public]
    assert len(notes) == 1
    assert notes[0].callbacks[-1][1]["data"]["content"].startswith("Not so fast!")
    # The rest: acknowledged without a word (the message stays as it is).
    assert [c.callback_type for c in clicks[rate + 1 :]] == [6] * (20 - rate - 1)
    public_posts = [
        r
        for r in fake.requests
        if r.path.endswith("/callback")
        and r.status == 200
        and r.json.get("type") == 4
        and not is_ephemeral(r.json.get("data") or {})
    ]
    assert len(public_posts) == rate + 1  # the question itself, then `rate` picks


async def test_twenty_source_commands_post_at_most_the_rate(
    harness: Harness, fake: FakeDiscord
) -> None:
    rate = 2
    bot = await harness.start(ask_cooldown_seconds=60, ask_cooldown_rate=rate)
    handles = []
    for n in range(20):
        handle = await fake.interact_command("source", {"paragraph": 1 + n % 5})
        await handle.response()
        handles.append(handle)
    assert len(_public_answers(handles)) == rate
    note = handles[rate].callbacks[-1][1]["data"]
    assert is_ephemeral(note)
    assert note["content"].startswith("Not so fast!")
    # Silent after the note: a private "thinking…", deleted at once.
    assert all(h.callback_type == 5 for h in handles[rate + 1 :])
    await eventually(
        lambda: all(
            any(r.method == "DELETE" and h.token in r.path for r in fake.requests)
            for h in handles[rate + 1 :]
        )
    )
    assert bot.metrics.sample("articlebot_cooldown_refusals_total") == 20 - rate


async def test_ask_source_and_picks_share_one_cooldown(
    harness: Harness, fake: FakeDiscord, engine: Engine
) -> None:
    await harness.start(ask_cooldown_seconds=60, ask_cooldown_rate=3)
    question, expected = _did_you_mean(engine)
    asked = await _answer(fake, question)  # 1
    await (await fake.interact_command("source", {"paragraph": 2})).response()  # 2
    pick = f"ab:pick:{expected.language}:{expected.candidates[0].pair_id}"
    await (await fake.interact_component(asked, pick)).response()  # 3
    fourth = await (await fake.interact_command("source", {"paragraph": 3})).response()
    assert is_ephemeral(fourth["data"])
    assert fourth["data"]["content"].startswith("Not so fast!")


# 4. A vote is written before it is acknowledged.


async def _vote(fake: FakeDiscord, engine: Engine, vote: str = "up") -> tuple[Any, str]:
    handle = await _answer(fake)
    expected = engine.ask(ANSWERED, "en")
    assert isinstance(expected, Answered)
    pair = expected.match.pair_id
    return await fake.interact_component(handle, f"ab:vote:{vote}:en:{pair}"), pair


async def test_the_vote_is_committed_when_it_is_acknowledged(
    bot: ArticleBot, fake: FakeDiscord, engine: Engine, harness: Harness
) -> None:
    db = harness.tmp_path / "feedback.sqlite3"
    at_ack: list[list[tuple[Any, ...]]] = []
    # What a kill -9 at the very moment Discord takes the acknowledgement would leave behind.
    fake.observe_callbacks(lambda handle, body: at_ack.append(rows(db, "SELECT vote FROM votes")))
    click, _ = await _vote(fake, engine)
    ack = await click.response()
    assert ack["type"] == 4
    assert is_ephemeral(ack["data"])
    assert "👍" in ack["data"]["content"]
    assert at_ack[-1] == [(1,)]
    assert bot.metrics.sample("articlebot_votes_total", {"vote": "up", "language": "en"}) == 1


async def test_a_slow_write_defers_and_thanks_only_after_the_commit(
    bot: ArticleBot,
    fake: FakeDiscord,
    engine: Engine,
    harness: Harness,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The module as loaded by this bot (load_extension makes it afresh).
    feedback_module = sys.modules[type(bot.get_cog("Feedback")).__module__]
    monkeypatch.setattr(feedback_module, "VOTE_WRITE_PATIENCE", 0.1)
    store = bot.store
    write = store.record_vote
    committed = asyncio.Event()
    loop = asyncio.get_running_loop()

    def slow_write(**row: Any) -> None:
        time.sleep(0.5)
        write(**row)
        loop.call_soon_threadsafe(committed.set)

    monkeypatch.setattr(store, "record_vote", slow_write)
    click, _ = await _vote(fake, engine, "down")
    ack = await click.response()
    assert ack["type"] == 5  # "thinking…": keeps the interaction, claims nothing
    assert not committed.is_set()
    thanks = await click.final_message()
    assert committed.is_set()
    assert "👎" in thanks["content"]
    db = harness.tmp_path / "feedback.sqlite3"
    assert rows(db, "SELECT vote FROM votes") == [(-1,)]


async def test_a_vote_the_store_cannot_take_gets_a_polite_note_and_the_next_one_is_stored(
    fake: FakeDiscord, engine: Engine, harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    db = harness.tmp_path / "feedback.sqlite3"
    open_store(db).close()  # the schema
    # The bot's own store, waiting 0.3 s (not 5) for a file another process keeps locked.
    bot = await harness.start(store=Store(SQLiteBackend(db, busy_timeout_ms=300)))
    other_process = sqlite3.connect(db, isolation_level=None)
    try:
        other_process.execute("BEGIN IMMEDIATE")
        with caplog.at_level(logging.WARNING):
            handle = await _answer(fake)
            expected = engine.ask(ANSWERED, "en")
            assert isinstance(expected, Answered)
            click = await fake.interact_component(
                handle, f"ab:vote:up:en:{expected.match.pair_id}", locale="de"
            )
            note = await click.response()
        # Said privately, in the voter's language: not stored, try again; no thanks, no traceback.
        assert is_ephemeral(note["data"])
        assert note["data"]["content"] == t("vote_unavailable", "de")
        [record] = [r for r in caplog.records if "vote not stored" in r.getMessage()]
        assert record.exc_info is None
        assert f"interaction={click.id}" in record.getMessage()
        assert bot.metrics.sample("articlebot_votes_total", {"vote": "up", "language": "en"}) == 0
    finally:
        other_process.execute("ROLLBACK")
        other_process.close()
    assert rows(db, "SELECT vote FROM votes") == []
    # The bot goes on, and once the file is free the same click is stored and thanked.
    again = await fake.interact_component(
        handle, f"ab:vote:up:en:{expected.match.pair_id}", locale="de"
    )
    thanks = await again.response()
    assert thanks["data"]["content"] == t("vote_thanks_up", "de")
    assert rows(db, "SELECT vote FROM votes") == [(1,)]


# 5. The thanks failing does not make a stored vote "something went wrong".


async def test_a_failed_thanks_leaves_the_vote_standing_without_an_error_note(
    bot: ArticleBot,
    fake: FakeDiscord,
    engine: Engine,
    harness: Harness,
    caplog: pytest.LogCaptureFixture,
) -> None:
    handle = await _answer(fake)
    expected = engine.ask(ANSWERED, "en")
    assert isinstance(expected, Answered)
    vote_id = f"ab:vote:up:en:{expected.match.pair_id}"
    # Discord's edge (Cloudflare) refuses whatever the bot sends next for this click.
    fake.rate_limit_next("POST", CALLBACK, retry_after=60, edge=True)
    fake.rate_limit_next("POST", r"^/webhooks/\d+/[^/]+$", retry_after=60, edge=True)
    db = harness.tmp_path / "feedback.sqlite3"
    with caplog.at_level(logging.WARNING):
        click = await fake.interact_component(handle, vote_id)
        await eventually(lambda: rows(db, "SELECT vote FROM votes") == [(1,)])
        await eventually(
            lambda: any(r.status == 429 and click.token in r.path for r in fake.requests)
        )
        await asyncio.sleep(0.3)
    # Nothing reached the voter, in particular no "Something went wrong".
    assert not any("went wrong" in str(r.json) for r in fake.requests)
    assert [r.path for r in fake.requests if click.token in r.path and r.status < 300] == []
    # The vote stands, and the log says what happened to whom.
    assert rows(db, "SELECT vote FROM votes") == [(1,)]
    [record] = [r for r in caplog.records if "thanks could not be sent" in r.getMessage()]
    assert f"interaction={click.id}" in record.getMessage()
    assert "429" in record.getMessage()
