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
words per language, in 0.2 s.
"""

from __future__ import annotations

from functools import cache

from bot.engine.knowledge import Language
from bot.engine.normalize import fold

# A word met at least once in every 10 ** (9 - COMMON_ZIPF) words of general language.
COMMON_ZIPF = 5.0
# The frequency lists are in frequency order; fewer than this many words are that common.
_LONGEST_LIST = 5000


@cache
def common_words(language: Language) -> frozenset[str]:
    """The commonest words of `language`, folded (normalize.fold)."""
    # Imported only when an engine is built, not on every start.
    import wordfreq

    words = wordfreq.top_n_list(language, _LONGEST_LIST, wordlist="small")
    return frozenset(
        fold(w)
        for w in words
        if wordfreq.zipf_frequency(w, language, wordlist="small") >= COMMON_ZIPF
    )


# A word met at least once in every million words of general language is a word, not a typo.
WORD_ZIPF = 3.0


def is_general_word(word: str) -> bool:
    """Whether a (folded) word is a word of general German, English or Russian: "wetter" is
    weather, not a misspelt "weiter". Asked only of a word that would be corrected; the lists
    are read at the first such word."""
    import wordfreq

    return any(
        wordfreq.zipf_frequency(word, language, wordlist="small") >= WORD_ZIPF
        for language in ("de", "en", "ru")
    )
