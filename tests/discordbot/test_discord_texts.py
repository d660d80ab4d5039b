"""Every word the Discord layer shows comes from the catalogue, in every language, and none of its
code names the article."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from bot.discordbot import render
from bot.engine import LANGUAGES, Engine, Language
from bot.texts import t, text_keys
from tests.support.paths import REPO_ROOT

DISCORD = REPO_ROOT / "bot" / "discordbot"
# How the layer reads the catalogue: t("key", ...) and command_text("key"), always a literal key;
# slash_command("name", "option", ...) reads cmd_name, cmd_name_desc, cmd_name_option(_desc).
KEY_USE = re.compile(r"""\b(?:t|command_text)\(\s*["']([a-z0-9_]+)["']""")
SLASH = re.compile(r"""@slash_command\(([^)]*)\)""")
NAME = re.compile(r"^[-_\w]{1,32}$")


def _sources(root: Path) -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in sorted(root.rglob("*.py"))}


def _keys_used() -> set[str]:
    keys: set[str] = set()
    for text in _sources(DISCORD).values():
        keys.update(KEY_USE.findall(text))
        for declared in SLASH.findall(text):
            command, *options = re.findall(r"""["']([a-z0-9_]+)["']""", declared)
            keys.update({f"cmd_{command}", f"cmd_{command}_desc"})
            keys.update(f"cmd_{command}_{o}{end}" for o in options for end in ("", "_desc"))
    return keys


def test_the_scan_sees_the_commands() -> None:
    used = _keys_used()
    assert {"cmd_ask_question_desc", "cmd_source_paragraph", "cmd_kb_reload_desc"} <= used


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_the_discord_layer_uses_is_in_every_table() -> None:
    used = _keys_used()
    assert len(used) > 40, sorted(used)  # the scan finds the layer's keys at all
    for lang in LANGUAGES:
        assert used <= text_keys(lang), (lang, sorted(used - text_keys(lang)))


def test_every_table_has_the_same_keys_and_placeholders() -> None:
    english = text_keys("en")
    for lang in LANGUAGES:
        assert text_keys(lang) == english, (lang, sorted(text_keys(lang) ^ english))
        for key in english:
            assert _fields(t(key, lang)) == _fields(t(key, "en")), (lang, key)


def test_no_word_of_the_layer_is_written_in_its_code() -> None:
    # The old table of German command texts, keyed by English sentences, is gone for good.
    assert not (DISCORD / "i18n.py").exists()
    for path, text in _sources(DISCORD).items():
        assert "COMMAND_TEXT" not in text, path


@pytest.mark.parametrize("lang", LANGUAGES)
def test_command_names_are_valid_in_every_language(lang: Language) -> None:
    keys = {k for k in text_keys("en") if k.startswith("cmd_")}
    assert keys, "no command texts"
    for key in keys:
        text = t(key, lang)
        if key.endswith("_desc"):
            assert 1 <= len(text) <= render.COMMAND_DESCRIPTION, (key, text)
        elif key == "cmd_ask_menu":  # a context menu's name may have spaces and capitals
            assert 1 <= len(text) <= render.COMMAND_NAME, (key, text)
        else:
            assert NAME.match(text), (key, text)
            assert text == text.lower(), (key, text)


def test_the_layer_names_no_article(engine: Engine) -> None:
    # What the article is about comes from its own texts.toml, never from code or the catalogue.
    # English capitalises proper nouns only: those of the subject and the example question
    # (less the example's first word), and the names everyone would think of.
    english = engine.kb.article.texts.get("en", {})
    subject = re.findall(r"\b[A-Z][\w]{3,}", english.get("subject", ""))
    example = re.findall(r"\b[A-Z][\w]{3,}", english.get("example", ""))[1:]
    words = {"Putin", "Kasachstan", "Kazakhstan", "Tokajew", "Tokayev", *subject, *example}
    pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words))) + r")")
    texts = REPO_ROOT / "bot" / "texts"
    for path, text in {**_sources(DISCORD), **_sources(texts)}.items():
        found = pattern.findall(text)
        assert not found, (path, found)
