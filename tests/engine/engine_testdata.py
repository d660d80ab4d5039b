"""Writing knowledge files for tests: TOML for pairs, and a tiny knowledge base built for one
purpose (two pairs one question fits equally; a paragraph no pair cites)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

PairSpec = Mapping[str, str | Sequence[str]]
MakePair = Callable[..., dict[str, str | Sequence[str]]]


# --- TOML --------------------------------------------------------------------


def toml_value(value: str | Sequence[str]) -> str:
    """A string or a list of strings as TOML (a JSON string is a valid TOML basic string)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"


def toml_pairs(pairs: Sequence[PairSpec]) -> str:
    """`[[pair]]` tables for a qa file."""
    blocks = []
    for pair in pairs:
        lines = ["[[pair]]", *(f"{key} = {toml_value(value)}" for key, value in pair.items())]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


# --- a tiny knowledge base, built for one purpose ----------------------------------------------

TINY_ARTICLE = "\n\n".join(
    [
        "Der Zoo von Astana",
        "Im Zoo von Astana leben dreihundert Kamele, er ist einer der ältesten Zoos im Land.",
        "Im Zoo von Astana leben vierzig Pferde.",
        "Am Balchaschsee baden im Sommer viele Flamingos.",
        "Der Eintritt kostet für Kinder nur fünfhundert Tenge.",
    ]
)
TINY_META = """\
id = "zoo"
date = "2024-11"
language = "de"
title = "Der Zoo von Astana"
title_en = "The zoo of Astana"
title_is_editorial = true
headings = [1]
captions = []

[topics.zoo]
de = "Der Zoo"
en = "The zoo"
"""
# Two pairs that share every word but the animal: "Zoo Astana" fits both equally. Paragraph 4
# (the flamingos) is cited by no pair.
TINY_PAIRS: list[PairSpec] = [
    {
        "id": "zoo-kamele",
        "topic": "zoo",
        "question": "Wie viele Kamele leben im Zoo von Astana?",
        "question_en": "How many camels live in the Astana zoo?",
        "phrasings_de": [
            "Anzahl Kamele Zoo Astana",
            "Gibt es Kamele im Zoo von Astana?",
            "Kamele im Astana Zoo",
        ],
        "phrasings_en": ["number of camels astana zoo", "Are there camels in the Astana zoo?"],
        "answer_de": "Dreihundert Kamele.",
        "answer_en": "Three hundred camels.",
        "quotes": ["Im Zoo von Astana leben dreihundert Kamele"],
    },
    {
        "id": "zoo-pferde",
        "topic": "zoo",
        "question": "Wie viele Pferde leben im Zoo von Astana?",
        "question_en": "How many horses live in the Astana zoo?",
        "phrasings_de": [
            "Anzahl Pferde Zoo Astana",
            "Gibt es Pferde im Zoo von Astana?",
            "Pferde im Astana Zoo",
        ],
        "phrasings_en": ["number of horses astana zoo", "Are there horses in the Astana zoo?"],
        "answer_de": "Vierzig Pferde.",
        "answer_en": "Forty horses.",
        "quotes": ["Im Zoo von Astana leben vierzig Pferde."],
    },
    {
        "id": "zoo-eintritt-kinder",
        "topic": "zoo",
        "question": "Was kostet der Eintritt für Kinder?",
        "question_en": "How much is admission for children?",
        "phrasings_de": [
            "Wie teuer ist der Eintritt für Kinder?",
            "Eintrittspreis Kinder",
            "Was zahlen Kinder für den Eintritt?",
        ],
        "phrasings_en": ["What do children pay for admission?", "children ticket price"],
        "answer_de": "Fünfhundert Tenge.",
        "answer_en": "Five hundred tenge.",
        "quotes": ["Der Eintritt kostet für Kinder nur fünfhundert Tenge."],
    },
]


def write_tiny_knowledge(root: Path) -> Path:
    """Write the tiny knowledge base under `root` and return `root`."""
    folder = root / "zoo"
    (folder / "qa").mkdir(parents=True)
    (root / "aliases.toml").write_text("", encoding="utf-8")
    (folder / "article.txt").write_text(TINY_ARTICLE, encoding="utf-8")
    (folder / "article.toml").write_text(TINY_META, encoding="utf-8")
    (folder / "qa" / "zoo.toml").write_text(toml_pairs(TINY_PAIRS), encoding="utf-8")
    return root
