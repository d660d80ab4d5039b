"""Rendering within Discord's limits, custom ids, locales, cooldown: no network."""

from __future__ import annotations

import discord
import pytest

from bot.discordbot import codec, render
from bot.discordbot.components import ActionItem, view_of
from bot.discordbot.cooldown import PostingCooldown
from bot.discordbot.exts import asking, browsing
from bot.discordbot.exts.feedback import Record, record_for
from bot.discordbot.locales import language_of
from bot.engine import (
    Answered,
    Candidate,
    Citation,
    DidYouMean,
    Engine,
    NoAnswer,
    Paragraph,
    ParagraphKind,
    PassageFound,
    SmallTalk,
)
from bot.texts import format_date, t


def _limits(embed: discord.Embed) -> None:
    assert len(embed.title or "") <= render.EMBED_TITLE
    assert len(embed.description or "") <= render.EMBED_DESCRIPTION
    assert len(embed.fields) <= render.EMBED_FIELDS
    for field in embed.fields:
        assert len(field.name or "") <= render.EMBED_FIELD_NAME
        assert len(field.value or "") <= render.EMBED_FIELD_VALUE
    assert len(embed.footer.text or "") <= render.EMBED_FOOTER
    assert len(embed.author.name or "") <= render.EMBED_AUTHOR
    assert len(embed) <= render.EMBED_TOTAL


def test_clip() -> None:
    assert render.clip("short", 10) == "short"
    text = "word " * 100
    clipped = render.clip(text, 42)
    assert len(clipped) <= 42
    assert clipped.endswith("…")
    assert not clipped.endswith(" …")
    assert render.clip("x" * 50, 10) == "x" * 9 + "…"


def test_huge_answer_fits_every_limit(engine: Engine) -> None:
    long = "Wort " * 3000
    result = Answered(
        question="?" * 5000,
        language="de",
        match=Candidate("p", "Frage " * 100, 42.4),
        answer=long,
        citations=tuple(Citation(n, long) for n in range(1, 40)),
    )
    embed = render.answer_embed(result, engine.kb, "de", asked="frage " * 500)
    _limits(embed)
    assert embed.fields[0].value is not None
    assert embed.fields[0].value.startswith("> ")
    assert "42 %" in (embed.footer.text or "")


def test_every_renderer_fits(engine: Engine) -> None:
    kb = engine.kb
    paragraph = Paragraph(3, "Satz. " * 2000, ParagraphKind.CONTENT, 0)
    _limits(render.passage_embed(PassageFound("q", "en", paragraph, 81.0), kb, "en"))
    candidates = tuple(Candidate(f"p{i}", "Question " * 60, 50.0) for i in range(3))
    _limits(render.suggestions_embed(DidYouMean("q", "en", candidates), "en", asked="x" * 900))
    for number in range(1, len(kb.article.paragraphs) + 1):
        for ui in ("de", "en"):
            embed = render.source_embed(kb, number, ui)
            assert embed is not None
            _limits(embed)
    assert render.source_embed(kb, 0, "de") is None
    assert render.source_embed(kb, len(kb.article.paragraphs) + 1, "de") is None
    _limits(render.help_embed(kb, "de", channel_ids=frozenset(range(1, 200))))
    pages = render.topic_pages(kb)
    for index in range(len(pages)):
        _limits(render.topics_embed(kb, pages, index, "en"))
    text = render.no_answer_text(NoAnswer("q", "de", "out_of_scope", candidates), kb, "de")
    assert len(text) <= render.MESSAGE_CONTENT
    assert text.startswith(t("no_answer", "de") + " Mit `/themen` siehst du")
    empty = render.no_answer_text(NoAnswer("", "en", "empty"), kb, "en")
    assert kb.article.texts["en"]["example"] in empty


def test_components_fit_for_every_pair(engine: Engine) -> None:
    kb = engine.kb
    for pair in kb.pairs:
        for lang in ("de", "en"):
            result = engine.answer_pair(pair.id, lang)
            assert result is not None
            view = browsing.answer_reply(result, kb, "de").view
            assert view is not None
            assert len(view.to_components()) <= render.ACTION_ROWS
            for item in view.children:
                assert isinstance(item, ActionItem)
                custom_id = item.item.custom_id
                assert custom_id is not None
                assert len(custom_id) <= render.CUSTOM_ID
                assert item.template.fullmatch(custom_id)
                assert codec.encode(item.action) == custom_id
    pages = render.topic_pages(kb)
    for index in range(len(pages)):
        topics = browsing.topics_view(pages, index, "en", "en")
        assert topics is not None
        select = next(c for c in topics.children if isinstance(c, browsing.TopicSelect))
        assert len(select.item.options) <= render.SELECT_OPTIONS
        assert all(len(o.label) <= render.SELECT_OPTION_LABEL for o in select.item.options)
    long = (Candidate("a-b", "Sehr lange Frage " * 20, 50.0),)
    [button] = asking.pick_buttons(long, "de")
    assert isinstance(button, asking.PickButton)
    assert len(button.item.label or "") <= render.BUTTON_LABEL
    assert view_of(asking.pick_buttons((), "de")) is None
    # A pair id too long for a custom_id leaves its button out instead of failing the message.
    assert asking.pick_buttons((Candidate("x" * 100, "Q?", 1.0),), "de") == [None]


