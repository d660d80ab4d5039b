"""Die Wörter, die Menschen lesen, auf Deutsch. Die Schlüssel sind in jeder Sprache dieselben."""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    # --- small talk ---------------------------------------------------------------------------
    "smalltalk_greeting": "Hallo! Frag mich etwas zum Artikel über {subject}.",
    "smalltalk_thanks": "Gern geschehen! Frag ruhig weiter.",
    "smalltalk_help": (
        "Ich beantworte Fragen zu einem Artikel ({date}) über {subject}, auf Deutsch, "
        "Englisch oder Russisch, mit wörtlichen Zitaten aus dem Artikel. Frag zum Beispiel: „{example}“"
    ),
    "smalltalk_goodbye": "Tschüss! Bis zum nächsten Mal.",
    # --- answers ------------------------------------------------------------------------------
    "paragraph": "Absatz {n}",
    "paragraph_of": "Absatz {n} von {total}",
    "heading": "Zwischenüberschrift",
    "caption": "Bildunterschrift zum Video",
    "content": "Text",
    "your_question": "Frage: {q}",
    "confidence": "Übereinstimmung",
    "footer": "Artikel vom {date} · Übereinstimmung {score} %",
    "footer_plain": "Artikel vom {date}",
    "sources": "Belegstellen",
    "passage_title": "Keine kuratierte Antwort – aber dieser Absatz könnte helfen",
    "passage_intro": "Dazu gibt es keine kuratierte Antwort, aber diese Stelle im Artikel passt:",
    "suggest_title": "Meintest du …?",
    "suggest_body": "Ich bin nicht sicher, welche Frage du meinst. Wähle eine:",
    "no_answer": "Dazu finde ich im Artikel keine Antwort.",
    "part_unanswered": "Darauf finde ich im Artikel keine Antwort: „{question}“",
    "no_answer_near": "Vielleicht passt eine davon:",
    "nearest": "Verwandte Fragen, die ich beantworten kann:",
    "empty_question": "Stell mir eine Frage zum Artikel, zum Beispiel: „{example}“",
    "no_text": "Diese Nachricht enthält keinen Text, den ich als Frage lesen kann.",
    "truncated": "(Deine Frage war länger als {n} Zeichen und wurde gekürzt.)",
    "unknown_pair": "Diese Frage gibt es nicht mehr (das Wissen wurde inzwischen neu geladen).",
    "source_range": "Der Artikel hat die Absätze 1 bis {total}.",
    "source_cited_by": "Zitiert in",
    "source_not_cited": "Von keiner Antwort zitiert.",
    "source_before": "Davor – Absatz {n}",
    "source_after": "Danach – Absatz {n}",
    "editorial_title": "Titel von uns",
    # --- Discord ------------------------------------------------------------------------------
    "discord_no_answer_hint": "Mit `/{cmd_topics}` siehst du, was ich beantworten kann.",
    "vote_up": "Hilfreich",
    "vote_down": "Nicht hilfreich",
    "in_context": "Absatz {n} im Kontext",
    "previous": "Zurück",
    "next": "Weiter",
    "pick_question": "Frage auswählen …",
    "vote_thanks_up": "Danke! Dein 👍 ist gespeichert.",
    "vote_thanks_down": "Danke! Dein 👎 ist gespeichert – die Kurator:innen sehen es sich an.",
    "vote_unavailable": "Deine Stimme konnte ich gerade nicht speichern. Bitte versuch es gleich noch einmal.",
    "topics_title": "Themen ({page}/{pages}): {topic}",
    "topics_footer": "{count} Fragen in {topics} Themen · Wähle unten eine Frage aus.",
    "help_title": "Fragen zum Artikel",
    "help_body": (
        "Ich beantworte Fragen zu einem einzigen Artikel: **{title}**{editorial} "
        "(erschienen {date}). Jede Antwort zeigt die Stellen im Artikel, auf denen sie beruht.\n\n"
        "**So fragst du**\n"
        "• `/{cmd_ask}` – tippe los, die Vorschläge zeigen passende Fragen\n"
        "• `/{cmd_topics}` – alle {count} Fragen nach Themen\n"
        "• `/{cmd_source}` – ein Absatz des Artikels mit seinem Umfeld\n"
        "• Erwähne mich in einer Nachricht oder schreib mir direkt\n"
        "• Rechtsklick auf eine Nachricht → Apps → „{cmd_ask_menu}“"
    ),
    "help_editorial": " (Titel von uns)",
    "help_channels": "In {channels} beantworte ich jede Frage direkt.",
    "help_language": "Du kannst auf Deutsch, Englisch oder Russisch fragen; ich antworte in der Sprache der Frage.",
    "cooldown": "Nicht so schnell! Du kannst in {seconds} Sekunden wieder fragen.",
    "error": "Da ist bei mir etwas schiefgegangen. Bitte versuch es gleich noch einmal.",
    "store_unavailable": "Ich komme gerade nicht an meine Datenbank. Bitte versuch es gleich noch einmal.",
    "stale_button": "Dieser Button stammt aus einer älteren Nachricht und funktioniert nicht mehr. Frag bitte noch einmal.",
    "no_permission": "Das dürfen nur Server-Verwalter:innen.",
    "guild_only": "Das geht nur auf einem Server.",
    "reload_ok": "Wissen neu geladen: {pairs} Fragen in {topics} Themen, {paragraphs} Absätze.",
    "reload_failed": (
        "Die Wissensdateien haben Fehler; das bisherige Wissen bleibt aktiv.\n```\n{problems}\n```"
    ),
    # --- the review queue (/kb review, /kb attach) and /kb stats ------------------------------
    "review_empty": (
        "Die Prüfliste ist leer: Jede erfasste Frage wird jetzt beantwortet oder wurde verworfen."
    ),
    "review_group": (
        "**Prüfliste** · Gruppe {position} von {open} (`{group}`) · {count}× gefragt, auf {language}:"
    ),
    "review_top": "Beste Antwort: **{question}** (`{pair}`, Wert {score})",
    "review_search": (
        "Eine andere Antwort: unten wählen oder jede suchen mit "
        "`{command} {group_option}:{group} {pair_option}:`"
    ),
    "review_attach": "Der besten Antwort zuordnen",
    "review_dismiss": "Verwerfen (nicht zum Artikel)",
    "review_skip": "Überspringen",
    "review_pick": "Einer anderen Antwort zuordnen …",
    "review_attached": "✅ {n} Frage(n) zu „{question}“ hinzugefügt; ich beantworte sie ab sofort.",
    "review_nothing_new": "Diese Antwort hat die Fragen schon; nichts geändert.",
    "review_refused": "⚠️ Nicht zugeordnet, nichts wurde geschrieben:\n```\n{problems}\n```",
    "review_dismissed": "🗑️ Verworfen: Diese Gruppe bleibt aus der Prüfliste heraus.",
    "review_gone": (
        "Diese Gruppe ist nicht mehr in der Prüfliste (inzwischen beantwortet, zugeordnet oder "
        "verworfen)."
    ),
    "stats_title": "**Wie die Antworten ankommen** ({answers} Antworten; Antworten · Anteil · Stimmen):",
    "stats_pair": "{answers} · {share} · 👍 {up} 👎 {down} · {question}",
    "stats_voted_down": "**Am häufigsten abgelehnt:**",
    "stats_oldest": "**Am längsten in der Prüfliste** ({open} Gruppen offen):",
    "stats_group": "seit {date} · {count}× · {question}",
    "stats_none": "noch keine",
    # --- per-server settings (/config) --------------------------------------------------------
    "language_name": "Deutsch",
    "config_show": (
        "**Einstellungen auf diesem Server**\n"
        "Beobachtete Kanäle: {channels}\n"
        "Sprache, wenn eine Frage es nicht verrät: {language}"
    ),
    "config_channels_none": "keine (ich antworte auf Erwähnungen, Direktnachrichten und Befehle)",
    "config_from_default": (
        " (Voreinstellung des Bots; dieser Server hat keine eigene Wahl getroffen)"
    ),
    "config_language_default": (
        "{language} (die Sprache des Servers in Discord; hier nicht gewählt)"
    ),
    "config_watch_ok": (
        "Ab jetzt beantworte ich jede Frage in {channel}.\nBeobachtete Kanäle: {channels}"
    ),
    "config_watch_already": (
        "Ich beantworte schon jede Frage in {channel}.\nBeobachtete Kanäle: {channels}"
    ),
    "config_unwatch_ok": (
        "Ich beantworte nicht mehr jede Nachricht in {channel}; Erwähnungen gehen dort weiter.\n"
        "Beobachtete Kanäle: {channels}"
    ),
    "config_unwatch_not": (
        "{channel} wird nicht beobachtet; nichts geändert.\nBeobachtete Kanäle: {channels}"
    ),
    "config_language_ok": (
        "Die Sprache dieses Servers ist jetzt **{language}**: In ihr antworte ich, wenn eine "
        "Frage ihre Sprache nicht verrät."
    ),
    "config_no_content": (
        "⚠️ Ich laufe ohne den Message-Content-Intent: Nachrichten in beobachteten Kanälen "
        "erreichen mich ohne ihren Text, dort kann ich nur antworten, wenn mich jemand erwähnt. "
        "Wer den Bot betreibt, kann ihn einschalten (MESSAGE_CONTENT_INTENT=1 und den Intent im "
        "Discord-Entwicklerportal aktivieren)."
    ),
    "cmd_ask": "frage",
    "cmd_ask_desc": "Stelle eine Frage zum Artikel",
    "cmd_ask_question": "frage",
    "cmd_ask_question_desc": "Deine Frage (Deutsch, Englisch oder Russisch)",
    "cmd_topics": "themen",
    "cmd_topics_desc": "Alle Fragen, die ich beantworten kann, nach Themen",
    "cmd_source": "quelle",
    "cmd_source_desc": "Ein Absatz des Artikels mit seinem Umfeld",
    "cmd_source_paragraph": "absatz",
    "cmd_source_paragraph_desc": "Die Nummer des Absatzes",
    "cmd_help": "hilfe",
    "cmd_help_desc": "Was ich weiß und wie du fragst",
    "cmd_kb": "wissen",
    "cmd_kb_desc": "Das Wissen verwalten",
    "cmd_kb_reload": "neu-laden",
    "cmd_kb_reload_desc": "Die Wissensdateien neu laden",
    "cmd_kb_review": "pruefen",
    "cmd_kb_review_desc": "Fragen ohne passende Antwort den richtigen Antworten zuordnen",
    "cmd_kb_attach": "zuordnen",
    "cmd_kb_attach_desc": "Eine Gruppe der Prüfliste einer beliebigen Antwort zuordnen",
    "cmd_kb_attach_group": "gruppe",
    "cmd_kb_attach_group_desc": "Die Gruppe von Fragen (tippen, um die Prüfliste zu durchsuchen)",
    "cmd_kb_attach_pair": "antwort",
    "cmd_kb_attach_pair_desc": "Die Antwort, der sie zugeordnet werden (tippen zum Suchen)",
    "cmd_kb_stats": "statistik",
    "cmd_kb_stats_desc": "Wie oft jede Antwort gegeben und wie sie bewertet wird",
    "cmd_config": "einstellungen",
    "cmd_config_desc": "Die Einstellungen des Bots auf diesem Server",
    "cmd_config_watch": "beobachten",
    "cmd_config_watch_desc": "In einem Kanal jede Frage beantworten",
    "cmd_config_watch_channel": "kanal",
    "cmd_config_watch_channel_desc": "Der Kanal (seine Threads zählen mit)",
    "cmd_config_unwatch": "nicht-beobachten",
    "cmd_config_unwatch_desc": "In einem Kanal nicht mehr jede Nachricht beantworten",
    "cmd_config_unwatch_channel": "kanal",
    "cmd_config_unwatch_channel_desc": "Der Kanal",
    "cmd_config_show": "anzeigen",
    "cmd_config_show_desc": "Die Einstellungen dieses Servers zeigen",
    "cmd_config_language": "sprache",
    "cmd_config_language_desc": "Die Antwortsprache, wenn eine Frage ihre Sprache nicht verrät",
    "cmd_config_language_language": "sprache",
    "cmd_config_language_language_desc": "Die Sprache",
    "cmd_ask_menu": "Artikel fragen",
    # --- terminal -----------------------------------------------------------------------------
    "cli_no_answer_hint": "Mit :topics an der Eingabe siehst du, worauf ich antworten kann.",
    "cli_pick": "Gib die Nummer ein, um eine davon zu beantworten.",
    "cli_local": "Kein DISCORD_TOKEN gesetzt: ich antworte lokal.",
    "cli_title": "{title} ({date}; {editorial})",
    "cli_help": (
        "Frag alles zum Artikel, auf Deutsch, Englisch oder Russisch. Befehle:\n"
        "  :topics      alle Fragen, die ich beantworten kann, nach Themen\n"
        "  :source N    Absatz N des Artikels\n"
        "  :help        dieser Text\n"
        "  :quit        beenden (oder Strg-D)"
    ),
    "cli_source_usage": "So geht's: :source N (eine Absatznummer von 1 bis {total}, z. B. :source 5)",
    "cli_unknown_command": "Unbekannter Befehl {command}. Befehle: {commands}.",
    "cli_bye": "Tschüss!",
}

MONTHS: Final[tuple[str, ...]] = (
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
)
DATE_FORMAT: Final = {"month": "{month} {year}", "day": "{day}. {month} {year}"}
