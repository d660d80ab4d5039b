"""The shipped knowledge files, read as they are (not through the loader) and checked: one file
per pair named by its id, a table per language, every array one item a line, every quote
verbatim and from a content paragraph, every content paragraph cited; and the checks of
`kb check` (bot/engine/checks.py) find no error in them."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import fuzz, process

from bot.engine import LANGUAGES, Engine, KnowledgeBase, default_knowledge_dir, load_knowledge
from bot.engine.checks import near_duplicate_phrasings, review_knowledge
from bot.engine.loader import MIN_PHRASINGS
from tests.support.paths import KNOWLEDGE_DIR, SHARED_DIR

SOURCE_FILE = "000_bc673164e3b12ec4.txt"
SOURCE_DATE_TAG = " date 2024-11 "

MIN_PAIRS = 60
PAIR_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PAIR_KEYS = {"topic", "quotes", *LANGUAGES}
LANGUAGE_KEYS = {"question", "answer", "phrasings"}
ARTICLE_DIRS = sorted(p.parent for p in KNOWLEDGE_DIR.glob("*/article.toml"))
# An array item as the shipped files write it: one string a line, with a trailing comma.
ARRAY_ITEM = re.compile(r"""^    (?:"(?:[^"\\]|\\.)*"|'[^']*'),$""")


def _read_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        return tomllib.load(f)


