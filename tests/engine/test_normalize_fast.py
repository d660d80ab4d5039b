"""Normalising fast gives what it gave before: fold without the translate table and with one
findall for the words gives what the fold it replaced gave (test_fast_paths.py's reference:
every pass on every text) around every character of the Basic Multilingual Plane and on random
accented text; phrases are joined where the word-by-word walk joined them."""

from __future__ import annotations

import random
import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine import Engine, fold
from bot.engine.normalize import Normalizer, stop_words
from tests.engine.test_fast_paths import reference_fold


def test_no_letter_or_digit_is_whitespace() -> None:
    # Why the words are the runs of [^\W_]: replacing the other runs by spaces and splitting at
    # whitespace leaves exactly those.
    word = re.compile(r"[^\W_]")
    assert [
        hex(i) for i in range(sys.maxunicode + 1) if word.match(chr(i)) and chr(i).isspace()
    ] == []


def test_fold_is_the_reference_fold_around_every_bmp_character() -> None:
    differ = [
        hex(i)
        for i in range(0x10000)
        if not 0xD800 <= i < 0xE000
        for text in (f"Für{chr(i)}ae über {chr(i)}й",)
        if fold(text) != reference_fold(text)
    ]
    assert differ == []


_PIECES = [
    *"äöüàáâãåèéêëìíîïòóôõùúûýÿñçÄÖÜßẞйЙёЁиaeouq xyz-_,.?1 2",
    *("\u0306", "\u0301", "\u0308", "\u0327", "\u030a", "а\u0301", "ǅ", "ﬁ", "Ａ", "\t", "\x1c"),
]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_fold_is_the_reference_fold_on_accented_text(text: str) -> None:
    assert fold(text) == reference_fold(text)


# --- phrases: joined only where one stands whole, as the word-by-word walk joined them ---------


def _reference_join(normalizer: Normalizer, words: list[str]) -> list[str]:
    heads = normalizer._phrase_heads
    out: list[str] = []
    i = 0
    while i < len(words):
        for spelling, name in heads.get(words[i], ()):
            if tuple(words[i : i + len(spelling)]) == spelling:
                out.append("\x00" + name)
                i += len(spelling)
                break
        else:
            out.append(words[i])
            i += 1
    return out


def test_phrases_are_joined_as_the_word_walk_joined_them(engine: Engine) -> None:
    normalizer = engine.normalizer
    words = sorted(
        {w for spellings in normalizer._phrase_heads.values() for s, _ in spellings for w in s}
    )
    texts = [t for p in engine.kb.pairs for _, t in p.all_phrasings()]
    texts += [p.text for p in engine.kb.article.paragraphs]
    rng = random.Random(5)
    for _ in range(3000):
        texts.append(" ".join(rng.choice([*words, "und", "x"]) for _ in range(rng.randrange(8))))
    stop = stop_words("de")
    for text in texts:
        folded = fold(text)
        expected: dict[str, None] = {}
        for word in _reference_join(normalizer, folded.split()):
            if word.startswith("\x00"):
                expected[word[1:]] = None
            else:
                expected.update(dict.fromkeys(normalizer._tokens_of_word(word, "de", stop, None)))
        assert normalizer.tokens_of_folded(folded, "de") == tuple(expected)
