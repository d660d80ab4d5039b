"""The package as `pip install .` makes it: a wheel built from the checkout's files, installed into
a fresh venv, asked questions (and serving the fake Discord) from a temporary directory.

What isolates the fresh venv from the checkout: it is made with `venv --without-pip` (no
--system-site-packages); the bot comes only from the wheel; the dependencies already installed for
this test run are lent to it through a folder of links to this interpreter's site-packages
*without* the checkout's own distribution (the editable finder, its .pth and metadata), named in a
.pth file (whose folder's own .pth files Python does not run); no PYTHONPATH; the working
directory is a temporary one. Nothing is downloaded: the wheel is built with the build backend of
this environment (setuptools, in the `test` extra) and installed with `--no-index`, which works
only because every dependency the wheel declares is found installed.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest

from bot.config import KEYS
from tests.support.fake_discord import FakeDiscord
from tests.support.knowledge import TINY_TEXTS, write_tiny_knowledge
from tests.support.paths import KNOWLEDGE_DIR, REPO_ROOT

# What building the package needs from the checkout (the Dockerfile copies the same).
BUILD_SOURCES = ("pyproject.toml", "README.md", "bot", "knowledge")
QUESTION = "Wann und wo trafen sich Putin und Tokajew?"
TOKEN = "fake-bot-token-0123456789abcdef"
# setuptools from this version builds a wheel without the separate `wheel` package.
BACKEND_VERSION = (70, 1)


def _pyproject() -> dict[str, object]:
    with (REPO_ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


def _run(args: list[str | Path], **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
        check=False,
        **kwargs,  # type: ignore[arg-type]
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def _backend_is_here() -> bool:
    try:
        version = importlib.metadata.version("setuptools")
    except importlib.metadata.PackageNotFoundError:
        return False
    parts = tuple(int(p) for p in version.split(".")[:2] if p.isdigit())
    return parts >= BACKEND_VERSION


def copy_build_sources(target: Path) -> Path:
    """The files a build needs, copied (a build in the checkout would leave build/ there)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in BUILD_SOURCES:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def build_wheel(source: Path, out: Path) -> Path:
    """`pip wheel --no-deps` of `source`, with this environment's setuptools when it is recent
    enough (no download), else in pip's isolated build environment (downloads setuptools)."""
    offline = ["--no-build-isolation", "--no-index"] if _backend_is_here() else []
    _run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", *offline, "-w", out, source],
        env=pip_env(),
    )
    (wheel,) = out.glob("article_bot-*.whl")
    return wheel


def pip_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    return env


def lend_dependencies(venv: Path, links: Path) -> None:
    """Make this interpreter's installed packages, except the checkout's bot, importable in
    `venv`: a folder of links to them, named in a .pth file of the venv."""
    own: set[str] = {"bot"}
    try:
        dist = importlib.metadata.distribution("article-bot")
    except importlib.metadata.PackageNotFoundError:
        pass
    else:
        own |= {Path(str(f)).parts[0] for f in dist.files or []}
    links.mkdir(parents=True, exist_ok=True)
    paths = sysconfig.get_paths()
    for site in dict.fromkeys([paths["purelib"], paths["platlib"]]):
        for entry in Path(site).iterdir():
            name = entry.name
            if name in own or name.startswith("__editable__") or name.endswith(".pth"):
                continue
            if not (links / name).exists():
                (links / name).symlink_to(entry)
    (venv_site(venv) / "lent-dependencies.pth").write_text(f"{links}\n", encoding="utf-8")


