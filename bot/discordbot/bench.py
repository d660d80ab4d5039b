"""`python -m bot bench --discord`: the real bot against the fake Discord, under load.

Starts the fake Discord from the source checkout's tests/fake_discord on 127.0.0.1, runs the
unmodified bot in the same process against it, and fires N concurrent /ask interactions for each
level. Prints, per level, the time from the interaction being dispatched on the gateway to the
bot's response arriving at the fake's REST API (p50, p99, max), and how many made Discord's
3-second deadline. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import math
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord

from bot.config import Settings
from bot.discordbot.client import ArticleBot
from bot.discordbot.runner import serve
from bot.engine import Engine

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_LEVELS = (1, 50, 500)
DEADLINE = 3.0
TOKEN = "bench-token-not-a-secret"


@dataclass(frozen=True)
class Level:
    """The outcome of one burst of concurrent interactions."""

    users: int
    latencies: list[float]  # seconds, of the acknowledged ones
    failed: int
    wall: float

    def percentile(self, q: float) -> float:
        """The q-th percentile (0-100) of the latencies in seconds, by nearest rank."""
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        rank = max(1, math.ceil(q / 100 * len(ordered)))
        return ordered[rank - 1]

    @property
    def within_deadline(self) -> int:
        """How many were acknowledged within Discord's 3 seconds."""
        return sum(1 for x in self.latencies if x <= DEADLINE)


def _load_fake() -> Any:
    """The FakeDiscord class from tests/fake_discord, or None (with the reason printed)."""
    if not (REPO_ROOT / "tests" / "support" / "fake_discord").is_dir():
        print(
            f"The Discord bench needs the fake Discord in tests/fake_discord of a source checkout; "
            f"there is none under {REPO_ROOT}. Run it from a clone of the repository.",
            file=sys.stderr,
        )
        return None
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    try:
        # Imported by name: tests/ is part of a source checkout, not of the installed package.
        module = importlib.import_module("tests.support.fake_discord")
    except ImportError as exc:
        print(
            f"Could not import the fake Discord ({exc}); install the test extras: "
            "pip install -e '.[test]'",
            file=sys.stderr,
        )
        return None
    return module.FakeDiscord


async def _burst(fake: Any, users: int, questions: list[str], patience: float) -> Level:
    start = time.perf_counter()
    handles = await asyncio.gather(
        *(
            fake.interact_command(
                "ask",
                {"question": questions[i % len(questions)]},
                locale="de" if i % 2 else "en-US",
            )
            for i in range(users)
        )
    )
    # The first callback attempt, accepted or not: a late one is refused (404) and stays so.
    await asyncio.gather(
        *(h.first_callback(timeout=patience) for h in handles), return_exceptions=True
    )
    wall = time.perf_counter() - start
    latencies = [h.ack_latency for h in handles if h.ack_latency is not None]
    return Level(users, latencies, users - len(latencies), wall)


async def bench(levels: list[int], *, validate: bool, patience: float) -> list[Level] | None:
    """Run the bot against the fake Discord and measure each level; None if there is no fake."""
    fake_cls = _load_fake()
    if fake_cls is None:
        return None
    engine = Engine.load()
    questions = [p.question[lang] for p in engine.kb.pairs for lang in ("de", "en")]
    with tempfile.TemporaryDirectory(prefix="article-bot-bench-") as tmp:
        async with fake_cls(token=TOKEN, validate=validate) as fake:
            settings = Settings(
                token=TOKEN,
                api_base=fake.api_base,
                gateway_url=fake.gateway_url,
                dev_guild_id=fake.guild_id,
                database_path=Path(tmp) / "feedback.sqlite3",
                # The bench measures the pipeline, not the per-user limit.
                ask_cooldown_seconds=0,
            )
            bot = ArticleBot(settings, engine=engine, guild_ready_timeout=0.1)
            task = asyncio.create_task(serve(settings, bot=bot))
            try:
                await fake.wait_until_connected(timeout=15)
                await _burst(fake, 1, questions, patience)  # warm-up
                return [await _burst(fake, n, questions, patience) for n in levels]
            finally:
                await bot.close()
                await task


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


def report(levels: list[Level], *, validate: bool) -> str:
    """The results as a table."""
    lines = [
        f"/ask against the fake Discord on 127.0.0.1 (discord.py {discord.__version__}, "
        f"request validation {'on' if validate else 'off'}); dispatch -> response received:",
        f"{'users':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'in 3 s':>8} {'failed':>6}"
        f" {'burst s':>8}",
    ]
    for level in levels:
        top = max(level.latencies) if level.latencies else float("nan")
        lines.append(
            f"{level.users:>6} {_ms(level.percentile(50))} {_ms(level.percentile(99))} "
            f"{_ms(top)} {level.within_deadline:>4}/{level.users:<3} {level.failed:>6}"
            f" {level.wall:>8.2f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m bot bench --discord`; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m bot bench --discord",
        description="Response times of the real bot against the fake Discord.",
    )
    parser.add_argument(
        "--levels",
        default=",".join(map(str, DEFAULT_LEVELS)),
        help="concurrent users per burst, comma-separated (default: %(default)s)",
    )
    parser.add_argument(
        "--validate",
        action="store_true",
        help="validate every request against Discord's OpenAPI spec (slower fake)",
    )
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds to wait for each response"
    )
    args = parser.parse_args(argv)
    try:
        levels = [int(x) for x in args.levels.split(",") if x.strip()]
    except ValueError:
        parser.error("--levels takes whole numbers, e.g. 1,50,500")
    if not levels or any(n < 1 for n in levels):
        parser.error("--levels takes whole numbers of 1 or more")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    results = asyncio.run(bench(levels, validate=args.validate, patience=args.timeout))
    if results is None:
        return 2
    print(report(results, validate=args.validate))
    return 0 if all(r.failed == 0 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
