"""The commonest words of each language: an unknown word among them says little about what a
question asks.

A word no phrasing and no paragraph uses weighs more than any known one (Rules.
unknown_weight_factor): "uranium", "Baikonur" in a question mean it is about something the
knowledge does not cover. "happen", "went", "deals", "hardest" are as unknown to a small
knowledge base and mean nothing of the kind: they are among the thousand commonest words of
English. Those words, from the `wordfreq` package's general-language frequency lists (at least
`COMMON_ZIPF` on its Zipf scale: a word a person meets at least once in every hundred thousand),
weigh `Rules.common_word_factor` times as much.

Read once when an engine is built (the built engine is cached with them): about a thousand
words per language. The lists are read from wordfreq's data files as `wordfreq.
get_frequency_dict` reads them (its documented "cBpack" format, `wordfreq.read_cBpack`), without
importing wordfreq itself: its import (langcodes, ftfy) takes three times as long as reading the
three lists, and an engine is built at every cold start.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
from functools import cache
from pathlib import Path

from bot.engine.knowledge import Language
from bot.engine.normalize import fold

# A word met at least once in every 10 ** (9 - COMMON_ZIPF) words of general language.
COMMON_ZIPF = 5.0
# A word met at least once in every million words of general language is a word, not a typo.
WORD_ZIPF = 3.0


@cache
def _buckets(language: Language) -> list[list[str]]:
    """wordfreq's small list of `language` as `wordfreq.get_frequency_list(language, "small")`
    gives it: bucket i holds the words met 10 ** (-i / 100) times a word (i centibels below 1)."""
    buckets = _read_list(language)
    if buckets is None:
        # Not where or not as expected (another wordfreq): through wordfreq itself.
        import wordfreq

        return wordfreq.get_frequency_list(language, "small")
    return buckets


def _read_list(language: Language) -> list[list[str]] | None:
    """The buckets of wordfreq's small list of `language`, read from its file as
    `wordfreq.read_cBpack` reads it, or None if the file is not there or not in that format."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    # (msgpack is what wordfreq reads its lists with: installed with it.)
    import msgpack

    try:
        with gzip.open(folder / "data" / f"small_{language}.msgpack.gz", "rb") as packed:
            data = msgpack.load(packed, raw=False)
    except (OSError, ValueError):
        return None
    if not isinstance(data, list) or not data or data[0] != {"format": "cB", "version": 1}:
        return None
    buckets: list[list[str]] = data[1:]
    return buckets


def _frequency(index: int) -> float:
    """The frequency of the words of bucket `index` (wordfreq.cB_to_freq)."""
    return float(10 ** (-index / 100))


@cache
def _frequencies(language: Language) -> dict[str, float]:
    """Each word of wordfreq's small list of `language` and its frequency (a share of all words),
    as `wordfreq.get_frequency_dict(language, "small")` gives them."""
    return {
        word: _frequency(index)
        for index, bucket in enumerate(_buckets(language))
        for word in bucket
    }


@cache
def _folded_frequencies(language: Language) -> dict[str, float]:
    """`_frequencies` of `language` by the folded word (normalize.fold: "verhält" is "verhalt",
    as a question's words are); of words that fold alike, the commonest's frequency."""
    frequencies: dict[str, float] = {}
    for word, frequency in _frequencies(language).items():
        # (A plain lower-case word folds to itself, but for ё and э.)
        if word.isascii():
            plain = word.isalpha() and word.islower() and not _DIGRAPH.search(word)
            folded = word if plain else fold(word)
        elif _RUSSIAN_LETTERS.issuperset(word):
            folded = word.replace("ё", "е").replace("э", "е")
        else:
            folded = fold(word)
        if frequencies.get(folded, 0.0) < frequency:
            frequencies[folded] = frequency
    return frequencies


# What fold turns an ASCII word's letters into: a digraph of an umlaut ("ue").
_DIGRAPH = re.compile("ae|oe|ue")
# Lower-case Russian letters: a word of them folds to itself, but for ё and э (е).
_RUSSIAN_LETTERS = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")


def _least(zipf: float) -> float:
    """The lowest frequency that wordfreq.zipf_frequency (log10 of the frequency per billion
    words, to two decimals) rounds to `zipf` or more."""
    return float(10 ** (zipf - 0.005 - 9))


@cache
def common_words(language: Language) -> frozenset[str]:
    """The commonest words of `language`, folded (normalize.fold)."""
    least = _least(COMMON_ZIPF)
    return frozenset(
        fold(word)
        for index, bucket in enumerate(_buckets(language))
        if _frequency(index) >= least
        for word in bucket
    )


def read_lists() -> None:
    """Read every list `is_general_word` asks (once; later calls cost nothing)."""
    for language in _LANGUAGES:
        _frequencies(language)
        _folded_frequencies(language)


def is_general_word(word: str) -> bool:
    """Whether a (folded) word is a word of general German, English or Russian: "wetter" is
    weather, not a misspelt "weiter". Asked only of a word that would be corrected; the lists
    are read at the first such word."""
    least = _WORD_LEAST
    return any(_folded_frequencies(language).get(word, 0.0) >= least for language in _LANGUAGES)


_LANGUAGES: tuple[Language, ...] = ("de", "en", "ru")
_WORD_LEAST = _least(WORD_ZIPF)
