"""The deployment files, kept working: the Dockerfile's install and start commands run as written
in a fresh venv, its health check against a status endpoint; compose.yaml and the systemd units
are valid and start the bot as they say; the README's invite URL asks for exactly the
permissions the bot needs.

No image is built here (no container daemon): the commands of the Dockerfile lines marked
`# tested: ...` run on this machine, with the image's paths (/opt/article-bot, /data, /src)
mapped to temporary folders. What only the test adds: the dependencies already installed for
this test run are lent to the fresh venv (tests/test_install.py says how), and pip is told to stay
offline (PIP_NO_INDEX, PIP_NO_BUILD_ISOLATION=0: the build backend is the lent setuptools).
"""

from __future__ import annotations

import asyncio
import fnmatch
import http.server
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.config import KEYS
from tests.support.fake_discord import FakeDiscord
from tests.support.paths import REPO_ROOT
from tests.test_install import BUILD_SOURCES, TOKEN, lend_dependencies

DOCKERFILE = REPO_ROOT / "Dockerfile"
COMPOSE = REPO_ROOT / "compose.yaml"
UNIT = REPO_ROOT / "deploy" / "article-bot.service"
TEMPLATE = REPO_ROOT / "deploy" / "article-bot@.service"
QUESTION = "Wann und wo trafen sich Putin und Tokajew?"
VENV = "/opt/article-bot"
DATA = "/data"


# --- reading the Dockerfile ---------------------------------------------------------------------


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str
    stage: int
    tested: str | None  # the kind of the `# tested: KIND` comment right above it

    def exec_form(self) -> list[str]:
        """The JSON array of ENTRYPOINT/CMD (or of HEALTHCHECK's CMD)."""
        text = self.arguments
        if self.keyword == "HEALTHCHECK":
            text = text.split(" CMD ", 1)[1]
        value = json.loads(text)
        assert isinstance(value, list), f"{self.keyword} is not in exec form"
        return [str(v) for v in value]

    def variables(self) -> dict[str, str]:
        """The KEY=value pairs of an ENV line (values as written, $VAR unexpanded)."""
        return dict(pair.split("=", 1) for pair in shlex.split(self.arguments))


def read_dockerfile(path: Path = DOCKERFILE) -> list[Instruction]:
    instructions: list[Instruction] = []
    stage = -1
    tested: str | None = None
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            marker = re.match(r"#\s*tested:\s*(\S+)", line)
            if marker:
                tested = marker.group(1)
            continue
        if line.startswith("#"):  # a comment inside a continued instruction
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, arguments = (pending + line).partition(" ")
        pending = ""
        keyword = keyword.upper()
        if keyword == "FROM":
            stage += 1
        instructions.append(Instruction(keyword, " ".join(arguments.split()), stage, tested))
        tested = None
    return instructions


INSTRUCTIONS = read_dockerfile()
FINAL = max(i.stage for i in INSTRUCTIONS)


def _only(keyword: str, stage: int | None = None, tested: str | None = None) -> list[Instruction]:
    return [
        i
        for i in INSTRUCTIONS
        if i.keyword == keyword
        and (stage is None or i.stage == stage)
        and (tested is None or i.tested == tested)
    ]


def test_the_dockerfile_is_multi_stage_on_python_slim() -> None:
    (arg,) = _only("ARG")
    assert arg.arguments == "PYTHON_IMAGE=python:3.11-slim"
    stages = _only("FROM")
    assert len(stages) >= 2
    assert all(f.arguments.split()[0] == "${PYTHON_IMAGE}" for f in stages)
    assert stages[0].arguments.endswith(" AS build")
    assert _only("COPY", FINAL)[0].arguments.startswith("--from=build ")


def test_the_image_runs_as_a_user_writing_only_to_data() -> None:
    (user,) = _only("USER", FINAL)
    assert user.arguments.split(":")[0] not in ("root", "0")
    (volume,) = _only("VOLUME", FINAL)
    assert json.loads(volume.arguments) == [DATA]
    (env,) = _only("ENV", FINAL, "environment")
    variables = env.variables()
    assert variables["DATA_DIR"] == DATA
    assert variables["PYTHONDONTWRITEBYTECODE"] == "1"  # the root file system is read-only
    assert variables["STATUS_PORT"].isdigit()  # the health check needs the status endpoint
    assert any(f"chown article-bot:article-bot {DATA}" in r.arguments for r in _only("RUN", FINAL))


