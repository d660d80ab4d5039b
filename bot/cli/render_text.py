"""Results as text for a person in a terminal, in the words of the catalogue (bot.texts)."""

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
from bot.texts import article_values, citation_label, format_date, smalltalk_reply, t

WIDTH = 88


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def _quote(text: str) -> str:
    return _wrap(f"„{text}“", "    ")


def render_result(result: Result, kb: KnowledgeBase, *, at_prompt: bool = False) -> str:
    """A result as a few lines of text, with citations located by paragraph.

    `at_prompt`: the local prompt understands ":topics" and a number to pick a suggestion, so
    only there does the text tell people to type them.
    """
    lang = result.language
    lines: list[str] = []
    match result:
        case Answered():
            # A message that asked several things: each part with its own citations.
            for number, part in enumerate(result.parts):
                if number:
                    lines.append("")
                lines.append(f"» {part.match.question}")
                lines.append(_wrap(part.answer))
                for c in part.citations:
                    lines.append("")
                    lines.append(f"  {citation_label(kb, c.paragraph, lang)}:")
                    lines.append(_quote(c.quote))
                lines.append("")
                lines.append(
                    f"  ({format_date(kb.article.date, lang)} · {t('confidence', lang)} "
                    f"{part.match.score:.0f}% · "
                    f"{part.match.pair_id})"
                )
            for asked in result.unanswered:
                lines.append("")
                lines.append(_wrap(t("part_unanswered", lang, question=asked)))
        case DidYouMean():
            lines.append(t("suggest_title", lang))
            lines.extend(f"  {i}. {c.question}" for i, c in enumerate(result.candidates, 1))
            if at_prompt:
                lines.append(t("cli_pick", lang))
        case PassageFound():
            lines.append(t("passage_intro", lang))
            lines.append(f"  {t('paragraph', lang, n=result.paragraph.number)}:")
            lines.append(_quote(result.paragraph.text))
        case NoAnswer() if result.reason == "empty":
            lines.append(t("empty_question", lang, **article_values(kb, lang)))
        case NoAnswer():
            no_answer = t("no_answer", lang)
            lines.append(f"{no_answer} {t('cli_no_answer_hint', lang)}" if at_prompt else no_answer)
            if result.nearest:
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
        return t("source_range", language, total=len(kb.article.paragraphs))
    lines = [
        f"{t('paragraph', language, n=number)} ({t(paragraph.kind.value, language)}):",
        _wrap(paragraph.text, "  "),
    ]
    citing = kb.pairs_citing(number)
    if citing:
        lines.append("")
        lines.append(f"  {t('source_cited_by', language)}:")
        lines.extend(f"  - {p.question[language]}" for p in citing)
    return "\n".join(lines)
