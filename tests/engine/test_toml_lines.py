"""The loader's fast TOML reader (bot/engine/toml_lines.py) gives what tomllib gives, or gives
up: on every shipped knowledge file, on kb synth's files, and on random documents made of lines
of the pair files' shape and lines just outside it."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine import KnowledgeBase, toml_lines
from tests.support.paths import KNOWLEDGE_DIR


def _same(a: object, b: object) -> bool:
    # Equal, in the same order (the loader reports problems in the order of the keys).
    return json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


def _tomllib(text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def _assert_agrees(text: str) -> dict[str, Any] | None:
    fast = toml_lines.loads(text)
    if fast is not None:
        expected = _tomllib(text)
        assert expected is not None, f"tomllib refuses what the fast reader read: {text!r}"
        assert _same(fast, expected), text
    return fast


def test_every_pair_file_is_read_the_fast_way_as_tomllib_reads_it() -> None:
    pair_files = sorted(KNOWLEDGE_DIR.glob("*/qa/*.toml"))
    assert pair_files
    for path in pair_files:
        assert _assert_agrees(path.read_text(encoding="utf-8")) is not None, path


def test_every_other_knowledge_file_is_read_as_tomllib_reads_it_or_left_to_it() -> None:
    for path in sorted(KNOWLEDGE_DIR.rglob("*.toml")):
        _assert_agrees(path.read_text(encoding="utf-8"))


def test_kb_synth_files_are_read_the_fast_way(kb: KnowledgeBase, tmp_path: Path) -> None:
    from bot.cli.kb_synth import write_synthetic

    write_synthetic(kb, KNOWLEDGE_DIR, tmp_path, 3000)
    files = sorted(tmp_path.glob("*/qa/synthetic-*.toml"))
    assert files
    for path in files:
        assert _assert_agrees(path.read_text(encoding="utf-8")) is not None, path


_LINES = [
    'topic = "besuch"',
    "quotes = [",
    "quotes = [  # the quotes",
    '    "Am Mittwoch traf sich der Kreml-Boss",',
    '    "ohne Komma"',
    '\t"tab\there" ,  # c',
    '    "",',
    "]",
    "]  # end",
    "  ]",
    "[de]",
    "[ en ]",
    "[ru]",
    "[de.x]",
    "[[de]]",
    'question = "Wer ist Tokajew?"',
    'answer="Präsident – ß ü „ok“"',
    'answer = "x" # comment',
    "phrasings = [",
    "",
    "   ",
    "# a comment",
    "\t# another",
    "x = 1",
    "x = true",
    'x = ["a", "b"]',
    "x = []",
    'x = "a\\"b"',
    'x = "tab\\tq\\\\"',
    '    "\\n\\b\\f\\r\\"",',
    'x = "\\x41"',
    'x = "\\e"',
    'x = "\\U0001F600"',
    'x = "end\\"',
    'x = "a\\u00e4"',
    "x = 'literal'",
    "x = ''",
    "x = ''#'",
    "x = '''ml'''",
    "x = '''#'''",
    'x = """#"""',
    "    'lit \" q',",
    "    'lit \\ raw'",
    "x = 'ctrl\x01'",
    'x = """multi"""',
    '"quoted key" = "v"',
    'a.b = "v"',
    'de = "v"',
    'x = "ctrl\x01"',
    'x = "del\x7f"',
    "# ctrl\x01 in a comment",
    'x = "v" "w"',
    '"s",',
    "bad line",
    "=",
    'x = "v"\r',
    "\ufefftopic = 'bom'",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_LINES), max_size=14), st.booleans())
def test_random_documents_are_read_as_tomllib_reads_them_or_left_to_it(
    lines: list[str], final_newline: bool
) -> None:
    _assert_agrees("\n".join(lines) + ("\n" if final_newline else ""))


@pytest.mark.parametrize(
    "text",
    [
        'a = "1"\na = "2"\n',  # a key twice
        '[de]\nq = "1"\n[de]\n',  # a table twice
        'de = "1"\n[de]\n',  # a table over a key
        'x = [\n  "a"\n  "b"\n]\n',  # no comma between items
        'x = [\n  "a",\n',  # never closed
        'x = "a"\r\n',  # CRLF: left to tomllib
    ],
)
def test_what_it_leaves_to_tomllib(text: str) -> None:
    assert toml_lines.loads(text) is None
