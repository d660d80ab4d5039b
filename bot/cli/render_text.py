"""Results as text for a person in a terminal."""

from __future__ import annotations

import textwrap

from bot.engine import (
    Answered,
    DidYouMean,
    KnowledgeBase,
    Language,
    NoAnswer,
    PassageFound,
    Result,
    SmallTalk,
)
from bot.texts import smalltalk_reply

WIDTH = 88

_TEXT: dict[str, dict[Language, str]] = {
    "paragraph": {"de": "Absatz", "en": "Paragraph"},
    "confidence": {"de": "Übereinstimmung", "en": "confidence"},
    "did_you_mean": {"de": "Meintest du eine dieser Fragen?", "en": "Did you mean one of these?"},
    "pick": {
        "de": "Gib die Nummer ein, um eine davon zu beantworten.",
        "en": "Type its number to get that answer.",
    },
    "passage": {
        "de": "Dazu gibt es keine kuratierte Antwort, aber diese Stelle im Artikel passt:",
        "en": "There is no curated answer to this, but this passage of the article fits:",
    },
    "empty": {
        "de": "Bitte stell eine Frage zum Artikel, zum Beispiel: Warum besuchte Putin Kasachstan?",
        "en": "Please ask a question about the article, e.g.: Why did Putin visit Kazakhstan?",
    },
    "out_of_scope": {
        "de": (
            "Dazu sagt der Artikel leider nichts. Mit :topics siehst du, worauf ich antworten kann."
        ),
        "en": "Sorry, the article does not say. Type :topics to see what I can answer.",
    },
    "nearest": {
        "de": "Verwandte Fragen, die ich beantworten kann:",
        "en": "Related questions I can answer:",
    },
}


def t(key: str, language: Language) -> str:
    """An interface text in the given language."""
    return _TEXT[key][language]


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def render_result(result: Result, kb: KnowledgeBase) -> str:
    """A result as a few lines of text, with citations located by paragraph."""
    lang = result.language
    lines: list[str] = []
    match result:
        case Answered():
            lines.append(f"» {result.match.question}")
            lines.append(_wrap(result.answer))
            for c in result.citations:
                lines.append("")
                lines.append(f"  {t('paragraph', lang)} {c.paragraph}:")
                lines.append(_wrap(f"„{c.quote}“", "    "))
            lines.append("")
            lines.append(
                f"  ({kb.article.date} · {t('confidence', lang)} {result.match.score:.0f}% · "
                f"{result.match.pair_id})"
            )
        case DidYouMean():
            lines.append(t("did_you_mean", lang))
            lines.extend(f"  {i}. {c.question}" for i, c in enumerate(result.candidates, 1))
            lines.append(t("pick", lang))
        case PassageFound():
            lines.append(t("passage", lang))
            lines.append(f"  {t('paragraph', lang)} {result.paragraph.number}:")
            lines.append(_wrap(f"„{result.paragraph.text}“", "    "))
        case NoAnswer():
            lines.append(t("empty" if result.reason == "empty" else "out_of_scope", lang))
            if result.nearest and result.reason != "empty":
                lines.append(t("nearest", lang))
                lines.extend(f"  - {c.question}" for c in result.nearest)
        case SmallTalk():
            lines.append(smalltalk_reply(result.intent, lang, kb))
    return "\n".join(lines)


def render_topics(kb: KnowledgeBase, language: Language) -> str:
    """Every curated question, grouped by topic."""
    lines: list[str] = []
    for topic in kb.topics:
        pairs = [p for p in kb.pairs if p.topic == topic.id]
        if not pairs:
            continue
        lines.append(f"{topic.label[language]}")
        lines.extend(f"  - {p.question[language]}" for p in pairs)
    return "\n".join(lines)


def render_paragraph(kb: KnowledgeBase, number: int, language: Language) -> str:
    """One paragraph of the article, with the pairs that cite it."""
    paragraph = kb.article.paragraph(number)
    if paragraph is None:
        n = len(kb.article.paragraphs)
        return (
            f"Es gibt nur die Absätze 1 bis {n}."
            if language == "de"
            else f"There are only paragraphs 1 to {n}."
        )
    lines = [
        f"{t('paragraph', language)} {number} ({paragraph.kind.value}):",
        _wrap(paragraph.text, "  "),
    ]
    citing = kb.pairs_citing(number)
    if citing:
        lines.append("")
        lines.extend(f"  - {p.question[language]}" for p in citing)
    return "\n".join(lines)
