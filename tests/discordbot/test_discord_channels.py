"""Questions as plain messages: mentions, DMs, watched channels, and the mention safety."""

from __future__ import annotations

from typing import Any

from bot.discordbot.client import ArticleBot
from bot.engine import Answered
from tests.discordbot.discord_support import FakeDiscord, Harness, eventually, rows, unquote

QUESTION = "Warum ist Putin nach Kasachstan gereist?"
OFF_TOPIC = "Hat jemand das Fußballspiel gestern gesehen?"


def _mention(fake: FakeDiscord) -> str:
    return f"<@{fake.bot_user_id}>"


def _assert_reply_to(body: dict[str, Any], message: dict[str, Any]) -> None:
    assert str(body["message_reference"]["message_id"]) == message["id"]
    # Replies never ping: not the asker, not anyone named in the question.
    assert body["allowed_mentions"] == {"parse": [], "replied_user": False}


async def _only_reply_is_to(fake: FakeDiscord, message: dict[str, Any]) -> dict[str, Any]:
    """The bot's next post answers `message`, and it said nothing else before or meanwhile.

    (How "it ignored that one" is shown: an ignored message comes first, then one that must be
    answered; had the first got a reply, it would be the one found here.)"""
    body = await fake.wait_for_bot_message(int(message["channel_id"]))
    _assert_reply_to(body, message)
    await fake.assert_no_bot_message(within=0)
    return body


async def test_mention_gets_a_reply(bot: ArticleBot, fake: FakeDiscord, article_text: str) -> None:
    message = await fake.post_message(f"{_mention(fake)} {QUESTION}")
    body = await fake.wait_for_bot_message(fake.channel_id)
    _assert_reply_to(body, message)
    [embed] = body["embeds"]
    assert embed["title"] == "Warum besuchte Putin Kasachstan?"
    assert unquote(embed["fields"][0]["value"]) in article_text
    assert any(
        c["custom_id"].startswith("ab:vote:up:de:")
        for row in body["components"]
        for c in row["components"]
    )


async def test_mention_without_an_answer_says_so(bot: ArticleBot, fake: FakeDiscord) -> None:
    message = await fake.post_message(f"{_mention(fake)} {OFF_TOPIC}")
    body = await fake.wait_for_bot_message(fake.channel_id)
    _assert_reply_to(body, message)
    assert "/themen" in body["content"]


async def test_plain_messages_are_ignored_without_watched_channels(
    bot: ArticleBot, fake: FakeDiscord
) -> None:
    await fake.post_message(QUESTION)
    asked = await fake.post_message(f"{_mention(fake)} {QUESTION}")
    await _only_reply_is_to(fake, asked)


async def test_dm_gets_a_reply(bot: ArticleBot, fake: FakeDiscord) -> None:
    question = "Who is the president of Kazakhstan?"
    expected = bot.engine.ask(question)
    assert isinstance(expected, Answered)
    message = await fake.post_message(question, guild=False)
    body = await fake.wait_for_bot_message(int(message["channel_id"]))
    _assert_reply_to(body, message)
    assert body["embeds"][0]["title"] == expected.match.question


async def test_watched_channel_answers_and_stays_quiet(harness: Harness, fake: FakeDiscord) -> None:
    await harness.start(ask_channel_ids=frozenset({fake.channel_id}))
    message = await fake.post_message(QUESTION)
    body = await fake.wait_for_bot_message(fake.channel_id)
    _assert_reply_to(body, message)
    assert body["embeds"][0]["title"] == "Warum besuchte Putin Kasachstan?"

    # No answer, small talk: nothing said in a watched channel (no spam)...
    await fake.post_message(OFF_TOPIC)
    await fake.post_message("danke")
    # ...but the unanswered question is on the curators' list.
    db = harness.tmp_path / "feedback.sqlite3"
    await eventually(lambda: rows(db, "SELECT question FROM questions") == [(OFF_TOPIC,)])

    # Asked directly, it answers even when it has no answer (and that is its only word since).
    asked = await fake.post_message(f"{_mention(fake)} {OFF_TOPIC}")
    assert "/themen" in (await _only_reply_is_to(fake, asked))["content"]


