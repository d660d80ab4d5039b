"""Where discord.py connects: Discord itself, or another address (a fake Discord in tests).

discord.py reads no settings for its endpoints; two class attributes decide. `Route.BASE` is read
whenever a REST request is built (webhooks and interaction callbacks use it too), and
`DiscordWebSocket.DEFAULT_GATEWAY` is where a client with a known shard count (or a plain client)
connects. An AutoShardedBot without a shard count asks `GET /gateway/bot`, which the REST base
answers. Both are patched together, so a token never goes to Discord while the other half points
elsewhere.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Endpoints:
    """The REST base and the gateway URL discord.py uses."""

    api_base: str
    gateway: yarl.URL


# What discord.py ships with, kept to restore it (tests run several bots in one process).
DISCORD = Endpoints(Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)


def current() -> Endpoints:
    """The endpoints discord.py uses right now."""
    return Endpoints(Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)


def configure(api_base: str | None, gateway_url: str | None) -> Endpoints:
    """Point discord.py at `api_base` / `gateway_url` where given; unset leaves it untouched.

    Returns the endpoints in effect before, for `restore`.
    """
    before = current()
    if api_base:
        Route.BASE = api_base.rstrip("/")
        log.info("REST API base: %s", Route.BASE)
    if gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
        log.info("gateway: %s", DiscordWebSocket.DEFAULT_GATEWAY)
    return before


def restore(endpoints: Endpoints) -> None:
    """Put back endpoints returned by `configure`."""
    Route.BASE = endpoints.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = endpoints.gateway
