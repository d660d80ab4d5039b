"""/topics paging, /source, /help and the "Ask the article" context menu."""

from __future__ import annotations

from typing import Any

from bot.discordbot.client import ArticleBot
from bot.discordbot.render import topic_pages
from bot.engine import Engine
from tests.discordbot.discord_support import (
    FakeDiscord,
    Harness,
    components,
    custom_ids,
    is_ephemeral,
    unquote,
)


async def test_topics_paging_and_picking(
    bot: ArticleBot, fake: FakeDiscord, engine: Engine
) -> None:
    pages = topic_pages(engine.kb)
    assert sum(len(p.pairs) for p in pages) == len(engine.kb.pairs)
    handle = await fake.interact_command("topics")
    body = await handle.response()
    data = body["data"]
    assert is_ephemeral(data)
    [embed] = data["embeds"]
    first = pages[0]
    assert embed["title"] == f"Topics (1/{len(pages)}): {first.topic.label['en']}"
    assert first.pairs[0].question["en"] in embed["description"]
    select = next(c for c in components(data) if c["type"] == 3)
    assert [o["value"] for o in select["options"]] == [p.id for p in first.pairs]
    assert "ab:page:en:1:n" in custom_ids(data)
    assert f"ab:page:en:{len(pages) - 1}:p" in custom_ids(data)

    # Next page: the same message is updated in place (type 7).
    turn = await fake.interact_component(handle, "ab:page:en:1:n")
    updated = await turn.response()
    assert updated["type"] == 7
    assert updated["data"]["embeds"][0]["title"].startswith(f"Topics (2/{len(pages)})")
    assert "ab:page:en:2:n" in custom_ids(updated["data"])

    # Picking a question from the select answers it, privately like the list.
    second = pages[1].pairs[0]
    pick = await fake.interact_component(handle, select_id(updated["data"]), values=[second.id])
    answer = await pick.response()
    assert answer["type"] == 4
    assert is_ephemeral(answer["data"])
    assert answer["data"]["embeds"][0]["title"] == second.question["en"]


def select_id(data: dict[str, Any]) -> str:
    return str(next(c["custom_id"] for c in components(data) if c["type"] == 3))


async def test_topics_in_german(bot: ArticleBot, fake: FakeDiscord, engine: Engine) -> None:
    handle = await fake.interact_command("topics", locale="de")
    data = (await handle.response())["data"]
    first = topic_pages(engine.kb)[0]
    assert data["embeds"][0]["title"].startswith("Themen (1/")
    assert first.topic.label["de"] in data["embeds"][0]["title"]
    assert "ab:sel:de:0" in custom_ids(data)


async def test_source_shows_neighbours_and_citing_pairs(
    bot: ArticleBot, fake: FakeDiscord, engine: Engine
) -> None:
    kb = engine.kb
    number = next(p.number for p in kb.article.content_paragraphs if kb.pairs_citing(p.number))
    handle = await fake.interact_command("source", {"paragraph": number})
    data = (await handle.response())["data"]
    assert not is_ephemeral(data)
    [embed] = data["embeds"]
    paragraph = kb.article.paragraph(number)
    assert paragraph is not None
    assert embed["title"].startswith(f"Paragraph {number}")
    assert unquote(embed["description"]) == " ".join(paragraph.text.split())
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert f"After – paragraph {number + 1}" in fields
    cited = fields["Cited in"]
    for pair in kb.pairs_citing(number)[:10]:
        assert pair.question["en"][:50] in cited
    assert f"Paragraph {number} of {len(kb.article.paragraphs)}" in embed["footer"]["text"]


async def test_public_source_counts_towards_the_cooldown(
    harness: Harness, fake: FakeDiscord
) -> None:
    await harness.start(ask_cooldown_seconds=60, ask_cooldown_rate=1)
    # /topics and /help are private: they do not count.
    await (await fake.interact_command("topics")).response()
    await (await fake.interact_command("help")).response()
    first = (await (await fake.interact_command("source", {"paragraph": 2})).response())["data"]
    assert first["embeds"]
    assert not is_ephemeral(first)
    second = (await (await fake.interact_command("source", {"paragraph": 3})).response())["data"]
    assert is_ephemeral(second)
    assert second["content"].startswith("Not so fast!")


async def test_source_out_of_range_is_a_polite_note(bot: ArticleBot, fake: FakeDiscord) -> None:
    handle = await fake.interact_command("source", {"paragraph": 999}, locale="de")
    data = (await handle.response())["data"]
    assert is_ephemeral(data)
    assert data["content"].startswith("Der Artikel hat die Absätze 1 bis")


async def test_help_in_both_languages(harness: Harness, fake: FakeDiscord, engine: Engine) -> None:
    await harness.start(ask_channel_ids=frozenset({fake.channel_id}))
    english = (await (await fake.interact_command("help")).response())["data"]
    german = (await (await fake.interact_command("help", locale="de")).response())["data"]
    assert is_ephemeral(english)
    assert is_ephemeral(german)
    en, de = english["embeds"][0], german["embeds"][0]
    assert en["title"] == "Questions about the article"
    assert de["title"] == "Fragen zum Artikel"
    assert engine.kb.article.title["en"] in en["description"]
    assert engine.kb.article.title["de"] in de["description"]
    assert "November 2024" in en["description"]
    assert "November 2024" in de["description"]
    assert "(our title)" in en["description"]  # the title is editorial
    assert "`/frage`" in de["description"]
    assert "`/ask`" in en["description"]
    assert f"<#{fake.channel_id}>" in en["description"]


async def test_context_menu_answers_the_message(
    bot: ArticleBot, fake: FakeDiscord, engine: Engine
) -> None:
    # Without the message-content intent the context menu still gets the text.
    assert not bot.intents.message_content
    message = await fake.post_message("Wie viele Abkommen sollten unterzeichnet werden?")
    handle = await fake.interact_command(
        "Ask the article", command_type=3, target_message=message, locale="de"
    )
    data = (await handle.response())["data"]
    [embed] = data["embeds"]
    assert embed["title"] == "Wie viele Abkommen sollten beim Besuch unterzeichnet werden?"
    assert embed["fields"][0]["name"].startswith("Absatz ")


async def test_context_menu_on_a_message_without_text(bot: ArticleBot, fake: FakeDiscord) -> None:
    message = await fake.post_message("")
    handle = await fake.interact_command("Ask the article", command_type=3, target_message=message)
    data = (await handle.response())["data"]
    assert is_ephemeral(data)
    assert "no text" in data["content"]
