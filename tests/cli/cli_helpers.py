"""Helpers for the command-line tests: running `python -m bot`, checking its JSON, and the
files of a tiny knowledge base."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bot.config import KEYS
from tests.support.paths import REPO_ROOT

# Settings the bot reads from the environment: none may leak in from the shell running pytest.
SETTINGS = KEYS
JSON_KEYS = {
    "question",
    "answered",
    "kind",
    "language",
    "match",
    "answer",
    "citations",
    "suggestions",
}
KINDS = {"answer", "suggestions", "passage", "none", "smalltalk"}

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment without any bot setting, with the repository importable from anywhere."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra or {})
    return env


def words(text: str) -> str:
    """Text with whitespace collapsed: the terminal rendering wraps lines."""
    return " ".join(text.split())


def check_json_result(obj: Any, article_text: str) -> None:
    """One `ask --json` object, as the README documents it."""
    assert isinstance(obj, dict)
    assert set(obj) == JSON_KEYS
    assert isinstance(obj["question"], str)
    assert isinstance(obj["answered"], bool)
    assert obj["kind"] in KINDS
    assert obj["answered"] is (obj["kind"] == "answer")
    assert obj["language"] in ("de", "en")
    assert isinstance(obj["citations"], list)
    assert isinstance(obj["suggestions"], list)
    for citation in obj["citations"]:
        assert set(citation) == {"paragraph", "quote"}
        assert isinstance(citation["paragraph"], int)
        assert isinstance(citation["quote"], str)
        assert citation["quote"]
        assert citation["quote"] in article_text
    for candidate in [obj["match"], *obj["suggestions"]]:
        if candidate is None:
            continue
        assert set(candidate) == {"id", "question", "score"}
        assert isinstance(candidate["id"], str)
        assert isinstance(candidate["question"], str)
        assert isinstance(candidate["score"], int | float)
        assert 0 <= candidate["score"] <= 100
    kind = obj["kind"]
    assert (obj["match"] is not None) is (kind == "answer")
    assert isinstance(obj["answer"], str) is (kind in ("answer", "smalltalk"))
    if kind in ("passage", "none", "suggestions"):
        assert obj["answer"] is None
    if kind == "answer":
        assert obj["answer"].strip()
        assert obj["citations"]
    if kind == "passage":
        assert len(obj["citations"]) == 1
    if kind == "suggestions":
        assert obj["suggestions"]
    if kind in ("smalltalk", "none"):
        assert obj["citations"] == []


def json_lines(stdout: str) -> list[dict[str, Any]]:
    """Every line of output as a JSON object (each line must be one)."""
    return [json.loads(line) for line in stdout.splitlines()]


# --- knowledge folders made for a test ---------------------------------------------------------

# A tiny article: "Zoo Astana" fits two pairs equally (suggestions); paragraph 4 is cited by no
# pair (a passage, and a coverage gap for `kb check`).
TINY_ARTICLE = "\n\n".join(
    [
        "Der Zoo von Astana",
        "Im Zoo von Astana leben dreihundert Kamele.",
        "Im Zoo von Astana leben vierzig Pferde.",
        "Am Balchaschsee baden im Sommer viele Flamingos.",
    ]
)
TINY_META = """\
id = "zoo"
date = "2024-11"
language = "de"
title = "Der Zoo von Astana"
title_en = "The zoo of Astana"
title_is_editorial = true
headings = [1]

[topics.zoo]
de = "Der Zoo"
en = "The zoo"
"""


def tiny_pair_toml(
    pair_id: str, animal: tuple[str, str], answer: tuple[str, str], quote: str
) -> str:
    """One pair of the tiny article about an animal (German, English)."""
    de, en = animal
    answer_de, answer_en = answer
    fields: dict[str, str | Sequence[str]] = {
        "id": pair_id,
        "topic": "zoo",
        "question": f"Wie viele {de} leben im Zoo von Astana?",
        "question_en": f"How many {en} live in the Astana zoo?",
        "phrasings_de": [
            f"Anzahl {de} Zoo Astana",
            f"Gibt es {de} im Zoo von Astana?",
            f"{de} im Astana Zoo",
        ],
        "phrasings_en": [f"number of {en} astana zoo", f"Are there {en} in the Astana zoo?"],
        "answer_de": answer_de,
        "answer_en": answer_en,
        "quotes": [quote],
    }
    lines = ["[[pair]]"]
    for key, value in fields.items():
        dumped = (
            json.dumps(value, ensure_ascii=False)
            if isinstance(value, str)
            else json.dumps(list(value), ensure_ascii=False)
        )
        lines.append(f"{key} = {dumped}")
    return "\n".join(lines) + "\n"


BROKEN_FILE = "99-broken.toml"
NOT_TOML_FILE = "98-not-toml.toml"
BROKEN_PAIR = "zebras-zitat-erfunden"
