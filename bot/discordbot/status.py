"""The status endpoint (STATUS_PORT): `GET /healthz` and `GET /metrics`, over HTTP, in the bot's
own event loop (aiohttp's server, which discord.py already depends on).

`/healthz` answers 200 only while every shard of this process is connected and ready, 503
otherwise (also while the bot is stopping), with a short JSON body:
`{"status": "ok", "shard_count": 2, "shards": [{"id": 0, "ready": true, "latency": 0.042,
"guilds": 12}]}`: the shards this process runs (of `shard_count` across every process), latency in
seconds (null before the first heartbeat), the guilds each serves. `/metrics` is the Prometheus
text format (see `metrics.py`).
"""

from __future__ import annotations

import logging

from aiohttp import web

from bot.config import ConfigError
from bot.discordbot.health import ShardHealth
from bot.discordbot.metrics import Metrics

log = logging.getLogger(__name__)


class StatusServer:
    """Serves the health and metrics of one bot on `host:port` between `start` and `close`."""

    def __init__(self, health: ShardHealth, metrics: Metrics, host: str, port: int) -> None:
        self.health = health
        self.metrics = metrics
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Listen; ConfigError if the address cannot be had (in use, not ours, ...)."""
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        # No signal handling of its own (the runner's), no access log (a scrape every 15 s).
        runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port)
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            raise ConfigError(
                [f"STATUS_PORT={self.port}: cannot listen on {self.host}:{self.port} ({exc})"]
            ) from None
        self._runner = runner
        # With port 0 (tests) the system picked one: report the real one.
        self.port = int(runner.addresses[0][1])
        log.info("status endpoint on http://%s:%d (/healthz, /metrics)", self.host, self.port)

    async def close(self) -> None:
        """Stop listening (idempotent)."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _healthz(self, request: web.Request) -> web.Response:
        states = self.health.states()
        shards = [
            {"id": s.id, "ready": s.ready, "latency": s.latency, "guilds": s.guilds} for s in states
        ]
        healthy = self.health.healthy()
        body: dict[str, object] = {
            "status": "ok" if healthy else "unavailable",
            "shard_count": self.health.bot.shard_count,
            "shards": shards,
        }
        if self.health.stopping:
            body["stopping"] = True
        return web.json_response(body, status=200 if healthy else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        body, content_type = self.metrics.exposition(request.headers.get("Accept"))
        return web.Response(body=body, headers={"Content-Type": content_type})
