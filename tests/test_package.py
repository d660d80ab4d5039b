"""The installed package stands alone: nothing under bot/ reads or imports tests/ (which is part
of a source checkout only). Benchmarks that need the fake Discord live in benchmarks/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.paths import REPO_ROOT

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
