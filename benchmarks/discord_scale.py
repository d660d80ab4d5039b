"""`python -m benchmarks.discord_scale`: the bot as 1, 2 and 4 processes (one shard each) against
the fake Discord in this process, under bursts of people asking at once.

Run from the root of a source checkout (it uses the fake Discord in tests/support). For each
process count N it starts the fake Discord on 127.0.0.1 with N shards and one guild on each
shard, then N unmodified `python -m bot` processes (`SHARD_COUNT=N`, `SHARD_IDS=i`) over one
store (a shared SQLite file, or `--database-url`), waits until every shard is ready, and fires
bursts of /ask interactions spread evenly over the guilds (so over the shards). The fake runs in
its own process, apart from the bots' event loops; its listen backlog (4096) holds a burst's
connections. Prints, per burst, the time from an interaction being dispatched to its
acknowledgement arriving (p50, p99, max), how many made Discord's 3 seconds, how many were never
acknowledged, and the acknowledgements per second over the burst. Nothing leaves 127.0.0.1.

    python -m benchmarks.discord_scale [--processes 1,2,4] [--levels 500,2000,5000]
        [--questions FILE ...] [--store sqlite|postgresql] [--database-url postgresql://...]

`--store postgresql` starts a temporary PostgreSQL server for the run (tests/support/postgres.py).

The figures depend on the cores: the bots and the fake share the machine's (see `nproc`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import add_questions_option, counts, temporary_postgres
from benchmarks.discord_load import DEADLINE, Level, _questions
from bot.cli.evaluate import CaseFileError
from bot.engine import Engine, KnowledgeError
from tests.support.fake_discord import FakeDiscord
from tests.support.paths import REPO_ROOT

DEFAULT_PROCESSES = (1, 2, 4)
DEFAULT_LEVELS = (500, 2000, 5000)
TOKEN = "bench-token-not-a-secret"
START_TIMEOUT = 90.0


def channels_on_shards(fake: FakeDiscord, shards: int) -> list[int]:
    """One text channel per shard, the i-th in a guild on shard i (the fake's first guild is
    used for its own shard, a guild is added for every other)."""
    first = (fake.guild_id >> 22) % shards
    channels = []
    for shard in range(shards):
        if shard == first:
            channels.append(fake.channel_id)
        else:
            channels.append(fake.add_guild(f"Shard {shard}", shard=(shard, shards))[1])
    return channels


def bot_env(fake: FakeDiscord, *, shards: int, shard: int, store: dict[str, str]) -> dict[str, str]:
    """The environment of the bot process serving `shard` of `shards`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SHARD_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        PYTHONPATH=str(REPO_ROOT),
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_BASE=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        SHARD_COUNT=str(shards),
        SHARD_IDS=str(shard),
        # The bench measures the pipeline, not the per-user limit.
        ASK_COOLDOWN_SECONDS="0",
        LOG_LEVEL="WARNING",
    )
    env.update(store)
    return env


@contextlib.asynccontextmanager
async def bot_processes(
    fake: FakeDiscord, shards: int, store: dict[str, str], workdir: Path
) -> AsyncIterator[list[asyncio.subprocess.Process]]:
    """`shards` bot processes, one shard each, stopped (SIGTERM, then SIGKILL) on the way out."""
    procs = []
    try:
        for shard in range(shards):
            log_file = (workdir / f"bot-{shard}.log").open("wb")
            procs.append(
                await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "bot",
                    cwd=workdir,
                    env=bot_env(fake, shards=shards, shard=shard, store=store),
                    stdout=log_file,
                    stderr=log_file,
                )
            )
            log_file.close()
        yield procs
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                await asyncio.wait_for(proc.wait(), 15)
            except TimeoutError:
                proc.kill()
                await proc.wait()


@dataclass(frozen=True)
class Burst:
    """One burst's acknowledgements, and the CPU time the bots and the fake spent on it."""

    level: Level
    bots_cpu: float  # seconds, all bot processes together
    fake_cpu: float  # seconds, this process (the fake Discord and the load)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def burst(
    fake: FakeDiscord,
    channels: Sequence[int],
    users: int,
    questions: Sequence[str],
    patience: float,
    *,
    pids: Sequence[int] = (),
) -> Burst:
    """`users` /ask interactions at once, the i-th in channel i mod len(channels)."""
    bots_before = sum(cpu_seconds(pid) for pid in pids)
    fake_before = time.process_time()
    start = time.perf_counter()
    handles = await asyncio.gather(
        *(
            fake.interact_command(
                "ask",
                {"question": questions[i % len(questions)]},
                locale="de" if i % 2 else "en-US",
                channel_id=channels[i % len(channels)],
            )
            for i in range(users)
        )
    )
    await asyncio.gather(
        *(h.first_callback(timeout=patience) for h in handles), return_exceptions=True
    )
    wall = time.perf_counter() - start
    latencies = [h.ack_latency for h in handles if h.ack_latency is not None]
    return Burst(
        Level(users, latencies, users - len(latencies), wall),
        bots_cpu=sum(cpu_seconds(pid) for pid in pids) - bots_before,
        fake_cpu=time.process_time() - fake_before,
    )


