"""The shipped knowledge files, read as they are (not through the loader) and checked: every pair
is complete, every quote verbatim and from a content paragraph, every content paragraph cited."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bot.engine import KnowledgeBase, default_knowledge_dir, load_knowledge
from tests.support.paths import KNOWLEDGE_DIR, SHARED_DIR

SOURCE_FILE = "000_bc673164e3b12ec4.txt"
SOURCE_DATE_TAG = " date 2024-11 "

MIN_PAIRS = 60
MIN_OTHER_PHRASINGS = {"de": 3, "en": 2}
PAIR_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ARTICLE_DIRS = sorted(p.parent for p in KNOWLEDGE_DIR.glob("*/article.toml"))


def _read_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        return tomllib.load(f)


def _pairs(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every [[pair]] table of the article's qa files, with its file name."""
    out: list[tuple[str, dict[str, Any]]] = []
    for path in sorted((folder / "qa").glob("*.toml")):
        out.extend((path.name, entry) for entry in _read_toml(path).get("pair", []))
    return out


def _blocks(folder: Path) -> tuple[str, list[str], set[int]]:
    """The article text, its blocks (numbered from 1) and the numbers of headings/captions."""
    text = (folder / "article.txt").read_text(encoding="utf-8")
    meta = _read_toml(folder / "article.toml")
    context = {*meta.get("headings", []), *meta.get("captions", [])}
    return text, text.split("\n\n"), context


@pytest.fixture(params=ARTICLE_DIRS, ids=lambda p: p.name)
def folder(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


def test_there_is_an_article() -> None:
    assert ARTICLE_DIRS, f"no article folder under {KNOWLEDGE_DIR}"
    assert default_knowledge_dir().resolve() == KNOWLEDGE_DIR.resolve()


def test_the_shipped_knowledge_loads(kb: KnowledgeBase) -> None:
    assert len(kb.pairs) >= MIN_PAIRS
    assert kb.uncited_paragraphs() == ()


def test_every_qa_file_is_valid_toml_with_pairs(folder: Path) -> None:
    files = sorted((folder / "qa").glob("*.toml"))
    assert files
    for path in files:
        data = _read_toml(path)
        assert isinstance(data.get("pair"), list), path.name


def test_enough_pairs_with_unique_ids(folder: Path) -> None:
    pairs = _pairs(folder)
    assert len(pairs) >= MIN_PAIRS
    ids = Counter(entry.get("id") for _, entry in pairs)
    assert [i for i, n in ids.items() if n > 1] == []
    assert all(isinstance(i, str) and PAIR_ID.match(i) for i in ids), ids


def test_every_pair_has_questions_and_answers_in_both_languages(folder: Path) -> None:
    topics = set(_read_toml(folder / "article.toml")["topics"])
    for name, entry in _pairs(folder):
        where = f"{name} [{entry.get('id')}]"
        for key in ("question", "question_en", "answer_de", "answer_en"):
            value = entry.get(key)
            assert isinstance(value, str), f"{where} {key}"
            assert value.strip(), f"{where} {key}"
        assert entry["answer_de"].strip() != entry["answer_en"].strip(), where
        assert entry["question"].strip() != entry["question_en"].strip(), where
        assert entry.get("topic") in topics, where


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_pair_has_enough_other_phrasings(folder: Path, language: str) -> None:
    question_key = "question" if language == "de" else "question_en"
    for name, entry in _pairs(folder):
        phrasings = entry.get(f"phrasings_{language}")
        assert isinstance(phrasings, list), f"{name} [{entry.get('id')}]"
        others = {p.strip().casefold() for p in phrasings if isinstance(p, str) and p.strip()}
        others.discard(entry[question_key].strip().casefold())
        assert len(others) >= MIN_OTHER_PHRASINGS[language], (
            f"{name} [{entry.get('id')}] has {len(others)} other {language} phrasings"
        )


def test_every_quote_is_verbatim_once_and_from_a_content_paragraph(folder: Path) -> None:
    text, blocks, context = _blocks(folder)
    for name, entry in _pairs(folder):
        quotes = entry.get("quotes")
        where = f"{name} [{entry.get('id')}]"
        assert isinstance(quotes, list), where
        assert quotes, where
        for quote in quotes:
            assert isinstance(quote, str), where
            assert quote.strip(), where
            assert text.count(quote) == 1, f"{where}: not verbatim once: {quote!r}"
            numbers = [n for n, block in enumerate(blocks, start=1) if quote in block]
            assert len(numbers) == 1, f"{where}: not within one paragraph: {quote!r}"
            assert numbers[0] not in context, f"{where}: from heading/caption {numbers[0]}"


def test_every_content_paragraph_is_cited(folder: Path) -> None:
    _, blocks, context = _blocks(folder)
    cited = {
        n
        for _, entry in _pairs(folder)
        for quote in entry.get("quotes", [])
        for n, block in enumerate(blocks, start=1)
        if quote in block
    }
    content = {n for n in range(1, len(blocks) + 1) if n not in context}
    assert sorted(content - cited) == []


def test_headings_and_captions_exist_and_no_block_is_empty(folder: Path) -> None:
    _, blocks, context = _blocks(folder)
    assert all(1 <= n <= len(blocks) for n in context)
    assert all(block.strip() for block in blocks)


def test_loader_agrees_with_the_files(folder: Path) -> None:
    kb = load_knowledge(KNOWLEDGE_DIR, folder.name)
    text, blocks, context = _blocks(folder)
    assert kb.article.text == text
    assert len(kb.article.paragraphs) == len(blocks)
    assert {p.number for p in kb.article.content_paragraphs} == (
        set(range(1, len(blocks) + 1)) - context
    )
    assert sorted(p.id for p in kb.pairs) == sorted(e["id"] for _, e in _pairs(folder))
    for pair in kb.pairs:
        for citation in pair.citations:
            assert citation.quote in blocks[citation.paragraph - 1]


def test_article_is_the_source_text_without_its_date_tag() -> None:
    source = SHARED_DIR / "source" / SOURCE_FILE
    if not source.is_file():
        pytest.skip(f"the shared source text is not beside the repository: {source} is absent")
    folders = [
        p for p in ARTICLE_DIRS if SOURCE_FILE in str(_read_toml(p / "article.toml").get("source"))
    ]
    assert len(folders) == 1, f"no article.toml names {SOURCE_FILE} as its source"
    raw = source.read_text(encoding="utf-8")
    assert raw.startswith(SOURCE_DATE_TAG)
    article = (folders[0] / "article.txt").read_text(encoding="utf-8")
    assert article == raw.removeprefix(SOURCE_DATE_TAG)
    assert _read_toml(folders[0] / "article.toml")["date"] == SOURCE_DATE_TAG.split()[1]
