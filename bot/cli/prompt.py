"""The local question prompt: the bot's main job, in a terminal, without Discord."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.cli.render_text import render_paragraph, render_result, render_topics
from bot.engine import DidYouMean, Engine, Language

HELP = """\
Ask anything about the article, in German or English. Commands:
  :topics      every question I can answer, by topic
  :source N    paragraph N of the article
  :help        this text
  :quit        leave (or Ctrl-D)"""


def run_prompt(
    engine: Engine,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    announce_local: bool = False,
) -> int:
    """Read questions line by line and print answers until end of input or :quit."""
    inp = stdin or sys.stdin
    out = stdout or sys.stdout
    article = engine.kb.article
    interactive = inp.isatty()
    if announce_local:
        print("No DISCORD_TOKEN set: answering locally.", file=out)
    print(f"{article.title['de']} ({article.date}; Titel von uns / our title)", file=out)
    print(HELP, file=out)
    last_language: Language = "de"
    pending: DidYouMean | None = None
    while True:
        if interactive:
            out.write("\n? ")
            out.flush()
        line = inp.readline()
        if not line:
            print("", file=out)
            return 0
        text = line.strip()
        if not interactive and text:
            print(f"\n? {text}", file=out)
        if text in (":quit", ":q", ":exit"):
            return 0
        if text == ":help":
            print(HELP, file=out)
            continue
        if text == ":topics":
            print(render_topics(engine.kb, last_language), file=out)
            continue
        if text.startswith(":source"):
            number = text.removeprefix(":source").strip()
            if not number.isdigit():
                print("Usage: :source N (e.g. :source 5)", file=out)
                continue
            print(render_paragraph(engine.kb, int(number), last_language), file=out)
            continue
        if pending is not None and text.isdigit() and 1 <= int(text) <= len(pending.candidates):
            chosen = pending.candidates[int(text) - 1]
            answered = engine.answer_pair(chosen.pair_id, pending.language)
            pending = None
            if answered is not None:
                print(render_result(answered, engine.kb), file=out)
            continue
        result = engine.ask(text, last_language)
        last_language = result.language
        pending = result if isinstance(result, DidYouMean) else None
        print(render_result(result, engine.kb), file=out)
