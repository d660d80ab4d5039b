"""Russian end to end: a client whose locale is ru asks in Russian and gets the Russian answer,
the article's German quotes, Russian words around them and Russian buttons; commands carry
Russian names."""

from __future__ import annotations

from bot.discordbot.client import ArticleBot
from bot.engine import Answered, Engine
from bot.texts import t
from tests.discordbot.discord_support import FakeDiscord, is_ephemeral, unquote

QUESTION = "сколько жителей в казахстане"


async def test_russian_locale_and_russian_question(
    bot: ArticleBot, fake: FakeDiscord, engine: Engine, article_text: str
) -> None:
    expected = engine.ask(QUESTION, "ru")
    assert isinstance(expected, Answered), expected
    assert expected.language == "ru"
    pair = engine.kb.pair(expected.match.pair_id)
    assert pair is not None

    handle = await fake.interact_command("ask", {"question": QUESTION}, locale="ru")
    body = await handle.response()
    data = body["data"]
    assert not is_ephemeral(data)
    [embed] = data["embeds"]
    assert embed["title"] == pair.question["ru"]
    assert embed["description"] == pair.answer["ru"]
    # The quotes stay the article's own German words, located by paragraph (in Russian).
    for field, citation in zip(embed["fields"], expected.citations, strict=True):
        assert field["name"] == t("paragraph", "ru", n=citation.paragraph)
        assert unquote(field["value"]) in article_text
    assert embed["footer"]["text"].startswith("Статья: ноябрь 2024")
    labels = {c.get("label") for row in data["components"] for c in row["components"]}
    assert {t("vote_up", "ru"), t("vote_down", "ru")} <= labels


async def test_unclear_question_from_a_russian_client_is_answered_in_russian(
    bot: ArticleBot, fake: FakeDiscord, engine: Engine
) -> None:
    # Names only: no word tells the language; the client's locale does.
    question = "CPC Pipeline Noworossijsk"
    expected = engine.ask(question, "ru")
    handle = await fake.interact_command("ask", {"question": question}, locale="ru")
    body = await handle.response()
    assert expected.language == "ru"
    text = str(body["data"])
    if isinstance(expected, Answered):
        assert body["data"]["embeds"][0]["title"] == expected.match.question
    else:
        assert any("\u0400" <= ch <= "\u04ff" for ch in text), text


async def test_commands_have_russian_names(bot: ArticleBot, fake: FakeDiscord) -> None:
    registered = {c["name"]: c for c in fake.commands_guild[fake.guild_id]}
    assert registered["ask"]["name_localizations"]["ru"] == t("cmd_ask", "ru")
    assert registered["ask"]["description_localizations"]["ru"] == t("cmd_ask_desc", "ru")
    assert registered["topics"]["name_localizations"]["ru"] == t("cmd_topics", "ru")
