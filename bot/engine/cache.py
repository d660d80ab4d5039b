"""A cache of built engines: the loaded, validated, normalised and indexed knowledge, kept on
disk under a key made of the bytes of every knowledge file the loader reads, where they are, and
the engine's own code. The same bytes and the same code give the same engine, so a warm start
unpickles it instead of reading, checking and indexing everything again; any change to any of
those files (or to the engine's code) is another key, so the next start loads, checks and builds
afresh (and stores that).

The cache lives in $ARTICLE_BOT_CACHE_DIR, else $XDG_CACHE_HOME/article-bot, else
~/.cache/article-bot; ARTICLE_BOT_CACHE=0 turns it off. It is only an optimisation: a folder
that cannot be made or written, a file that cannot be read or does not unpickle, all fall back
to building (silently). Only files owned by this user in a folder only this user may write are
read (a pickle runs code when loaded). At most KEEP entries are kept, the newest.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from bot.engine.knowledge import collector_paused

T = TypeVar("T")

# Entries kept (each knowledge folder, or version of it, is one).
KEEP = 8
_SUFFIX = ".engine.pickle"
_ENGINE_CODE = Path(__file__).resolve().parent


def cache_dir(environ: dict[str, str] | None = None) -> Path | None:
    """Where engines are cached, or None when caching is off."""
    env = os.environ if environ is None else environ
    if env.get("ARTICLE_BOT_CACHE", "").strip() == "0":
        return None
    explicit = env.get("ARTICLE_BOT_CACHE_DIR", "").strip()
    if explicit:
        return Path(explicit)
    xdg = env.get("XDG_CACHE_HOME", "").strip()
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "article-bot"
    home = env.get("HOME", "").strip()
    return Path(home) / ".cache" / "article-bot" if home else None


def knowledge_files(root: Path, folder: Path) -> list[Path]:
    """Every file the loader reads for the article in `folder` (see loader.py), in a fixed
    order; missing optional ones are simply not listed."""
    files = [root / "aliases.toml"]
    files.extend(folder / name for name in ("aliases.toml", "article.toml", "article.txt"))
    files.append(folder / "texts.toml")
    qa = folder / "qa"
    if qa.is_dir():
        files.extend(sorted(qa.glob("*.toml"), key=lambda p: p.stem))
    return files


def _code_version() -> bytes:
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(_ENGINE_CODE.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.digest()


def cache_key(root: Path, folder: Path, extra: str = "") -> str | None:
    """The key of the knowledge in `folder` as it is now (None if a file cannot be read)."""
    digest = hashlib.sha256(_code_version())
    digest.update(str(root.resolve()).encode())
    digest.update(folder.name.encode())
    digest.update(extra.encode())
    for path in knowledge_files(root, folder):
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            digest.update(b"\0missing\0" + path.name.encode())
            continue
        except OSError:
            return None
        digest.update(f"\0{path.relative_to(root)}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _private(directory: Path) -> bool:
    """Whether `directory` is ours and nobody else may write in it."""
    try:
        info = directory.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def cached(key: str | None, build: Callable[[], T], directory: Path | None) -> T:
    """The value stored under `key`, else `build()` (stored for next time)."""
    if key is None or directory is None:
        return build()
    path = directory / f"{key}{_SUFFIX}"
    if _private(directory):
        try:
            with path.open("rb") as f:
                if os.fstat(f.fileno()).st_uid == os.getuid():
                    # Unpickling makes a hundred thousand objects and no garbage: the cyclic
                    # collector's passes over them meanwhile would cost a fifth of it.
                    with collector_paused():
                        value: T = pickle.load(f)
                    return value
        except Exception:  # not there, unreadable or stale: build it
            pass
    value = build()
    _store(directory, path, value)
    return value


def _store(directory: Path, path: Path, value: object) -> None:
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(directory):
            return
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        entries = sorted(
            directory.glob(f"*{_SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except Exception:  # an optimisation only: never the asker's problem
        return