async def test_watched_channel_offers_choices_only_for_questions(
    harness: Harness, fake: FakeDiscord
) -> None:
    await harness.start(ask_channel_ids=frozenset({fake.channel_id}))
    # A bare name is ambiguous: as chatter it gets no reply, asked as a question it gets choices.
    await fake.post_message("Putin")
    asked = await fake.post_message("Putin?")
    body = await _only_reply_is_to(fake, asked)
    assert body["components"], body


async def test_bots_are_ignored(harness: Harness, fake: FakeDiscord) -> None:
    await harness.start(ask_channel_ids=frozenset({fake.channel_id}))
    other_bot = await fake.add_member("otherbot", bot=True)
    await fake.post_message(f"{_mention(fake)} {QUESTION}", author=other_bot)
    await fake.post_message(QUESTION, author=other_bot)
    asked = await fake.post_message(QUESTION)
    await _only_reply_is_to(fake, asked)


async def test_everyone_in_a_question_pings_nobody(harness: Harness, fake: FakeDiscord) -> None:
    await harness.start(ask_channel_ids=frozenset({fake.channel_id}))
    role = fake.guild["roles"][0]["id"]
    user = fake.user["id"]
    text = f"@everyone @here <@&{role}> <@{user}> {QUESTION}"
    await fake.post_message(text)
    body = await fake.wait_for_bot_message(fake.channel_id)
    assert body["allowed_mentions"] == {"parse": [], "replied_user": False}
    author = body["embeds"][0]["author"]["name"]
    assert "@\u200beveryone" in author  # shown back where it cannot ping, and defused
    assert "@everyone" not in author
    # Every message the bot sent in this test carries the same empty allowed_mentions.
    posts = [r.json for r in fake.requests if r.method == "POST" and r.path.endswith("/messages")]
    assert posts
    assert all(p["allowed_mentions"]["parse"] == [] for p in posts)


async def test_long_message_is_cut_with_a_note(harness: Harness, fake: FakeDiscord) -> None:
    await harness.start(max_question_chars=60)
    padding = " und außerdem" * 20
    await fake.post_message(f"{_mention(fake)} {QUESTION}{padding}")
    body = await fake.wait_for_bot_message(fake.channel_id)
    assert body["content"].startswith("(Deine Frage war länger als 60 Zeichen")
    assert len(body["embeds"][0]["author"]["name"]) <= 256


async def test_cooldown_in_channels_warns_once_privately(
    harness: Harness, fake: FakeDiscord
) -> None:
    await harness.start(ask_cooldown_seconds=60, ask_cooldown_rate=1)
    flood = [await fake.post_message(f"{_mention(fake)} {QUESTION}") for _ in range(3)]
    first = await fake.wait_for_bot_message(fake.channel_id)
    _assert_reply_to(first, flood[0])
    assert first["embeds"]
    # The second gets one note, in a direct message: a reply in the channel would be spam too.
    note = await fake.wait_for_bot_message()
    assert note["content"].startswith("Nicht so schnell!")
    dm = fake.message_for(note)
    assert int(dm["channel_id"]) != fake.channel_id
    assert "guild_id" not in dm
    # The third gets nothing: someone else's question is the next thing the bot answers.
    other = await fake.add_member("carol")
    theirs = await fake.post_message(f"{_mention(fake)} {QUESTION}", author=other)
    await _only_reply_is_to(fake, theirs)


async def test_chatter_in_watched_channels_is_not_limited(
    harness: Harness, fake: FakeDiscord
) -> None:
    await harness.start(
        ask_channel_ids=frozenset({fake.channel_id}), ask_cooldown_seconds=60, ask_cooldown_rate=1
    )
    for text in ("lol", "ok bis später", "hat jemand Kaffee?"):
        await fake.post_message(text)
    asked = await fake.post_message(QUESTION)
    assert (await _only_reply_is_to(fake, asked))["embeds"]
    db = harness.tmp_path / "feedback.sqlite3"
    # Only what reads as a question goes on the curators' list.
    await eventually(
        lambda: rows(db, "SELECT question FROM questions") == [("hat jemand Kaffee?",)]
    )