# The custom_ids on messages already sent: a click on any of them must still work.
OLD_IDS = [
    ("ab:pick:de:energie-cpc-pipeline", codec.Pick("energie-cpc-pipeline", "de")),
    ("ab:vote:up:en:besuch-grund", codec.Vote("besuch-grund", "en", 1)),
    ("ab:vote:down:de:besuch-grund", codec.Vote("besuch-grund", "de", -1)),
    ("ab:ctx:12", codec.ShowContext(12)),
    ("ab:page:en:3:n", codec.TurnPage(3, "en", "n")),
    ("ab:page:de:0:p", codec.TurnPage(0, "de", "p")),
    ("ab:sel:de:2", codec.ChooseOnPage(2, "de")),
    ("ab:rv:att:0:0123456789:besuch-grund", codec.ReviewAttach(0, "0123456789", "besuch-grund")),
    ("ab:rv:sel:3:abcdef0123", codec.ReviewChoose(3, "abcdef0123")),
    ("ab:rv:dis:1:abcdef0123", codec.ReviewDismiss(1, "abcdef0123")),
    ("ab:rv:skip:2", codec.ReviewSkip(2)),
]


@pytest.mark.parametrize(("custom_id", "action"), OLD_IDS)
def test_custom_ids_keep_their_layout(custom_id: str, action: codec.Action) -> None:
    assert codec.encode(action) == custom_id
    assert codec.parse(type(action), custom_id) == action
    assert codec.template(type(action)).fullmatch(custom_id)


def test_custom_ids_reject_what_they_do_not_encode() -> None:
    assert codec.parse(codec.Pick, "ab:pick:fr:x") is None
    assert codec.parse(codec.Vote, "ab:vote:sideways:de:x") is None
    assert codec.parse(codec.ShowContext, "ab:ctx:") is None
    assert codec.parse(codec.Pick, "ab:pick:de:Not An Id") is None
    assert codec.encode(codec.Vote("x" * 90, "de", -1)) is None  # over Discord's 100


def test_suggestion_values_round_trip() -> None:
    choice = codec.PairChoice("energie-cpc-pipeline-anteil-rohoel", "de")
    value = codec.encode(choice)
    assert value == "pair:de:energie-cpc-pipeline-anteil-rohoel"
    assert codec.parse(codec.PairChoice, value) == choice
    assert codec.parse(codec.PairChoice, "Warum pair:de:x?") is None
    assert codec.parse(codec.PairChoice, "pair:fr:x") is None
    assert codec.encode(codec.PairChoice("x" * 100, "en")) is None
    assert len(render.choice_name("a " * 200)) <= render.CHOICE_NAME


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        (discord.Locale.german, "de"),
        (discord.Locale.american_english, "en"),
        (discord.Locale.french, "en"),
        (discord.Locale.british_english, "en"),
        ("de", "de"),
        ("de-AT", "de"),
        (None, "en"),
    ],
)
def test_language_of(locale: discord.Locale | str | None, lang: str) -> None:
    assert language_of(locale) == lang


def test_format_date() -> None:
    assert format_date("2024-11", "de") == "November 2024"
    assert format_date("2024-03-05", "de") == "5. März 2024"
    assert format_date("2024-03-05", "en") == "March 5, 2024"
    assert format_date("soon", "en") == "soon"


def test_cooldown() -> None:
    cooldown = PostingCooldown(rate=2, per=60)
    assert cooldown.hit(1) is None
    assert cooldown.hit(1) is None
    retry = cooldown.hit(1)
    assert retry is not None
    assert 0 < retry <= 60
    assert cooldown.hit(2) is None  # per user
    assert cooldown.should_warn(1, retry)
    assert not cooldown.should_warn(1, retry)
    off = PostingCooldown(rate=1, per=0)
    assert all(off.hit(1) is None for _ in range(10))


def test_what_goes_on_the_curators_list() -> None:
    weak = Answered("q", "de", Candidate("p", "Q", 61.0), "a", ())
    strong = Answered("q", "de", Candidate("p", "Q", 95.0), "a", ())
    assert record_for(weak) == Record("low_confidence", 61.0, "p")
    assert record_for(strong) is None
    assert record_for(NoAnswer("q", "de", "empty")) is None
    assert record_for(NoAnswer("q", "de", "out_of_scope")) == Record("none", None, None)
    assert record_for(SmallTalk("hi", "de", "greeting")) is None
    candidates = (Candidate("a", "A", 50.0),)
    assert record_for(DidYouMean("q", "de", candidates)) == Record("suggestions", 50.0, "a")


def test_cap_question() -> None:
    assert asking.cap_question("  kurz  ", 10) == ("kurz", False)
    text, cut = asking.cap_question("lang " * 100, 50)
    assert cut
    assert len(text) <= 50
