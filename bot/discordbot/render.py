"""Engine values as Discord embeds and text, always within Discord's limits.

Discord's limits live here, next to the code that has to respect them. Long content is shortened
at a word boundary with an ellipsis, never cut mid-word or rejected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import discord

from bot.engine import (
    LANGUAGES,
    Answered,
    AnswerPart,
    DidYouMean,
    KnowledgeBase,
    Language,
    NoAnswer,
    PassageFound,
    QAPair,
    Topic,
)
from bot.texts import article_values, citation_label, format_date, paragraph_label, t

# --- Discord's limits ---------------------------------------------------------------------------
MESSAGE_CONTENT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBED_AUTHOR = 256
# Embeds in one message.
EMBEDS_PER_MESSAGE = 10
EMBED_TOTAL = 6000
AUTOCOMPLETE_CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100
CUSTOM_ID = 100
BUTTON_LABEL = 80
SELECT_OPTIONS = 25
SELECT_OPTION_LABEL = 100
SELECT_OPTION_VALUE = 100
SELECT_OPTION_DESCRIPTION = 100
SELECT_PLACEHOLDER = 150
BUTTONS_PER_ROW = 5
ACTION_ROWS = 5
COMMAND_NAME = 32
COMMAND_DESCRIPTION = 100

ELLIPSIS = "…"
COLOUR = discord.Colour(0x2B6CB0)
PASSAGE_COLOUR = discord.Colour(0x718096)
SUGGEST_COLOUR = discord.Colour(0xD69E2E)
# How many cited-by questions /source lists before "and N more".
MAX_CITED_BY = 10


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, at a word boundary where sensible, with '…'."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return text[:limit]
    cut = text[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ")
    # Break at a space unless that would throw away more than a fifth of the room.
    if space > 0 and space >= len(cut) * 4 // 5:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def quote_block(text: str, limit: int) -> str:
    """A markdown quote of article text, within `limit` characters."""
    return "> " + clip(discord.utils.escape_markdown(" ".join(text.split())), limit - 2)


def fit_embed(embed: discord.Embed, total: int = EMBED_TOTAL) -> discord.Embed:
    """Shorten an embed until it fits `total` characters (Discord's 6000 for all the embeds of
    a message together), its fields last to first."""
    excess = len(embed) - total
    if excess <= 0:
        return embed
    for index in range(len(embed.fields) - 1, -1, -1):
        field = embed.fields[index]
        value = field.value or ""
        room = max(len(value) - excess, 20)
        if room < len(value):
            embed.set_field_at(
                index, name=field.name or "", value=clip(value, room), inline=field.inline
            )
        excess = len(embed) - total
        if excess <= 0:
            return embed
    if embed.description:
        embed.description = clip(embed.description, max(len(embed.description) - excess, 20))
    return embed


def _asked(embed: discord.Embed, asked: str | None, title: str, lang: Language) -> None:
    # Show the user's own words when they differ from the curated title. Author names render
    # neither markdown nor mentions, so only @everyone/@here are defused (invisibly), in case.
    if asked and asked.strip() and asked.strip() != title:
        shown = discord.utils.escape_mentions(" ".join(asked.split()))
        embed.set_author(name=clip(t("your_question", lang, q=shown), EMBED_AUTHOR))


def question_of_answer(embeds: Sequence[discord.Embed]) -> str | None:
    """The person's own words an answer's embed shows (see `_asked`), in whichever language the
    answer was rendered; None when it shows none (they asked the curated title itself)."""
    name = embeds[0].author.name if embeds else None
    if not name:
        return None
    for lang in LANGUAGES:
        prefix, _, suffix = t("your_question", lang, q="\0").partition("\0")
        if name.startswith(prefix) and name.endswith(suffix) and len(name) > len(prefix + suffix):
            asked = name[len(prefix) : len(name) - len(suffix)]
            return asked.replace("@\u200b", "@").strip() or None
    return None


def answer_embed(
    result: Answered | AnswerPart,
    kb: KnowledgeBase,
    ui: Language,
    *,
    asked: str | None = None,
    total: int = EMBED_TOTAL,
) -> discord.Embed:
    """The answer: matched question, answer, each citation as a quote, date and confidence;
    shortened to `total` characters."""
    embed = discord.Embed(
        title=clip(result.match.question, EMBED_TITLE),
        description=clip(result.answer, EMBED_DESCRIPTION),
        colour=COLOUR,
    )
    _asked(embed, asked, result.match.question, ui)
    for citation in result.citations[:EMBED_FIELDS]:
        embed.add_field(
            name=clip(citation_label(kb, citation.paragraph, ui), EMBED_FIELD_NAME),
            value=quote_block(citation.quote, EMBED_FIELD_VALUE),
            inline=False,
        )
    date = format_date(kb.article.date, ui)
    score = round(result.match.score)
    embed.set_footer(text=clip(t("footer", ui, date=date, score=score), EMBED_FOOTER))
    return fit_embed(embed, total)


def answer_embeds(
    result: Answered, kb: KnowledgeBase, ui: Language, *, asked: str | None = None
) -> list[discord.Embed]:
    """An embed per part the message asked (one for one question), the person's words on the
    first; together within Discord's limit for a message."""
    parts = result.parts[:EMBEDS_PER_MESSAGE]
    share = EMBED_TOTAL // len(parts)
    first = answer_embed(result, kb, ui, asked=asked, total=share)
    return [first, *(answer_embed(part, kb, ui, total=share) for part in parts[1:])]


