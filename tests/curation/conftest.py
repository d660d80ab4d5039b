"""Fixtures for curation: a fresh copy of the tiny knowledge base per test (the writer changes
it), and a store in the test's folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.feedback import FeedbackStore
from tests.support.knowledge import write_tiny_knowledge


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A knowledge root holding the tiny article, free to change."""
    return write_tiny_knowledge(tmp_path / "knowledge")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[FeedbackStore]:
    with FeedbackStore(tmp_path / "feedback.sqlite3") as s:
        yield s
