"""Reading and validating the knowledge files.

Loading either gives a whole, valid KnowledgeBase or raises KnowledgeError listing every problem
found (file, pair id, language and field), so a curator fixes them all in one go. Checks of the
loaded knowledge as a whole (near-duplicate phrasings, coverage, question words) are not run at
every start: they are in bot/engine/checks.py, run by `kb check`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.engine.knowledge import (
    LANGUAGES,
    Aliases,
    Article,
    Citation,
    KnowledgeBase,
    Language,
    Paragraph,
    ParagraphKind,
    QAPair,
    Topic,
    collector_paused,
)
from bot.engine.normalize import fold

if TYPE_CHECKING:
    from bot.engine.checks import Problem

# A start from the engine cache (bot/engine/cache.py) reads no knowledge file: what only reading
# them needs (tomllib, toml_lines, checks.py's Problem) is imported when they are read, which
# keeps some milliseconds off every such start.

__all__ = [
    "MIN_PHRASINGS",
    "KnowledgeError",
    "article_folder",
    "article_ids",
    "default_knowledge_dir",
    "load_knowledge",
    "min_phrasings",
]

# Phrasings each language table of a pair needs besides its question; a language not listed
# needs DEFAULT_MIN_PHRASINGS.
MIN_PHRASINGS: dict[Language, int] = {"de": 3, "en": 2, "ru": 6}
DEFAULT_MIN_PHRASINGS = 2
# The keys of a pair file: these at the top, and one table per language with LANGUAGE_KEYS.
PAIR_KEYS = ("topic", "quotes")
LANGUAGE_KEYS = ("question", "answer", "phrasings")
# What every language table of texts.toml must give (it may give more).
TEXT_KEYS = ("subject", "example")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")
# The shipped knowledge: `bot/knowledge` inside an installed wheel (pyproject.toml maps the
# repository's top-level knowledge/ there), `knowledge/` beside the package in a source checkout.
SHIPPED_KNOWLEDGE = "knowledge"
CHECKOUT_KNOWLEDGE = Path(__file__).resolve().parents[2] / SHIPPED_KNOWLEDGE


def min_phrasings(language: Language) -> int:
    """How many phrasings besides its question a pair needs in `language`."""
    return MIN_PHRASINGS.get(language, DEFAULT_MIN_PHRASINGS)


def _language(value: object) -> Language | None:
    """`value` as one of LANGUAGES, or None."""
    return next((lang for lang in LANGUAGES if lang == value), None)


class KnowledgeError(Exception):
    """The knowledge files are broken; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"the knowledge files have {len(problems)} problem(s):\n{lines}")


def default_knowledge_dir() -> Path:
    """The knowledge shipped with the bot: the package's data when installed from a wheel, else
    (an editable install, or the checkout on PYTHONPATH) the checkout's top-level folder."""
    installed = resources.files("bot").joinpath(SHIPPED_KNOWLEDGE)
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    return CHECKOUT_KNOWLEDGE


def article_ids(root: Path) -> list[str]:
    """The article folders under a knowledge root, sorted."""
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "article.toml").is_file())


def load_knowledge(root: Path | None = None, article_id: str | None = None) -> KnowledgeBase:
    """Load and validate one article's knowledge from `root` (default: the shipped folder).

    With several article folders, `article_id` picks one; with one, it may be omitted.
    Raises KnowledgeError listing every problem.
    """
    root = root or default_knowledge_dir()
    with collector_paused():
        return _Loader(root, article_folder(root, article_id)).load()


def article_folder(root: Path, article_id: str | None = None) -> Path:
    """The folder of the article `article_id` under `root` (with one article folder, it may be
    omitted); raises KnowledgeError when there is no such folder, or several to pick from."""
    ids = article_ids(root)
    if article_id is None:
        if len(ids) != 1:
            found = ", ".join(ids) or "none"
            raise KnowledgeError(
                [_problem(str(root), "", "", f"expected one article folder to pick, found {found}")]
            )
        article_id = ids[0]
    elif article_id not in ids:
        raise KnowledgeError([_problem(str(root), article_id, "", "no such article folder")])
    return root / article_id


def _problem(file: str, entry: str, field: str, message: str) -> Problem:
    """A problem found while reading (checks.py's type, imported only when there is one)."""
    from bot.engine.checks import Problem

    return Problem(file, entry, field, message)


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


