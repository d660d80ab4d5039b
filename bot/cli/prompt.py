"""The local question prompt: the bot's main job, in a terminal, without Discord.

At a terminal it has line editing and history (the standard library's readline), Ctrl-C or
Ctrl-D leaves; piped input is answered line by line, each question echoed. Every message of an
exchange is in the language of the person's last question (the article's language at first).
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

from bot.cli.record import Recorder
from bot.cli.render_text import render_paragraph, render_result, render_topics
from bot.engine import DidYouMean, Engine, Language
from bot.texts import format_date, t

PROMPT = "? "
QUIT = frozenset({":quit", ":q", ":exit"})
COMMANDS = ":topics, :source N, :help, :quit"
# ":topic", ":sorce 3": meant as a command, never asked as a question.
_COMMAND_LIKE = re.compile(r"^:[^\W\d_]+\b")
_SOURCE = re.compile(r"^:source\b\s*(?P<arg>.*)$")


def _enable_line_editing() -> None:
    """Arrow keys, history and Emacs keys for input() (readline is missing on some builds)."""
    try:
        import readline  # noqa: F401  (importing it is what turns line editing on)
    except ImportError:
        return


class Prompt:
    """One session at the prompt: what was last offered, and the language to speak."""

    def __init__(self, engine: Engine, out: TextIO, recorder: Recorder | None = None) -> None:
        self.engine = engine
        self.out = out
        self.recorder = recorder
        self.language: Language = engine.kb.article.language
        self.pending: DidYouMean | None = None

    def say(self, text: str) -> None:
        print(text, file=self.out)

    def banner(self, *, announce_local: bool) -> None:
        article = self.engine.kb.article
        lang = self.language
        if announce_local:
            self.say(t("cli_local", lang))
        date = format_date(article.date, lang)
        if article.title_is_editorial:
            self.say(
                t(
                    "cli_title",
                    lang,
                    title=article.title[lang],
                    date=date,
                    editorial=t("editorial_title", lang),
                )
            )
        else:
            self.say(f"{article.title[lang]} ({date})")
        self.say(t("cli_help", lang))

    def handle(self, text: str) -> bool:
        """Answer one line; False when the person wants to leave."""
        kb = self.engine.kb
        lang = self.language
        if text in QUIT:
            return False
        if text == ":help":
            self.say(t("cli_help", lang))
        elif text == ":topics":
            self.say(render_topics(kb, lang))
        elif (source := _SOURCE.match(text)) is not None:
            number = source["arg"].strip()
            if number.isdigit():
                self.say(render_paragraph(kb, int(number), lang))
            else:
                self.say(t("cli_source_usage", lang, total=len(kb.article.paragraphs)))
        elif _COMMAND_LIKE.match(text):
            command = text.split(maxsplit=1)[0]
            self.say(t("cli_unknown_command", lang, command=command, commands=COMMANDS))
        elif (
            self.pending is not None
            and text.isdigit()
            and 1 <= int(text) <= len(self.pending.candidates)
        ):
            chosen = self.pending.candidates[int(text) - 1]
            answered = self.engine.answer_pair(chosen.pair_id, self.pending.language)
            self.pending = None
            if answered is not None:
                self.say(render_result(answered, kb, at_prompt=True))
        else:
            result = self.engine.ask(text, lang)
            self.language = result.language
            self.pending = result if isinstance(result, DidYouMean) else None
            self.say(render_result(result, kb, at_prompt=True))
            if self.recorder is not None:
                self.recorder.record(result)
        return True


def run_prompt(
    engine: Engine,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    announce_local: bool = False,
    recorder: Recorder | None = None,
) -> int:
    """Read questions line by line and print answers until end of input, :quit or Ctrl-C; each
    question asked is recorded when a recorder is given (a picked suggestion is not)."""
    inp = stdin or sys.stdin
    out = stdout or sys.stdout
    # input() edits lines only on the real terminal; anything else is read as a stream.
    interactive = inp is sys.stdin and out is sys.stdout and inp.isatty()
    if interactive:
        _enable_line_editing()
    prompt = Prompt(engine, out, recorder)
    try:
        prompt.banner(announce_local=announce_local)
        while True:
            if interactive:
                try:
                    line = input("\n" + PROMPT)
                except EOFError:
                    print("", file=out)
                    return 0
            else:
                raw = inp.readline()
                if not raw:
                    print("", file=out)
                    return 0
                line = raw
            text = line.strip()
            if not text:
                continue
            if not interactive:
                print(f"\n{PROMPT}{text}", file=out)
            if not prompt.handle(text):
                return 0
    except KeyboardInterrupt:
        # Ctrl-C is a way to leave, not a crash.
        print(f"\n{t('cli_bye', prompt.language)}", file=out)
        return 0
