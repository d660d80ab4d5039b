"""A fake Discord (REST v10 + gateway) for end-to-end tests of a discord.py 2.x bot.

Usage::

    async with FakeDiscord() as fake:
        discord.http.Route.BASE = fake.api_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
        task = asyncio.create_task(bot.start(fake.token))
        await fake.wait_until_connected()
        handle = await fake.interact_command("ask", {"question": "Who?"})
        body = await handle.response(timeout=5)

See :class:`FakeDiscord` and :class:`InteractionHandle`.

Modules, one concern each, each owning its state and REST routes:

* ``driver``: :class:`FakeDiscord`, start/stop and the API tests call (post messages, run
  commands, click components, wait for the bot's posts, inject faults);
* ``gateway``: websocket sessions, IDENTIFY/RESUME, heartbeats, dispatch, ``/gateway``;
* ``commands``: the registered application commands and their routes;
* ``interactions``: INTERACTION_CREATE payloads, callbacks, followups, webhook messages;
* ``messages``: channel messages, the bot's posts, replies, edits, deletes, attachments;
* ``world``: the bot's identity, the guild, channels, members and users, and their routes;
* ``rest``: routing, authentication, injected 429s, the request record, spec validation;
* ``validation``, ``payloads``, ``models``: the spec checks, object builders, records/handles.
"""

from .driver import FakeDiscord
from .models import BotPost, InteractionHandle, Recorded
from .validation import ValidationIssue

Interaction = InteractionHandle

__all__ = [
    "BotPost",
    "FakeDiscord",
    "Interaction",
    "InteractionHandle",
    "Recorded",
    "ValidationIssue",
]
