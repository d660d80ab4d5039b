"""One catalogue of the words people read, a table per language (`bot/texts/<lang>.py`), used by
every front end: terminal, JSON, Discord embeds, command names and their localisations.

Words that belong to one article (its subject, an example question) are not here: they come from
the article's own `texts.toml` and are passed in as values (see `article_values`).
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from bot.engine import LANGUAGES, KnowledgeBase, Language, Paragraph, ParagraphKind

_TABLES: dict[Language, ModuleType] = {
    lang: import_module(f"bot.texts.{lang}") for lang in LANGUAGES
}


def t(key: str, lang: Language, /, **values: object) -> str:
    """The text `key` in `lang`, with `values` filled in ({name} placeholders)."""
    text: str = _TABLES[lang].TEXTS[key]
    return text.format(**values) if values else text


def text_keys(lang: Language) -> frozenset[str]:
    """Every key of one language's table (a test checks all tables have the same)."""
    return frozenset(_TABLES[lang].TEXTS)


def format_date(date: str, lang: Language) -> str:
    """A date ("2024-11", "2024-11-28") for people: "November 2024", "28. November 2024"."""
    table = _TABLES[lang]
    parts = date.split("-")
    try:
        year = int(parts[0])
        day = int(parts[2]) if len(parts) > 2 else None
        # Some languages name the month of a day differently ("28 ноября", "ноябрь").
        months = getattr(table, "MONTHS_OF_DAY", table.MONTHS) if day else table.MONTHS
        month = months[int(parts[1]) - 1] if len(parts) > 1 else ""
    except (ValueError, IndexError):
        return date
    if not month:
        return str(year)
    if day is None:
        return str(table.DATE_FORMAT["month"].format(month=month, year=year))
    return str(table.DATE_FORMAT["day"].format(month=month, day=day, year=year))


def article_values(kb: KnowledgeBase, lang: Language) -> dict[str, str]:
    """The article's own words for placeholders: {subject}, {example}, {title}, {date}, and any
    other key its texts.toml gives for this language."""
    article = kb.article
    values = dict(article.texts.get(lang, {}))
    # texts.toml is checked by the loader; these stand in only where a test built a bare value.
    values.setdefault("subject", article.title[lang])
    if kb.pairs:
        values.setdefault("example", kb.pairs[0].question[lang])
    values["title"] = article.title[lang]
    values["date"] = format_date(article.date, lang)
    return values


def smalltalk_reply(intent: str, lang: Language, kb: KnowledgeBase) -> str:
    """What to say to a greeting, thanks, goodbye or call for help (`SmallTalk.intent`)."""
    return t(f"smalltalk_{intent}", lang, **article_values(kb, lang))


def paragraph_label(paragraph: Paragraph, lang: Language) -> str:
    """'Absatz 7' / 'Paragraph 7', with the kind for headings and the video's caption."""
    label = t("paragraph", lang, n=paragraph.number)
    if paragraph.kind is ParagraphKind.HEADING:
        label += f" ({t('heading', lang)})"
    elif paragraph.kind is ParagraphKind.CAPTION:
        label += f" ({t('caption', lang)})"
    return label


def citation_label(kb: KnowledgeBase, number: int, lang: Language) -> str:
    """The label of a cited paragraph by its number (see `paragraph_label`)."""
    paragraph = kb.article.paragraph(number)
    return t("paragraph", lang, n=number) if paragraph is None else paragraph_label(paragraph, lang)