def venv_site(venv: Path) -> Path:
    """The site-packages folder of `venv`."""
    done = _run(
        [venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
    )
    return Path(done.stdout.strip())


def fresh_venv(path: Path, links: Path) -> Path:
    """A new venv without pip, with this environment's dependencies lent to it."""
    _run([sys.executable, "-m", "venv", "--without-pip", path])
    lend_dependencies(path, links)
    return path


def install_wheel(venv: Path, wheel: Path) -> None:
    """`pip install WHEEL` into `venv`, offline: every dependency must be found installed."""
    pip = [sys.executable, "-m", "pip", "--python", venv / "bin" / "python"]
    _run([*pip, "install", "--quiet", "--no-index", wheel], env=pip_env())


def bot_env(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of an installed bot: no setting, no PYTHONPATH, a home of its own."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in KEYS and not k.startswith(("PYTHON", "VIRTUAL_ENV", "XDG_"))
    }
    env.update(HOME=str(home), PYTHONIOENCODING="utf-8")
    env.update(extra or {})
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("wheel")
    return build_wheel(copy_build_sources(base / "src"), base / "dist")


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; returns the venv."""
    base = tmp_path_factory.mktemp("installed")
    venv = fresh_venv(base / "venv", base / "lent")
    install_wheel(venv, wheel)
    return venv


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    (tmp_path / "home").mkdir()
    (tmp_path / "cwd").mkdir()
    return tmp_path


# --- what the wheel holds ------------------------------------------------------------------------


def test_every_package_under_bot_is_listed() -> None:
    """pyproject.toml lists the packages (for the knowledge's mapping): none may be missing."""
    setuptools = _pyproject()["tool"]["setuptools"]  # type: ignore[index]
    found = {
        ".".join(init.parent.relative_to(REPO_ROOT).parts)
        for init in (REPO_ROOT / "bot").rglob("__init__.py")
    }
    assert set(setuptools["packages"]) == found | {"bot.knowledge"}
    assert setuptools["package-dir"] == {"bot.knowledge": "knowledge"}


def test_the_wheel_carries_the_knowledge(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        "bot/knowledge/" + path.relative_to(KNOWLEDGE_DIR).as_posix()
        for path in KNOWLEDGE_DIR.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith(".")
    }
    assert shipped <= names, f"missing from the wheel: {sorted(shipped - names)[:10]}"
    assert "bot/knowledge/aliases.toml" in names
    assert any(n.endswith("/article.txt") for n in names)
    # Only the package: no top-level knowledge/, tests/ or benchmarks/ beside it.
    tops = {n.split("/")[0] for n in names}
    assert tops == {"bot", wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1] + ".dist-info"}
    modules = {p.relative_to(REPO_ROOT).as_posix() for p in (REPO_ROOT / "bot").rglob("*.py")}
    assert modules <= names


# --- the installed bot, from a temporary directory -----------------------------------------------


def test_the_installed_bot_comes_from_the_wheel(installed: Path, elsewhere: Path) -> None:
    done = _run(
        [
            installed / "bin" / "python",
            "-c",
            "import sys, bot; from bot.engine import default_knowledge_dir as d;"
            " print(bot.__file__); print(d()); print('\\n'.join(sys.path))",
        ],
        cwd=elsewhere / "cwd",
        env=bot_env(elsewhere / "home"),
    )
    module, knowledge, *path = done.stdout.splitlines()
    site = venv_site(installed).resolve()
    assert Path(module).resolve().is_relative_to(site)
    assert Path(knowledge).resolve() == site / "bot" / "knowledge"
    # "" (python -c) is the working directory.
    searched = [Path(p).resolve() if p else elsewhere / "cwd" for p in path]
    assert not [p for p in searched if p == REPO_ROOT or p.is_relative_to(REPO_ROOT)]


def test_article_bot_ask_json_from_anywhere(installed: Path, elsewhere: Path) -> None:
    done = _run(
        [installed / "bin" / "article-bot", "ask", "--json", QUESTION],
        cwd=elsewhere / "cwd",
        env=bot_env(elsewhere / "home"),
    )
    reply = json.loads(done.stdout)
    assert reply["kind"] == "answer"
    assert reply["citations"]
    assert "Astana" in reply["answer"]


def test_python_m_bot_ask_from_anywhere(installed: Path, elsewhere: Path) -> None:
    done = _run(
        [installed / "bin" / "python", "-m", "bot", "ask", QUESTION],
        cwd=elsewhere / "cwd",
        env=bot_env(elsewhere / "home"),
    )
    assert "Astana" in done.stdout
    assert "Traceback" not in done.stderr


def test_knowledge_dir_still_overrides_the_shipped_knowledge(
    installed: Path, elsewhere: Path
) -> None:
    tiny = write_tiny_knowledge(elsewhere / "knowledge")
    done = _run(
        [installed / "bin" / "article-bot", "ask", "--json", "hallo"],
        cwd=elsewhere / "cwd",
        env=bot_env(elsewhere / "home", {"KNOWLEDGE_DIR": str(tiny)}),
    )
    assert TINY_TEXTS["de"]["subject"] in json.loads(done.stdout)["answer"]


def test_kb_check_passes_on_the_installed_knowledge(installed: Path, elsewhere: Path) -> None:
    _run(
        [installed / "bin" / "article-bot", "kb", "check"],
        cwd=elsewhere / "cwd",
        env=bot_env(elsewhere / "home"),
    )


async def test_the_installed_bot_serves_discord(installed: Path, elsewhere: Path) -> None:
    """Against the fake Discord: start, answer /ask, store in DATA_DIR, stop on SIGTERM."""
    async with FakeDiscord(token=TOKEN) as fake:
        data = elsewhere / "data"
        env = bot_env(
            elsewhere / "home",
            {
                "DISCORD_TOKEN": TOKEN,
                "DISCORD_API_BASE": fake.api_base,
                "DISCORD_GATEWAY_URL": fake.gateway_url,
                "DISCORD_DEV_GUILD_ID": str(fake.guild_id),
                "DATA_DIR": str(data),
            },
        )
        proc = await asyncio.create_subprocess_exec(
            installed / "bin" / "python",
            "-m",
            "bot",
            cwd=elsewhere / "cwd",
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            waiter = asyncio.create_task(proc.wait())
            connected = asyncio.create_task(fake.wait_until_connected(timeout=30))
            await asyncio.wait({waiter, connected}, return_when=asyncio.FIRST_COMPLETED)
            if waiter.done():
                _, err = await proc.communicate()
                raise AssertionError(f"the installed bot exited early: {err.decode()}")
            connected.result()
            handle = await fake.interact_command("ask", {"question": QUESTION})
            body = await handle.response()
            assert "Astana" in json.dumps(body, ensure_ascii=False)
            proc.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(proc.communicate(), 20)
            await waiter
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
    assert proc.returncode == 0, err.decode()
    assert (data / "feedback.sqlite3").exists()
    assert not (elsewhere / "cwd" / "data").exists()


# --- two ways to install: the run command and the test command ----------------------------------


def _make_dry_run(target: str) -> list[str]:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    done = _run([make, "--no-print-directory", "-n", "-B", target], cwd=REPO_ROOT, env=pip_env())
    return [" ".join(line.split()) for line in done.stdout.splitlines()]


def test_make_run_installs_only_what_running_needs() -> None:
    lines = _make_dry_run("run")
    installs = [line for line in lines if " pip install " in f" {line} "]
    assert any(line.endswith("-m pip install --quiet -e .") for line in installs), lines
    assert not any("[dev]" in line or "[test]" in line for line in installs), installs
    assert lines[-1] == ".venv/bin/python -m bot"
    dependencies = _pyproject()["project"]["dependencies"]  # type: ignore[index]
    assert not [d for d in dependencies if d.split(">")[0] in ("ruff", "mypy", "pytest", "bm25s")]


def test_make_test_installs_the_dev_tools_and_ci_runs_it() -> None:
    lines = _make_dry_run("test")
    assert any(line.endswith("-m pip install --quiet -e '.[dev]'") for line in lines), lines
    assert ".venv/bin/python -m pytest -q" in lines
    # The PostgreSQL server is there (installed if missing) and its tests may not skip.
    assert "bash deploy/ensure-postgres" in lines
    assert lines.index("bash deploy/ensure-postgres") < lines.index(".venv/bin/python -m pytest -q")
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "REQUIRE_POSTGRES ?= 1\nexport REQUIRE_POSTGRES\n" in makefile
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == "exec make test"
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "\nmake run " in readme
    assert "\nmake test " in readme
