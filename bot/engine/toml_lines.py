"""A fast reader for the plain TOML that knowledge files are written in, for the loader.

A pair file is a few `key = "string"` lines, `[table]` headers and arrays of strings one a line;
tomllib (pure Python, general) spends most of loading 100,000 phrasings reading them. `loads`
reads exactly that shape, line by line with a few regular expressions, and gives up (None) on
anything else: any other value or key form, a \\u escape or a control character in a string, a
key or table defined twice, an unclosed array, a carriage return. The loader then reads the file
with tomllib, as before, so every file gets the data (or the error) tomllib gives it: whenever
`loads` gives data, it is what `tomllib.loads` gives (a test compares the two).
"""

from __future__ import annotations

import re
from typing import Any

# What may end a line: spaces, tabs and a comment (no control character but tab in it).
_END = r"[ \t]*(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?"
# A string: a basic one without control characters, escaping only with \" \\ \b \t \n \f \r
# (\u escapes are left to tomllib), or a literal one (no escapes).
_PLAIN = r'[^"\\\x00-\x08\x0a-\x1f\x7f]*'
_BASIC = rf'"({_PLAIN}(?:\\["\\btnfr]{_PLAIN})*)"'
_LITERAL = r"'([^'\x00-\x08\x0a-\x1f\x7f]*)'"
_STRING = rf"(?:{_BASIC}|{_LITERAL})"
_ESCAPE = re.compile(r"\\(.)")
_ESCAPED = {'"': '"', "\\": "\\", "b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r"}
_KEY = r"[A-Za-z0-9_-]+"
_KEY_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
_KEY_VALUE = re.compile(rf"[ \t]*({_KEY})[ \t]*=[ \t]*(?:{_STRING}|(\[)){_END}")
_TABLE = re.compile(rf"[ \t]*\[[ \t]*({_KEY})[ \t]*\]{_END}")
_ITEM = re.compile(rf"[ \t]*{_STRING}[ \t]*(,?){_END}")
_CLOSE = re.compile(rf"[ \t]*\]{_END}")
_NOTHING = re.compile(_END)


def loads(text: str) -> dict[str, Any] | None:
    """The data of `text` when it is plain TOML of the shape above (then exactly what
    `tomllib.loads(text)` gives), else None."""
    if "\r" in text:
        return None
    root: dict[str, Any] = {}
    table = root
    array: list[str] | None = None
    # In an array, whether the last item had its comma (another item may follow).
    open_item = True
    key_value, table_header, item, close, nothing = (
        _KEY_VALUE.fullmatch,
        _TABLE.fullmatch,
        _ITEM.fullmatch,
        _CLOSE.fullmatch,
        _NOTHING.fullmatch,
    )
    for line in text.split("\n"):
        if not line:
            # (What every way below makes of an empty line: nothing.)
            continue
        if array is not None:
            # Most lines of a pair file are one plain phrasing, `    "text",`: taken without a
            # regular expression when nothing in it needs one (no quote, backslash or control
            # character inside, nothing after the comma). Anything else is read as below.
            bare = line.lstrip(" \t")
            if open_item and len(bare) >= 3 and bare[0] == '"' and bare[-2:] == '",':
                inner = bare[1:-2]
                if '"' not in inner and "\\" not in inner and inner.isprintable():
                    array.append(inner)
                    continue
            if line == "]":
                array = None
            elif open_item and (m := item(line)) is not None:
                basic, literal, comma = m.groups()
                array.append(literal if basic is None else _value(basic))
                open_item = comma == ","
            elif close(line) is not None:
                array = None
            elif nothing(line) is None:
                return None
            continue
        # Most other lines are `key = "text"`, `key = [` or `[table]` as plainly as can be:
        # taken without a regular expression (a key of its characters, a string with nothing in
        # it that needs one). Anything else is read as below.
        key, equals, value = line.partition(" = ")
        if equals and key and not key.strip(_KEY_CHARACTERS):
            if value == "[":
                if key in table:
                    return None
                array = table[key] = []
                open_item = True
                continue
            inner = value[1:-1]
            if (
                len(value) >= 2
                and value[0] == '"'
                and value[-1] == '"'
                and '"' not in inner
                and "\\" not in inner
                and inner.isprintable()
            ):
                if key in table:
                    return None
                table[key] = inner
                continue
        elif line[0] == "[" and line[-1] == "]" and len(line) > 2:
            name = line[1:-1]
            if not name.strip(_KEY_CHARACTERS):
                if name in root:
                    return None
                table = root[name] = {}
                continue
        if (m := key_value(line)) is not None:
            key, basic, literal, bracket = m.groups()
            if key in table:
                return None
            if bracket is None:
                table[key] = literal if basic is None else _value(basic)
            else:
                array = table[key] = []
                open_item = True
        elif (m := table_header(line)) is not None:
            name = m.group(1)
            if name in root:
                return None
            table = root[name] = {}
        elif nothing(line) is None:
            return None
    return root if array is None else None


def _value(string: str) -> str:
    """A basic string's value from the text between its quotes."""
    return _ESCAPE.sub(_unescape, string) if "\\" in string else string


def _unescape(match: re.Match[str]) -> str:
    return _ESCAPED[match.group(1)]
