"""The same knowledge in every process: a version announced in the store, watched by each process.

A bot may run as several processes (its shards split over them, on one machine or several) over
one store. When one of them changes what it serves (`/kb reload`, an attach from the review
queue, on Discord or on the command line), it announces the knowledge's fingerprint in the store
(`Store.announce_knowledge`: a version number that only grows, the fingerprint, who and when).
Every process polls that row (one tiny read every KNOWLEDGE_POLL_SECONDS) and, when the version
moved past the one it has seen and the fingerprint is not that of what it serves, loads the
knowledge from its own folder again. A load that fails keeps the last good knowledge serving and
is reported (`articlebot_knowledge_reload_failures_total`, `articlebot_knowledge_current` 0); so
is a folder whose files are not the ones announced (several machines need one shared folder, e.g.
a volume: the store carries the version, not the files).

No Discord here: the bot runs `KnowledgeSync.run` as a task; `fingerprint` is also used where the
knowledge is changed (bot.curation, the reload command).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bot.engine import Engine, KnowledgeError, default_knowledge_dir

log = logging.getLogger(__name__)

# The files that make up a knowledge folder (the loader reads these and nothing else).
KNOWLEDGE_SUFFIXES = (".toml", ".txt", ".md")


def fingerprint(knowledge_dir: Path | None) -> str:
    """A hash of every knowledge file under `knowledge_dir` (default: the shipped folder): their
    paths relative to it and their bytes. The same files give the same fingerprint anywhere."""
    root = knowledge_dir or default_knowledge_dir()
    digest = hashlib.sha256()
    files = sorted(p for p in root.rglob("*") if p.suffix in KNOWLEDGE_SUFFIXES and p.is_file())
    for path in files:
        data = path.read_bytes()
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()[:16]


class AnnouncedVersion(Protocol):
    """The store's record of the latest knowledge (bot.store.KnowledgeVersion)."""

    @property
    def version(self) -> int: ...

    @property
    def content_hash(self) -> str: ...


class VersionStore(Protocol):
    """What KnowledgeSync needs of the store (bot.store.Store has it)."""

    def announce_knowledge(self, content_hash: str, *, by: str) -> int: ...

    def knowledge_version(self) -> AnnouncedVersion | None: ...


@dataclass(frozen=True)
class Reloaded:
    """What a poll did: loaded the announced knowledge (ok), or failed and kept the last good."""

    version: int
    ok: bool
    current: bool  # the files this process read are the announced ones


class KnowledgeSync:
    """Keeps one process serving the knowledge announced in the store.

    `load()` builds an engine from the process's folder (blocking: run in a thread), `serve`
    puts it to use, `on_reload(ok)` counts a reload. `knowledge_dir` is where the files are.
    """

    def __init__(
        self,
        store: VersionStore,
        knowledge_dir: Path | None,
        *,
        load: Callable[[], Engine],
        serve: Callable[[Engine], None],
        on_reload: Callable[[bool], None] = lambda ok: None,
    ) -> None:
        self.store = store
        self.knowledge_dir = knowledge_dir
        self._load = load
        self._serve = serve
        self._on_reload = on_reload
        # The version this process has acted on, and the fingerprint of what it serves.
        self.seen = 0
        self.served = ""
        # False while the knowledge served is older than the announced one (a reload failed,
        # or this folder is not the announced one).
        self.current = True

    # --- blocking parts (call them in a worker thread) -----------------------------------------

    def start(self) -> None:
        """At start, after the first load (or after a change announced elsewhere in this
        process): what this process serves is what its folder holds now, and the latest version
        announced is seen."""
        self.served = fingerprint(self.knowledge_dir)
        latest = self.store.knowledge_version()
        self.seen = latest.version if latest is not None else 0
        self.current = latest is None or latest.content_hash == self.served

    def announce(self, *, by: str) -> int:
        """This process changed what it serves (it loaded the folder as it is now): tell the
        others. Returns the new version."""
        self.served = fingerprint(self.knowledge_dir)
        self.seen = self.store.announce_knowledge(self.served, by=by)
        self.current = True
        log.info("knowledge %s announced as version %d", self.served, self.seen)
        return self.seen

    def check(self) -> Reloaded | None:
        """Load the knowledge again if another process announced a newer one; None if not."""
        latest = self.store.knowledge_version()
        if latest is None or latest.version <= self.seen:
            return None
        self.seen = latest.version
        if latest.content_hash == self.served:
            self.current = True
            return None
        before = fingerprint(self.knowledge_dir)
        try:
            engine = self._load()
        except KnowledgeError as exc:
            self.current = False
            self._on_reload(False)
            log.error(
                "knowledge version %d could not be loaded; the last good knowledge keeps "
                "serving: %s",
                latest.version,
                exc,
            )
            return Reloaded(latest.version, ok=False, current=False)
        self._serve(engine)
        self._on_reload(True)
        self.served = before
        self.current = before == latest.content_hash
        if self.current:
            log.info("knowledge version %d loaded (%s)", latest.version, before)
        else:
            log.warning(
                "knowledge version %d loaded, but this folder's files (%s) are not the ones "
                "announced (%s): do all processes share one knowledge folder?",
                latest.version,
                before,
                latest.content_hash,
            )
        return Reloaded(latest.version, ok=True, current=self.current)

    # --- the watcher ---------------------------------------------------------------------------

    async def run(self, interval: float) -> None:
        """Check every `interval` seconds until cancelled; a store that is down is retried at
        the next check (the knowledge served meanwhile stays)."""
        failing = False
        while True:
            await asyncio.sleep(interval)
            try:
                await asyncio.to_thread(self.check)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if not failing:  # once per outage, not every few seconds
                    log.warning("could not check the knowledge version (%s); trying again", exc)
                failing = True
            else:
                if failing:
                    log.info("the knowledge version can be checked again")
                failing = False