def test_the_entry_point_is_python_m_bot_and_there_is_a_health_check() -> None:
    (entrypoint,) = _only("ENTRYPOINT", FINAL, "start")
    assert entrypoint.exec_form() == ["python", "-m", "bot"]
    (health,) = _only("HEALTHCHECK", FINAL, "healthcheck")
    assert "/healthz" in " ".join(health.exec_form())
    assert "STATUS_PORT" in " ".join(health.exec_form())


def _ignored(path: str, patterns: list[str]) -> bool:
    """Whether .dockerignore keeps `path` out of the build context (last match wins)."""
    result = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        bare = pattern.lstrip("!").rstrip("/").removeprefix("**/")
        if fnmatch.fnmatch(path, bare) or fnmatch.fnmatch(path.partition("/")[0], bare):
            result = not negate
    return result


def test_dockerignore_keeps_secrets_out_and_the_sources_in() -> None:
    patterns = [
        line.strip()
        for line in (REPO_ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for secret in (".env", ".env.local", "data", "feedback.sqlite3", ".venv", ".git"):
        assert _ignored(secret, patterns), secret
    copied = [
        source
        for copy in _only("COPY", 0)
        for source in copy.arguments.split()[:-1]
        if not source.startswith("--")
    ]
    assert sorted(s.rstrip("/") for s in copied) == sorted(BUILD_SOURCES)
    for source in copied:
        assert (REPO_ROOT / source).exists(), source
        assert not _ignored(source.rstrip("/"), patterns), source


# --- running the Dockerfile's commands ----------------------------------------------------------


@dataclass(frozen=True)
class Image:
    """The Dockerfile's install run here: where its paths went and the environment it sets."""

    root: Path
    venv: Path
    data: Path
    env: dict[str, str]

    def entrypoint(self, *args: str) -> list[str]:
        (entrypoint,) = _only("ENTRYPOINT", FINAL, "start")
        return [*entrypoint.exec_form(), *args]


def _paths(root: Path) -> dict[str, str]:
    return {VENV: str(root / "opt" / "article-bot"), DATA: str(root / "data")}


def _map(text: str, paths: Mapping[str, str]) -> str:
    for image_path, here in paths.items():
        text = re.sub(re.escape(image_path) + r"(?=[/\s\"':]|$)", here, text)
    return text


def _clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in KEYS and not k.startswith(("PYTHON", "VIRTUAL_ENV", "XDG_"))
    }
    env.update(extra or {})
    return env


def _expand(value: str, env: Mapping[str, str]) -> str:
    return re.sub(r"\$\{?(\w+)\}?", lambda m: env.get(m.group(1), ""), value)


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Image:
    root = tmp_path_factory.mktemp("image")
    paths = _paths(root)
    # The build context: what the COPY lines of the build stage copy, to WORKDIR /src.
    (workdir,) = _only("WORKDIR", 0)
    src = root / workdir.arguments.lstrip("/")
    for copy in _only("COPY", 0):
        *sources, target = copy.arguments.split()
        for source in sources:
            # As docker copies: a folder's contents into the target, a file into a target/.
            origin, dest = REPO_ROOT / source, src / target
            if origin.is_dir():
                ignore = shutil.ignore_patterns("__pycache__")
                shutil.copytree(origin, dest, ignore=ignore, dirs_exist_ok=True)
            else:
                dest = dest / origin.name if target.endswith("/") else dest
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, dest)
    # `python` is the image's Python: here the one running the tests.
    bin_dir = root / "usr-local-bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    build_env = _clean_env(
        {
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "HOME": str(root),
            # Only the test: offline, the backend is the lent setuptools.
            "PIP_NO_INDEX": "1",
            "PIP_NO_BUILD_ISOLATION": "0",
        }
    )
    for env_line in _only("ENV", 0):
        build_env.update(env_line.variables())
    venv = Path(paths[VENV])
    runs = _only("RUN", 0, "install")
    assert runs, "no RUN line of the build stage is marked `# tested: install`"
    for run in runs:
        done = subprocess.run(
            ["/bin/sh", "-c", _map(run.arguments, paths)],
            cwd=src,
            env=build_env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, f"RUN {run.arguments}\n{done.stdout}\n{done.stderr}"
        if (venv / "bin" / "python").exists() and not (root / "lent").exists():
            lend_dependencies(venv, root / "lent")
    # The final stage's environment, with $PATH and the paths mapped.
    (env_line,) = _only("ENV", FINAL, "environment")
    env = _clean_env({"HOME": str(root / "nonexistent")})
    for key, value in env_line.variables().items():
        env[key] = _expand(_map(value, paths), env)
    Path(paths[DATA]).mkdir()
    return Image(root, venv, Path(paths[DATA]), env)


def _run_in(image: Image, args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    cwd = image.root / "cwd"
    cwd.mkdir(exist_ok=True)
    env = {**image.env, **kwargs.pop("env", {})}
    return subprocess.run(
        args,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        **kwargs,
    )


def test_the_image_answers_a_question(image: Image) -> None:
    done = _run_in(image, image.entrypoint("ask", "--json", QUESTION))
    assert done.returncode == 0, done.stderr
    reply = json.loads(done.stdout)
    assert reply["kind"] == "answer"
    assert "Astana" in reply["answer"]
    # The bot is the installed one, with its knowledge inside the venv.
    where = _run_in(image, ["python", "-c", "import bot; print(bot.__file__)"])
    assert Path(where.stdout.strip()).is_relative_to(image.venv)


def test_the_image_keeps_its_data_in_the_volume(image: Image) -> None:
    # An `ask` run before (another test's) may have recorded its question there already.
    done = _run_in(image, image.entrypoint("feedback"))
    assert done.returncode == 0, done.stderr
    store = image.data / "feedback.sqlite3"
    first = done.stdout.splitlines()[0]
    assert first in (
        f"No feedback yet: {store} does not exist (the bot creates it on first use).",
        f"Feedback from {store}",
    ), first


def test_the_image_without_a_token_exits_non_zero(image: Image) -> None:
    """`docker run` without DISCORD_TOKEN (and without -it): one line, exit 2, no restart loop
    that looks healthy."""
    done = _run_in(image, image.entrypoint(), stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert "no DISCORD_TOKEN found" in line


class _Status(http.server.BaseHTTPRequestHandler):
    code = 200

    def do_GET(self) -> None:
        status = self.code if self.path == "/healthz" else 404
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"ready": true}' if status == 200 else b'{"ready": false}')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def status_server() -> Iterator[tuple[int, type[_Status]]]:
    handler = type("Handler", (_Status,), {"code": 200})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], handler
    finally:
        server.shutdown()
        server.server_close()


def test_the_health_check_follows_healthz(
    image: Image, status_server: tuple[int, type[_Status]]
) -> None:
    (health,) = _only("HEALTHCHECK", FINAL, "healthcheck")
    port, handler = status_server
    check = health.exec_form()
    assert _run_in(image, check, env={"STATUS_PORT": str(port)}).returncode == 0
    handler.code = 503
    assert _run_in(image, check, env={"STATUS_PORT": str(port)}).returncode != 0
    server_gone = _run_in(image, check, env={"STATUS_PORT": "1"})
    assert server_gone.returncode != 0


# --- compose.yaml ---------------------------------------------------------------------------------


def _scalar(text: str) -> Any:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return {"true": True, "false": False}.get(text, text)


def read_simple_yaml(text: str) -> Any:
    """The block-style subset of YAML compose.yaml is written in: mappings, lists of scalars,
    comments. (PyYAML, when installed, checks this reader against itself.)"""
    lines = [
        (len(line) - len(line.lstrip()), line.strip())
        for line in text.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]

    def block(start: int, indent: int) -> tuple[Any, int]:
        if lines[start][1].startswith("- "):
            items: list[Any] = []
            i = start
            while i < len(lines) and lines[i][0] == indent and lines[i][1].startswith("- "):
                items.append(_scalar(lines[i][1][2:]))
                i += 1
            return items, i
        mapping: dict[str, Any] = {}
        i = start
        while i < len(lines) and lines[i][0] == indent:
            key, _, rest = lines[i][1].partition(":")
            assert key, f"not the simple subset: {lines[i][1]!r}"
            if rest.strip():
                mapping[key] = _scalar(rest)
                i += 1
            elif i + 1 < len(lines) and lines[i + 1][0] > indent:
                mapping[key], i = block(i + 1, lines[i + 1][0])
            else:
                mapping[key] = None
                i += 1
        return mapping, i

    value, end = block(0, lines[0][0])
    assert end == len(lines), f"not the simple subset from line {lines[end][1]!r}"
    return value


def test_compose_file_is_valid() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    compose = read_simple_yaml(text)
    try:
        import yaml
    except ImportError:
        pass
    else:
        assert yaml.safe_load(text) == compose
    assert set(compose) <= {"name", "services", "volumes"}
    (service,) = compose["services"].values()
    assert service["build"] == "."
    assert service["restart"] == "unless-stopped"
    assert service["read_only"] is True
    assert "/tmp" in service["tmpfs"]
    assert service["env_file"] in (".env", [".env"])
    assert service["environment"]["DATA_DIR"] == DATA
    assert re.fullmatch(r"\$\{STATUS_PORT:-\d+\}", service["environment"]["STATUS_PORT"])
    (mount,) = service["volumes"]
    name, _, target = mount.partition(":")
    assert target == DATA
    assert name in compose["volumes"]  # a named volume, not a folder of the host


# --- the systemd units ---------------------------------------------------------------------------


def read_unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """A unit file: section -> key -> every value given (keys such as Environment= repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            assert line.endswith("]"), line
            assert line[1:-1] not in sections, f"section {line} twice"
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None, f"{line!r} before any section"
        key, sep, value = line.partition("=")
        assert sep, f"not KEY=value: {line!r}"
        assert re.fullmatch(r"[A-Z][A-Za-z]+", key), f"not a directive: {line!r}"
        current.setdefault(key, []).append(value)
    return sections


@pytest.mark.parametrize("path", [UNIT, TEMPLATE], ids=lambda p: p.name)
def test_unit_has_what_a_service_needs(path: Path) -> None:
    unit = read_unit(path)
    assert set(unit) == {"Unit", "Service", "Install"}
    assert unit["Unit"]["Description"][0].strip()
    service = unit["Service"]
    (command,) = service["ExecStart"]
    assert command.startswith(f"{VENV}/bin/python -m bot")
    assert service["User"] == ["article-bot"]
    assert service["Restart"] == ["on-failure"]
    assert "DATA_DIR=/var/lib/article-bot" in service["Environment"]
    assert service["StateDirectory"] == ["article-bot"]
    # Settings and no token (exit 2), broken knowledge (3): a restart would not help.
    assert set(service["RestartPreventExitStatus"][0].split()) == {"2", "3"}
    assert service["KillSignal"] == ["SIGTERM"]
    assert unit["Install"]["WantedBy"] == ["multi-user.target"]
    if path == TEMPLATE:
        assert "SHARD_IDS=%i" in service["Environment"]


def _unit_command(
    path: Path, image: Image, root: Path, instance: str = "0"
) -> tuple[list[str], dict[str, str]]:
    """ExecStart and the environment the unit gives it, with its paths mapped under `root`."""
    paths = {
        VENV: str(image.venv),
        "/var/lib/article-bot": str(root / "state"),
        "/etc/article-bot": str(root / "etc"),
    }
    unit = read_unit(path)["Service"]
    env = _clean_env({"HOME": str(root / "state")})
    for assignment in unit.get("Environment", []):
        key, _, value = _map(assignment.replace("%i", instance), paths).partition("=")
        env[key] = value
    (command,) = unit["ExecStart"]
    return shlex.split(_map(command, paths)), env


@pytest.mark.parametrize("path", [UNIT, TEMPLATE], ids=lambda p: p.name)
def test_unit_starts_the_bot_as_written(path: Path, image: Image, tmp_path: Path) -> None:
    """With /etc/article-bot/env a copy of .env.example (as the unit's comment says), the unit's
    own environment wins over its empty DATA_DIR=; without a token it exits 2, not restarted."""
    command, env = _unit_command(path, image, tmp_path)
    (tmp_path / "etc").mkdir()
    settings = (REPO_ROOT / ".env.example").read_text(encoding="utf-8")
    if path == TEMPLATE:  # as its comment says: echo SHARD_COUNT=4 >> /etc/article-bot/env
        settings += "SHARD_COUNT=4\n"
    (tmp_path / "etc" / "env").write_text(settings, encoding="utf-8")
    (tmp_path / "state").mkdir()
    feedback = subprocess.run(
        [*command, "feedback"],
        cwd=tmp_path / "state",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert feedback.returncode == 0, feedback.stderr
    assert f"{tmp_path / 'state' / 'feedback.sqlite3'} does not exist" in feedback.stdout
    started = subprocess.run(
        command,
        cwd=tmp_path / "state",
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert started.returncode == 2
    assert "no DISCORD_TOKEN found" in started.stderr
    assert str(tmp_path / "etc" / "env") in started.stderr


@pytest.mark.parametrize("path", [UNIT, TEMPLATE], ids=lambda p: p.name)
def test_systemd_analyze_verify(path: Path, image: Image, tmp_path: Path) -> None:
    """systemd's own check, where systemd-analyze is installed (with the venv's real path)."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    name = path.name.replace("@.", "@0.")
    copy = tmp_path / name
    copy.write_text(_map(path.read_text(encoding="utf-8"), {VENV: str(image.venv)}))
    done = subprocess.run(
        [analyze, "verify", "--man=no", str(copy)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    problems = [
        line
        for line in (done.stdout + done.stderr).splitlines()
        # Outside a booted systemd (a container) verify may say so; that is no fault of the unit.
        if line.strip() and "System has not been booted" not in line
    ]
    assert problems == []
    assert done.returncode == 0


# --- the README's invite URL ---------------------------------------------------------------------

# What the bot does in a channel, and the permission each needs.
PERMISSIONS = {
    "view_channel": "see the channels it answers in",
    "send_messages": "answer",
    "send_messages_in_threads": "answer in threads",
    "embed_links": "answers are embeds",
    "read_message_history": "reply to the message that asked",
}


def test_the_readme_invite_url_has_the_permissions_the_bot_needs() -> None:
    discord = pytest.importorskip("discord")
    needed = discord.Permissions(**dict.fromkeys(PERMISSIONS, True))
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    urls = re.findall(r"https://discord\.com/oauth2/authorize\?\S+", readme)
    assert urls, "no invite URL in the README"
    for url in urls:
        assert f"permissions={needed.value}" in url, url
        assert "scope=bot+applications.commands" in url, url
    assert f"`{needed.value}`" in readme


async def test_the_health_check_on_the_running_bot(image: Image) -> None:
    """The image's bot against the fake Discord: healthy once connected (STATUS_PORT set, as the
    image sets it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (health,) = _only("HEALTHCHECK", FINAL, "healthcheck")
    env = {**image.env, "STATUS_PORT": str(port)}
    async with FakeDiscord(token=TOKEN) as fake:
        env.update(
            DISCORD_TOKEN=TOKEN,
            DISCORD_API_BASE=fake.api_base,
            DISCORD_GATEWAY_URL=fake.gateway_url,
        )
        proc = await asyncio.create_subprocess_exec(
            *image.entrypoint(),
            cwd=image.root,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            await fake.wait_until_connected(timeout=30)
            deadline = asyncio.get_running_loop().time() + 15
            while True:
                check = await asyncio.create_subprocess_exec(
                    *health.exec_form(),
                    env=env,
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=asyncio.subprocess.DEVNULL,
                )
                if await check.wait() == 0:
                    break
                assert asyncio.get_running_loop().time() < deadline, "never healthy"
                await asyncio.sleep(0.2)
            proc.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(proc.communicate(), 20)
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
    assert proc.returncode == 0, err.decode()


def test_the_sharded_compose_file_runs_a_shard_per_process_over_postgresql() -> None:
    compose = read_simple_yaml((REPO_ROOT / "compose.shards.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    bots = {name: s for name, s in services.items() if name.startswith("bot-")}
    assert sorted(bots) == ["bot-0", "bot-1"]
    count = {s["environment"]["SHARD_COUNT"] for s in bots.values()}
    assert count == {str(len(bots))}
    assert sorted(s["environment"]["SHARD_IDS"] for s in bots.values()) == ["0", "1"]
    for service in bots.values():
        url = service["environment"]["DATABASE_URL"]
        assert url.startswith("postgresql://")
        assert "@postgres:5432/" in url
        assert "postgres" in service["depends_on"]
        assert service["read_only"] is True
    assert services["postgres"]["image"].startswith("postgres:")
    (mount,) = services["postgres"]["volumes"]
    assert mount.partition(":")[0] in compose["volumes"]
