"""A real, temporary PostgreSQL server for the tests.

`PostgresServer.start()` finds the server binaries (/usr/lib/postgresql/*/bin, or
`pg_config --bindir`), makes a cluster in a fresh temporary folder (initdb -A trust), starts it on
a free port on 127.0.0.1 only, with its unix socket in that folder, and `stop()` removes it all.
`create_database()` gives each test a database of its own. Run as root (as sessions and CI are),
the server tools run as the `postgres` user through runuser, since PostgreSQL refuses root.

`PostgresUnavailable` says why no server could be started; tests skip with that reason, unless
REQUIRE_POSTGRES=1 (set by `make test`), where it is an error.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest

SUPERUSER = "postgres"
_counter = itertools.count(1)


class PostgresUnavailable(Exception):
    """No PostgreSQL server could be started here (the message says why)."""


def find_bindir() -> Path | None:
    """A folder with initdb, pg_ctl and postgres, or None."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            )
            candidates.append(out.stdout.strip())
    for folder in candidates:
        if all((Path(folder) / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(folder)
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """One temporary cluster (see the module)."""

    def __init__(self) -> None:
        self.bindir: Path | None = None
        self.root: Path | None = None
        self.port = 0
        self._as_user: list[str] = []

    @property
    def data(self) -> Path:
        assert self.root is not None
        return self.root / "data"

    @property
    def log(self) -> Path:
        assert self.root is not None
        return self.root / "server.log"

    def url(self, dbname: str = "postgres") -> str:
        """The URL of database `dbname` on this server (TCP, 127.0.0.1)."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def start(self) -> None:
        """initdb and start; PostgresUnavailable (with the reason) when it cannot be done."""
        self.bindir = find_bindir()
        if self.bindir is None:
            raise PostgresUnavailable(
                "no PostgreSQL server binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin "
                "or pg_config --bindir; `apt-get install postgresql` (make test does)"
            )
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                raise PostgresUnavailable(
                    "running as root, and there is no postgres user"
                ) from None
            self._as_user = ["runuser", "-u", "postgres", "--"]
        self.root = Path(tempfile.mkdtemp(prefix="article-bot-pg-"))
        self.root.chmod(0o755)
        if self._as_user:
            os.chown(self.root, user.pw_uid, user.pw_gid)
        try:
            self._tool(
                "initdb", "-D", str(self.data), "-A", "trust", "-U", SUPERUSER, "-E", "UTF8",
                "--no-sync",
            )  # fmt: skip
            self._start_on_a_free_port()
        except PostgresUnavailable:
            self.remove()
            raise

    def _start_on_a_free_port(self) -> None:
        last = ""
        for _ in range(3):  # a port taken between choosing and binding: choose another
            self.port = free_port()
            try:
                self.pg_ctl("start")
                return
            except PostgresUnavailable as exc:
                last = str(exc)
        raise PostgresUnavailable(last)

    def pg_ctl(self, action: str) -> None:
        """pg_ctl start, stop (fast: clients are disconnected) or restart, waiting for it."""
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=on"
            " -c max_connections=200"
        )
        args = ["-D", str(self.data), "-w", "-t", "60"]
        if action in ("start", "restart"):
            args += ["-o", options, "-l", str(self.log)]
        if action in ("stop", "restart"):
            args += ["-m", "fast"]
        self._tool("pg_ctl", *args, action)

    def stop(self) -> None:
        """Stop the server (it can be started again)."""
        self.pg_ctl("stop")

    def restart(self) -> None:
        """Stop (disconnecting every client) and start again on the same port."""
        self.pg_ctl("restart")

    def create_database(self) -> str:
        """A new empty database; its URL."""
        name = f"test_{os.getpid()}_{next(_counter)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by create_database (its connections are ended first)."""
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def remove(self) -> None:
        """Stop the server if it runs and delete its folder."""
        if self.root is None:
            return
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(PostgresUnavailable):
                self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def _tool(self, name: str, *args: str) -> None:
        assert self.bindir is not None
        command = [*self._as_user, str(self.bindir / name), *args]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            raise PostgresUnavailable(f"{name} failed: {exc}") from exc
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise PostgresUnavailable(
                f"{name} {' '.join(args[-1:])} failed ({done.returncode}): "
                f"{done.stderr.strip()[-2000:]}\n{log}"
            )


def start_or_skip() -> PostgresServer:
    """A started server; else the test skips with the reason, or fails with REQUIRE_POSTGRES=1."""
    server = PostgresServer()
    try:
        server.start()
    except PostgresUnavailable as exc:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(
                f"REQUIRE_POSTGRES=1, but no PostgreSQL server could be started: {exc}",
                pytrace=False,
            )
        pytest.skip(f"PostgreSQL tests skipped: no PostgreSQL server could be started ({exc})")
    return server