def unanswered_note(result: Answered, ui: Language) -> str | None:
    """A line for each part of the message the article does not answer (the person's words as
    plain text), or None."""
    if not result.unanswered:
        return None
    lines = [
        t(
            "part_unanswered",
            ui,
            question=discord.utils.escape_mentions(discord.utils.escape_markdown(clip(q, 200))),
        )
        for q in result.unanswered
    ]
    return clip("\n".join(lines), MESSAGE_CONTENT // 2)


def passage_embed(
    result: PassageFound, kb: KnowledgeBase, ui: Language, *, asked: str | None = None
) -> discord.Embed:
    """A passage that may help, marked clearly as not a curated answer."""
    paragraph = result.paragraph
    embed = discord.Embed(
        title=clip(t("passage_title", ui), EMBED_TITLE),
        description=quote_block(paragraph.text, EMBED_DESCRIPTION),
        colour=PASSAGE_COLOUR,
    )
    _asked(embed, asked, "", ui)
    embed.add_field(
        name=paragraph_label(paragraph, ui),
        value=t("paragraph_of", ui, n=paragraph.number, total=len(kb.article.paragraphs)),
    )
    date = format_date(kb.article.date, ui)
    embed.set_footer(text=t("footer", ui, date=date, score=round(result.score)))
    return fit_embed(embed)


def suggestions_embed(
    result: DidYouMean, ui: Language, *, asked: str | None = None
) -> discord.Embed:
    """'Did you mean …?' with the numbered candidates (buttons under it pick one)."""
    lines = [t("suggest_body", ui), ""]
    lines += [f"**{i}.** {clip(c.question, 300)}" for i, c in enumerate(result.candidates, start=1)]
    embed = discord.Embed(
        title=t("suggest_title", ui),
        description=clip("\n".join(lines), EMBED_DESCRIPTION),
        colour=SUGGEST_COLOUR,
    )
    _asked(embed, asked, "", ui)
    return fit_embed(embed)


def no_answer_text(result: NoAnswer, kb: KnowledgeBase, ui: Language) -> str:
    """A polite 'not in the article' pointing to /topics (or 'ask me something, for example')."""
    if result.reason == "empty":
        return clip(t("empty_question", ui, **article_values(kb, ui)), MESSAGE_CONTENT)
    hint = t("discord_no_answer_hint", ui, cmd_topics=t("cmd_topics", ui))
    text = t("no_answer", ui) + " " + hint
    if result.nearest:
        text += "\n" + t("no_answer_near", ui)
    return clip(text, MESSAGE_CONTENT)


def source_embed(kb: KnowledgeBase, number: int, ui: Language) -> discord.Embed | None:
    """Paragraph `number` with its neighbours and the questions that cite it; None if no such."""
    article = kb.article
    paragraph = article.paragraph(number)
    if paragraph is None:
        return None
    total = len(article.paragraphs)
    embed = discord.Embed(
        title=clip(f"{paragraph_label(paragraph, ui)} · {article.title[ui]}", EMBED_TITLE),
        description=quote_block(paragraph.text, EMBED_DESCRIPTION),
        colour=COLOUR,
    )
    before = article.paragraph(number - 1)
    after = article.paragraph(number + 1)
    if before is not None:
        embed.add_field(
            name=t("source_before", ui, n=before.number),
            value=quote_block(before.text, EMBED_FIELD_VALUE),
            inline=False,
        )
    if after is not None:
        embed.add_field(
            name=t("source_after", ui, n=after.number),
            value=quote_block(after.text, EMBED_FIELD_VALUE),
            inline=False,
        )
    citing = kb.pairs_citing(number)
    if citing:
        lines = [f"• {clip(p.question[ui], 200)}" for p in citing[:MAX_CITED_BY]]
        if len(citing) > MAX_CITED_BY:
            lines.append(f"… (+{len(citing) - MAX_CITED_BY})")
        cited = clip("\n".join(lines), EMBED_FIELD_VALUE)
    else:
        cited = t("source_not_cited", ui)
    embed.add_field(name=t("source_cited_by", ui), value=cited, inline=False)
    date = format_date(article.date, ui)
    embed.set_footer(
        text=f"{t('paragraph_of', ui, n=number, total=total)} · {t('footer_plain', ui, date=date)}"
    )
    return fit_embed(embed)


def help_embed(kb: KnowledgeBase, ui: Language, *, channel_ids: frozenset[int]) -> discord.Embed:
    """What the bot knows and how to ask, in the user's language (commands by their names in it)."""
    values = {
        **article_values(kb, ui),
        "editorial": t("help_editorial", ui) if kb.article.title_is_editorial else "",
        "count": str(len(kb.pairs)),
        "cmd_ask": t("cmd_ask", ui),
        "cmd_topics": t("cmd_topics", ui),
        "cmd_source": t("cmd_source", ui),
        "cmd_ask_menu": t("cmd_ask_menu", ui),
    }
    body = t("help_body", ui, **values)
    if channel_ids:
        channels = ", ".join(f"<#{c}>" for c in sorted(channel_ids))
        body += "\n\n" + t("help_channels", ui, channels=channels)
    body += "\n\n" + t("help_language", ui)
    embed = discord.Embed(
        title=t("help_title", ui), description=clip(body, EMBED_DESCRIPTION), colour=COLOUR
    )
    return fit_embed(embed)


# --- /topics ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicPage:
    """One page of /topics: a topic (or a part of a large one) and its pairs."""

    topic: Topic
    pairs: tuple[QAPair, ...]


def topic_pages(kb: KnowledgeBase) -> list[TopicPage]:
    """Every pair grouped by topic, in the knowledge's order, at most one select's worth a page."""
    pages: list[TopicPage] = []
    for topic in kb.topics:
        pairs = [p for p in kb.pairs if p.topic == topic.id]
        for start in range(0, len(pairs), SELECT_OPTIONS):
            pages.append(TopicPage(topic, tuple(pairs[start : start + SELECT_OPTIONS])))
    return pages


def topics_embed(
    kb: KnowledgeBase, pages: list[TopicPage], index: int, ui: Language
) -> discord.Embed:
    """Page `index` of /topics: the topic and its numbered questions."""
    page = pages[index]
    lines = [f"**{i}.** {clip(p.question[ui], 300)}" for i, p in enumerate(page.pairs, start=1)]
    embed = discord.Embed(
        title=clip(
            t("topics_title", ui, page=index + 1, pages=len(pages), topic=page.topic.label[ui]),
            EMBED_TITLE,
        ),
        description=clip("\n".join(lines), EMBED_DESCRIPTION),
        colour=COLOUR,
    )
    embed.set_footer(text=t("topics_footer", ui, count=len(kb.pairs), topics=len(kb.topics)))
    return fit_embed(embed)


# --- autocomplete -------------------------------------------------------------------------------


def choice_name(text: str) -> str:
    """A suggestion's visible text, within the choice-name limit."""
    return clip(" ".join(text.split()), CHOICE_NAME)
