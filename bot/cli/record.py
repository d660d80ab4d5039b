"""What questions asked at the terminal (`ask`, the local prompt) came to, kept in the bot's store
for the curators, as Discord's are (`Store.record_result`).

Recording never slows or breaks answering: the answer is printed first, the store is opened and
written in a worker thread, and a failure (an unwritable data folder, a locked file) is logged
once and otherwise swallowed. What is queued is written before the command exits.
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import Self

from bot.config import Settings
from bot.engine import Engine, Result
from bot.store import Store, open_store

log = logging.getLogger(__name__)

# How long exiting waits for the last writes (each takes milliseconds).
CLOSE_PATIENCE = 5.0


class Recorder:
    """Records results into the store of `settings` in a worker thread (see the module)."""

    def __init__(self, settings: Settings, engine: Engine, *, source: str) -> None:
        self.settings = settings
        self.database = settings.database_path
        self.engine = engine
        self.source = source
        self._queue: queue.SimpleQueue[Result | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="recorder", daemon=True)
        self._thread.start()

    def record(self, result: Result) -> None:
        """Queue a result for the store; returns at once."""
        self._queue.put(result)

    def close(self) -> None:
        """Write what is queued (waiting at most CLOSE_PATIENCE) and stop."""
        self._queue.put(None)
        self._thread.join(CLOSE_PATIENCE)
        if self._thread.is_alive():
            log.warning("recording in %s took too long; some questions are lost", self.database)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self) -> None:
        store: Store | None = None
        failed = False
        try:
            while (result := self._queue.get()) is not None:
                if failed:
                    continue
                try:
                    if store is None:
                        store = open_store(self.settings)
                    store.record_result(result, self.engine, source=self.source, guild_id=None)
                except Exception as exc:  # never the asker's problem: said once, then dropped
                    failed = True
                    where = store.where if store is not None else self.database
                    log.warning("questions are not recorded in %s: %s", where, exc)
        finally:
            if store is not None:
                store.close()
