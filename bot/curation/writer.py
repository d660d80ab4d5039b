"""The one writer of knowledge files: adding phrasings to a pair's language table.

`attach_phrasings` adds each new phrasing as one line at the end of the `phrasings` array of
the pair's `[<language>]` table in `qa/<pair-id>.toml`, leaving every other byte of the file as
it was (the files stay diff-friendly: one phrasing a line). It works under an exclusive lock on
`.curation.lock` in the knowledge folder, so two curators (two processes, or two threads) who
attach at once both land: the second reads the file the first wrote. Before anything is
replaced, the knowledge is loaded as the loader does, with the changed file, in a temporary copy,
and the new phrasings are checked against every other pair's (`near_duplicates_of`): knowledge
that would not load, or a phrasing that would make two pairs fight, is refused with the reason
and nothing is written. The file is replaced atomically (a temporary file in the same folder,
fsync, `os.replace`): a crash at any moment leaves either the old file or the new one.

Phrasings are people's words: written as TOML basic strings (quotes, backslashes and control
characters escaped), whitespace collapsed to single spaces.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import shutil
import tempfile
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.engine import (
    Engine,
    KnowledgeBase,
    KnowledgeError,
    Language,
    Problem,
    fold,
    load_knowledge,
    near_duplicates_of,
)

log = logging.getLogger(__name__)

LOCK_FILE = ".curation.lock"
# A phrasing longer than this is no question someone asked in one go.
MAX_PHRASING_CHARS = 300

_TABLE = re.compile(r"^\s*\[\s*(?P<name>[^\]\s]+)\s*\]\s*(?:#.*)?$")
_PHRASINGS_OPEN = re.compile(r"^(?P<indent>\s*)phrasings\s*=\s*\[\s*(?:#.*)?$")
_ARRAY_CLOSE = re.compile(r"^\s*\]\s*(?:#.*)?$")


@dataclass(frozen=True)
class Attached:
    """Phrasings written into a pair's file; `engine` serves the knowledge as it is now on disk
    (None when nothing was new, so nothing was written)."""

    pair_id: str
    language: Language
    added: tuple[str, ...]
    # Already the pair's question or phrasings in that language (the same once folded).
    already: tuple[str, ...]
    path: Path
    engine: Engine | None


@dataclass(frozen=True)
class Refused:
    """Nothing was written, and why: `reason` for people, `problems` as the checks found them."""

    reason: str
    problems: tuple[Problem, ...] = ()

    def __str__(self) -> str:
        return "\n".join([self.reason, *(f"  - {p}" for p in self.problems)])


def toml_string(text: str) -> str:
    """`text` as a TOML basic string: quotes, backslashes and every control character escaped
    (TOML allows none of them raw, DEL included)."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        elif 0xD800 <= code <= 0xDFFF:  # a lone surrogate cannot be written as UTF-8
            out.append("\ufffd")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def clean_phrasing(text: str) -> str:
    """A phrasing as it is written: whitespace (newlines too) collapsed to single spaces."""
    return " ".join(text.split())


def add_to_table(text: str, language: str, phrasings: Sequence[str]) -> str | None:
    """The pair file `text` with `phrasings` added at the end of the `phrasings` array of its
    `[language]` table, one a line, everything else as it was; None when the file does not keep
    that array one item a line (then it is left for a person to edit)."""
    lines = text.splitlines(keepends=True)
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if (m := _TABLE.match(line)) is not None and m["name"] == language
        ),
        None,
    )
    if start is None:
        return None
    opening = None
    for i in range(start + 1, len(lines)):
        if _TABLE.match(lines[i]):
            break
        if _PHRASINGS_OPEN.match(lines[i]):
            opening = i
            break
    if opening is None:
        return None
    closing = next(
        (i for i in range(opening + 1, len(lines)) if _ARRAY_CLOSE.match(lines[i])), None
    )
    if closing is None:
        return None
    items = [i for i in range(opening + 1, closing) if lines[i].strip()]
    items = [i for i in items if not lines[i].lstrip().startswith("#")]
    indent = "    "
    if items:
        last = items[-1]
        body = lines[last].rstrip("\r\n")
        indent = body[: len(body) - len(body.lstrip())]
        if not body.rstrip().endswith(","):
            if "#" in body:  # a comment after the last item: where the comma goes is unclear
                return None
            lines[last] = body.rstrip() + "," + lines[last][len(body) :]
    newline = "\r\n" if lines[closing].endswith("\r\n") else "\n"
    added = [f"{indent}{toml_string(p)},{newline}" for p in phrasings]
    return "".join([*lines[:closing], *added, *lines[closing:]])


