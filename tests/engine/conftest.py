"""Fixtures for the engine tests: the shipped knowledge (loaded once), copies of it to break,
and the tiny knowledge base of tests/support/knowledge.py."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from bot.engine import Engine, KnowledgeBase, ParagraphKind, load_knowledge
from tests.support.knowledge import (
    MakePair,
    PairSpec,
    animal_pair,
    changed,
    write_pair,
    write_tiny_knowledge,
)
from tests.support.paths import KNOWLEDGE_DIR


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The shipped knowledge, loaded once."""
    return load_knowledge(KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    """One engine over the shipped knowledge for every test (building the index takes time)."""
    return Engine(kb)


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A fresh copy of the shipped knowledge folder, free to break."""
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, root)
    return root


@pytest.fixture
def article_dir(knowledge_copy: Path) -> Path:
    """The (only) article folder in the copy."""
    folders = [p for p in knowledge_copy.iterdir() if (p / "article.toml").is_file()]
    assert len(folders) == 1, f"expected one article folder, found {folders}"
    return folders[0]


@pytest.fixture
def content_quote(kb: KnowledgeBase) -> str:
    """A quote that is verbatim, unique and from a content paragraph: a whole paragraph."""
    article = kb.article
    return next(p.text for p in article.content_paragraphs if article.text.count(p.text) == 1)


@pytest.fixture
def heading_quote(kb: KnowledgeBase) -> str:
    """The text of a heading that occurs only once in the article."""
    article = kb.article
    headings = [
        p.text
        for p in article.paragraphs
        if p.kind is ParagraphKind.HEADING and article.text.count(p.text) == 1
    ]
    assert headings, "the shipped article has no heading that occurs once"
    return headings[0]


@pytest.fixture
def make_pair(kb: KnowledgeBase, content_quote: str) -> MakePair:
    """A valid pair about an animal the article never mentions (so its phrasings collide with
    no shipped pair), citing a content paragraph; `changes` as tests.support.knowledge.changed
    ({"en.phrasings": None} removes them)."""

    def make(
        animal: str = "Zebras",
        animal_en: str = "zebras",
        changes: Mapping[str, Any] | None = None,
    ) -> PairSpec:
        pair = animal_pair(kb.topics[0].id, content_quote, animal, animal_en)
        return changed(pair, changes or {})

    return make


@pytest.fixture
def add_pair(article_dir: Path) -> Callable[[str, Mapping[str, Any]], Path]:
    """Write a pair file qa/<pair id>.toml into the copy's article folder."""

    def add(pair_id: str, pair: Mapping[str, Any]) -> Path:
        return write_pair(article_dir, pair_id, pair)

    return add


@pytest.fixture
def write_qa(article_dir: Path) -> Callable[[str, str], Path]:
    """Write a qa file (name, TOML text) into the copy's article folder."""

    def write(name: str, text: str) -> Path:
        path = article_dir / "qa" / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def tiny_knowledge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A knowledge root with the tiny article (not to be changed: copy it to break it)."""
    return write_tiny_knowledge(tmp_path_factory.mktemp("tiny") / "knowledge")


@pytest.fixture(scope="session")
def tiny_engine(tiny_knowledge: Path) -> Engine:
    """An engine over the tiny knowledge base."""
    return Engine.load(tiny_knowledge)
