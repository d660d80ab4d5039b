"""/ask end to end: answer embeds, autocomplete, did-you-mean, feedback, errors and limits."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from bot.discordbot.client import ArticleBot
from bot.engine import Answered, DidYouMean, Engine, SmallTalk
from bot.store import open_store
from bot.texts import smalltalk_reply
from tests.discordbot.discord_support import (
    FakeDiscord,
    Harness,
    custom_ids,
    eventually,
    feedback_of,
    is_ephemeral,
    rows,
    unquote,
)
from tests.support.knowledge import write_tiny_knowledge

ANSWERED_EN = "Why did Putin visit Kazakhstan?"
ANSWERED_DE = "Warum besucht Putin Kasachstan?"
OFF_TOPIC = "Wie ist das Wetter morgen in Berlin?"


async def _ask(
    fake: FakeDiscord, question: str, locale: str = "en-US"
) -> tuple[Any, dict[str, Any]]:
    handle = await fake.interact_command("ask", {"question": question}, locale=locale)
    body = await handle.response()
    return handle, body


def _did_you_mean_question(engine: Engine) -> str:
    for question in (
        "What agreements were signed?",
        "Öl",
        "pipeline",
        "What about the agreements?",
    ):
        if isinstance(engine.ask(question, "en"), DidYouMean):
            return question
    pytest.skip("no did-you-mean question found for this knowledge")


async def test_answer_embed_with_verbatim_citations(
    bot: ArticleBot, fake: FakeDiscord, engine: Engine, article_text: str
) -> None:
    expected = engine.ask(ANSWERED_EN, "en")
    assert isinstance(expected, Answered)
    _, body = await _ask(fake, ANSWERED_EN)
    assert body["type"] == 4
    data = body["data"]
    assert not is_ephemeral(data)
    assert data["allowed_mentions"] == {"parse": []}
    [embed] = data["embeds"]
    assert embed["title"] == expected.match.question
    assert embed["description"] == expected.answer
    assert len(embed["fields"]) == len(expected.citations)
    for field, citation in zip(embed["fields"], expected.citations, strict=True):
        assert field["name"] == f"Paragraph {citation.paragraph}"
        quote = unquote(field["value"])
        assert quote in article_text
        assert quote == " ".join(citation.quote.split())
    footer = embed["footer"]["text"]
    assert "November 2024" in footer
    assert f"{round(expected.match.score)}%" in footer
    ids = custom_ids(data)
    pair = expected.match.pair_id
    assert f"ab:vote:up:en:{pair}" in ids
    assert f"ab:vote:down:en:{pair}" in ids
    assert f"ab:ctx:{expected.citations[0].paragraph}" in ids
    assert all(len(i) <= 100 for i in ids)


async def test_german_locale_and_german_question(
    bot: ArticleBot, fake: FakeDiscord, article_text: str
) -> None:
    _, body = await _ask(fake, ANSWERED_DE, locale="de")
    [embed] = body["data"]["embeds"]
    assert embed["title"] == "Warum besuchte Putin Kasachstan?"
    assert embed["fields"][0]["name"].startswith("Absatz ")
    assert embed["footer"]["text"].startswith("Artikel vom November 2024")
    assert embed["author"]["name"] == f"Frage: {ANSWERED_DE}"
    labels = [c.get("label") for row in body["data"]["components"] for c in row["components"]]
    assert "Hilfreich" in labels


async def test_answer_follows_the_question_language_not_the_locale(
    bot: ArticleBot, fake: FakeDiscord
) -> None:
    _, body = await _ask(fake, "Warum ist Putin nach Kasachstan gereist?", locale="en-US")
    [embed] = body["data"]["embeds"]
    assert embed["title"] == "Warum besuchte Putin Kasachstan?"  # the question's language
    assert embed["fields"][0]["name"].startswith("Paragraph ")  # the interface's language


async def test_autocomplete_choices(bot: ArticleBot, fake: FakeDiscord) -> None:
    handle = await fake.interact_autocomplete("ask", {"question": "pipeline"})
    body = await handle.response()
    assert body["type"] == 8
    choices = body["data"]["choices"]
    assert 2 <= len(choices) <= 25
    assert choices[0] == {"name": "pipeline", "value": "pipeline"}  # the typed text first
    assert all(1 <= len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
    assert any("CPC" in c["name"] and c["value"].startswith("pair:en:") for c in choices)

    empty = await fake.interact_autocomplete("ask", {"question": ""}, locale="de")
    german = (await empty.response())["data"]["choices"]
    assert len(german) == 25
    assert all(c["value"].startswith("pair:de:") for c in german)


async def test_picked_suggestion_answers_its_pair(
    bot: ArticleBot, fake: FakeDiscord, engine: Engine, harness: Harness
) -> None:
    handle = await fake.interact_autocomplete("ask", {"question": "pipeline"})
    choice = next(
        c for c in (await handle.response())["data"]["choices"] if c["value"].startswith("pair:")
    )
    pair_id = choice["value"].split(":", 2)[2]
    pair = engine.kb.pair(pair_id)
    assert pair is not None
    _, body = await _ask(fake, choice["value"])
    [embed] = body["data"]["embeds"]
    assert embed["title"] == pair.question["en"]
    assert embed["description"] == pair.answer["en"]
    assert "author" not in embed  # nothing typed to show back
    await feedback_of(bot).drain()
    store = open_store(harness.tmp_path / "feedback.sqlite3")
    assert store.top_unanswered() == []
    store.close()


async def test_did_you_mean_click_answers_the_candidate(
    bot: ArticleBot, fake: FakeDiscord, engine: Engine
) -> None:
    question = _did_you_mean_question(engine)
    expected = engine.ask(question, "en")
    assert isinstance(expected, DidYouMean)
    handle, body = await _ask(fake, question)
    data = body["data"]
    assert not is_ephemeral(data)
    assert data["embeds"][0]["title"] == "Did you mean …?"
    picks = [i for i in custom_ids(data) if i.startswith("ab:pick:")]
    assert len(picks) == len(expected.candidates)
    chosen = expected.candidates[-1]
    click = await fake.interact_component(handle, f"ab:pick:{expected.language}:{chosen.pair_id}")
    answer = await click.response()
    assert answer["type"] == 4
    assert answer["data"]["embeds"][0]["title"] == chosen.question
    assert not is_ephemeral(answer["data"])


async def test_no_answer_is_private_and_points_to_topics(
    bot: ArticleBot, fake: FakeDiscord, harness: Harness
) -> None:
    _, body = await _ask(fake, OFF_TOPIC)
    data = body["data"]
    assert is_ephemeral(data)
    assert "/topics" in data["content"]
    _, german = await _ask(fake, OFF_TOPIC, locale="de")
    assert "/themen" in german["data"]["content"]
    db = harness.tmp_path / "feedback.sqlite3"
    await eventually(lambda: len(rows(db, "SELECT outcome FROM questions")) == 2)
    assert rows(db, "SELECT DISTINCT question, outcome, source FROM questions") == [
        (OFF_TOPIC, "none", "slash")
    ]


async def test_feedback_votes_are_stored(
    bot: ArticleBot, fake: FakeDiscord, engine: Engine, harness: Harness
) -> None:
    handle, _ = await _ask(fake, ANSWERED_EN)
    expected = engine.ask(ANSWERED_EN, "en")
    assert isinstance(expected, Answered)
    pair_id = expected.match.pair_id

    click = await fake.interact_component(handle, f"ab:vote:down:en:{pair_id}")
    ack = await click.response()
    db = harness.tmp_path / "feedback.sqlite3"
    # Written first, then thanked in the acknowledgement itself: the row is there already.
    assert rows(db, "SELECT vote FROM votes") == [(-1,)]
    assert ack["type"] == 4
    assert is_ephemeral(ack["data"])
    assert "👎" in ack["data"]["content"]
    assert click.followups == []

    assert rows(db, "SELECT pair_id, vote, language, guild_id FROM votes") == [
        (pair_id, -1, "en", fake.guild_id)
    ]
    # Changing one's mind replaces the vote instead of adding one.
    again = await fake.interact_component(handle, f"ab:vote:up:en:{pair_id}", locale="de")
    assert "👍" in (await again.final_message())["content"]
    assert rows(db, "SELECT vote FROM votes") == [(1,)]


async def test_show_in_context(
    bot: ArticleBot, fake: FakeDiscord, engine: Engine, article_text: str
) -> None:
    handle, body = await _ask(fake, ANSWERED_EN)
    context = next(i for i in custom_ids(body["data"]) if i.startswith("ab:ctx:"))
    number = int(context.rsplit(":", 1)[1])
    click = await fake.interact_component(handle, context)
    reply = await click.response()
    assert reply["type"] == 4
    assert is_ephemeral(reply["data"])
    [embed] = reply["data"]["embeds"]
    paragraph = engine.kb.article.paragraph(number)
    assert paragraph is not None
    assert unquote(embed["description"]) == " ".join(paragraph.text.split())
    names = [f["name"] for f in embed["fields"]]
    if number > 1:
        assert f"Before – paragraph {number - 1}" in names
    assert "Cited in" in names


async def test_cooldown_reply_is_friendly_then_silent(harness: Harness, fake: FakeDiscord) -> None:
    await harness.start(ask_cooldown_seconds=60, ask_cooldown_rate=1)
    # A private reply bothers nobody else: it does not count.
    _, private = await _ask(fake, OFF_TOPIC)
    assert is_ephemeral(private["data"])
    _, first = await _ask(fake, ANSWERED_EN)
    assert first["data"].get("embeds")
    assert not is_ephemeral(first["data"])
    _, second = await _ask(fake, ANSWERED_EN, locale="de")
    assert is_ephemeral(second["data"])
    assert second["data"]["content"].startswith("Nicht so schnell!")
    # One note per window; after it, the command is acknowledged privately and the
    # acknowledgement removed: nothing to see, and no "the application did not respond".
    third, ack = await _ask(fake, ANSWERED_EN)
    assert ack["type"] == 5
    assert is_ephemeral(ack["data"])
    await eventually(
        lambda: any(r.method == "DELETE" and third.token in r.path for r in fake.requests)
    )
    assert third.followups == []
    assert third.edits == []


async def test_public_pick_counts_towards_the_cooldown(
    harness: Harness, fake: FakeDiscord, engine: Engine
) -> None:
    await harness.start(ask_cooldown_seconds=60, ask_cooldown_rate=1)
    question = _did_you_mean_question(engine)
    expected = engine.ask(question, "en")
    assert isinstance(expected, DidYouMean)
    handle, body = await _ask(fake, question)
    assert not is_ephemeral(body["data"])
    pick = f"ab:pick:{expected.language}:{expected.candidates[0].pair_id}"
    noted = await (await fake.interact_component(handle, pick)).response()
    assert is_ephemeral(noted["data"])
    assert noted["data"]["content"].startswith("Not so fast!")
    quiet = await (await fake.interact_component(handle, pick)).response()
    assert quiet["type"] == 6  # acknowledged; the message stays as it is


async def test_error_ends_in_a_polite_message_and_a_log_line(
    bot: ArticleBot, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken:
        kb = bot.engine.kb

        def ask(self, question: str, language: str | None = None) -> Any:
            raise RuntimeError("engine exploded")

    bot.engine = Broken()  # type: ignore[assignment]
    with caplog.at_level(logging.ERROR):
        _, body = await _ask(fake, ANSWERED_EN)
    assert body["type"] == 4
    assert is_ephemeral(body["data"])
    assert body["data"]["content"].startswith("Something went wrong on my side")
    [record] = [r for r in caplog.records if "command failed" in r.getMessage()]
    assert "what=ask" in record.getMessage()
    assert f"guild={fake.guild_id}" in record.getMessage()
    assert record.exc_info is not None


async def test_everyone_in_a_question_pings_nobody(bot: ArticleBot, fake: FakeDiscord) -> None:
    question = "@everyone @here <@&123> why did Putin visit Kazakhstan?"
    _, body = await _ask(fake, question)
    data = body["data"]
    assert data["allowed_mentions"] == {"parse": []}
    shown = data["embeds"][0]["author"]["name"]
    # Shown back in a field that never pings, and defused anyway.
    assert "@\u200beveryone" in shown
    assert "@\u200bhere" in shown
    assert "@everyone" not in shown


async def test_passage_is_marked_as_not_curated(
    harness: Harness, fake: FakeDiscord, tmp_path: Path
) -> None:
    # A passage is shown only from a paragraph no pair cites: the tiny knowledge has one.
    harness.engine = Engine.load(write_tiny_knowledge(tmp_path / "knowledge"), cache=False)
    await harness.start()
    question = "Baden Flamingos am Balchaschsee?"
    assert harness.engine.ask(question, "de").kind == "passage"
    _, body = await _ask(fake, question, locale="de")
    [embed] = body["data"]["embeds"]
    assert embed["title"] == "Keine kuratierte Antwort – aber dieser Absatz könnte helfen"
    article_text = " ".join(harness.engine.kb.article.text.split())
    assert unquote(embed["description"]) in article_text
    assert any(i.startswith("ab:ctx:") for i in custom_ids(body["data"]))


async def test_small_talk_gets_its_reply(
    bot: ArticleBot, fake: FakeDiscord, engine: Engine
) -> None:
    expected = engine.ask("Hallo!", "de")
    assert expected.kind == "smalltalk"
    _, body = await _ask(fake, "Hallo!", locale="de")
    assert is_ephemeral(body["data"])
    assert isinstance(expected, SmallTalk)
    assert body["data"]["content"] == smalltalk_reply(expected.intent, "de", engine.kb)


async def test_buttons_work_after_a_restart(
    harness: Harness, fake: FakeDiscord, engine: Engine
) -> None:
    first = await harness.start()
    handle, body = await _ask(fake, ANSWERED_EN)
    vote_id = next(i for i in custom_ids(body["data"]) if i.startswith("ab:vote:up:"))
    context_id = next(i for i in custom_ids(body["data"]) if i.startswith("ab:ctx:"))
    await first.close()

    await harness.start()  # a new process would start just like this: nothing carried over
    click = await fake.interact_component(handle, vote_id)
    assert "👍" in (await click.final_message())["content"]
    shown = await fake.interact_component(handle, context_id)
    assert (await shown.response())["data"]["embeds"][0]["title"].startswith("Paragraph ")
    db = harness.tmp_path / "feedback.sqlite3"
    assert rows(db, "SELECT vote FROM votes") == [(1,)]


async def test_stale_suggestion_is_explained(bot: ArticleBot, fake: FakeDiscord) -> None:
    _, body = await _ask(fake, "pair:en:a-pair-that-was-removed")
    assert is_ephemeral(body["data"])
    assert body["data"]["content"].startswith("That question no longer exists")


async def test_a_message_asking_two_things_gets_an_embed_for_each(
    bot: ArticleBot, fake: FakeDiscord, engine: Engine, article_text: str
) -> None:
    question = "how long is the cpc pipeline? and who is the president of kazakhstan"
    expected = engine.ask(question, "en")
    assert isinstance(expected, Answered)
    assert len(expected.parts) == 2
    _, body = await _ask(fake, question)
    data = body["data"]
    embeds = data["embeds"]
    assert [e["title"] for e in embeds] == [p.match.question for p in expected.parts]
    for embed, part in zip(embeds, expected.parts, strict=True):
        assert embed["description"] == part.answer
        assert [unquote(f["value"]) for f in embed["fields"]] == [
            " ".join(c.quote.split()) for c in part.citations
        ]
        assert all(unquote(f["value"]) in article_text for f in embed["fields"])
    # The person's own words once, on the first; all of it within Discord's 6000 characters.
    assert embeds[0]["author"]["name"] == f"Question: {question}"
    assert "author" not in embeds[1]
    assert sum(len(str(e)) for e in embeds) < 6000 * 2
    ids = custom_ids(data)
    assert f"ab:vote:up:en:{expected.match.pair_id}" in ids
    for part in expected.parts:
        assert f"ab:ctx:{part.citations[0].paragraph}" in ids


async def test_a_part_the_article_does_not_answer_is_said_so(
    bot: ArticleBot, fake: FakeDiscord
) -> None:
    question = "how long is the cpc pipeline? and what is the weather like in @everyone **berlin**?"
    _, body = await _ask(fake, question)
    data = body["data"]
    assert len(data["embeds"]) == 1
    assert data["content"].startswith("The article does not answer this part:")
    assert "\\*\\*berlin\\*\\*" in data["content"]  # the person's words, as plain text
    assert "@everyone" not in data["content"]
    assert data["allowed_mentions"] == {"parse": []}


async def test_the_video_caption_is_cited_as_the_caption(
    bot: ArticleBot, fake: FakeDiscord
) -> None:
    _, body = await _ask(fake, "What did Tokayev tell Scholz?")
    [embed] = body["data"]["embeds"]
    assert embed["fields"][0]["name"] == "Paragraph 7 (video caption)"
    assert unquote(embed["fields"][0]["value"]) == (
        "Kasachstans Präsident zu Scholz: Russland ist unbesiegbar"
    )