@contextlib.contextmanager
def knowledge_lock(root: Path) -> Iterator[None]:
    """An exclusive lock on the knowledge folder `root`, held until the block ends (every writer
    takes it; readers such as the bot's loading need none, since files are replaced whole)."""
    with (root / LOCK_FILE).open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def attach_phrasings(
    root: Path,
    article_id: str | None,
    pair_id: str,
    language: Language,
    phrasings: Sequence[str],
) -> Attached | Refused:
    """Add `phrasings` to the `[language]` table of pair `pair_id` in the knowledge at `root`
    (see the module): Attached with the engine to serve, or Refused with the reason."""
    wanted: list[str] = []
    for raw in phrasings:
        text = clean_phrasing(raw)
        if not text:
            continue
        if len(text) > MAX_PHRASING_CHARS:
            return Refused(f"a phrasing is longer than {MAX_PHRASING_CHARS} characters: {text!r}")
        if fold(text) not in {fold(w) for w in wanted}:
            wanted.append(text)
    if not wanted:
        return Refused("there is no phrasing to add")
    try:
        with knowledge_lock(root):
            return _attach_locked(root, article_id, pair_id, language, wanted)
    except OSError as exc:
        log.warning("attaching to %s failed: %s", pair_id, exc)
        return Refused(f"the knowledge files could not be written: {exc}")


def _attach_locked(
    root: Path, article_id: str | None, pair_id: str, language: Language, wanted: list[str]
) -> Attached | Refused:
    try:
        kb = load_knowledge(root, article_id)
    except KnowledgeError as exc:
        return Refused("the knowledge files do not load as they are", tuple(exc.problems))
    pair = kb.pair(pair_id)
    if pair is None:
        return Refused(f"there is no pair {pair_id!r}")
    folder = Path(pair.source_file).parts[-3]
    path = root / folder / "qa" / f"{pair_id}.toml"
    have = {fold(pair.question[language]), *(fold(p) for p in pair.phrasings[language])}
    new = tuple(w for w in wanted if fold(w) not in have)
    already = tuple(w for w in wanted if fold(w) in have)
    if not new:
        return Attached(pair_id, language, (), already, path, None)

    text = path.read_text(encoding="utf-8")
    changed = add_to_table(text, language, new)
    if changed is None:
        return Refused(
            f"{pair.source_file}: its [{language}] phrasings are not one a line, as the "
            "knowledge README asks; add these by hand"
        )
    # The edit did exactly what was meant: the array gained the new phrasings at its end.
    before = tomllib.loads(text)[language]["phrasings"]
    after = tomllib.loads(changed)[language]["phrasings"]
    if after != [*before, *new]:
        return Refused(f"{pair.source_file}: the phrasings could not be added cleanly")

    checked = _load_changed(root, folder, path, changed)
    if isinstance(checked, Refused):
        return checked
    engine = Engine(checked)
    clashes = near_duplicates_of(checked, engine.tokens, [(pair_id, language, p) for p in new])
    if clashes:
        return Refused(
            "a phrasing would make two pairs fight for the same questions", tuple(clashes)
        )
    _replace(path, changed)
    log.info("attached %d phrasing(s) to %s [%s]", len(new), pair_id, language)
    return Attached(pair_id, language, new, already, path, engine)


def _load_changed(root: Path, folder: str, path: Path, changed: str) -> KnowledgeBase | Refused:
    """The knowledge as the loader reads it with `changed` in place of `path`, from a copy in a
    temporary folder (named as `root` is, so that problems name the files as usual)."""
    with tempfile.TemporaryDirectory(prefix="article-bot-check-") as tmp:
        copy = Path(tmp) / root.name
        copy.mkdir()
        aliases = root / "aliases.toml"
        if aliases.exists():
            shutil.copy2(aliases, copy / "aliases.toml")
        shutil.copytree(root / folder, copy / folder)
        (copy / folder / "qa" / path.name).write_text(changed, encoding="utf-8")
        try:
            return load_knowledge(copy, folder)
        except KnowledgeError as exc:
            return Refused("the knowledge would not load with these phrasings", tuple(exc.problems))


def _replace(path: Path, text: str) -> None:
    """Write `text` to `path` atomically: a temporary file beside it, synced, then renamed over
    it (and the folder synced, so that the rename survives a power cut)."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
