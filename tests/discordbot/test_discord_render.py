"""Rendering within Discord's limits, interface texts, custom ids, cooldown: no network."""

from __future__ import annotations

import re
import string

import discord
import pytest

from bot.discordbot import i18n, render, views
from bot.discordbot.cooldown import AskCooldown
from bot.discordbot.replies import Record, cap_question, record_for
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

NAME = re.compile(r"^[-_\w]{1,32}$")


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
    text = render.no_answer_text(NoAnswer("q", "de", "out_of_scope", candidates), "de")
    assert len(text) <= render.MESSAGE_CONTENT


def test_components_fit_for_every_pair(engine: Engine) -> None:
    kb = engine.kb
    for pair in kb.pairs:
        paragraphs = [c.paragraph for c in pair.citations]
        for lang in ("de", "en"):
            view = views.answer_view(pair.id, lang, paragraphs, "de")
            payload = view.to_components()
            assert len(payload) <= render.ACTION_ROWS
            for item in view.children:
                assert isinstance(item, discord.ui.DynamicItem)
                custom_id = item.item.custom_id
                assert custom_id is not None
                assert len(custom_id) <= render.CUSTOM_ID
                assert item.template.fullmatch(custom_id)
    pages = render.topic_pages(kb)
    for index in range(len(pages)):
        view = views.topics_view(pages, index, "en", "en")
        select = next(c for c in view.children if isinstance(c, views.PickSelect))
        assert len(select.item.options) <= render.SELECT_OPTIONS
        assert all(len(o.label) <= render.SELECT_OPTION_LABEL for o in select.item.options)
    long = [Candidate("a-b", "Sehr lange Frage " * 20, 50.0)]
    picks = views.pick_view(long, "de")
    assert picks is not None
    button = picks.children[0]
    assert isinstance(button, views.PickButton)
    assert len(button.item.label or "") <= render.BUTTON_LABEL
    assert views.pick_view([], "de") is None


def test_suggestion_values_round_trip() -> None:
    candidate = Candidate("energie-cpc-pipeline-anteil-rohoel", "Q?", 80.0)
    value = render.pair_choice_value(candidate, "de")
    assert value == "pair:de:energie-cpc-pipeline-anteil-rohoel"
    assert render.parse_pair_value(value) == ("de", candidate.pair_id)
    assert render.parse_pair_value("Warum pair:de:x?") is None
    assert render.parse_pair_value("pair:fr:x") is None
    assert render.pair_choice_value(Candidate("x" * 100, "Q?", 1.0), "en") is None
    assert len(render.choice_name("a " * 200)) <= render.CHOICE_NAME


def test_texts_exist_in_both_languages_with_the_same_fields() -> None:
    fields = string.Formatter()
    for key in i18n.text_keys():
        de = {f for _, f, _, _ in fields.parse(i18n._TEXT[key]["de"]) if f}
        en = {f for _, f, _, _ in fields.parse(i18n._TEXT[key]["en"]) if f}
        assert de == en, key


def test_command_translations_are_valid_names() -> None:
    for english, german in i18n.COMMAND_TEXT_DE.items():
        if NAME.match(english) and english.islower():
            assert NAME.match(german), german
            assert german == german.lower(), german


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        (discord.Locale.german, "de"),
        (discord.Locale.american_english, "en"),
        (discord.Locale.french, "en"),
        ("de", "de"),
        (None, "en"),
    ],
)
def test_lang_of(locale: discord.Locale | str | None, lang: str) -> None:
    assert i18n.lang_of(locale) == lang


def test_format_date() -> None:
    assert i18n.format_date("2024-11", "de") == "November 2024"
    assert i18n.format_date("2024-03-05", "de") == "5. März 2024"
    assert i18n.format_date("2024-03-05", "en") == "March 5, 2024"
    assert i18n.format_date("soon", "en") == "soon"


def test_cooldown() -> None:
    cooldown = AskCooldown(rate=2, per=60)
    assert cooldown.hit(1) is None
    assert cooldown.hit(1) is None
    retry = cooldown.hit(1)
    assert retry is not None
    assert 0 < retry <= 60
    assert cooldown.hit(2) is None  # per user
    assert cooldown.should_warn(1, retry)
    assert not cooldown.should_warn(1, retry)
    off = AskCooldown(rate=1, per=0)
    assert all(off.hit(1) is None for _ in range(10))


def test_what_goes_on_the_curators_list() -> None:
    weak = Answered("q", "de", Candidate("p", "Q", 61.0), "a", ())
    strong = Answered("q", "de", Candidate("p", "Q", 95.0), "a", ())
    assert record_for(weak) == Record("low_confidence", 61.0, "p")
    assert record_for(strong) is None
    assert record_for(NoAnswer("q", "de", "empty")) is None
    assert record_for(NoAnswer("q", "de", "out_of_scope")) == Record("none", None, None)
    assert record_for(SmallTalk("hi", "de", "greeting", "Hallo!")) is None
    candidates = (Candidate("a", "A", 50.0),)
    assert record_for(DidYouMean("q", "de", candidates)) == Record("suggestions", 50.0, "a")


def test_cap_question() -> None:
    assert cap_question("  kurz  ", 10) == ("kurz", False)
    text, cut = cap_question("lang " * 100, 50)
    assert cut
    assert len(text) <= 50
