"""Every piece of interface text, in German and English, and the command-name translator.

Answers come from the knowledge files in the question's language; the words around them (labels,
buttons, errors) follow the user's Discord locale, English by default.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.engine import Language

DEFAULT_LANGUAGE: Language = "en"


def lang_of(locale: discord.Locale | str | None) -> Language:
    """The interface language for a Discord locale: German for de*, English otherwise."""
    if locale is None:
        return DEFAULT_LANGUAGE
    value = locale.value if isinstance(locale, discord.Locale) else str(locale)
    return "de" if value.lower().startswith("de") else "en"


_TEXT: dict[str, dict[Language, str]] = {
    # answers
    "paragraph": {"de": "Absatz {n}", "en": "Paragraph {n}"},
    "paragraph_of": {"de": "Absatz {n} von {total}", "en": "Paragraph {n} of {total}"},
    "heading": {"de": "Zwischenüberschrift", "en": "heading"},
    "caption": {"de": "Bildunterschrift", "en": "caption"},
    "your_question": {"de": "Frage: {q}", "en": "Question: {q}"},
    "footer": {
        "de": "Artikel vom {date} · Übereinstimmung {score} %",
        "en": "Article of {date} · match {score}%",
    },
    "footer_plain": {"de": "Artikel vom {date}", "en": "Article of {date}"},
    "sources": {"de": "Belegstellen", "en": "Sources"},
    "passage_title": {
        "de": "Keine kuratierte Antwort – aber dieser Absatz könnte helfen",
        "en": "No curated answer, but this passage may help",
    },
    "suggest_title": {"de": "Meintest du …?", "en": "Did you mean …?"},
    "suggest_body": {
        "de": "Ich bin nicht sicher, welche Frage du meinst. Wähle eine:",
        "en": "I am not sure which question you mean. Pick one:",
    },
    "no_answer": {
        "de": "Dazu finde ich im Artikel keine Antwort. Mit `/themen` siehst du, "
        "was ich beantworten kann.",
        "en": "I cannot find an answer to that in the article. `/topics` shows what I can answer.",
    },
    "no_answer_near": {"de": "Vielleicht passt eine davon:", "en": "Perhaps one of these fits:"},
    "empty_question": {
        "de": "Stell mir eine Frage zum Artikel, zum Beispiel: „Warum besuchte Putin Kasachstan?“",
        "en": "Ask me a question about the article, for example: “Why did Putin visit Kazakhstan?”",
    },
    "no_text": {
        "de": "Diese Nachricht enthält keinen Text, den ich als Frage lesen kann.",
        "en": "This message has no text I can read as a question.",
    },
    "truncated": {
        "de": "(Deine Frage war länger als {n} Zeichen und wurde gekürzt.)",
        "en": "(Your question was longer than {n} characters and was shortened.)",
    },
    "unknown_pair": {
        "de": "Diese Frage gibt es nicht mehr (das Wissen wurde inzwischen neu geladen).",
        "en": "That question no longer exists (the knowledge has been reloaded since).",
    },
    # buttons
    "vote_up": {"de": "Hilfreich", "en": "Helpful"},
    "vote_down": {"de": "Nicht hilfreich", "en": "Not helpful"},
    "in_context": {"de": "Absatz {n} im Kontext", "en": "Paragraph {n} in context"},
    "previous": {"de": "Zurück", "en": "Previous"},
    "next": {"de": "Weiter", "en": "Next"},
    "pick_question": {"de": "Frage auswählen …", "en": "Pick a question …"},
    "vote_thanks_up": {
        "de": "Danke! Dein 👍 ist gespeichert.",
        "en": "Thanks! Your 👍 has been recorded.",
    },
    "vote_thanks_down": {
        "de": "Danke! Dein 👎 ist gespeichert – die Kurator:innen sehen es sich an.",
        "en": "Thanks! Your 👎 has been recorded; the curators will take a look.",
    },
    # /topics
    "topics_title": {
        "de": "Themen ({page}/{pages}): {topic}",
        "en": "Topics ({page}/{pages}): {topic}",
    },
    "topics_footer": {
        "de": "{count} Fragen in {topics} Themen · Wähle unten eine Frage aus.",
        "en": "{count} questions in {topics} topics · Pick a question below.",
    },
    # /source
    "source_cited_by": {"de": "Zitiert in", "en": "Cited in"},
    "source_not_cited": {"de": "Von keiner Antwort zitiert.", "en": "Not cited by any answer."},
    "source_range": {
        "de": "Der Artikel hat die Absätze 1 bis {total}.",
        "en": "The article has paragraphs 1 to {total}.",
    },
    "source_before": {"de": "Davor – Absatz {n}", "en": "Before – paragraph {n}"},
    "source_after": {"de": "Danach – Absatz {n}", "en": "After – paragraph {n}"},
    # /help
    "help_title": {"de": "Fragen zum Artikel", "en": "Questions about the article"},
    "help_body": {
        "de": "Ich beantworte Fragen zu einem einzigen Artikel: **{title}**{editorial} "
        "(erschienen {date}). Jede Antwort zeigt die Stellen im Artikel, auf denen sie beruht.\n\n"
        "**So fragst du**\n"
        "• `/frage` – tippe los, die Vorschläge zeigen passende Fragen\n"
        "• `/themen` – alle {count} Fragen nach Themen\n"
        "• `/quelle` – ein Absatz des Artikels mit seinem Umfeld\n"
        "• Erwähne mich in einer Nachricht oder schreib mir direkt\n"
        "• Rechtsklick auf eine Nachricht → Apps → „Artikel fragen“",
        "en": "I answer questions about a single article: **{title}**{editorial} "
        "(published {date}). Every answer shows the passages of the article it rests on.\n\n"
        "**How to ask**\n"
        "• `/ask` – start typing, the suggestions show matching questions\n"
        "• `/topics` – all {count} questions by topic\n"
        "• `/source` – one paragraph of the article with its neighbours\n"
        "• Mention me in a message or write to me directly\n"
        "• Right-click a message → Apps → “Ask the article”",
    },
    "help_editorial": {"de": " (Titel von uns)", "en": " (our title)"},
    "help_channels": {
        "de": "In {channels} beantworte ich jede Frage direkt.",
        "en": "In {channels} I answer every question directly.",
    },
    "help_language": {
        "de": "Du kannst auf Deutsch oder Englisch fragen; ich antworte in der Sprache der Frage.",
        "en": "Ask in German or English; I answer in the language of the question.",
    },
    # errors and limits
    "cooldown": {
        "de": "Nicht so schnell! Du kannst in {seconds} Sekunden wieder fragen.",
        "en": "Not so fast! You can ask again in {seconds} seconds.",
    },
    "error": {
        "de": "Da ist bei mir etwas schiefgegangen. Bitte versuch es gleich noch einmal.",
        "en": "Something went wrong on my side. Please try again in a moment.",
    },
    "no_permission": {
        "de": "Das dürfen nur Server-Verwalter:innen.",
        "en": "Only server managers may do that.",
    },
    "guild_only": {
        "de": "Das geht nur auf einem Server.",
        "en": "That only works on a server.",
    },
    # /kb reload
    "reload_ok": {
        "de": "Wissen neu geladen: {pairs} Fragen in {topics} Themen, {paragraphs} Absätze.",
        "en": "Knowledge reloaded: {pairs} questions in {topics} topics, {paragraphs} paragraphs.",
    },
    "reload_failed": {
        "de": "Die Wissensdateien haben Fehler; das bisherige Wissen bleibt aktiv.\n"
        "```\n{problems}\n```",
        "en": "The knowledge files have problems; the previous knowledge keeps serving.\n"
        "```\n{problems}\n```",
    },
}

_MONTHS: dict[Language, tuple[str, ...]] = {
    "de": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def t(key: str, lang: Language, /, **values: object) -> str:
    """The interface text `key` in `lang`, with `values` filled in."""
    text = _TEXT[key][lang]
    return text.format(**values) if values else text


def text_keys() -> frozenset[str]:
    """Every text key (for tests that check both languages are complete)."""
    return frozenset(_TEXT)


def format_date(date: str, lang: Language) -> str:
    """A date ("2024-11", "2024-11-28") for people: "November 2024", "28. November 2024"."""
    parts = date.split("-")
    try:
        year = int(parts[0])
        month = _MONTHS[lang][int(parts[1]) - 1] if len(parts) > 1 else ""
        day = int(parts[2]) if len(parts) > 2 else None
    except (ValueError, IndexError):
        return date
    if not month:
        return str(year)
    if day is None:
        return f"{month} {year}"
    return f"{day}. {month} {year}" if lang == "de" else f"{month} {day}, {year}"


# --- command names and descriptions -----------------------------------------------------------
# The English text is what the commands are declared with; German comes from here at sync time.

COMMAND_TEXT_DE: dict[str, str] = {
    "ask": "frage",
    "Ask a question about the article": "Stelle eine Frage zum Artikel",
    "question": "frage",
    "Your question (German or English)": "Deine Frage (Deutsch oder Englisch)",
    "topics": "themen",
    "Every question I can answer, grouped by topic": "Alle Fragen, die ich beantworten kann, "
    "nach Themen",
    "source": "quelle",
    "A paragraph of the article with its neighbours": "Ein Absatz des Artikels mit seinem Umfeld",
    "paragraph": "absatz",
    "The paragraph number": "Die Nummer des Absatzes",
    "help": "hilfe",
    "What I know and how to ask": "Was ich weiß und wie du fragst",
    "kb": "wissen",
    "Manage the knowledge base": "Das Wissen verwalten",
    "reload": "neu-laden",
    "Reload the knowledge files": "Die Wissensdateien neu laden",
    "Ask the article": "Artikel fragen",
}


class CommandTranslator(app_commands.Translator):
    """German names and descriptions for the commands; English is the declared default."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if locale is discord.Locale.german:
            return COMMAND_TEXT_DE.get(string.message)
        return None