class _Loader:
    def __init__(self, root: Path, folder: Path) -> None:
        self.root = root
        self.folder = folder
        self.problems: list[Problem] = []
        # Quote -> the paragraphs holding it and how often the text holds it (of the one article
        # a loader reads).
        self.located: dict[str, tuple[list[Paragraph], int]] = {}

    def problem(self, path: Path | str, entry: str, field: str, message: str) -> None:
        file = _rel(path, self.root) if isinstance(path, Path) else path
        self.problems.append(_problem(file, entry, field, message))

    def read_toml(self, path: Path, entry: str = "") -> dict[str, Any] | None:
        """The TOML file's data, or None with a problem (on `entry`, e.g. a pair id)."""
        import tomllib

        from bot.engine import toml_lines

        try:
            text = path.read_bytes().decode()
            # Plain pair files the fast way; anything else (and every error) as tomllib reads it.
            data = toml_lines.loads(text)
            return tomllib.loads(text) if data is None else data
        except FileNotFoundError:
            self.problem(path, entry, "", "file is missing")
        except tomllib.TOMLDecodeError as e:
            self.problem(path, entry, "", f"not valid TOML: {e}")
        except (OSError, UnicodeDecodeError) as e:
            self.problem(path, entry, "", f"cannot be read: {e}")
        return None

    def load(self) -> KnowledgeBase:
        aliases = self.load_aliases()
        article, topics = self.load_article()
        pairs = self.load_pairs(article, {t.id for t in topics}) if article else []
        if not pairs and article is not None:
            self.problem(self.folder / "qa", "", "", "no curated pairs found")
        from bot.engine.checks import ERROR

        if any(p.severity == ERROR for p in self.problems) or article is None:
            raise KnowledgeError(self.problems)
        return KnowledgeBase(article=article, topics=topics, pairs=tuple(pairs), aliases=aliases)

    # --- aliases -------------------------------------------------------------------------------

    def _check_spelled_once(
        self, entities: dict[str, tuple[str, ...]], synonyms: dict[str, tuple[str, ...]]
    ) -> None:
        """A spelling (compared folded) stands for one name only: listed under two, one of
        them silently never applies ("win" under both "sieg" and "erfolg")."""
        named: dict[str, str] = {}
        for table in (entities, synonyms):
            for name, spellings in table.items():
                for spelling in (name, *spellings):
                    key = fold(spelling)
                    other = named.setdefault(key, name)
                    if other != name:
                        message = f"{spelling!r} is also a spelling of {other!r}"
                        self.problem("aliases.toml", name, "", message)

    def load_aliases(self) -> Aliases:
        entities: dict[str, tuple[str, ...]] = {}
        synonyms: dict[str, tuple[str, ...]] = {}
        nationalities: dict[str, tuple[str, ...]] = {}
        contrasts: dict[str, tuple[str, ...]] = {}
        sections = (
            ("entities", entities),
            ("synonyms", synonyms),
            ("nationalities", nationalities),
            ("contrasts", contrasts),
        )
        for path in (self.root / "aliases.toml", self.folder / "aliases.toml"):
            if not path.exists() and path.parent == self.folder:
                continue
            data = self.read_toml(path)
            if data is None:
                continue
            for section, target in sections:
                table = data.get(section, {})
                if not isinstance(table, dict):
                    self.problem(path, section, "", "must be a table of name = [spellings]")
                    continue
                for name, spellings in table.items():
                    if not isinstance(spellings, list) or not all(
                        isinstance(s, str) and s.strip() for s in spellings
                    ):
                        self.problem(path, name, section, "spellings must be non-empty strings")
                        continue
                    target[name] = (*target.get(name, ()), *spellings)
        for name in set(entities) & set(synonyms):
            self.problem("aliases.toml", name, "", "is both an entity and a synonym")
        self._check_spelled_once(entities, synonyms)
        for kind, tokens in contrasts.items():
            for token in tokens:
                if token not in synonyms and token not in entities:
                    self.problem(
                        "aliases.toml", kind, "contrasts", f"{token!r} is no synonym or entity"
                    )
        return Aliases(
            entities=entities,
            synonyms=synonyms,
            nationalities=nationalities,
            contrasts=contrasts,
        )

    # --- article -------------------------------------------------------------------------------

    def load_article(self) -> tuple[Article | None, tuple[Topic, ...]]:
        meta_path = self.folder / "article.toml"
        text_path = self.folder / "article.txt"
        meta = self.read_toml(meta_path)
        try:
            text = text_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.problem(text_path, "", "", "file is missing")
            return None, ()
        except (OSError, UnicodeDecodeError) as e:
            self.problem(text_path, "", "", f"cannot be read as UTF-8: {e}")
            return None, ()
        if meta is None:
            return None, ()
        if not text.strip():
            self.problem(text_path, "", "", "the article text is empty")
            return None, ()
        if text.startswith((" date ", "date ")):
            self.problem(text_path, "", "", "starts with the 'date' tag: that is metadata")

        def field(name: str) -> str:
            value = meta.get(name)
            if not isinstance(value, str) or not value.strip():
                self.problem(meta_path, "", name, "missing or empty")
                return ""
            return value

        date = field("date")
        if date and not _DATE.match(date):
            self.problem(meta_path, "", "date", f"{date!r} is not YYYY-MM or YYYY-MM-DD")
        language = field("language")
        if language and language not in LANGUAGES:
            self.problem(meta_path, "", "language", f"{language!r} is not one of {LANGUAGES}")
        # The title in the article's own language is `title`, every other one `title_<lang>`.
        article_language = _language(language) or LANGUAGES[0]
        title = {
            lang: field("title" if lang == article_language else f"title_{lang}")
            for lang in LANGUAGES
        }
        if meta.get("title_is_editorial") is not True:
            self.problem(meta_path, "", "title_is_editorial", "must be true: the title is ours")

        blocks = text.split("\n\n")
        kinds: dict[int, ParagraphKind] = {}
        for key, kind in (("headings", ParagraphKind.HEADING), ("captions", ParagraphKind.CAPTION)):
            numbers = meta.get(key, [])
            if not isinstance(numbers, list) or not all(isinstance(n, int) for n in numbers):
                self.problem(meta_path, "", key, "must be a list of paragraph numbers")
                continue
            for n in numbers:
                if not 1 <= n <= len(blocks):
                    self.problem(meta_path, "", key, f"paragraph {n} does not exist")
                kinds[n] = kind
        paragraphs: list[Paragraph] = []
        offset = 0
        for i, block in enumerate(blocks, start=1):
            if not block.strip():
                self.problem(text_path, f"paragraph {i}", "", "empty paragraph")
            paragraphs.append(
                Paragraph(i, block, kinds.get(i, ParagraphKind.CONTENT), start=offset)
            )
            offset += len(block) + 2

        topics: list[Topic] = []
        raw_topics = meta.get("topics", {})
        if not isinstance(raw_topics, dict) or not raw_topics:
            self.problem(meta_path, "", "topics", "missing: at least one topic is needed")
            raw_topics = {}
        for topic_id, labels in raw_topics.items():
            if not isinstance(labels, dict):
                self.problem(meta_path, topic_id, "topics", "must be a table with de and en")
                continue
            label: dict[Language, str] = {}
            for lang in LANGUAGES:
                value = labels.get(lang)
                if not isinstance(value, str) or not value.strip():
                    self.problem(meta_path, topic_id, f"topics.{lang}", "missing or empty")
                    value = topic_id
                label[lang] = value
            topics.append(Topic(topic_id, label))

        texts = self.load_texts()
        implicit = meta.get("implicit_entities", [])
        if not isinstance(implicit, list) or not all(isinstance(e, str) for e in implicit):
            self.problem(meta_path, "", "implicit_entities", "must be a list of entity names")
            implicit = []
        article = Article(
            id=str(meta.get("id") or self.folder.name),
            title=title,
            title_is_editorial=meta.get("title_is_editorial") is True,
            date=date,
            language=article_language,
            source=str(meta.get("source", "")),
            text=text,
            paragraphs=tuple(paragraphs),
            implicit_entities=frozenset(implicit),
            texts=texts,
            source_file=_rel(text_path, self.root),
        )
        return article, tuple(topics)

    # --- texts ---------------------------------------------------------------------------------

    def load_texts(self) -> dict[Language, dict[str, str]]:
        """texts.toml: the article's own words for the front ends, one table per language."""
        path = self.folder / "texts.toml"
        data = self.read_toml(path)
        texts: dict[Language, dict[str, str]] = {}
        if data is None:
            return texts
        for key in data:
            if _language(key) is None:
                self.problem(path, "", key, f"unknown table: one per language of {LANGUAGES}")
        for lang in LANGUAGES:
            table = data.get(lang)
            if not isinstance(table, dict):
                what = "missing" if table is None else "not a table"
                self.problem(path, "", lang, f"{what}: every language needs a [{lang}] table")
                continue
            values: dict[str, str] = {}
            for key, value in table.items():
                if not isinstance(value, str):
                    self.problem(path, "", f"{lang}.{key}", "must be a string")
                else:
                    values[key] = value
            for key in TEXT_KEYS:
                if not values.get(key, "").strip():
                    self.problem(path, "", f"{lang}.{key}", "missing or empty")
            texts[lang] = values
        return texts

    # --- pairs ---------------------------------------------------------------------------------

    def load_pairs(self, article: Article, topic_ids: set[str]) -> list[QAPair]:
        """Every pair file qa/<pair-id>.toml, in the order of the pair ids."""
        qa_dir = self.folder / "qa"
        files = sorted((p.stem, p) for p in qa_dir.glob("*.toml")) if qa_dir.is_dir() else []
        # (Each pair file as problems name it: the folder's name, once, and the file's.)
        qa_name = _rel(qa_dir, self.root)
        pairs: list[QAPair] = []
        for pair_id, path in files:
            data = self.read_toml(path, pair_id)
            if data is None:
                continue
            source = os.path.join(qa_name, path.name)
            pair = self.load_pair(path, data, article, topic_ids, pair_id=pair_id, source=source)
            if pair is not None:
                pairs.append(pair)
        return pairs

    def load_pair(
        self,
        path: Path,
        data: Mapping[str, Any],
        article: Article,
        topic_ids: set[str],
        *,
        pair_id: str,
        source: str,
    ) -> QAPair | None:
        """The pair of the file `path` (`source` as problems name it), whose name is its
        `pair_id`, or None with its problems."""
        before = len(self.problems)

        def problem(field: str, message: str) -> None:
            self.problem(path, pair_id, field, message)

        def text(table: Mapping[str, Any], name: str, field: str) -> str:
            value = table.get(name)
            if not isinstance(value, str) or not value.strip():
                problem(field, "missing or empty")
                return ""
            return value.strip()

        def texts(table: Mapping[str, Any], name: str, field: str, minimum: int) -> tuple[str, ...]:
            value = table.get(name)
            if not isinstance(value, list):
                problem(field, "missing, or not a list of non-empty strings")
                return ()
            # (Stripped in one go: a pair has hundreds of phrasings in a large knowledge base.)
            stripped = [v.strip() for v in value if isinstance(v, str)]
            if len(stripped) < len(value) or not all(stripped):
                problem(field, "missing, or not a list of non-empty strings")
                return ()
            if len(value) < minimum:
                problem(field, f"has {len(value)}, needs at least {minimum}")
            return tuple(stripped)

        if not _ID.match(pair_id):
            problem("id", "the file name is the pair id: it must be lowercase-with-dashes")
        allowed = (*PAIR_KEYS, *LANGUAGES)
        for key in data:
            if key not in allowed:
                problem(key, f"unknown key: a pair has {', '.join(allowed)}")
        topic = text(data, "topic", "topic")
        if topic and topic not in topic_ids:
            problem("topic", f"unknown topic {topic!r}")
        quotes = texts(data, "quotes", "quotes", 1)

        question: dict[Language, str] = {}
        answer: dict[Language, str] = {}
        phrasings: dict[Language, tuple[str, ...]] = {}
        for lang in LANGUAGES:
            table = data.get(lang)
            if not isinstance(table, dict) or not table:
                what = "missing" if table is None else "empty" if table == {} else "not a table"
                problem(lang, f"{what}: every pair needs a [{lang}] table with {LANGUAGE_KEYS}")
                continue
            for key in table:
                if key not in LANGUAGE_KEYS:
                    problem(f"{lang}.{key}", f"unknown key: a [{lang}] table has {LANGUAGE_KEYS}")
            question[lang] = text(table, "question", f"{lang}.question")
            answer[lang] = text(table, "answer", f"{lang}.answer")
            phrasings[lang] = texts(table, "phrasings", f"{lang}.phrasings", min_phrasings(lang))

        citations = tuple(
            c for q in quotes if (c := self.locate(path, pair_id, q, article)) is not None
        )
        if len(self.problems) > before:
            return None
        return QAPair(
            id=pair_id,
            topic=topic,
            question=question,
            phrasings=phrasings,
            answer=answer,
            citations=citations,
            source_file=source,
        )

    def locate(self, path: Path, pair_id: str, quote: str, article: Article) -> Citation | None:
        """The paragraph a quote comes from, or a problem when it is not verbatim and unique."""
        # Many pairs quote the same words (a large knowledge base grows by phrasings): each
        # quote is looked for once.
        located = self.located.get(quote)
        if located is None:
            located = self.located[quote] = (
                [p for p in article.paragraphs if quote in p.text],
                article.text.count(quote),
            )
        found, count = located
        short = quote if len(quote) <= 60 else quote[:57] + "..."
        if not found:
            self.problem(path, pair_id, "quotes", f"not verbatim in the article: {short!r}")
            return None
        if len(found) > 1 or count > 1:
            where = ", ".join(str(p.number) for p in found)
            self.problem(path, pair_id, "quotes", f"occurs more than once ({where}): {short!r}")
            return None
        paragraph = found[0]
        # A caption is text of the article (the video's own words) and may be cited; a heading
        # only names what follows.
        if paragraph.kind is ParagraphKind.HEADING:
            self.problem(
                path,
                pair_id,
                "quotes",
                f"comes from a {paragraph.kind.value} (paragraph {paragraph.number}): {short!r}",
            )
            return None
        return Citation(paragraph.number, quote)
