"""`python -m bot [command]`: the bot's command line.

No command: serve Discord when DISCORD_TOKEN is set, else open the local question prompt if
standard input is a terminal; started without either (as a service manager starts it), it says
that no token was found, and where it looked, and exits non-zero.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from argparse import SUPPRESS
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import (
    FROM_ENVIRONMENT,
    ConfigError,
    Settings,
    env_file_in,
    is_file,
    load_settings,
)
from bot.engine import (
    LANGUAGES,
    Engine,
    KnowledgeError,
    Language,
    default_knowledge_dir,
    load_knowledge,
)

if TYPE_CHECKING:
    from bot.cli.record import Recorder

EXIT_USAGE = 2
EXIT_KNOWLEDGE = 3
NO_RECORD_HELP = (
    "do not keep the questions in the bot's store (DATABASE_PATH or DATABASE_URL) for the "
    "curators' review queue"
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m bot`."""
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description=(
            "Answers questions about one news article. Without a command: serves Discord when "
            "DISCORD_TOKEN is set, otherwise opens a local question prompt at a terminal."
        ),
    )
    parser.add_argument(
        "--env-file",
        type=Path,
        default=None,
        metavar="FILE",
        help="read settings from FILE (default: $ENV_FILE, else .env in the current directory); "
        "environment variables win over it",
    )
    parser.add_argument(
        "--knowledge",
        type=Path,
        default=None,
        help="knowledge folder (default: $KNOWLEDGE_DIR or the shipped one)",
    )
    parser.add_argument(
        "--article", default=None, help="article folder id (default: $ARTICLE_ID or the only one)"
    )
    parser.add_argument("--no-record", action="store_true", help=NO_RECORD_HELP)
    sub = parser.add_subparsers(dest="command")

    ask = sub.add_parser("ask", help="answer one question (or many, one per line, with -)")
    ask.add_argument("question", help='the question, or "-" to read one question per line')
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--lang", choices=list(LANGUAGES), default=None, help="language if unclear")
    ask.add_argument("--no-record", action="store_true", default=SUPPRESS, help=NO_RECORD_HELP)

    chat = sub.add_parser("chat", help="open the local question prompt")
    chat.add_argument("--no-record", action="store_true", default=SUPPRESS, help=NO_RECORD_HELP)

    kb = sub.add_parser("kb", help="knowledge base tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    kb_sub.add_parser("check", help="validate the knowledge files and print coverage")
    synth = kb_sub.add_parser(
        "synth",
        help="write a synthetic knowledge folder of N phrasings (the real format) for benchmarks",
    )
    synth.add_argument("--phrasings", type=int, required=True, metavar="N")
    synth.add_argument("--out", type=Path, required=True, metavar="DIR")
    synth.add_argument("--seed", type=int, default=7)

    ev = sub.add_parser("eval", help="run a labelled question file and report accuracy")
    ev.add_argument("file", type=Path, help="JSON lines: {question, expect: [pair ids]}")
    ev.add_argument("--min-accuracy", type=float, default=None, help="fail below this (0-1)")
    ev.add_argument("--min-rejection", type=float, default=None, help="fail below this (0-1)")
    ev.add_argument("--quiet", action="store_true", help="do not list every miss")

    bench = sub.add_parser(
        "bench",
        help="measure speed and memory",
        description="Load time, latency, throughput and peak memory of the engine (shipped and "
        "synthetic knowledge) and a BM25 baseline. The bot's response times on a fake Discord "
        "are measured from a source checkout: python -m benchmarks.discord_load",
    )
    bench.add_argument(
        "--questions",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="question file to replay (JSON lines, as for eval); repeatable "
        "(default: the knowledge's canonical questions)",
    )
    bench.add_argument(
        "--sizes",
        default="10000,100000",
        help="synthetic knowledge sizes in phrasings (comma list)",
    )

    sub.add_parser("sync", help="register the slash commands globally on Discord")
    db = sub.add_parser(
        "db",
        help="the store's schema: apply pending migrations, or show where it stands",
        description="The store is PostgreSQL at DATABASE_URL if set, else the SQLite file "
        "DATABASE_PATH. Every process applies pending migrations at start; these commands do it "
        "by hand. Exit codes: 0 done, 1 the store cannot be used (newer schema, unreadable), "
        "2 unreachable (PostgreSQL down, SQLite locked).",
    )
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply the pending migrations and print what was applied")
    db_sub.add_parser("status", help="print the backend, its schema version and what is pending")
    fb = sub.add_parser("feedback", help="what curators should look at next")
    fb.add_argument("--limit", type=int, default=15)

    review = sub.add_parser(
        "review",
        help="the review queue: questions people asked and did not get, to attach to a pair",
        description="Walk the review queue (similar unanswered questions, grouped, with the "
        "pairs they may belong to) on the bot's store (DATABASE_PATH) and knowledge folder "
        "(KNOWLEDGE_DIR). Exit codes: 0 done, 1 refused (nothing written), 2 no such group.",
    )
    review.add_argument("--json", action="store_true", help="print the queue as one JSON object")
    review_sub = review.add_subparsers(dest="review_command")
    attach = review_sub.add_parser("attach", help="attach a group's questions to a pair")
    attach.add_argument("group", help="the group's id (review --json)")
    attach.add_argument("--pair", required=True, help="the pair's id")
    dismiss = review_sub.add_parser("dismiss", help="keep a group out of the queue for good")
    dismiss.add_argument("group", help="the group's id (review --json)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    if args.env_file is not None and not is_file(args.env_file):
        print(f"error: --env-file {args.env_file}: no such file", file=sys.stderr)
        return EXIT_USAGE
    try:
        settings = load_settings(env_file=args.env_file or FROM_ENVIRONMENT)
    except ConfigError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    # --knowledge / --article win over KNOWLEDGE_DIR / ARTICLE_ID.
    if args.knowledge is not None:
        settings = replace(settings, knowledge_dir=args.knowledge)
    if args.article is not None:
        settings = replace(settings, article_id=args.article)
    command = args.command

    if command == "db":
        from bot.cli.db import cmd_db

        return cmd_db(settings, args.db_command)
    if command in (None, "sync", "feedback"):
        return _discord_side(args, settings)
    if command == "kb" and args.kb_command == "synth":
        from bot.cli.kb_synth import cmd_kb_synth

        root = settings.knowledge_dir or default_knowledge_dir()
        try:
            kb = load_knowledge(root, settings.article_id)
        except KnowledgeError as e:
            print(f"error: {e}", file=sys.stderr)
            return EXIT_KNOWLEDGE
        return cmd_kb_synth(kb, root, args.out, args.phrasings, args.seed)
    try:
        engine = Engine.load(settings.knowledge_dir, settings.article_id)
    except KnowledgeError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_KNOWLEDGE
    # The engine (hundreds of thousands of objects, no garbage) lives as long as the process:
    # the cyclic collector need not walk it again, nor everything imported. Frozen, they are
    # also left out of the collections at exit, which took a short `ask` ~30 ms.
    gc.freeze()
    if command == "ask":
        with _recording(args, settings, engine, "cli_ask") as recorder:
            return cmd_ask(
                engine, args.question, as_json=args.json, language=args.lang, recorder=recorder
            )
    if command == "chat":
        from bot.cli.prompt import run_prompt

        with _recording(args, settings, engine, "prompt") as recorder:
            return run_prompt(engine, recorder=recorder)
    if command == "review":
        from bot.cli.review import cmd_review

        return cmd_review(
            engine,
            settings,
            action=args.review_command,
            group_id=getattr(args, "group", None),
            pair_id=getattr(args, "pair", None),
            as_json=args.json,
        )
    if command == "kb":
        from bot.cli.kb_check import cmd_kb_check

        return cmd_kb_check(engine)
    if command == "eval":
        from bot.cli.evaluate import cmd_eval

        return cmd_eval(engine, args.file, args.min_accuracy, args.min_rejection, args.quiet)
    if command == "bench":
        from bot.cli.bench import cmd_bench

        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        return cmd_bench(engine, args.questions, sizes, settings.knowledge_dir)
    return EXIT_USAGE


def _discord_side(args: argparse.Namespace, settings: Settings) -> int:
    """Commands that need more than the engine (token, database): run, sync, feedback."""
    if args.command == "feedback":
        from bot.cli.feedback_report import cmd_feedback

        try:
            engine = Engine.load(settings.knowledge_dir, settings.article_id)
        except KnowledgeError as e:
            print(f"warning: {e}", file=sys.stderr)
            return cmd_feedback(settings, args.limit)
        return cmd_feedback(settings, args.limit, engine)
    if args.command == "sync":
        if not settings.token:
            print(
                f"error: sync needs the bot's token: {_no_token(args.env_file)}.", file=sys.stderr
            )
            return EXIT_USAGE
        from bot.discordbot import runner

        return runner.sync(settings)
    if settings.token:
        from bot.discordbot import runner

        return runner.run(settings)
    if not _at_a_terminal():
        # A service manager (or a pipe) started it: the prompt would meet the end of its input and
        # exit 0, and everyone would think the bot is serving.
        print(
            f"error: {_no_token(args.env_file)}; set it there or name an env file with "
            "--env-file or ENV_FILE. Without a token, `ask --json -` and `chat` answer questions "
            "from standard input.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        engine = Engine.load(settings.knowledge_dir, settings.article_id)
    except KnowledgeError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_KNOWLEDGE
    from bot.cli.prompt import run_prompt

    with _recording(args, settings, engine, "prompt") as recorder:
        return run_prompt(engine, announce_local=True, recorder=recorder)


@contextlib.contextmanager
def _recording(
    args: argparse.Namespace, settings: Settings, engine: Engine, source: str
) -> Iterator[Recorder | None]:
    """A recorder into the bot's store (None with --no-record); its writes finish on leaving."""
    if args.no_record:
        yield None
        return
    # Imported here: the store is not needed when nothing is recorded.
    from bot.cli.record import Recorder

    with Recorder(settings, engine, source=source) as recorder:
        yield recorder


def _at_a_terminal() -> bool:
    """Whether standard input is a terminal (a person who can use the local prompt)."""
    return sys.stdin is not None and sys.stdin.isatty()


def _no_token(env_file: Path | None) -> str:
    """That no token was found, and where the bot looked for one."""
    path = (env_file or env_file_in()).absolute()
    where = f"in {path}" if is_file(path) else f"in {path}, which does not exist"
    return f"no DISCORD_TOKEN found (looked in the environment and {where})"


def cmd_ask(
    engine: Engine,
    question: str,
    *,
    as_json: bool,
    language: Language | None,
    recorder: Recorder | None = None,
) -> int:
    """Answer one question, or every line of standard input for "-"; each result is recorded
    (after it is printed) when a recorder is given."""
    # Imported here, and only the one needed: `ask --json` renders no text, plain `ask` no JSON.
    if as_json:
        from bot.cli.result_json import json_line
    else:
        from bot.cli.render_text import render_result

    if question == "-":
        for line in sys.stdin:
            text = line.rstrip("\n")
            result = engine.ask(text, language)
            if as_json:
                print(json_line(result, engine.kb), flush=True)
            else:
                print(render_result(result, engine.kb), end="\n\n", flush=True)
            if recorder is not None:
                recorder.record(result)
        return 0
    result = engine.ask(question, language)
    if as_json:
        print(json_line(result, engine.kb))
    else:
        print(render_result(result, engine.kb))
    if recorder is not None:
        recorder.record(result)
    return 0
