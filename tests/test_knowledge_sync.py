"""The same knowledge in every process: one process announces in the store, the others load
their folder again (bot.knowledge_sync), on both store backends."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.knowledge_sync import KnowledgeSync, fingerprint
from bot.store import Store
from tests.support.knowledge import change_answer
from tests.support.paths import KNOWLEDGE_DIR
from tests.support.stores import StoreTarget

PAIR = "energie-cpc-pipeline-laenge-route"
CHANGED = "The CPC pipeline is 1,500 kilometres long (changed by a curator)."


class Process:
    """One bot process as far as the knowledge goes: what it serves, and its reloads."""

    def __init__(self, store: Store, folder: Path) -> None:
        self.folder = folder
        self.engine = Engine.load(folder)
        self.reloads: list[bool] = []
        self.sync = KnowledgeSync(
            store,
            folder,
            load=lambda: Engine.load(folder),
            serve=self._serve,
            on_reload=self.reloads.append,
        )
        self.sync.start()

    def _serve(self, engine: Engine) -> None:
        self.engine = engine

    def answer(self) -> str:
        pair = self.engine.kb.pair(PAIR)
        assert pair is not None
        return pair.answer["en"]


def _copy(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(KNOWLEDGE_DIR, folder)
    return folder


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """One knowledge folder both processes read (as on one machine, or a shared volume)."""
    return _copy(tmp_path, "knowledge")


def test_a_change_announced_by_one_process_is_served_by_the_other(
    store_target: StoreTarget, shared: Path
) -> None:
    with store_target.open() as store_a, store_target.open() as store_b:
        a, b = Process(store_a, shared), Process(store_b, shared)
        assert b.sync.check() is None  # nothing announced yet
        change_answer(shared, PAIR, "en", CHANGED)
        a.engine = Engine.load(shared)  # as /kb reload does in A
        version = a.sync.announce(by="tester")
        assert version == 1
        reloaded = b.sync.check()
        assert reloaded is not None
        assert (reloaded.version, reloaded.ok, reloaded.current) == (1, True, True)
        assert b.answer() == CHANGED
        assert b.reloads == [True]
        # A sees its own announcement and does not load again; B does not load twice.
        assert a.sync.check() is None
        assert b.sync.check() is None
        assert (a.reloads, b.reloads) == ([], [True])
        latest = store_b.knowledge_version()
        assert latest is not None
        assert (latest.content_hash, latest.changed_by) == (fingerprint(shared), "tester")


def test_a_broken_folder_keeps_the_last_good_knowledge(
    store_target: StoreTarget, tmp_path: Path
) -> None:
    folder_a, folder_b = _copy(tmp_path, "a"), _copy(tmp_path, "b")
    with store_target.open() as store_a, store_target.open() as store_b:
        a, b = Process(store_a, folder_a), Process(store_b, folder_b)
        before = b.answer()
        next(folder_b.glob(f"*/qa/{PAIR}.toml")).write_text("quotes = [", encoding="utf-8")
        change_answer(folder_a, PAIR, "en", CHANGED)
        a.sync.announce(by="tester")
        reloaded = b.sync.check()
        assert reloaded is not None
        assert (reloaded.ok, reloaded.current) == (False, False)
        assert b.answer() == before  # still serving
        assert b.reloads == [False]
        assert b.sync.current is False
        # Mended: the next announcement is loaded.
        shutil.rmtree(folder_b)
        shutil.copytree(folder_a, folder_b)
        a.sync.announce(by="tester")
        reloaded = b.sync.check()
        assert reloaded is not None
        assert (reloaded.ok, reloaded.current) == (True, True)
        assert b.answer() == CHANGED


def test_a_folder_holding_other_files_than_announced_is_reported(
    store_target: StoreTarget, tmp_path: Path
) -> None:
    folder_a, folder_b = _copy(tmp_path, "a"), _copy(tmp_path, "b")
    with store_target.open() as store_a, store_target.open() as store_b:
        a, b = Process(store_a, folder_a), Process(store_b, folder_b)
        change_answer(folder_a, PAIR, "en", CHANGED)
        a.sync.announce(by="tester")
        reloaded = b.sync.check()
        assert reloaded is not None
        # Loaded (the files are good), but not the announced ones: B is not current.
        assert (reloaded.ok, reloaded.current) == (True, False)
        assert b.sync.current is False


def test_a_process_starting_later_has_seen_what_was_announced(
    store_target: StoreTarget, shared: Path
) -> None:
    with store_target.open() as store:
        Process(store, shared).sync.announce(by="first")
        late = Process(store, shared)
        assert late.sync.seen == 1
        assert late.sync.current is True
        assert late.sync.check() is None


def test_the_fingerprint_follows_the_files(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "k")
    before = fingerprint(folder)
    assert fingerprint(_copy(tmp_path, "k2")) == before  # the same files anywhere
    change_answer(folder, PAIR, "en", CHANGED)
    assert fingerprint(folder) != before
