"""`python -m bot` at a real terminal (a pty): what a person types, and what they see."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path


class Terminal:
    """The controlling side of a pty whose other side runs the bot."""

    def __init__(self, controller: int, child: subprocess.Popen[bytes]) -> None:
        self.controller = controller
        self.child = child

    def type(self, keys: bytes) -> None:
        """Send keys as a person types them (b"\\r" is Enter)."""
        os.write(self.controller, keys)

    def read_until(self, marker: bytes, timeout: float = 30.0) -> bytes:
        """What the terminal shows until `marker` (or the timeout, or the bot closing it)."""
        seen = b""
        deadline = time.monotonic() + timeout
        while marker not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([self.controller], [], [], 0.2)
            if ready:
                try:
                    seen += os.read(self.controller, 65536)
                except OSError:  # the child closed the terminal
                    break
        return seen


@contextmanager
def bot_at_a_terminal(
    args: Sequence[str], *, cwd: Path, env: Mapping[str, str] | None = None
) -> Iterator[Terminal]:
    """`python -m bot ARGS` with a pty for its standard input, output and error; killed if it
    is still running when the block ends."""
    import pty

    controller, terminal = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        cwd=cwd,
        env=None if env is None else dict(env),
        start_new_session=True,
    )
    os.close(terminal)
    try:
        yield Terminal(controller, child)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(controller)
