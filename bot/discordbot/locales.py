"""Which catalogue language a Discord locale reads."""

from __future__ import annotations

import discord

from bot.engine import LANGUAGES, Language

# The language commands are declared in (Discord's default), and the one for a locale the
# catalogue has no table for.
DECLARED: Language = "en"


def language_of(locale: discord.Locale | str | None) -> Language:
    """The catalogue language for a Discord locale ("de", "en-US", "pt-BR"): its language part if
    the catalogue has a table for it, English otherwise."""
    value = locale.value if isinstance(locale, discord.Locale) else str(locale or "")
    code = value.split("-", 1)[0].lower()
    return next((lang for lang in LANGUAGES if lang == code), DECLARED)
