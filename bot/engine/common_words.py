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
words per language, in 0.1 s, and wordfreq's import (0.2 s).
"""

from __future__ import annotations

from functools import cache

from bot.engine.knowledge import Language
from bot.engine.normalize import fold

# A word met at least once in every 10 ** (9 - COMMON_ZIPF) words of general language.
COMMON_ZIPF = 5.0
# A word met at least once in every million words of general language is a word, not a typo.
WORD_ZIPF = 3.0


@cache
def _frequencies(language: Language) -> dict[str, float]:
    """Each word of wordfreq's small list of `language` and its frequency (a share of all words)."""
    # Imported only when an engine is built or a word would be corrected, not on every start.
    import wordfreq

    return wordfreq.get_frequency_dict(language, "small")


def _least(zipf: float) -> float:
    """The lowest frequency that wordfreq.zipf_frequency (log10 of the frequency per billion
    words, to two decimals) rounds to `zipf` or more."""
    return float(10 ** (zipf - 0.005 - 9))


@cache
def common_words(language: Language) -> frozenset[str]:
    """The commonest words of `language`, folded (normalize.fold)."""
    least = _least(COMMON_ZIPF)
    return frozenset(fold(w) for w, f in _frequencies(language).items() if f >= least)


def is_general_word(word: str) -> bool:
    """Whether a (folded) word is a word of general German, English or Russian: "wetter" is
    weather, not a misspelt "weiter". Asked only of a word that would be corrected; the lists
    are read at the first such word."""
    least = _WORD_LEAST
    return any(_frequencies(language).get(word, 0.0) >= least for language in _LANGUAGES)


_LANGUAGES: tuple[Language, ...] = ("de", "en", "ru")
_WORD_LEAST = _least(WORD_ZIPF)
