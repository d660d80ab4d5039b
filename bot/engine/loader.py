"""Reading and validating the knowledge files.

Loading either gives a whole, valid KnowledgeBase or raises KnowledgeError listing every problem
found (file, pair id, field), so a curator fixes them all in one go.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

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
)
from bot.engine.normalize import Normalizer

MIN_PHRASINGS: dict[Language, int] = {"de": 3, "en": 2}
# Two phrasings of different pairs scoring this high (token sort ratio of their normalised
# tokens) would fight for the same questions.
NEAR_DUPLICATE_SCORE = 95.0
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")
PACKAGE_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the knowledge files."""

    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.entry:
            where += f" [{self.entry}]"
        if self.field:
            where += f" {self.field}"
        return f"{where}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge files are broken; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"the knowledge files have {len(problems)} problem(s):\n{lines}")


def default_knowledge_dir() -> Path:
    """The knowledge folder shipped beside the package."""
    return PACKAGE_KNOWLEDGE


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
    ids = article_ids(root)
    if article_id is None:
        if len(ids) != 1:
            found = ", ".join(ids) or "none"
            raise KnowledgeError(
                [Problem(str(root), "", "", f"expected one article folder to pick, found {found}")]
            )
        article_id = ids[0]
    elif article_id not in ids:
        raise KnowledgeError([Problem(str(root), article_id, "", "no such article folder")])
    return _Loader(root, root / article_id).load()


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

    def problem(self, path: Path | str, entry: str, field: str, message: str) -> None:
        file = _rel(path, self.root) if isinstance(path, Path) else path
        self.problems.append(Problem(file, entry, field, message))

    def read_toml(self, path: Path) -> dict[str, Any] | None:
        try:
            with path.open("rb") as f:
                return tomllib.load(f)
        except FileNotFoundError:
            self.problem(path, "", "", "file is missing")
        except tomllib.TOMLDecodeError as e:
            self.problem(path, "", "", f"not valid TOML: {e}")
        except (OSError, UnicodeDecodeError) as e:
            self.problem(path, "", "", f"cannot be read: {e}")
        return None

    def load(self) -> KnowledgeBase:
        aliases = self.load_aliases()
        article, topics = self.load_article()
        pairs = self.load_pairs(article, {t.id for t in topics}) if article else []
        if not pairs and article is not None:
            self.problem(self.folder / "qa", "", "", "no curated pairs found")
        normalizer = Normalizer(aliases)
        self.check_near_duplicates(pairs, normalizer)
        if self.problems or article is None:
            raise KnowledgeError(self.problems)
        return KnowledgeBase(article=article, topics=topics, pairs=tuple(pairs), aliases=aliases)

    # --- aliases -------------------------------------------------------------------------------

    def load_aliases(self) -> Aliases:
        entities: dict[str, tuple[str, ...]] = {}
        synonyms: dict[str, tuple[str, ...]] = {}
        for path in (self.root / "aliases.toml", self.folder / "aliases.toml"):
            if not path.exists() and path.parent == self.folder:
                continue
            data = self.read_toml(path)
            if data is None:
                continue
            for section, target in (("entities", entities), ("synonyms", synonyms)):
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
        return Aliases(entities=entities, synonyms=synonyms)

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
        titles = {"de": field("title"), "en": field("title_en")}
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

        texts: dict[Language, dict[str, str]] = {}
        texts_path = self.folder / "texts.toml"
        raw_texts = self.read_toml(texts_path) if texts_path.exists() else {}
        for lang in LANGUAGES:
            table = (raw_texts or {}).get(lang, {})
            if isinstance(table, dict):
                texts[lang] = {k: v for k, v in table.items() if isinstance(v, str)}
        implicit = meta.get("implicit_entities", [])
        if not isinstance(implicit, list) or not all(isinstance(e, str) for e in implicit):
            self.problem(meta_path, "", "implicit_entities", "must be a list of entity names")
            implicit = []
        article = Article(
            id=str(meta.get("id") or self.folder.name),
            title={"de": titles["de"], "en": titles["en"]},
            title_is_editorial=meta.get("title_is_editorial") is True,
            date=date,
            language="en" if language == "en" else "de",
            source=str(meta.get("source", "")),
            text=text,
            paragraphs=tuple(paragraphs),
            implicit_entities=frozenset(implicit),
            texts=texts,
        )
        return article, tuple(topics)

    # --- pairs ---------------------------------------------------------------------------------

    def load_pairs(self, article: Article, topic_ids: set[str]) -> list[QAPair]:
        qa_dir = self.folder / "qa"
        files = sorted(qa_dir.glob("*.toml")) if qa_dir.is_dir() else []
        pairs: list[QAPair] = []
        seen: dict[str, str] = {}
        for path in files:
            data = self.read_toml(path)
            if data is None:
                continue
            entries = data.get("pair", [])
            if not isinstance(entries, list):
                self.problem(path, "", "pair", "must be an array of tables ([[pair]])")
                continue
            for index, entry in enumerate(entries, start=1):
                if not isinstance(entry, dict):
                    self.problem(path, f"#{index}", "", "must be a table")
                    continue
                pair = self.load_pair(path, index, entry, article, topic_ids)
                if pair is None:
                    continue
                if pair.id in seen:
                    self.problem(path, pair.id, "id", f"duplicate id (also in {seen[pair.id]})")
                    continue
                seen[pair.id] = _rel(path, self.root)
                pairs.append(pair)
        return pairs

    def load_pair(
        self,
        path: Path,
        index: int,
        entry: Mapping[str, Any],
        article: Article,
        topic_ids: set[str],
    ) -> QAPair | None:
        raw_id = entry.get("id")
        pair_id = raw_id if isinstance(raw_id, str) and raw_id else f"#{index}"
        before = len(self.problems)

        def text(name: str) -> str:
            value = entry.get(name)
            if not isinstance(value, str) or not value.strip():
                self.problem(path, pair_id, name, "missing or empty")
                return ""
            return value.strip()

        def texts(name: str, minimum: int) -> tuple[str, ...]:
            value = entry.get(name)
            if not isinstance(value, list) or not all(
                isinstance(v, str) and v.strip() for v in value
            ):
                self.problem(path, pair_id, name, "missing, or not a list of non-empty strings")
                return ()
            if len(value) < minimum:
                self.problem(path, pair_id, name, f"has {len(value)}, needs at least {minimum}")
            return tuple(v.strip() for v in value)

        if not isinstance(raw_id, str) or not _ID.match(raw_id):
            self.problem(path, pair_id, "id", "missing or not lowercase-with-dashes")
        topic = text("topic")
        if topic and topic not in topic_ids:
            self.problem(path, pair_id, "topic", f"unknown topic {topic!r}")
        question = {"de": text("question"), "en": text("question_en")}
        phrasings = {lang: texts(f"phrasings_{lang}", MIN_PHRASINGS[lang]) for lang in LANGUAGES}
        answer = {"de": text("answer_de"), "en": text("answer_en")}
        quotes = texts("quotes", 1)
        citations = tuple(
            c for q in quotes if (c := self.locate(path, pair_id, q, article)) is not None
        )
        if len(self.problems) > before:
            return None
        return QAPair(
            id=pair_id,
            topic=topic,
            question={"de": question["de"], "en": question["en"]},
            phrasings={"de": phrasings["de"], "en": phrasings["en"]},
            answer={"de": answer["de"], "en": answer["en"]},
            citations=citations,
            source_file=_rel(path, self.root),
        )

    def locate(self, path: Path, pair_id: str, quote: str, article: Article) -> Citation | None:
        """The paragraph a quote comes from, or a problem when it is not verbatim and unique."""
        found = [p for p in article.paragraphs if quote in p.text]
        short = quote if len(quote) <= 60 else quote[:57] + "..."
        if not found:
            self.problem(path, pair_id, "quotes", f"not verbatim in the article: {short!r}")
            return None
        if len(found) > 1 or article.text.count(quote) > 1:
            where = ", ".join(str(p.number) for p in found)
            self.problem(path, pair_id, "quotes", f"occurs more than once ({where}): {short!r}")
            return None
        paragraph = found[0]
        if paragraph.kind is not ParagraphKind.CONTENT:
            self.problem(
                path,
                pair_id,
                "quotes",
                f"comes from a {paragraph.kind.value} (paragraph {paragraph.number}): {short!r}",
            )
            return None
        return Citation(paragraph.number, quote)

    def check_near_duplicates(self, pairs: list[QAPair], normalizer: Normalizer) -> None:
        owners: list[str] = []
        keys: list[str] = []
        originals: list[str] = []
        for pair in pairs:
            for lang, phrasing in pair.all_phrasings():
                owners.append(pair.id)
                keys.append(" ".join(sorted(normalizer.tokens(phrasing, lang))))
                originals.append(phrasing)
        if not keys:
            return
        scores = process.cdist(
            keys, keys, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE_SCORE, workers=1
        )
        reported: set[tuple[str, str]] = set()
        rows, cols = scores.nonzero()
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
            a, b = owners[i], owners[j]
            if a >= b or (a, b) in reported or not keys[i]:
                continue
            reported.add((a, b))
            pair_file = next(p.source_file for p in pairs if p.id == a)
            self.problem(
                pair_file,
                a,
                "phrasings",
                f"{originals[i]!r} is the same or nearly the same as {b}'s {originals[j]!r}",
            )
