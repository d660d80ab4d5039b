"""Fixtures for curation: a fresh copy of the tiny knowledge base per test (the writer changes
it), and a store on each backend (a SQLite file in the test's folder, a PostgreSQL database)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.store import Store
from tests.support.knowledge import write_tiny_knowledge
from tests.support.stores import StoreTarget


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A knowledge root holding the tiny article, free to change."""
    return write_tiny_knowledge(tmp_path / "knowledge")


@pytest.fixture
def store(store_target: StoreTarget) -> Iterator[Store]:
    """The test's store, once on SQLite and once on PostgreSQL."""
    with store_target.open() as s:
        yield s
