"""Fixtures for the engine tests: the shipped knowledge (loaded once), copies of it to break,
and the tiny knowledge base of engine_testdata."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from bot.engine import Engine, KnowledgeBase, ParagraphKind, load_knowledge
from tests.engine.engine_testdata import MakePair, write_tiny_knowledge
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
    quote = next(p.text for p in article.content_paragraphs if article.text.count(p.text) == 1)
    return quote


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
    no shipped pair); keyword arguments replace fields, a value of None removes one."""

    def make(
        pair_id: str,
        animal: str = "Zebras",
        animal_en: str = "zebras",
        **fields: str | Sequence[str] | None,
    ) -> dict[str, str | Sequence[str]]:
        pair: dict[str, str | Sequence[str]] = {
            "id": pair_id,
            "topic": kb.topics[0].id,
            "question": f"Wie viele {animal} leben im Nationalpark?",
            "question_en": f"How many {animal_en} live in the national park?",
            "phrasings_de": [
                f"{animal} Nationalpark Anzahl",
                f"Gibt es {animal} im Nationalpark?",
                f"Wo sieht man {animal} im Nationalpark?",
            ],
            "phrasings_en": [
                f"number of {animal_en} in the national park",
                f"Are there {animal_en} in the national park?",
            ],
            "answer_de": f"Dazu sagt der Artikel nichts über {animal}.",
            "answer_en": f"The article says nothing about {animal_en}.",
            "quotes": [content_quote],
        }
        for key, value in fields.items():
            if value is None:
                pair.pop(key, None)
            else:
                pair[key] = value
        return pair

    return make


@pytest.fixture
def write_qa(article_dir: Path) -> Callable[[str, str], Path]:
    """Write a qa file (name, TOML text) into the copy's article folder."""

    def write(name: str, text: str) -> Path:
        path = article_dir / "qa" / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def tiny_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """An engine over the tiny knowledge base."""
    root = write_tiny_knowledge(tmp_path_factory.mktemp("tiny") / "knowledge")
    return Engine.load(root)
