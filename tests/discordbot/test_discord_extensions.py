"""The Discord layer is cut by feature: one extension each, all loaded, nothing else."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from bot.discordbot import exts
from bot.discordbot.client import ArticleBot
from bot.discordbot.exts import EXTENSIONS
from tests.discordbot.discord_support import FakeDiscord

FEATURES = ("feedback", "browsing", "asking", "knowledge")


def test_every_extension_module_is_listed_and_has_setup() -> None:
    modules = {m.name for m in pkgutil.iter_modules(exts.__path__)}
    assert modules == set(FEATURES)
    assert tuple(f"bot.discordbot.exts.{name}" for name in FEATURES) == EXTENSIONS
    for name in EXTENSIONS:
        setup = getattr(importlib.import_module(name), "setup", None)
        assert setup is not None, name
        assert inspect.iscoroutinefunction(setup), name
        assert list(inspect.signature(setup).parameters) == ["bot"], name


async def test_the_bot_loaded_exactly_these_extensions(bot: ArticleBot) -> None:
    assert list(bot.extensions) == list(EXTENSIONS)
    # Each feature is one cog, defined in its own extension.
    assert {cog.__module__ for cog in bot.cogs.values()} == set(EXTENSIONS)
    assert len(bot.cogs) == len(EXTENSIONS)


async def test_closing_unloads_every_extension(bot: ArticleBot, fake: FakeDiscord) -> None:
    await bot.close()
    assert dict(bot.extensions) == {}
    assert dict(bot.cogs) == {}
