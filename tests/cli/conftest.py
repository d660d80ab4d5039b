"""Fixtures for the command-line tests: `python -m bot` run as a subprocess, the shipped engine
in-process (to know what the command line should print), and knowledge folders made for a test."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from bot.engine import Engine, KnowledgeBase, load_knowledge
from tests.cli.cli_helpers import (
    BROKEN_FILE,
    BROKEN_PAIR,
    NOT_TOML_FILE,
    TINY_ARTICLE,
    TINY_META,
    RunCli,
    clean_env,
    tiny_pair_toml,
)
from tests.support.paths import KNOWLEDGE_DIR, REPO_ROOT


@pytest.fixture(scope="session")
def run_cli() -> RunCli:
    """Run `python -m bot ARGS` and return the finished process (text, utf-8)."""

    def run(
        *args: str | Path,
        stdin: str | None = None,
        cwd: Path = REPO_ROOT,
        env: Mapping[str, str] | None = None,
        timeout: float = 60,
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *map(str, args)],
            input=stdin,
            cwd=cwd,
            env=clean_env(env),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
        )

    return run


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The shipped knowledge, loaded once."""
    return load_knowledge(KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    """The shipped engine in-process: what the command line should print."""
    return Engine(kb)


@pytest.fixture(scope="session")
def tiny_knowledge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A knowledge root with the tiny article."""
    root = tmp_path_factory.mktemp("tiny") / "knowledge"
    folder = root / "zoo"
    (folder / "qa").mkdir(parents=True)
    (root / "aliases.toml").write_text("", encoding="utf-8")
    (folder / "article.txt").write_text(TINY_ARTICLE, encoding="utf-8")
    (folder / "article.toml").write_text(TINY_META, encoding="utf-8")
    pairs = [
        tiny_pair_toml(
            "zoo-kamele",
            ("Kamele", "camels"),
            ("Dreihundert Kamele.", "Three hundred camels."),
            "Im Zoo von Astana leben dreihundert Kamele.",
        ),
        tiny_pair_toml(
            "zoo-pferde",
            ("Pferde", "horses"),
            ("Vierzig Pferde.", "Forty horses."),
            "Im Zoo von Astana leben vierzig Pferde.",
        ),
    ]
    (folder / "qa" / "zoo.toml").write_text("\n".join(pairs), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def tiny_engine(tiny_knowledge: Path) -> Engine:
    return Engine.load(tiny_knowledge)


@pytest.fixture
def broken_knowledge(tmp_path: Path, kb: KnowledgeBase) -> Path:
    """A copy of the shipped knowledge with a made-up quote and a file that is not TOML."""
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, root)
    qa = root / kb.article.id / "qa"
    assert qa.is_dir(), f"the article folder is not named after the article id: {qa}"
    pair = {
        "id": BROKEN_PAIR,
        "topic": kb.topics[0].id,
        "question": "Wie viele Zebras leben im Nationalpark?",
        "question_en": "How many zebras live in the national park?",
        "phrasings_de": ["Zebras Nationalpark Anzahl", "Gibt es Zebras?", "Zebras zählen"],
        "phrasings_en": ["number of zebras in the park", "Are there zebras?"],
        "answer_de": "Keine.",
        "answer_en": "None.",
        "quotes": ["Im Nationalpark leben keine Zebras."],
    }
    lines = ["[[pair]]", *(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in pair.items())]
    (qa / BROKEN_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (qa / NOT_TOML_FILE).write_text("[[pair]\nid = \n", encoding="utf-8")
    return root
