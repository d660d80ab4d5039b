"""Fixtures for the Discord layer's end-to-end tests: the fake Discord and the real bot on it.

Every test gets a fresh FakeDiscord on 127.0.0.1 and a bot started with the runner's own
`serve`, a temporary SQLite file, and a recorder of every HTTP/websocket connection the bot
opens. After each test: the fake's spec validation found nothing, and no traffic left 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.discordbot import endpoints
from bot.discordbot.client import ArticleBot
from bot.engine import Engine
from tests.discordbot.discord_support import TOKEN, FakeDiscord, Harness


@pytest.fixture(scope="session")
def engine() -> Engine:
    """One engine for all tests (it is immutable; /kb reload builds a new one)."""
    return Engine.load()


@pytest.fixture(scope="session")
def article_text(engine: Engine) -> str:
    """The article with whitespace collapsed, to check quotes are verbatim."""
    return " ".join(engine.kb.article.text.split())


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A fake Discord; after the test, its spec validation must have found nothing."""
    async with FakeDiscord(token=TOKEN) as server:
        yield server
        assert server.validation_errors == [], server.validation_errors


@pytest.fixture
async def harness(fake: FakeDiscord, engine: Engine, tmp_path: Path) -> AsyncIterator[Harness]:
    """Start bots with `await harness.start(...)`; they are stopped after the test, and every
    request they made must have gone to 127.0.0.1."""
    saved = endpoints.current()
    h = Harness(fake, engine, tmp_path)
    try:
        yield h
    finally:
        await h.stop()
        endpoints.restore(saved)
    assert h.recorder.hosts, "the bot made no requests"
    assert set(h.recorder.hosts) == {"127.0.0.1"}, h.recorder.hosts


@pytest.fixture
async def bot(harness: Harness) -> ArticleBot:
    """The bot with default test settings, connected to the fake."""
    return await harness.start()