def _pairs(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every pair file of the article (qa/<pair-id>.toml): its id and its data."""
    return [(path.stem, _read_toml(path)) for path in sorted((folder / "qa").glob("*.toml"))]


def _blocks(folder: Path) -> tuple[str, list[str], set[int]]:
    """The article text, its blocks (numbered from 1) and the numbers of headings/captions."""
    text = (folder / "article.txt").read_text(encoding="utf-8")
    meta = _read_toml(folder / "article.toml")
    context = {*meta.get("headings", []), *meta.get("captions", [])}
    return text, text.split("\n\n"), context


def _array_items(data: Any) -> int:
    """How many items all arrays in parsed TOML hold."""
    if isinstance(data, dict):
        return sum(_array_items(v) for v in data.values())
    if isinstance(data, list):
        return len(data) + sum(_array_items(v) for v in data)
    return 0


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


def test_the_qa_folder_holds_only_pair_files(folder: Path) -> None:
    files = sorted((folder / "qa").iterdir())
    assert len(files) >= MIN_PAIRS
    assert [p.name for p in files if p.suffix != ".toml" or not p.is_file()] == []


def test_every_qa_file_name_is_its_pair_id(folder: Path) -> None:
    for pair_id, data in _pairs(folder):
        assert PAIR_ID.match(pair_id), pair_id
        assert "id" not in data, f"{pair_id}: the file name is the id"


def test_every_pair_has_only_known_keys(folder: Path) -> None:
    for pair_id, data in _pairs(folder):
        assert set(data) == PAIR_KEYS, pair_id
        for lang in LANGUAGES:
            assert set(data[lang]) == LANGUAGE_KEYS, f"{pair_id} [{lang}]"


def test_every_pair_has_a_table_per_language(folder: Path) -> None:
    topics = set(_read_toml(folder / "article.toml")["topics"])
    for pair_id, data in _pairs(folder):
        assert data.get("topic") in topics, pair_id
        for lang in LANGUAGES:
            table = data.get(lang)
            assert isinstance(table, dict), f"{pair_id} has no [{lang}] table"
            for key in ("question", "answer"):
                value = table.get(key)
                assert isinstance(value, str), f"{pair_id} {lang}.{key}"
                assert value.strip(), f"{pair_id} {lang}.{key}"
        for key in ("question", "answer"):
            texts = [data[lang][key].strip() for lang in LANGUAGES]
            assert len(set(texts)) == len(texts), f"{pair_id}: the same {key} in two languages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_pair_has_enough_other_phrasings(folder: Path, language: str) -> None:
    for pair_id, data in _pairs(folder):
        table = data[language]
        phrasings = table.get("phrasings")
        assert isinstance(phrasings, list), f"{pair_id} {language}.phrasings"
        others = {p.strip().casefold() for p in phrasings if isinstance(p, str) and p.strip()}
        others.discard(table["question"].strip().casefold())
        assert len(others) >= MIN_PHRASINGS[language], (
            f"{pair_id} has {len(others)} other {language} phrasings"
        )


@pytest.mark.parametrize(
    "path",
    [KNOWLEDGE_DIR / "aliases.toml", *sorted(KNOWLEDGE_DIR.glob("*/qa/*.toml"))],
    ids=lambda p: p.name,
)
def test_every_array_is_written_one_item_a_line(path: Path) -> None:
    """So that a diff shows the one phrasing (or spelling) added, changed or removed."""
    lines = path.read_text(encoding="utf-8").splitlines()
    items = 0
    inside = False
    for number, line in enumerate(lines, start=1):
        where = f"{path.name}:{number}: {line!r}"
        if inside:
            if line == "]":
                inside = False
            else:
                assert ARRAY_ITEM.match(line), where
                items += 1
        elif re.match(r"^[^#]*= \[", line):
            assert line.endswith(("= [", "= []")), where
            inside = line.endswith("= [")
    assert not inside, f"{path.name}: an array is not closed"
    # Every item of every array is one of those lines: none hides elsewhere.
    assert items == _array_items(_read_toml(path))


def test_every_quote_is_verbatim_once_and_not_from_a_heading(folder: Path) -> None:
    text, blocks, _ = _blocks(folder)
    headings = set(_read_toml(folder / "article.toml").get("headings", []))
    for pair_id, data in _pairs(folder):
        quotes = data.get("quotes")
        assert isinstance(quotes, list), pair_id
        assert quotes, pair_id
        for quote in quotes:
            assert isinstance(quote, str), pair_id
            assert quote.strip(), pair_id
            assert text.count(quote) == 1, f"{pair_id}: not verbatim once: {quote!r}"
            numbers = [n for n, block in enumerate(blocks, start=1) if quote in block]
            assert len(numbers) == 1, f"{pair_id}: not within one paragraph: {quote!r}"
            assert numbers[0] not in headings, f"{pair_id}: from heading {numbers[0]}"


def test_every_content_paragraph_is_cited(folder: Path) -> None:
    _, blocks, context = _blocks(folder)
    cited = {
        n
        for _, data in _pairs(folder)
        for quote in data.get("quotes", [])
        for n, block in enumerate(blocks, start=1)
        if quote in block
    }
    content = {n for n in range(1, len(blocks) + 1) if n not in context}
    assert sorted(content - cited) == []


def test_every_language_has_its_texts(folder: Path) -> None:
    texts = _read_toml(folder / "texts.toml")
    assert set(texts) == set(LANGUAGES)
    for lang in LANGUAGES:
        for key in ("subject", "example"):
            assert isinstance(texts[lang].get(key), str), f"{lang}.{key}"
            assert texts[lang][key].strip(), f"{lang}.{key}"


def test_kb_checks_find_no_error(engine: Engine) -> None:
    problems = review_knowledge(engine.kb, engine.tokens, engine.normalizer.entities)
    assert [str(p) for p in problems if p.severity == "error"] == []


@pytest.mark.parametrize("score", [95.0, 90.0, 85.0])
def test_near_duplicates_are_found_as_comparing_every_phrasing_would(
    engine: Engine, score: float
) -> None:
    """The check compares only phrasings sharing a rare token; comparing every phrasing of
    every pair with every other (what it replaces) finds the same, at lower scores too."""
    kb = engine.kb
    owners, texts, keys = [], [], []
    for pair in kb.pairs:
        for lang, text in pair.all_phrasings():
            owners.append(pair.id)
            texts.append(text)
            keys.append(" ".join(sorted(engine.tokens(text, lang))))
    matrix = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=score, workers=1)
    expected: dict[tuple[str, str], tuple[str, str]] = {}
    rows, cols = matrix.nonzero()
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        if owners[i] < owners[j] and keys[i]:
            expected.setdefault((owners[i], owners[j]), (texts[i], texts[j]))

    found = near_duplicate_phrasings(kb, engine.tokens, score)
    got = {}
    for problem in found:
        other = problem.message.split(" is the same or nearly the same as ", 1)[1].split("'s ")[0]
        got[(problem.entry, other)] = problem.message
    assert set(got) == set(expected)
    for (first, second), (text, other_text) in expected.items():
        assert got[(first, second)].startswith(repr(text)), (first, second)
        assert got[(first, second)].endswith(repr(other_text)), (first, second)
    if score == 95.0:
        assert found == []
    else:
        assert found, "a lower score should find some near duplicates to compare"


def test_loader_agrees_with_the_files(folder: Path) -> None:
    kb = load_knowledge(KNOWLEDGE_DIR, folder.name)
    text, blocks, context = _blocks(folder)
    assert kb.article.text == text
    assert len(kb.article.paragraphs) == len(blocks)
    assert {p.number for p in kb.article.content_paragraphs} == (
        set(range(1, len(blocks) + 1)) - context
    )
    assert kb.article.texts == _read_toml(folder / "texts.toml")
    files = dict(_pairs(folder))
    assert [p.id for p in kb.pairs] == sorted(files)
    for pair in kb.pairs:
        data = files[pair.id]
        assert pair.topic == data["topic"]
        for lang in LANGUAGES:
            assert pair.question[lang] == data[lang]["question"].strip()
            assert pair.answer[lang] == data[lang]["answer"].strip()
            assert list(pair.phrasings[lang]) == [p.strip() for p in data[lang]["phrasings"]]
        assert [c.quote for c in pair.citations] == data["quotes"]
        for citation in pair.citations:
            assert citation.quote in blocks[citation.paragraph - 1]


def test_headings_and_captions_exist_and_no_block_is_empty(folder: Path) -> None:
    _, blocks, context = _blocks(folder)
    assert all(1 <= n <= len(blocks) for n in context)
    assert all(block.strip() for block in blocks)


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
