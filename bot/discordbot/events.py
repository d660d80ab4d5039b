"""What discord.py does with one person's action (an interaction, a message): guarded, so that a
failure in it ends nothing else, and tracked, so that a stop can let it finish.

discord.py turns each gateway event into objects in a parser of its connection state
(`parsers["INTERACTION_CREATE"]`, ...) and starts the handlers as tasks from there. An exception
in a parser leaves the shard's read loop and ends the whole client (one component interaction
without `custom_id` did). For the events people cause, `EventGuard` wraps the parser: a failure
is logged with the event's ids (never its text or token) and the person gets the polite error
note where there is an interaction to answer; the tasks the parser started are this event's
work, kept in `in_flight` until they end, and `drain` waits for them.

Only these events are guarded: a failure in the gateway's own bookkeeping (READY, GUILD_CREATE)
means the client's state is wrong, and failing loudly is right there.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import discord

from bot.discordbot.locales import language_of
from bot.discordbot.sending import tell
from bot.texts import t

if TYPE_CHECKING:
    from bot.discordbot.client import ArticleBot

log = logging.getLogger(__name__)

GUARDED = ("INTERACTION_CREATE", "MESSAGE_CREATE")
# Interactions that can take a message in answer (not a ping, not autocomplete).
_ANSWERABLE = (
    discord.InteractionType.application_command.value,
    discord.InteractionType.component.value,
    discord.InteractionType.modal_submit.value,
)

Parser = Callable[[Any], None]


def _ids(event: str, data: Any) -> str:
    # Who, where and what, from the raw payload: ids only (no text, no interaction token).
    if not isinstance(data, Mapping):
        return f"event={event}"
    member = data.get("member")
    author = data.get("author") or data.get("user")
    if author is None and isinstance(member, Mapping):
        author = member.get("user")
    inner = data.get("data")
    if not isinstance(inner, Mapping):
        inner = {}
    parts = {
        "event": event,
        "id": data.get("id"),
        "type": data.get("type"),
        "what": inner.get("name") or inner.get("custom_id"),
        "user": author.get("id") if isinstance(author, Mapping) else None,
        "guild": data.get("guild_id"),
        "channel": data.get("channel_id"),
    }
    return " ".join(f"{k}={v}" for k, v in parts.items() if v is not None)


class EventGuard:
    """Guards the parsers of `GUARDED` events of `bot` and tracks the work they start."""

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot
        self.in_flight: set[asyncio.Task[Any]] = set()
        # `parsers` is the dict each gateway connection looks events up in (by reference).
        parsers = bot._connection.parsers
        for event in GUARDED:
            parsers[event] = self._guarded(event, parsers[event])

    def _guarded(self, event: str, parse: Parser) -> Parser:
        def guarded(data: Any) -> None:
            # The parser starts the handlers as tasks and returns: the tasks made while it runs
            # (synchronously: nothing else runs meanwhile) are its work. A task factory for
            # that moment sees each of them at O(1), where a diff of all tasks would cost O(n).
            loop = asyncio.get_running_loop()
            previous = loop.get_task_factory()

            def track(
                loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any
            ) -> asyncio.Future[Any]:
                if previous is not None:
                    task = previous(loop, coro, **kwargs)
                else:
                    task = asyncio.Task(coro, loop=loop, **kwargs)
                if isinstance(task, asyncio.Task):
                    self._track(task)
                return task

            loop.set_task_factory(track)
            try:
                parse(data)
            except Exception:
                log.exception("discord.py could not handle an event (%s)", _ids(event, data))
                self.bot.metrics.error("event")
                if event == "INTERACTION_CREATE":
                    self._track(asyncio.create_task(self._apologise(data)))
            finally:
                loop.set_task_factory(previous)

        return guarded

    def _track(self, task: asyncio.Task[Any]) -> None:
        self.in_flight.add(task)
        task.add_done_callback(self.in_flight.discard)

    async def _apologise(self, data: Any) -> None:
        # Best effort: if discord.py can read the payload as an interaction at all, say sorry.
        if not isinstance(data, Mapping) or data.get("type") not in _ANSWERABLE:
            return
        try:
            interaction: discord.Interaction[Any] = discord.Interaction(
                data=data,  # type: ignore[arg-type]
                state=self.bot._connection,
            )
        except Exception:
            log.debug("the failed interaction cannot be answered either", exc_info=True)
            return
        await tell(interaction, t("error", language_of(interaction.locale)))

    async def drain(self, timeout: float) -> int:  # noqa: ASYNC109
        """Wait up to `timeout` seconds for the work in flight (also what starts meanwhile);
        returns how many tasks were still running then."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        me = asyncio.current_task()
        while True:
            pending = {task for task in self.in_flight if task is not me and not task.done()}
            remaining = deadline - loop.time()
            if not pending or remaining <= 0:
                return len(pending)
            await asyncio.wait(pending, timeout=remaining)
