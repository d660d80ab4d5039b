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
"""

from .models import BotPost, InteractionHandle, Recorded
from .server import FakeDiscord
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
