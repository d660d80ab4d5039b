"""`python -m benchmarks.discord_load`: the real bot against the fake Discord, under load.

Run from the root of a source checkout (it uses the fake Discord in tests/support). Starts the
fake Discord on 127.0.0.1, runs the unmodified bot in the same process against it, and fires N
concurrent /ask interactions for each level. Prints, per level, the time from the interaction
being dispatched on the gateway to the bot's response arriving at the fake's REST API (p50, p99,
max), and how many made Discord's 3-second deadline. Nothing leaves 127.0.0.1.

The fake shares the bot's event loop, so its own work (about a quarter of a millisecond per
interaction) is in the figures too.

    python -m benchmarks.discord_load [--levels 1,50,500] [--questions FILE ...] [--validate]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from benchmarks.common import add_questions_option, counts
from bot.cli.evaluate import CaseFileError, load_cases
from bot.config import Settings
from bot.discordbot import endpoints
from bot.discordbot.client import ArticleBot
from bot.discordbot.runner import serve
from bot.engine import Engine, KnowledgeError
from tests.support.fake_discord import FakeDiscord

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


async def _burst(fake: FakeDiscord, users: int, questions: Sequence[str], patience: float) -> Level:
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


async def bench(
    engine: Engine,
    questions: Sequence[str],
    levels: Sequence[int],
    *,
    validate: bool,
    patience: float,
) -> list[Level]:
    """Run the bot against the fake Discord and measure each level (after a one-user warm-up)."""
    saved = endpoints.current()
    with tempfile.TemporaryDirectory(prefix="article-bot-bench-") as tmp:
        async with FakeDiscord(token=TOKEN, validate=validate) as fake:
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
                endpoints.restore(saved)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


def report(levels: Sequence[Level], *, validate: bool) -> str:
    """The results as a table: a title line, a header line, one row per level."""
    lines = [
        f"/ask against the fake Discord on 127.0.0.1 (discord.py {version('discord.py')}, "
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


def _questions(engine: Engine, files: Sequence[Path]) -> tuple[list[str], str]:
    """The questions to ask and where they come from: every question of the files, else the
    knowledge's own canonical questions (German and English)."""
    if not files:
        canonical = [p.question[lang] for p in engine.kb.pairs for lang in ("de", "en")]
        return canonical, (
            f"{len(canonical)} canonical questions of the knowledge (no --questions FILE given)"
        )
    questions = [case.question for path in files for case in load_cases(path)]
    return questions, f"{len(questions)} from {', '.join(str(f) for f in files)}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.discord_load",
        description="Response times of the real bot against the fake Discord, under load.",
    )
    parser.add_argument(
        "--levels",
        default=",".join(map(str, DEFAULT_LEVELS)),
        help="concurrent users per burst, comma-separated (default: %(default)s)",
    )
    add_questions_option(parser)
    parser.add_argument(
        "--knowledge", type=Path, default=None, help="knowledge folder (default: the shipped one)"
    )
    parser.add_argument("--article", default=None, help="article folder id (default: the only one)")
    parser.add_argument(
        "--validate",
        action="store_true",
        help="validate every request against Discord's OpenAPI spec (slower fake)",
    )
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds to wait for each response"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; returns the exit code (1 if any interaction went unanswered)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    levels = counts(args.levels, "--levels", parser)
    try:
        engine = Engine.load(args.knowledge, args.article)
        questions, source = _questions(engine, args.questions)
    except (KnowledgeError, CaseFileError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not questions:
        print("error: no questions to ask", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    print(f"questions: {source}")
    results = asyncio.run(
        bench(engine, questions, levels, validate=args.validate, patience=args.timeout)
    )
    print(report(results, validate=args.validate))
    return 0 if all(r.failed == 0 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
