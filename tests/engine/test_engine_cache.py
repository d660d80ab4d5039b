"""The engine cache (bot/engine/cache.py): a warm start gives the engine a cold one builds; any
change to a knowledge file is seen (and checked) at the next load; a cache that cannot be read
or written never stops the engine from loading."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.engine import Engine, KnowledgeError
from tests.support.paths import KNOWLEDGE_DIR

QUESTIONS = [
    "wann war putin in astana",
    "how many people live in kazakhstan",
    "сколько жителей в казахстане",
    "hallo",
    "was kostet ein bier in astana",
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("ARTICLE_BOT_CACHE_DIR", str(directory))
    monkeypatch.delenv("ARTICLE_BOT_CACHE", raising=False)
    return directory


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, root)
    return root


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.engine.pickle"))


def _answers(engine: Engine) -> list[object]:
    return [engine.ask(q) for q in QUESTIONS]


def test_a_warm_load_gives_what_building_gives(cache: Path, knowledge: Path) -> None:
    built = Engine.load(knowledge, cache=False)
    assert _entries(cache) == []
    first = Engine.load(knowledge)
    assert len(_entries(cache)) == 1
    warm = Engine.load(knowledge)
    assert _answers(first) == _answers(built) == _answers(warm)
    # Matching's memos start empty again, and fill.
    assert warm.tokens("Gaspipeline", "de") == built.tokens("Gaspipeline", "de")
    assert len(_entries(cache)) == 1


def test_a_warm_load_has_the_index_building_gives(cache: Path, knowledge: Path) -> None:
    # The postings are pickled as one array and made slices of it again (Matcher.__getstate__).
    built = Engine.load(knowledge, cache=False)
    Engine.load(knowledge)
    warm = Engine.load(knowledge).matcher
    assert list(warm.postings) == list(built.matcher.postings)
    for token, posting in built.matcher.postings.items():
        assert warm.postings[token].dtype == posting.dtype
        assert warm.postings[token].tolist() == posting.tolist()
    assert warm._substantial_by_token == built.matcher._substantial_by_token
    assert "_flat_postings" not in vars(warm)


def _first_pair_file(knowledge: Path) -> Path:
    return sorted(knowledge.glob("*/qa/*.toml"))[0]


def test_a_changed_file_is_loaded_and_checked_again(cache: Path, knowledge: Path) -> None:
    Engine.load(knowledge)
    pair_file = _first_pair_file(knowledge)
    text = pair_file.read_text(encoding="utf-8")
    pair_file.write_text(
        text.replace("phrasings = [\n", 'phrasings = [\n    "zebrafinken im kreml",\n', 1),
        encoding="utf-8",
    )
    changed = Engine.load(knowledge)
    assert any("zebrafinken im kreml" in p for _, p in changed.kb.pairs[0].all_phrasings())
    assert len(_entries(cache)) == 2
    # Broken bytes are refused, though an engine for the earlier bytes is in the cache.
    pair_file.write_text(text.replace("topic = ", "topik = ", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError):
        Engine.load(knowledge)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda path: path.write_bytes(b"not a pickle"),
        lambda path: path.write_bytes(path.read_bytes()[:100]),
    ],
    ids=["garbage", "truncated"],
)
def test_a_spoilt_entry_is_built_again(
    cache: Path, knowledge: Path, spoil: Callable[[Path], object]
) -> None:
    expected = _answers(Engine.load(knowledge))
    (entry,) = _entries(cache)
    spoil(entry)
    assert _answers(Engine.load(knowledge)) == expected
    assert len(entry.read_bytes()) > 1000  # stored again


def test_a_cache_that_cannot_be_written_is_no_problem(
    tmp_path: Path, knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ARTICLE_BOT_CACHE_DIR", str(blocker / "cache"))
    assert Engine.load(knowledge).ask("wann war putin in astana").kind == "answer"


def test_a_folder_others_may_write_is_not_read(cache: Path, knowledge: Path) -> None:
    Engine.load(knowledge)
    (entry,) = _entries(cache)
    cache.chmod(0o777)
    entry.write_bytes(b"would be unpickled")
    try:
        assert Engine.load(knowledge).ask("hallo").kind == "smalltalk"
        assert entry.read_bytes() == b"would be unpickled"  # neither read nor replaced
    finally:
        cache.chmod(0o700)


def test_caching_can_be_turned_off(
    cache: Path, knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARTICLE_BOT_CACHE", "0")
    Engine.load(knowledge)
    assert not cache.exists()
