"""The installed package stands alone: nothing under bot/ reads or imports tests/ (which is part
of a source checkout only). Benchmarks that need the fake Discord live in benchmarks/."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import SETTINGS
from tests.support.knowledge import TINY_ID, TINY_TEXTS, write_tiny_knowledge
from tests.support.paths import KNOWLEDGE_DIR, REPO_ROOT

# The shipped article folder (the only one in knowledge/).
KNOWLEDGE_ARTICLE = next(p.name for p in KNOWLEDGE_DIR.iterdir() if (p / "article.toml").is_file())

PACKAGE = REPO_ROOT / "bot"
MODULES = sorted(PACKAGE.rglob("*.py"))


def _names_tests(name: str) -> bool:
    return name == "tests" or name.startswith("tests.")


def _problems(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    problems = [
        f"line {number}: mentions tests/"
        for number, line in enumerate(source.splitlines(), start=1)
        if "tests/" in line
    ]
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.Import):
            problems += [
                f"line {node.lineno}: import {a.name}" for a in node.names if _names_tests(a.name)
            ]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and _names_tests(node.module or ""):
                problems.append(f"line {node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Constant) and _names_tests(str(node.value).strip()):
            # "tests.support..." for importlib, or a path built as ROOT / "tests" / ...
            problems.append(f"line {node.lineno}: the string {node.value!r}")
    return sorted(problems, key=lambda problem: int(problem.split(":")[0].split()[1]))


def test_the_package_has_modules() -> None:
    assert PACKAGE / "__init__.py" in MODULES
    assert len(MODULES) > 10


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_module_does_not_reach_into_tests(path: Path) -> None:
    assert _problems(path) == []


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import tests.support\n"
        "from tests.support.fake_discord import FakeDiscord\n"
        "import importlib\n"
        "importlib.import_module('tests.support.fake_discord')\n"
        "QUESTIONS = ROOT / 'tests' / 'eval'\n"
        "# see tests/eval\n"
        "from bot.cli import tests_helpers\n"
        "LABEL = 'contests'\n",
        encoding="utf-8",
    )
    assert [p.split(":")[0] for p in _problems(sample)] == [
        "line 1",
        "line 2",
        "line 4",
        "line 5",
        "line 6",
    ]


# --- nothing under bot/ names an article: a second article is a second folder -------------------

# The shipped article's people and places, as code might spell them.
SUBJECT = re.compile(r"putin|kasach|kazakh|tokaj|tokay|astana|noworossijsk|novorossiysk", re.I)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_module_names_no_article(path: Path) -> None:
    found = [
        f"line {number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SUBJECT.search(line)
    ]
    assert found == []


@pytest.fixture(scope="module")
def two_articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped knowledge with the tiny zoo article beside it: two article folders."""
    root = tmp_path_factory.mktemp("two") / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, root)
    zoo = write_tiny_knowledge(tmp_path_factory.mktemp("zoo"))
    shutil.copytree(zoo / TINY_ID, root / TINY_ID)
    return root


def _bot(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    env["PYTHONPATH"] = str(REPO_ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )


def test_a_second_article_speaks_with_its_own_words(two_articles: Path) -> None:
    """Greeting, help and the empty-question hint come from the zoo's texts.toml; answers from
    its pairs; nothing of the shipped article leaks in. No file under bot/ was touched."""
    for lang in ("de", "en"):
        texts = TINY_TEXTS[lang]
        greeting = "hallo" if lang == "de" else "hello"
        done = _bot("--knowledge", two_articles, "--article", TINY_ID, "ask", "--json", greeting)
        assert done.returncode == 0, done.stderr
        reply = json.loads(done.stdout)
        assert (reply["kind"], reply["language"]) == ("smalltalk", lang)
        assert texts["subject"] in reply["answer"]
        help_text = _bot(
            "--knowledge", two_articles, "--article", TINY_ID, "ask", "--lang", lang, "help"
        )
        assert texts["subject"] in help_text.stdout
        assert texts["example"] in help_text.stdout
        assert not SUBJECT.search(reply["answer"].replace("Astana", ""))

    asked = _bot(
        "--knowledge",
        two_articles,
        "--article",
        TINY_ID,
        "ask",
        "--json",
        TINY_TEXTS["de"]["example"],
    )
    answer = json.loads(asked.stdout)
    assert answer["kind"] == "answer"
    assert answer["match"]["id"] == "zoo-kamele"

    shipped = _bot(
        "--knowledge", two_articles, "--article", KNOWLEDGE_ARTICLE, "ask", "--json", "hallo"
    )
    assert "Zoo" not in json.loads(shipped.stdout)["answer"]


def test_two_articles_need_a_choice(two_articles: Path) -> None:
    done = _bot("--knowledge", two_articles, "ask", "hallo")
    assert done.returncode != 0
    assert TINY_ID in done.stderr
    assert KNOWLEDGE_ARTICLE in done.stderr
    assert "Traceback" not in done.stderr


# --- the engine has one door ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [p for p in MODULES if p.parent != PACKAGE / "engine"]
    + sorted((REPO_ROOT / "benchmarks").rglob("*.py")),
    ids=lambda p: str(p.relative_to(REPO_ROOT)),
)
def test_outside_code_imports_only_the_engines_door(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    inner = [
        f"line {node.lineno}: {name}"
        for node in ast.walk(tree)
        for name in (
            [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
        if name.startswith("bot.engine.")
    ]
    assert inner == []
