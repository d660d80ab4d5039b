"""Helpers for the command-line tests: running `python -m bot`, checking its JSON, and the names
of the broken knowledge's files."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
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
    "parts",
    "unanswered",
}
KINDS = {"answer", "suggestions", "passage", "none", "smalltalk"}

RunCli = Callable[..., subprocess.CompletedProcess[str]]
# `ask` and the prompt record questions in the bot's store: a run that names no data folder of its
# own records in this one, never in the real ~/.local/share/article-bot.
_DATA_DIR = tempfile.mkdtemp(prefix="article-bot-tests-")
atexit.register(shutil.rmtree, _DATA_DIR, ignore_errors=True)
_WHERE_DATA_LIVES = ("HOME", "XDG_DATA_HOME", "DATA_DIR", "DATABASE_PATH")


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment without any bot setting, with the repository importable from anywhere."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    if not any(key in (extra or {}) for key in _WHERE_DATA_LIVES):
        env["DATA_DIR"] = _DATA_DIR
    # The engine cache of these runs: never the user's ~/.cache/article-bot.
    env.setdefault("ARTICLE_BOT_CACHE_DIR", os.path.join(_DATA_DIR, "cache"))
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
    assert obj["language"] in ("de", "en", "ru")
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
        # One part per thing asked and answered; the first is the answer's match; the
        # top-level citations are every part's, in order, each once.
        assert obj["parts"]
        assert obj["parts"][0]["match"] == obj["match"]
        assert obj["parts"][0]["answer"] == obj["answer"]
        every = [c for part in obj["parts"] for c in part["citations"]]
        assert obj["citations"] == [c for i, c in enumerate(every) if c not in every[:i]]
        assert all(set(part) == {"match", "answer", "citations"} for part in obj["parts"])
        assert all(isinstance(q, str) and q.strip() for q in obj["unanswered"])
    else:
        assert obj["parts"] == []
        assert obj["unanswered"] == []
    if kind == "passage":
        assert len(obj["citations"]) == 1
    if kind == "suggestions":
        assert obj["suggestions"]
    if kind in ("smalltalk", "none"):
        assert obj["citations"] == []


def json_lines(stdout: str) -> list[dict[str, Any]]:
    """Every line of output as a JSON object (each line must be one)."""
    return [json.loads(line) for line in stdout.splitlines()]


# --- knowledge made for a test (the files themselves: tests/support/knowledge.py) --------------

BROKEN_PAIR = "zebras-zitat-erfunden"
BROKEN_FILE = f"{BROKEN_PAIR}.toml"
NOT_TOML_FILE = "98-not-toml.toml"
