"""The words people read, in English. Keys are the same in every language's table."""

from __future__ import annotations

from typing import Final

# Placeholders in {braces} are filled in by the front end. {subject}, {example} and {title} come
# from the article's own texts (knowledge/<article>/texts.toml and article.toml).
TEXTS: Final[dict[str, str]] = {
    # --- small talk: what the engine recognised, said in our words --------------------------
    "smalltalk_greeting": "Hello! Ask me anything about the article on {subject}.",
    "smalltalk_thanks": "You're welcome! Feel free to ask more.",
    "smalltalk_help": (
        "I answer questions about one article ({date}) on {subject}, in German, English or Russian, "
        'quoting the article word for word. Try: "{example}"'
    ),
    "smalltalk_goodbye": "Bye! See you next time.",
    # --- answers (every front end) -------------------------------------------------------------
    "paragraph": "Paragraph {n}",
    "paragraph_of": "Paragraph {n} of {total}",
    "heading": "heading",
    "caption": "video caption",
    "content": "text",
    "your_question": "Question: {q}",
    "confidence": "confidence",
    "footer": "Article of {date} · match {score}%",
    "footer_plain": "Article of {date}",
    "sources": "Sources",
    "passage_title": "No curated answer, but this passage may help",
    "passage_intro": "There is no curated answer to this, but this passage of the article fits:",
    "suggest_title": "Did you mean …?",
    "suggest_body": "I am not sure which question you mean. Pick one:",
    "no_answer": "I cannot find an answer to that in the article.",
    "part_unanswered": "The article does not answer this part: “{question}”",
    "no_answer_near": "Perhaps one of these fits:",
    "nearest": "Related questions I can answer:",
    "empty_question": 'Ask me a question about the article, for example: "{example}"',
    "no_text": "This message has no text I can read as a question.",
    "truncated": "(Your question was longer than {n} characters and was shortened.)",
    "unknown_pair": "That question no longer exists (the knowledge has been reloaded since).",
    "source_range": "The article has paragraphs 1 to {total}.",
    "source_cited_by": "Cited in",
    "source_not_cited": "Not cited by any answer.",
    "source_before": "Before – paragraph {n}",
    "source_after": "After – paragraph {n}",
    "editorial_title": "our title",
    # --- Discord ------------------------------------------------------------------------------
    "discord_no_answer_hint": "`/{cmd_topics}` shows what I can answer.",
    "vote_up": "Helpful",
    "vote_down": "Not helpful",
    "in_context": "Paragraph {n} in context",
    "previous": "Previous",
    "next": "Next",
    "pick_question": "Pick a question …",
    "vote_thanks_up": "Thanks! Your 👍 has been recorded.",
    "vote_thanks_down": "Thanks! Your 👎 has been recorded; the curators will take a look.",
    "vote_unavailable": "I couldn't save your vote just now. Please try again in a moment.",
    "topics_title": "Topics ({page}/{pages}): {topic}",
    "topics_footer": "{count} questions in {topics} topics · Pick a question below.",
    "help_title": "Questions about the article",
    "help_body": (
        "I answer questions about a single article: **{title}**{editorial} (published {date}). "
        "Every answer shows the passages of the article it rests on.\n\n"
        "**How to ask**\n"
        "• `/{cmd_ask}` – start typing, the suggestions show matching questions\n"
        "• `/{cmd_topics}` – all {count} questions by topic\n"
        "• `/{cmd_source}` – one paragraph of the article with its neighbours\n"
        "• Mention me in a message or write to me directly\n"
        "• Right-click a message → Apps → “{cmd_ask_menu}”"
    ),
    "help_editorial": " (our title)",
    "help_channels": "In {channels} I answer every question directly.",
    "help_language": "Ask in German, English or Russian; I answer in the language of the question.",
    "cooldown": "Not so fast! You can ask again in {seconds} seconds.",
    "error": "Something went wrong on my side. Please try again in a moment.",
    "store_unavailable": "I can't reach my database just now. Please try again in a moment.",
    "stale_button": "This button is from an older message and no longer works. Please ask again.",
    "no_permission": "Only server managers may do that.",
    "guild_only": "That only works on a server.",
    "reload_ok": "Knowledge reloaded: {pairs} questions in {topics} topics, {paragraphs} paragraphs.",
    "reload_failed": (
        "The knowledge files have problems; the previous knowledge keeps serving.\n"
        "```\n{problems}\n```"
    ),
    # --- the review queue (/kb review, /kb attach) and /kb stats ------------------------------
    "review_empty": "The review queue is empty: every recorded question is answered now, or was dismissed.",
    "review_group": (
        "**Review queue** · group {position} of {open} (`{group}`) · asked {count}× in {language}:"
    ),
    "review_top": "Best pair: **{question}** (`{pair}`, score {score})",
    "review_search": (
        "Another pair: choose it below, or search any with "
        "`{command} {group_option}:{group} {pair_option}:`"
    ),
    "review_attach": "Attach to the best pair",
    "review_dismiss": "Dismiss (not about the article)",
    "review_skip": "Skip",
    "review_pick": "Attach to another pair …",
    "review_attached": "✅ Added {n} question(s) to “{question}”; I answer them from now on.",
    "review_nothing_new": "That pair already has these questions; nothing changed.",
    "review_refused": "⚠️ Not attached, nothing was written:\n```\n{problems}\n```",
    "review_dismissed": "🗑️ Dismissed: this group stays out of the queue.",
    "review_gone": "That group is no longer in the queue (answered, attached or dismissed meanwhile).",
    "stats_title": "**How the pairs fare** ({answers} answers in all; answers · share · votes):",
    "stats_pair": "{answers} · {share} · 👍 {up} 👎 {down} · {question}",
    "stats_voted_down": "**Voted down most often:**",
    "stats_oldest": "**Waiting longest in the review queue** ({open} groups open):",
    "stats_group": "since {date} · {count}× · {question}",
    "stats_none": "none yet",
    # --- per-server settings (/config) --------------------------------------------------------
    # The name of each language, in that language (the choices of /config language).
    "language_name": "English",
    "config_show": (
        "**Settings on this server**\n"
        "Watched channels: {channels}\n"
        "Language when a question does not tell: {language}"
    ),
    "config_channels_none": "none (I answer mentions, direct messages and commands)",
    "config_from_default": " (the bot's default; this server has not chosen its own)",
    "config_language_default": "{language} (the server's language in Discord; not chosen here)",
    "config_watch_ok": (
        "From now on I answer every question in {channel}.\nWatched channels: {channels}"
    ),
    "config_watch_already": (
        "I already answer every question in {channel}.\nWatched channels: {channels}"
    ),
    "config_unwatch_ok": (
        "I no longer answer every message in {channel}; mentions still work there.\n"
        "Watched channels: {channels}"
    ),
    "config_unwatch_not": (
        "{channel} is not watched; nothing changed.\nWatched channels: {channels}"
    ),
    "config_language_ok": (
        "This server's language is now **{language}**: I answer in it when a question does not "
        "tell its language."
    ),
    "config_no_content": (
        "⚠️ I run without the message-content intent, so messages in watched channels reach me "
        "without their text: there I can only answer when someone mentions me. Whoever runs the "
        "bot can turn it on (MESSAGE_CONTENT_INTENT=1, and the intent enabled in the Discord "
        "developer portal)."
    ),
    # Discord command names (lower case, no spaces) and descriptions (at most 100 characters).
    "cmd_ask": "ask",
    "cmd_ask_desc": "Ask a question about the article",
    "cmd_ask_question": "question",
    "cmd_ask_question_desc": "Your question (German, English or Russian)",
    "cmd_topics": "topics",
    "cmd_topics_desc": "Every question I can answer, grouped by topic",
    "cmd_source": "source",
    "cmd_source_desc": "A paragraph of the article with its neighbours",
    "cmd_source_paragraph": "paragraph",
    "cmd_source_paragraph_desc": "The paragraph number",
    "cmd_help": "help",
    "cmd_help_desc": "What I know and how to ask",
    "cmd_kb": "kb",
    "cmd_kb_desc": "Manage the knowledge base",
    "cmd_kb_reload": "reload",
    "cmd_kb_reload_desc": "Reload the knowledge files",
    "cmd_kb_review": "review",
    "cmd_kb_review_desc": "Questions people asked and did not get, to add to the right answers",
    "cmd_kb_attach": "attach",
    "cmd_kb_attach_desc": "Add a group of the review queue to any answer",
    "cmd_kb_attach_group": "group",
    "cmd_kb_attach_group_desc": "The group of questions (type to search the queue)",
    "cmd_kb_attach_pair": "pair",
    "cmd_kb_attach_pair_desc": "The answer to add them to (type to search)",
    "cmd_kb_stats": "stats",
    "cmd_kb_stats_desc": "How often each answer is given and how it is rated",
    "cmd_config": "config",
    "cmd_config_desc": "This server's settings for the bot",
    "cmd_config_watch": "watch",
    "cmd_config_watch_desc": "Answer every question in a channel",
    "cmd_config_watch_channel": "channel",
    "cmd_config_watch_channel_desc": "The channel (its threads count too)",
    "cmd_config_unwatch": "unwatch",
    "cmd_config_unwatch_desc": "Stop answering every message in a channel",
    "cmd_config_unwatch_channel": "channel",
    "cmd_config_unwatch_channel_desc": "The channel",
    "cmd_config_show": "show",
    "cmd_config_show_desc": "Show this server's settings",
    "cmd_config_language": "language",
    "cmd_config_language_desc": "The answer language when a question does not tell",
    "cmd_config_language_language": "language",
    "cmd_config_language_language_desc": "The language",
    "cmd_ask_menu": "Ask the article",
    # --- terminal -----------------------------------------------------------------------------
    "cli_no_answer_hint": "Type :topics at the prompt to see what I can answer.",
    "cli_pick": "Type its number to get that answer.",
    "cli_local": "No DISCORD_TOKEN set: answering locally.",
    "cli_title": "{title} ({date}; {editorial})",
    "cli_help": (
        "Ask anything about the article, in German, English or Russian. Commands:\n"
        "  :topics      every question I can answer, by topic\n"
        "  :source N    paragraph N of the article\n"
        "  :help        this text\n"
        "  :quit        leave (or Ctrl-D)"
    ),
    "cli_source_usage": "Usage: :source N (a paragraph number from 1 to {total}, e.g. :source 5)",
    "cli_unknown_command": "Unknown command {command}. Commands: {commands}.",
    "cli_bye": "Bye!",
}

# Month names for dates shown to people ("November 2024").
MONTHS: Final[tuple[str, ...]] = (
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
)
DATE_FORMAT: Final = {"month": "{month} {year}", "day": "{month} {day}, {year}"}
