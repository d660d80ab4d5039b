"""Knowledge files written by tests: one TOML writer for the files' format (a pair is
qa/<pair-id>.toml, see knowledge/README.md) and one tiny knowledge base built for one purpose.

A pair is given as its file holds it::

    {"topic": "zoo", "quotes": [...],
     "de": {"question": ..., "answer": ..., "phrasings": [...]},
     "en": {"question": ..., "answer": ..., "phrasings": [...]}}
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

PairSpec = dict[str, Any]
# The engine tests' `make_pair` fixture: animal_pair with `changes` (see `changed`).
MakePair = Callable[..., PairSpec]

# --- TOML ----------------------------------------------------------------------------------------


def toml_value(value: str | int | bool | Sequence[Any]) -> str:
    """A string, number or list as TOML; a list one item a line, as the shipped files write it.
    (A JSON string is a valid TOML basic string.)"""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int):
        return json.dumps(value, ensure_ascii=False)
    if not value:
        return "[]"
    return "[\n" + "".join(f"    {toml_value(v)},\n" for v in value) + "]"


def toml_document(data: Mapping[str, Any], prefix: str = "") -> str:
    """A TOML document: the plain keys first, then a [table] for every key whose value is a
    mapping, in order ([topics.zoo] for a mapping within a mapping)."""
    plain = [f"{key} = {toml_value(v)}" for key, v in data.items() if not isinstance(v, Mapping)]
    blocks = [(f"[{prefix}]\n" if prefix else "") + "\n".join(plain)] if plain else []
    for key, table in data.items():
        if isinstance(table, Mapping):
            name = f"{prefix}.{key}" if prefix else key
            blocks.append(toml_document(table, name).rstrip("\n") or f"[{name}]")
    return "\n\n".join(blocks) + "\n"


def write_pair(article_dir: Path, pair_id: str, pair: Mapping[str, Any]) -> Path:
    """Write one pair as `article_dir/qa/<pair_id>.toml` and return its path."""
    path = article_dir / "qa" / f"{pair_id}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(toml_document(pair), encoding="utf-8")
    return path


def changed(pair: Mapping[str, Any], changes: Mapping[str, Any]) -> PairSpec:
    """A copy of `pair` with `changes`: keys are "topic" or "en.phrasings" (a language table's
    key); a value of None removes the key (or the whole table: {"en": None})."""
    out: PairSpec = copy.deepcopy(dict(pair))
    for key, value in changes.items():
        table, _, name = key.rpartition(".")
        target = out.setdefault(table, {}) if table else out
        if value is None:
            target.pop(name, None)
        else:
            target[name] = value
    return out


def animal_pair(
    topic: str, quote: str, animal: str = "Zebras", animal_en: str = "zebras"
) -> PairSpec:
    """A valid pair about an animal in a national park (no shipped pair mentions one, so its
    phrasings collide with none), citing `quote`."""
    return {
        "topic": topic,
        "quotes": [quote],
        "de": {
            "question": f"Wie viele {animal} leben im Nationalpark?",
            "answer": f"Dazu sagt der Artikel nichts über {animal}.",
            "phrasings": [
                f"{animal} Nationalpark Anzahl",
                f"Gibt es {animal} im Nationalpark?",
                f"Wo sieht man {animal} im Nationalpark?",
            ],
        },
        "en": {
            "question": f"How many {animal_en} live in the national park?",
            "answer": f"The article says nothing about {animal_en}.",
            "phrasings": [
                f"number of {animal_en} in the national park",
                f"Are there {animal_en} in the national park?",
            ],
        },
        "ru": {
            "question": f"Сколько животных {animal} живёт в национальном парке?",
            "answer": f"В статье ничего не сказано о {animal}.",
            "phrasings": [
                f"{animal} национальный парк количество",
                f"есть ли {animal} в национальном парке",
                f"где увидеть {animal} в нацпарке",
                f"сколько {animal} в заповеднике",
                f"{animal} в парке водятся?",
                f"а {animal} там вообще живут",
            ],
        },
    }


# --- the tiny knowledge base ---------------------------------------------------------------------

# Built for what the shipped knowledge cannot show: "Zoo Astana" fits two pairs equally (kamele,
# pferde: did you mean), and paragraph 4 (the flamingos) is cited by no pair (a passage, and a
# coverage gap for `kb check`). Paragraph 2 holds the stop word "einer" ("Eimer" is one edit
# from it and must not be corrected into it).
TINY_ID = "zoo"
TINY_ARTICLE = "\n\n".join(
    [
        "Der Zoo von Astana",
        "Im Zoo von Astana leben dreihundert Kamele, er ist einer der ältesten Zoos im Land.",
        "Im Zoo von Astana leben vierzig Pferde.",
        "Am Balchaschsee baden im Sommer viele Flamingos.",
        "Der Eintritt kostet für Kinder nur fünfhundert Tenge.",
    ]
)
TINY_UNCITED = 4
TINY_META: dict[str, Any] = {
    "id": TINY_ID,
    "date": "2024-11",
    "language": "de",
    "title": "Der Zoo von Astana",
    "title_en": "The zoo of Astana",
    "title_ru": "Зоопарк Астаны",
    "title_is_editorial": True,
    "headings": [1],
    "captions": [],
    "topics": {"zoo": {"de": "Der Zoo", "en": "The zoo", "ru": "Зоопарк"}},
}
TINY_TEXTS: dict[str, dict[str, str]] = {
    "de": {"subject": "den Zoo von Astana", "example": "Wie viele Kamele leben im Zoo von Astana?"},
    "en": {"subject": "the zoo of Astana", "example": "How many camels live in the Astana zoo?"},
    "ru": {"subject": "зоопарк Астаны", "example": "Сколько верблюдов живёт в зоопарке Астаны?"},
}
TINY_PAIRS: dict[str, PairSpec] = {
    "zoo-kamele": {
        "topic": "zoo",
        "quotes": ["Im Zoo von Astana leben dreihundert Kamele"],
        "de": {
            "question": "Wie viele Kamele leben im Zoo von Astana?",
            "answer": "Dreihundert Kamele.",
            "phrasings": [
                "Anzahl Kamele Zoo Astana",
                "Gibt es Kamele im Zoo von Astana?",
                "Kamele im Astana Zoo",
            ],
        },
        "en": {
            "question": "How many camels live in the Astana zoo?",
            "answer": "Three hundred camels.",
            "phrasings": ["number of camels astana zoo", "Are there camels in the Astana zoo?"],
        },
        "ru": {
            "question": "Сколько верблюдов живёт в зоопарке Астаны?",
            "answer": "Триста верблюдов.",
            "phrasings": [
                "количество верблюдов зоопарк астана",
                "есть ли верблюды в зоопарке астаны",
                "верблюды в зоопарке астаны",
                "сколько верблюдов в астанинском зоопарке",
                "верблюдов много в зоопарке?",
                "а верблюды там есть",
            ],
        },
    },
    "zoo-pferde": {
        "topic": "zoo",
        "quotes": ["Im Zoo von Astana leben vierzig Pferde."],
        "de": {
            "question": "Wie viele Pferde leben im Zoo von Astana?",
            "answer": "Vierzig Pferde.",
            "phrasings": [
                "Anzahl Pferde Zoo Astana",
                "Gibt es Pferde im Zoo von Astana?",
                "Pferde im Astana Zoo",
            ],
        },
        "en": {
            "question": "How many horses live in the Astana zoo?",
            "answer": "Forty horses.",
            "phrasings": ["number of horses astana zoo", "Are there horses in the Astana zoo?"],
        },
        "ru": {
            "question": "Сколько лошадей живёт в зоопарке Астаны?",
            "answer": "Сорок лошадей.",
            "phrasings": [
                "количество лошадей зоопарк астана",
                "есть ли лошади в зоопарке астаны",
                "лошади в зоопарке астаны",
                "сколько лошадей в астанинском зоопарке",
                "лошадей много в зоопарке?",
                "а лошади там есть",
            ],
        },
    },
    "zoo-eintritt-kinder": {
        "topic": "zoo",
        "quotes": ["Der Eintritt kostet für Kinder nur fünfhundert Tenge."],
        "de": {
            "question": "Was kostet der Eintritt für Kinder?",
            "answer": "Fünfhundert Tenge.",
            "phrasings": [
                "Wie teuer ist der Eintritt für Kinder?",
                "Eintrittspreis Kinder",
                "Was zahlen Kinder für den Eintritt?",
            ],
        },
        "en": {
            "question": "How much is admission for children?",
            "answer": "Five hundred tenge.",
            "phrasings": ["What do children pay for admission?", "children ticket price"],
        },
        "ru": {
            "question": "Сколько стоит вход для детей?",
            "answer": "Пятьсот тенге.",
            "phrasings": [
                "сколько платят дети за вход",
                "цена билета для детей",
                "детский билет цена",
                "вход для детей стоимость",
                "почем вход детям",
                "сколько стоит детский билет в зоопарк",
            ],
        },
    },
}
# Two pairs "Zoo Astana" fits equally.
TINY_AMBIGUOUS = ("zoo-kamele", "zoo-pferde")


def write_tiny_knowledge(root: Path) -> Path:
    """Write the tiny knowledge base under `root` (a knowledge folder: aliases.toml and the
    article folder `zoo`) and return `root`."""
    folder = root / TINY_ID
    (folder / "qa").mkdir(parents=True)
    (root / "aliases.toml").write_text("", encoding="utf-8")
    (folder / "article.txt").write_text(TINY_ARTICLE, encoding="utf-8")
    (folder / "article.toml").write_text(toml_document(TINY_META), encoding="utf-8")
    (folder / "texts.toml").write_text(toml_document(TINY_TEXTS), encoding="utf-8")
    for pair_id, pair in TINY_PAIRS.items():
        write_pair(folder, pair_id, pair)
    return root


def change_answer(root: Path, pair_id: str, language: str, text: str) -> None:
    """Give pair `pair_id` under the knowledge folder `root` a new answer in `language`, in place
    (its file keeps every other line as it was)."""
    path = next(root.glob(f"*/qa/{pair_id}.toml"))
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"[{language}]")
    index = next(i for i in range(start, len(lines)) if lines[i].startswith("answer = "))
    lines[index] = f"answer = {toml_value(text)}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