async def bench_processes(
    shards: int,
    levels: Sequence[int],
    questions: Sequence[str],
    *,
    database_url: str | None,
    patience: float,
) -> list[Burst]:
    """Start the fake and `shards` bot processes; measure each level after a warm-up."""
    with tempfile.TemporaryDirectory(prefix="article-bot-scale-") as tmp:
        workdir = Path(tmp)
        store = (
            {"DATABASE_URL": database_url}
            if database_url
            else {"DATABASE_PATH": str(workdir / "store.sqlite3")}
        )
        # Discord's deadline is 3 s; the bench waits longer, to count the late ones too.
        async with FakeDiscord(
            token=TOKEN, validate=False, shard_count=shards, ack_deadline=patience
        ) as fake:
            channels = channels_on_shards(fake, shards)
            async with bot_processes(fake, shards, store, workdir) as procs:
                try:
                    await _until_connected(fake, procs)
                except (TimeoutError, RuntimeError) as exc:
                    logs = "\n".join(
                        (workdir / f"bot-{i}.log").read_text(errors="replace")[-2000:]
                        for i in range(shards)
                    )
                    raise RuntimeError(f"the bots did not connect ({exc}):\n{logs}") from None
                pids = [p.pid for p in procs]
                await burst(fake, channels, 4 * shards, questions, patience)  # warm-up
                return [
                    await burst(fake, channels, n, questions, patience, pids=pids) for n in levels
                ]


async def _until_connected(fake: FakeDiscord, procs: Sequence[asyncio.subprocess.Process]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        exited = [p.returncode for p in procs if p.returncode is not None]
        if exited:
            raise RuntimeError(f"a bot process exited with {exited[0]}")
        with contextlib.suppress(TimeoutError):
            # Until every shard of the count the first IDENTIFY gave is connected.
            await fake.wait_until_connected(timeout=0.5)
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"not every shard was ready within {START_TIMEOUT:.0f} s")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.0f}"


def report(results: Sequence[tuple[int, Sequence[Burst]]], *, store: str) -> str:
    """One table: a row per (processes, burst), with the CPU time per interaction of the bots
    (together) and of the fake."""
    lines = [
        f"/ask against the fake Discord (its own process) on 127.0.0.1, {os.cpu_count()} cores, "
        f"store: {store}; dispatch -> acknowledgement:",
        f"{'procs':>5} {'users':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} "
        f"{'in 3 s':>11} {'failed':>6} {'acks/s':>8} {'bot cpu ms':>10} {'fake cpu ms':>11}",
    ]
    for processes, bursts in results:
        for b in bursts:
            level = b.level
            top = max(level.latencies) if level.latencies else float("nan")
            rate = len(level.latencies) / level.wall if level.wall else float("nan")
            lines.append(
                f"{processes:>5} {level.users:>6} {_ms(level.percentile(50))} "
                f"{_ms(level.percentile(99))} {_ms(top)} "
                f"{level.within_deadline:>5}/{level.users:<5} {level.failed:>6} {rate:>8.0f}"
                f" {b.bots_cpu * 1000 / level.users:>10.2f}"
                f" {b.fake_cpu * 1000 / level.users:>11.2f}"
            )
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.discord_scale",
        description="The bot as several processes (a shard each) against the fake Discord.",
    )
    parser.add_argument(
        "--processes",
        default=",".join(map(str, DEFAULT_PROCESSES)),
        help="bot process counts to measure, comma-separated (default: %(default)s)",
    )
    parser.add_argument(
        "--levels",
        default=",".join(map(str, DEFAULT_LEVELS)),
        help="people asking at once per burst, comma-separated (default: %(default)s)",
    )
    add_questions_option(parser)
    parser.add_argument(
        "--store",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="one SQLite file for all processes, or a temporary PostgreSQL server "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="postgresql://... of a PostgreSQL database to use instead of a temporary one",
    )
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds to wait for each acknowledgement"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; returns 1 if any interaction went unacknowledged."""
    parser = build_parser()
    args = parser.parse_args(argv)
    processes = counts(args.processes, "--processes", parser)
    levels = counts(args.levels, "--levels", parser)
    try:
        questions, source = _questions(Engine.load(), args.questions)
    except (KnowledgeError, CaseFileError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    print(f"questions: {source}; Discord's deadline: {DEADLINE:g} s")
    with ExitStack() as stack:
        url = args.database_url
        server = (
            stack.enter_context(temporary_postgres())
            if url is None and args.store == "postgresql"
            else None
        )
        results = []
        for n in processes:
            if server is not None:
                url = server.create_database()  # a fresh database for each process count
            levels_n = asyncio.run(
                bench_processes(n, levels, questions, database_url=url, patience=args.timeout)
            )
            results.append((n, levels_n))
    print(report(results, store="PostgreSQL" if url else "SQLite (one file)"))
    return 0 if all(b.level.failed == 0 for _, bursts in results for b in bursts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
