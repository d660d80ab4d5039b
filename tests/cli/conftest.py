"""Fixtures for the command-line tests: `python -m bot` run as a subprocess, the shipped engine
in-process (to know what the command line should print), and knowledge folders made for a test."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from bot.engine import Engine, KnowledgeBase, load_knowledge
from tests.cli.cli_helpers import BROKEN_PAIR, NOT_TOML_FILE, RunCli, clean_env
from tests.support.knowledge import animal_pair, write_pair, write_tiny_knowledge
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
    """A knowledge root with the tiny article (tests/support/knowledge.py)."""
    return write_tiny_knowledge(tmp_path_factory.mktemp("tiny") / "knowledge")


@pytest.fixture(scope="session")
def tiny_engine(tiny_knowledge: Path) -> Engine:
    return Engine.load(tiny_knowledge)


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge folder, free to change."""
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, root)
    return root


@pytest.fixture
def broken_knowledge(shipped_copy: Path, kb: KnowledgeBase) -> Path:
    """A copy of the shipped knowledge with a made-up quote and a file that is not TOML."""
    qa = shipped_copy / kb.article.id / "qa"
    assert qa.is_dir(), f"the article folder is not named after the article id: {qa}"
    pair = animal_pair(kb.topics[0].id, "Im Nationalpark leben keine Zebras.")
    write_pair(qa.parent, BROKEN_PAIR, pair)
    (qa / NOT_TOML_FILE).write_text("[de\nquestion = \n", encoding="utf-8")
    return shipped_copy
