"""`review`: the curators' review queue at the terminal (bot.curation), on the bot's store and
knowledge folder.

`review` walks the queue a group at a time; `review --json` prints it as one JSON object;
`review attach GROUP_ID --pair PAIR_ID` and `review dismiss GROUP_ID` act on one group without a
prompt. Exit codes: 0 done, 1 refused (the reason on stderr, nothing written), 2 no such group.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from bot.config import Settings
from bot.curation import (
    Attached,
    Group,
    Refused,
    attach_group,
    build_queue,
    dismiss_group,
    find_group,
    queue_json,
)
from bot.engine import Candidate, Engine
from bot.store import Store, StoreError, open_store, store_exists

EXIT_REFUSED = 1
EXIT_NO_GROUP = 2
# Who decided, as the store keeps it (Discord keeps a hash of the user).
BY = "cli"
KEYS = (
    "a attach to pair 1 · 1-9 attach to that pair · /WORDS search pairs (/ alone: the "
    "candidates again) · d dismiss · s skip · q quit"
)


def cmd_review(
    engine: Engine,
    settings: Settings,
    *,
    action: str | None,
    group_id: str | None,
    pair_id: str | None,
    as_json: bool,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Run `review` (see the module)."""
    out = stdout or sys.stdout
    database = settings.database_path
    if not store_exists(settings):
        # Nothing was ever recorded; do not create the store for that.
        if as_json and action is None:
            print(json.dumps(queue_json([])), file=out)
            return 0
        if action is not None:
            print(f"error: no group {group_id}: {database} does not exist yet", file=sys.stderr)
            return EXIT_NO_GROUP
        print(f"The queue is empty: {database} does not exist yet.", file=out)
        return 0
    try:
        store = open_store(settings)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    with store:
        if action is None and as_json:
            print(json.dumps(queue_json(build_queue(store, engine)), ensure_ascii=False), file=out)
            return 0
        if action is None:
            return _walk(engine, settings, store, stdin or sys.stdin, out)
        group = find_group(build_queue(store, engine), group_id or "")
        if group is None:
            print(f"error: no open group {group_id} in the queue", file=sys.stderr)
            return EXIT_NO_GROUP
        if action == "dismiss":
            dismiss_group(store, group, by=BY)
            print(f"Dismissed group {group.id} ({len(group.questions)} question(s)).", file=out)
            return 0
        outcome = attach_group(
            group,
            pair_id or "",
            store=store,
            knowledge_dir=settings.knowledge_dir,
            article_id=settings.article_id,
            by=BY,
        )
        return _report(outcome, out)


def _report(outcome: Attached | Refused, out: TextIO) -> int:
    if isinstance(outcome, Refused):
        print(f"refused, nothing written: {outcome}", file=sys.stderr)
        return EXIT_REFUSED
    if outcome.added:
        print(
            f"Attached {len(outcome.added)} phrasing(s) to {outcome.pair_id} "
            f"[{outcome.language}] in {outcome.path}:",
            file=out,
        )
        for text in outcome.added:
            print(f"  + {text}", file=out)
        print("A running bot serves them after /kb reload.", file=out)
    else:
        print(f"Nothing new: {outcome.pair_id} already has these phrasings.", file=out)
    return 0


def _show(group: Group, options: list[Candidate], out: TextIO, position: str) -> None:
    print(f"\n[{position}] group {group.id} · asked {group.count}x · {group.language}", file=out)
    for text in group.questions:
        print(f"    {text!r}", file=out)
    if group.voted_down:
        print(f"  voted down on: {', '.join(group.voted_down)}", file=out)
    print("  pairs:" if options else "  no pairs; search with /WORDS", file=out)
    for number, c in enumerate(options, 1):
        print(f"  {number}. {c.pair_id} ({c.score:.0f})  {c.question}", file=out)


def _walk(engine: Engine, settings: Settings, store: Store, inp: TextIO, out: TextIO) -> int:
    """The interactive walk: each open group once, the queue made again after every attach (the
    knowledge changed, and other groups may be answered now)."""
    passed: set[str] = set()
    print(KEYS, file=out)
    while True:
        queue = [g for g in build_queue(store, engine) if g.id not in passed]
        if not queue:
            print("\nThe queue is empty.", file=out)
            return 0
        group = queue[0]
        options = list(group.candidates)
        _show(group, options, out, f"{len(queue)} open")
        while True:
            line = _read_line(inp, out)
            if line is None or line == "q":
                return 0
            if line == "s":
                passed.add(group.id)
                break
            if line == "d":
                dismiss_group(store, group, by=BY)
                print(f"Dismissed group {group.id}.", file=out)
                break
            if line.startswith("/"):
                # The search's pairs take the numbers; "/" alone brings the candidates back.
                words = line[1:].strip()
                found = engine.suggest(words, group.language, limit=9) if words else []
                options = found or list(group.candidates)
                _show(group, options, out, f"pairs for {words!r}" if found else "candidates")
                continue
            choice = 1 if line == "a" else int(line) if line.isdigit() else 0
            if not 1 <= choice <= len(options):
                print(KEYS, file=out)
                continue
            outcome = attach_group(
                group,
                options[choice - 1].pair_id,
                store=store,
                knowledge_dir=settings.knowledge_dir,
                article_id=settings.article_id,
                by=BY,
            )
            _report(outcome, out)
            if isinstance(outcome, Attached):
                engine = outcome.engine or engine
                passed.add(group.id)
                break


def _read_line(inp: TextIO, out: TextIO) -> str | None:
    print("> ", end="", file=out, flush=True)
    line = inp.readline()
    return None if not line else line.strip()
