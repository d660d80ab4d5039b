"""The Discord layer is cut by feature: one extension each, all loaded, nothing else."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from typing import Any

from bot.discordbot import codec, exts
from bot.discordbot.client import ArticleBot
from bot.discordbot.components import ActionItem
from bot.discordbot.exts import EXTENSIONS
from tests.discordbot.discord_support import FakeDiscord
from tests.support.paths import REPO_ROOT

FEATURES = ("feedback", "browsing", "asking", "knowledge", "config")


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


def test_every_component_action_has_one_item_in_one_feature() -> None:
    owners: dict[type[Any], list[str]] = {}
    for name in EXTENSIONS:
        for value in vars(importlib.import_module(name)).values():
            if (
                inspect.isclass(value)
                and issubclass(value, ActionItem)
                and value.__module__ == name
                and value.action_type is not None
            ):
                owners.setdefault(value.action_type, []).append(name)
    components = set(codec.COMPONENTS)
    assert set(owners) == components  # PairChoice is an autocomplete value, not a component
    assert all(len(names) == 1 for names in owners.values()), owners
    assert owners[codec.Pick] == ["bot.discordbot.exts.asking"]
    assert owners[codec.Vote] == ["bot.discordbot.exts.feedback"]
    assert owners[codec.TurnPage] == ["bot.discordbot.exts.browsing"]
    assert owners[codec.ReviewAttach] == ["bot.discordbot.exts.knowledge"]


def test_the_layer_uses_the_engine_through_its_door() -> None:
    root = REPO_ROOT / "bot" / "discordbot"
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            inside = [n for n in names if n.startswith("bot.engine.")]
            assert not inside, (path, inside)
