"""One normalisation for questions and curated phrasings alike.

Text -> Unicode NFKC, case folded, accents and umlauts folded (ä, ae -> a; ß -> ss), Discord markup
and punctuation removed, multi-word aliases joined, stop words dropped, words stemmed (Snowball,
per language) and mapped through the alias table to one canonical token. Curated phrasings go
through this once, at load; a question goes through it once per question.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import chain, pairwise
from typing import NamedTuple, cast

import Stemmer

from bot.engine import stopwords
from bot.engine.knowledge import LANGUAGES, Aliases, KnowledgeBase, Language, collector_paused

# Longer questions are cut before matching: nobody asks a real question in more characters, and
# normalising a pasted novel should not stall anyone else.
MAX_NORMALISED_CHARS = 1000
# Stripping a word of its marks makes at most this many characters of one (of NFKC'd,
# casefolded text: a test checks every character).
MAX_EXPANSION = 3
# How many words' tokens a normaliser remembers (it starts again when full).
WORD_MEMO_SIZE = 65536
# How many texts' tokens a normaliser remembers: every text of a large knowledge base.
TEXT_MEMO_SIZE = 1 << 20

_DISCORD_MARKUP = re.compile(r"<(?:@[!&]?|#|a?:\w+:)\d+>|https?://\S+|@(?:everyone|here)\b")
_WORD = re.compile(r"[^\W_]+")
# "1.500" has become "1 500" by then: digits grouped in threes are one number.
_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}\b)")
_DIGIT_SPACE_DIGIT = re.compile(r"\d \d")
_DIGIT = re.compile(r"\d")
_UMLAUT_DIGRAPH = re.compile(r"(?<!q)(?<=[a-z])ue|ae|oe")
_DIGRAPH_FOLD = {"ae": "a", "oe": "o", "ue": "u"}
# Stands in for й while marks are stripped (a private-use character no text holds).
_SHORT_I = "\ue000"


def fold(text: str, *, digraphs: bool = True) -> str:
    """Fold text to a plain lower-case form: NFKC, casefold, no accents, umlauts both ways.

    "Für", "fuer" and "fur" all fold to "fur"; "Straße" to "strasse"; "1.500" to "1500".
    Punctuation and Discord markup (mentions, custom emoji, links) become spaces. Idempotent
    (folding folded text changes nothing) and never raises. Without `digraphs`, "ue", "ae"
    and "oe" stay as they are (Russian in Latin letters: "eksportiruet" is "экспортирует").
    """
    text = unicodedata.normalize("NFKC", text[:MAX_NORMALISED_CHARS]).casefold()
    if "<" in text or "@" in text or "http" in text:
        text = _DISCORD_MARKUP.sub(" ", text)
    if not text.isascii():
        # Word by word (a space is a starter: each word decomposes on its own), remembered.
        text = " ".join([w if w.isascii() else _without_marks(w) for w in text.split(" ")])
    # The runs of letters and digits: what is left of replacing every run of other characters
    # (and of underscores) by a space and splitting at whitespace (no letter or digit is space).
    text = " ".join(_WORD.findall(text))
    if _DIGIT_SPACE_DIGIT.search(text):
        text = _THOUSANDS.sub("", text)
    while digraphs and ("ue" in text or "ae" in text or "oe" in text):
        # Until nothing changes: folding "aee" reveals another digraph.
        folded = _UMLAUT_DIGRAPH.sub(_fold_digraph, text)
        if folded == text:
            break
        text = folded
    return text[:MAX_NORMALISED_CHARS].rstrip()


def _fold_digraph(match: re.Match[str]) -> str:
    return _DIGRAPH_FOLD[match.group(0)]


@lru_cache(maxsize=65536)
def _without_marks(word: str) -> str:
    """A word decomposed (NFKD) without its combining marks; Russian й is a letter of its own
    (ё is е with a mark, and folds to е). Э folds to е too: chat, and Russian typed in Latin
    letters, writes "етнических", "ето" for "этнических", "это"."""
    decomposed = unicodedata.normalize("NFKD", word.replace("й", _SHORT_I))
    if not decomposed.isascii():
        decomposed = "".join([c for c in decomposed if not unicodedata.combining(c)])
    return decomposed.replace(_SHORT_I, "й").replace("э", "е")


def fold_texts(texts: Iterable[str]) -> tuple[dict[str, tuple[str, ...]], set[str]]:
    """`fold` of many texts (the knowledge's, at load): each text -> the words of fold(text)
    (as `str.split` gives them: fold(text) is them joined by spaces), and every word of them all.

    A large knowledge base has a hundred thousand texts and only some ten thousand different
    words: what fold does after NFKC, casefolding and markup (marks stripped, the runs of letters
    and digits, digraphs folded) is done once for each different piece of text between two
    spaces, as none of it reaches across one (a space is no letter nor digit, and no digraph
    holds one). Only joining digits grouped in threes does ("1 500" is 1500): a text with a
    piece whose words hold a digit is folded whole, as is one that fold may cut (longer than
    MAX_NORMALISED_CHARS, or so long that its folded words could be: stripping marks makes at
    most MAX_EXPANSION characters of one)."""
    words_of: dict[str, tuple[str, ...]] = {}
    # Each piece that folds to one word without a digit -> the word; every other piece -> its
    # words (none, several, or with a digit), and those with a digit.
    one: dict[str, str] = {}
    other: dict[str, tuple[str, ...]] = {}
    digits: set[str] = set()
    # The words of the pieces without a digit (a text's words are its pieces' but where digits
    # are joined), and of the texts folded whole.
    words: set[str] = set()
    normalize = unicodedata.normalize
    longest = MAX_NORMALISED_CHARS // MAX_EXPANSION
    for text in texts:
        if text in words_of:
            continue
        if len(text) <= MAX_NORMALISED_CHARS:
            # (ASCII is its own NFKC, and casefolds as it lowers.)
            cased = text.lower() if text.isascii() else normalize("NFKC", text).casefold()
            if "<" in cased or "@" in cased or "http" in cased:
                cased = _DISCORD_MARKUP.sub(" ", cased)
            if len(cased) <= longest:
                split = cased.split(" ")
                known = tuple(map(one.get, split))
                if None not in known:
                    words_of[text] = cast("tuple[str, ...]", known)
                    continue
                for piece in split:
                    if piece not in one and piece not in other:
                        _fold_piece(piece, one, other, digits, words)
                if digits.isdisjoint(split):
                    words_of[text] = tuple(
                        chain.from_iterable(
                            (one[piece],) if piece in one else other[piece] for piece in split
                        )
                    )
                    continue
        whole = words_of[text] = tuple(fold(text).split())
        words.update(whole)
    return words_of, words


def _fold_piece(
    piece: str,
    one: dict[str, str],
    other: dict[str, tuple[str, ...]],
    digits: set[str],
    words: set[str],
) -> None:
    """What `fold` makes of a piece of NFKC'd, casefolded text without markup between two
    spaces, but for joining digits: its words, put in `one` (one word without a digit) or
    `other` (and the piece in `digits` if they hold a digit, else the words in `words`)."""
    text = " ".join(_WORD.findall(piece if piece.isascii() else _without_marks(piece)))
    while "ue" in text or "ae" in text or "oe" in text:
        folded = _UMLAUT_DIGRAPH.sub(_fold_digraph, text)
        if folded == text:
            break
        text = folded
    held = tuple(text.split())
    if _DIGIT.search(text):
        other[piece] = held
        digits.add(piece)
        return
    words.update(held)
    if len(held) == 1:
        one[piece] = held[0]
    else:
        other[piece] = held


_STOP: dict[Language, frozenset[str]] = {
    "de": frozenset(
        fold(w) for w in stopwords.GERMAN | stopwords.GERMAN_AS_ENGLISH | stopwords.CHAT
    ),
    "en": frozenset(fold(w) for w in stopwords.ENGLISH | stopwords.CHAT),
    "ru": frozenset(fold(w) for w in stopwords.RUSSIAN | stopwords.CHAT),
}
_ALL_STOP = frozenset().union(*_STOP.values())
_RUSSIAN_STOP_STEMS = frozenset(
    stem for stem in (Stemmer.Stemmer("russian").stemWord(w) for w in _STOP["ru"]) if len(stem) >= 2
)
_STEMMER_NAMES: dict[Language, str] = {"de": "german", "en": "english", "ru": "russian"}
# German chat's "-mäßig" (folded): "as for" the word before it.
_AS_FOR_SUFFIX = "massig"
# A German prefix that ranks what follows ("Hauptgrund": the main reason).
_MAIN = "haupt"
# The fewest letters a verb's root keeps before its ending ("betonen": "beton").
MIN_VERB_ROOT = 4
# A German weak verb's endings (longest first): "betonen", "betont" and "betonten" are one verb,
# which stemming does not tell ("beton", "betont").
_WEAK_VERB_ENDINGS = ("eten", "ete", "ten", "te", "et", "en", "t")
_SEPARABLE_PREFIXES = ("hinaus", "heraus", "zuruck", "hin", "her", "rein", "raus", "weg")


def stop_words(language: Language) -> frozenset[str]:
    """The folded stop words of a language."""
    return _STOP[language]


class LanguageGuess(NamedTuple):
    """The language a text is most likely in, and whether the evidence was clear (a named
    tuple: one is made for every question, and a frozen dataclass takes longer to make)."""

    language: Language
    confident: bool
    # Russian in Latin letters: the folded text should go through `transliterate`.
    transliterated: bool = False


_GERMAN_HINT = re.compile(r"[äöüß]", re.IGNORECASE)
# Question words and common verb forms: they tell the language even in a short question.
_MARKERS: dict[Language, frozenset[str]] = {
    "de": frozenset(
        fold(w)
        for w in "warum wieso weshalb wann wer wo woher wohin welche welcher welches "
        "ist sind hat haben gibt macht wollte will besuchte heisst heißt".split()
    ),
    "en": frozenset(
        fold(w)
        for w in "why when who where which how what whats is are does did do has have".split()
    ),
}
_LANGUAGE_WORDS: dict[Language, frozenset[str]] = {
    "de": (_STOP["de"] | _MARKERS["de"]) - (_STOP["en"] | _MARKERS["en"]),
    "en": (_STOP["en"] | _MARKERS["en"])
    - (_STOP["de"] - stopwords.GERMAN_AS_ENGLISH | _MARKERS["de"]),
}


_CYRILLIC = re.compile(r"[а-я]")
_LATIN = re.compile(r"[a-z]")


def written_in(folded: str, language: Language) -> bool:
    """Whether folded text has letters of the language's script (reading Latin letters as
    Russian, or Cyrillic as German, finds nothing the right reading would not)."""
    return bool((_CYRILLIC if language == "ru" else _LATIN).search(folded))


# Russian written in Latin letters ("skolko zhitelei v gorode") is told by its question
# words; it is then transliterated to Cyrillic (see `transliterate`) and answered in Russian.
_TRANSLIT_MARKERS = frozenset(
    "skolko pochemu pochemy zachem kogda gde kuda otkuda kto chto shto chem kakoi kakoy kakaya "
    "kakie kakim kakov skazhi rasskazhi podskazhi obyasni privet spasibo "
    # Russian words no German or English one is spelt like ("gorod balansiruet mezhdu
    # zapadom i vostokom, pravilno?").
    "mezhdu pravilno eto ili tozhe esli ochen bylo byla byli budet tolko uzhe eshche seichas "
    "sejchas mozhno nuzhno skazal skazala rossii rossiya rossiyskaya rossiiskaya "
    "kak kakuyu kakom kakih kakoe kakogo nazyvaetsya nazyvalas statya statyu statye priznal "
    "otnositsya budut vse vsego voobshe voobshche taki potomu chtoby nado mnogo nego pered "
    "posle cherez rossiyskie rossiiskie".split()
)


def guess_language(text: str, default: Language = "de", folded: str | None = None) -> LanguageGuess:
    """Guess German, English or Russian from the script, function and question words and
    umlauts; unclear text gets `default`. `folded` is `fold(text)`, if the caller has it.

    Any Cyrillic word makes a text Russian unless more German or English words stand beside it
    ("что сказал Scholz" is Russian). Latin text with Russian question words is transliterated
    Russian."""
    if folded is None:
        folded = fold(text)
    words = folded.split()
    # The words of each language (no word is both's), counted.
    de = sum(map(_LANGUAGE_WORDS["de"].__contains__, words))
    en = sum(map(_LANGUAGE_WORDS["en"].__contains__, words))
    if "ru" in LANGUAGES:
        # Most questions have no Cyrillic letter at all (nor any other non-ASCII one).
        cyrillic = (
            0
            if folded.isascii() or not _CYRILLIC.search(folded)
            else sum(1 for w in words if _CYRILLIC.search(w))
        )
        if cyrillic and cyrillic >= max(de, en):
            return LanguageGuess("ru", confident=True)
        if not cyrillic and not _TRANSLIT_MARKERS.isdisjoint(words):
            # As many Russian words as German and English ones ("a on skazal chto …": "a" and
            # "on" are English words too).
            russian = sum(map(_TRANSLIT_MARKERS.__contains__, words))
            if de + en <= max(1, russian):
                return LanguageGuess("ru", confident=True, transliterated=True)
    if not text.isascii() and _GERMAN_HINT.search(text[:MAX_NORMALISED_CHARS]):
        de += 2
    if de > en:
        return LanguageGuess("de", confident=de - en >= 1)
    if en > de:
        return LanguageGuess("en", confident=en - de >= 1)
    return LanguageGuess(default, confident=False)


# Latin -> Cyrillic for Russian typed in Latin letters, longest spellings first (a reading of the
# informal transliterations people use, not of one standard).
_TRANSLIT_DIGRAPHS = (
    # The reflexive ending ("nazyvaetsya": называется), before "ts" is read as ц.
    ("tsya", "тся"),
    ("tsia", "тся"),
    ("tsja", "тся"),
    ("shch", "щ"),
    ("sch", "щ"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("tz", "ц"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("yu", "ю"),
    ("iu", "ю"),
    ("ya", "я"),
    ("ia", "я"),
    ("yo", "е"),
    ("ye", "е"),
)
_TRANSLIT_VOWELS = str.maketrans("aeiouy", "аеиоуы")
_TRANSLIT_CONSONANTS = str.maketrans("bvgdzjklmnprstfhcwxq", "бвгдзйклмнпрстфхцвхк")
# A vowel's "i" or "y" that no vowel follows is й ("kakoi", "zhiteley", "novyy").
_TRANSLIT_SHORT_I = re.compile(r"(?<=[аеиоуы])[иы](?![аеиоуы])")


# Words read otherwise than letter by letter: a word-initial "e" of these is "э".
_TRANSLIT_WORDS = {
    "eto": "это",
    "etot": "этот",
    "eta": "эта",
    "eti": "эти",
    "etu": "эту",
    "etom": "этом",
    "etogo": "этого",
    "etoi": "этой",
    "etoy": "этой",
    "etih": "этих",
    "etikh": "этих",
}


def transliterate(folded: str, keep: frozenset[str] = frozenset()) -> str:
    """Folded Russian in Latin letters as Cyrillic: "skolko zhitelei" -> "сколко жителей".
    (Misspellings left by the reading, such as a lost soft sign, are typo-corrected later.)
    Words in `keep` stay as they are (names written in Latin letters in Russian too: "cpc")."""
    return " ".join(_kept(w, keep) or _transliterate_word(w) for w in folded.split())


# A number with a unit written on to it ("1500km", "20mio", "80проц"), not an ordinal ("70th").
_NUMBER_AND_UNIT = re.compile(r"(\d+)((?!st$|nd$|rd$|th$)[^\W\d_]{2,})")


# Russian case endings a name written in Latin letters takes ("scholzu": Шольцу, to Scholz).
_LATIN_NAME_ENDINGS = ("u", "a", "e", "om", "y", "ym")


def _kept(word: str, keep: frozenset[str]) -> str | None:
    """`word` as the name of `keep` it is, with a Russian case ending or without; else None."""
    if word in keep:
        return word
    for ending in _LATIN_NAME_ENDINGS:
        if word.endswith(ending) and word[: -len(ending)] in keep:
            return word[: -len(ending)]
    return None


def _transliterate_word(word: str) -> str:
    if not (word.isascii() and word.isalpha()):
        return word
    known = _TRANSLIT_WORDS.get(word)
    if known is not None:
        return known
    for latin, cyrillic in _TRANSLIT_DIGRAPHS:
        word = word.replace(latin, cyrillic)
    word = _TRANSLIT_SHORT_I.sub("й", word.translate(_TRANSLIT_VOWELS))
    return word.translate(_TRANSLIT_CONSONANTS)


class Normalizer:
    """Turns text into the canonical tokens that matching compares.

    Built once, with its whole vocabulary: the alias table and the texts of the knowledge (every
    phrasing and paragraph). Their words are what a misspelt word is corrected to, and a German
    compound of two of them is split ("Rohölexporte" -> roh + olexporte...). Nothing is added
    later, so every check of the knowledge compares the same tokens as matching does.
    """

    @collector_paused()
    def __init__(self, aliases: Aliases, texts: Iterable[str] = ()) -> None:
        self._stemmers = _stemmers()
        self.entities: frozenset[str] = frozenset(aliases.entities)
        canonical: dict[str, tuple[str, ...]] = {}
        for table in (aliases.synonyms, aliases.entities):
            for name, spellings in table.items():
                canonical[name] = (*canonical.get(name, ()), name, *spellings)
        phrases: dict[str, str] = {}
        words: dict[str, str] = {}
        for name, spellings in canonical.items():
            for spelling in spellings:
                folded = fold(spelling)
                if not folded:
                    continue
                if " " in folded:
                    phrases[folded] = name
                else:
                    words[folded] = name
                    for stemmer in self._stemmers.values():
                        words.setdefault(stemmer.stemWord(folded), name)
        self._words = words
        # Every word seen anywhere (folded, unstemmed), but numbers and stop words: what a
        # misspelt word is corrected to ("Eimer" must not become "einer" and vanish).
        surface = set(words)
        # Each text's folded words, kept: tokens() of the same text (matching reads every
        # phrasing right after this) folds it no second time.
        self._folded, text_words = fold_texts(texts)
        surface.update(text_words)
        stop = _ALL_STOP
        self.vocabulary: frozenset[str] = frozenset(
            w for w in surface if not w.isdigit() and w not in stop
        )
        # The one-word spellings of names in Latin letters that read as no Russian word in
        # Cyrillic ("cpc", not "цпц"): Russian in Latin letters writes them so too (see
        # transliterate). "pravda" is "правда" (true), whatever newspaper it also names.
        self.latin_names = frozenset(
            word
            for word, name in words.items()
            if name in self.entities
            and word.isascii()
            and word.isalpha()
            and (cyrillic := _transliterate_word(word)) not in surface
            and cyrillic not in stop
        )
        # Plain words known on their own: compounds of two of them are split ("Rohölexporte").
        self._lexicon = frozenset(w for w in self.vocabulary if len(w) >= 3 and w.isalpha())
        self._new_memos()
        # The tokens of each word seen, by (word, language, correction): the vocabulary never
        # changes after this, so a word's tokens never do.
        # The tokens of each text read without correction (phrasings, answers, paragraphs: the
        # index and every check of the knowledge read the same texts), by language and text
        # (no key to make for each: there are a hundred thousand).
        self._tokens: dict[Language, dict[str, tuple[str, ...]]] = {}
        self._word_memo: dict[
            tuple[Language, Callable[[str], tuple[str, ...]] | None], dict[str, tuple[str, ...]]
        ] = {}
        # Multi-word spellings by their first word, the longest first: at each word the longest
        # spelling that stands there whole is taken (a lookup a word, not a regex of hundreds of
        # alternatives a question).
        heads: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for phrase in sorted(phrases, key=len, reverse=True):
            words_of = tuple(phrase.split())
            heads[words_of[0]].append((words_of, phrases[phrase]))
        self._phrase_heads = dict(heads)
        # The first two words of every multi-word spelling: a text with none of these word
        # pairs has no spelling to join, and its words' tokens are taken in one go.
        self._phrase_starts = frozenset(
            spelling[:2] for spellings in heads.values() for spelling, _ in spellings
        )
        # Every word of a multi-word spelling: a misspelt one is corrected before spellings are
        # joined (see _spelt_for_phrases).
        self._phrase_words = frozenset(
            word for spellings in heads.values() for spelling, _ in spellings for word in spelling
        )
        # The words no correction changes before spellings are joined: known ones.
        self._spelt_as_known = self.vocabulary | self._phrase_words | _ALL_STOP

    def __getstate__(self) -> dict[str, object]:
        # Stemmers and memos are made again on unpickling (bot/engine/cache.py).
        state = dict(self.__dict__)
        for name in ("_stemmers", "_splits", "_stems", "_word_memo", "_tokens", "_folded"):
            del state[name]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._stemmers = _stemmers()
        self._new_memos()
        self._word_memo = {}
        self._tokens = {}
        self._folded = {}

    def _new_memos(self) -> None:
        # Each word's parts as a compound (None: none), and stem in each language, remembered
        # (plain dicts: a cache's entry for each of tens of thousands of words costs more).
        self._splits: dict[str, tuple[str, ...] | None] = {}
        self._stems: dict[Language, dict[str, str]] = {lang: {} for lang in self._stemmers}

    def folded(self, text: str) -> str:
        """`fold(text)`, as folded when the normaliser was built if it is one of its texts."""
        words = self._folded.get(text)
        return fold(text) if words is None else " ".join(words)

    def names(self, word: str) -> bool:
        """Whether a folded word is a spelling of a name the alias table knows (an entity)."""
        return self._words.get(word) in self.entities

    def tokens(
        self, text: str, language: Language, correct: Callable[[str], tuple[str, ...]] | None = None
    ) -> tuple[str, ...]:
        """The canonical tokens of `text`, read as `language`, in order, without duplicates.

        `correct`, if given, may replace a word that is neither an alias nor a stop word (a
        misspelling, a compound) by one or more words before it is stemmed.
        """
        if correct is not None:
            return self.tokens_of_folded(fold(text), language, correct)
        memo = self._tokens.get(language)
        if memo is None:
            memo = self._tokens[language] = {}
        tokens = memo.get(text)
        if tokens is None:
            words = self._folded.get(text)
            tokens = self.tokens_of_folded(
                fold(text) if words is None else " ".join(words), language, correct
            )
            if self._texts_remembered() >= TEXT_MEMO_SIZE:
                self._forget_texts()
            memo[text] = tokens
        return tokens

    def _texts_remembered(self) -> int:
        return sum(map(len, self._tokens.values()))

    def _forget_texts(self) -> None:
        for memo in self._tokens.values():
            memo.clear()

    def tokens_of_texts(self, texts: Iterable[tuple[Language, str]]) -> list[tuple[str, ...]]:
        """`tokens(text, language)` of each (language, text), as a list: the knowledge's
        phrasings at load, read in one go (the same memos)."""
        out: list[tuple[str, ...]] = []
        append = out.append
        folded_of = self._folded
        starts = self._phrase_starts
        # Texts it may still remember before it forgets them all (as `tokens` does).
        room = TEXT_MEMO_SIZE - self._texts_remembered()
        # Each language's memo of texts and of words.
        memos: dict[Language, tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]] = {}
        for language, text in texts:
            both = memos.get(language)
            if both is None:
                both = memos[language] = (
                    self._tokens.setdefault(language, {}),
                    self._word_memo.setdefault((language, None), {}),
                )
            memo_of, memo = both
            tokens = memo_of.get(text)
            if tokens is None:
                # (What tokens_of_folded gives the folded text: each word's tokens, from the
                # memo, in order and each once, multi-word spellings joined where they stand
                # whole.)
                words = folded_of.get(text)
                if words is None:
                    words = tuple(fold(text).split())
                known = list(map(memo.get, words))
                if None in known:
                    stop = _STOP[language]
                    known = [
                        self._memo_tokens(memo, raw, language, stop, None)
                        if tokens is None
                        else tokens
                        for raw, tokens in zip(words, known, strict=True)
                    ]
                held = cast("list[tuple[str, ...]]", known)
                if starts.isdisjoint(pairwise(words)):
                    tokens = tuple(dict.fromkeys(chain.from_iterable(held)))
                else:
                    tokens = self._joined(words, held)
                if room <= 0:
                    self._forget_texts()
                    room = TEXT_MEMO_SIZE
                memo_of[text] = tokens
                room -= 1
            append(tokens)
        return out

    def _joined(self, words: Sequence[str], known: list[tuple[str, ...]]) -> tuple[str, ...]:
        """The tokens of `words` (each word's in `known`), in order and each once, a multi-word
        spelling that stands whole as one token, as tokens_of_folded's walk reads them: a
        spelling can only start where the word and the next are the first two of one."""
        out: dict[str, None] = {}
        starts, heads = self._phrase_starts, self._phrase_heads
        # The words before `at` are read.
        at = 0
        for i, pair in enumerate(pairwise(words)):
            if i < at or pair not in starts:
                continue
            found = _phrase_at(words, i, heads[words[i]])
            if found is not None:
                name, length = found
                out.update(dict.fromkeys(chain.from_iterable(known[at:i])))
                out[name] = None
                at = i + length
        out.update(dict.fromkeys(chain.from_iterable(known[at:])))
        return tuple(out)

    def tokens_of_folded(
        self,
        folded: str,
        language: Language,
        correct: Callable[[str], tuple[str, ...]] | None = None,
    ) -> tuple[str, ...]:
        """Like `tokens`, for text that has been through `fold` already."""
        out: dict[str, None] = {}
        stop = _STOP[language]
        memo = self._word_memo.get((language, correct))
        if memo is None:
            memo = self._word_memo[language, correct] = {}
        words = folded.split()
        if correct is not None:
            words = self._spelt_for_phrases(words, correct)
        if self._phrase_starts.isdisjoint(pairwise(words)):
            # No multi-word spelling: each word's tokens (from the memo, which every word is
            # put in first), in order, each once.
            known = list(map(memo.get, words))
            if None in known:
                known = [
                    self._memo_tokens(memo, raw, language, stop, correct)
                    if tokens is None
                    else tokens
                    for raw, tokens in zip(words, known, strict=True)
                ]
            return tuple(dict.fromkeys(chain.from_iterable(cast("list[tuple[str, ...]]", known))))
        heads = self._phrase_heads
        # Multi-word spellings are joined as the words are read: the longest spelling that
        # stands whole at a word is one token.
        skip = 0
        for i, raw in enumerate(words):
            if skip:
                skip -= 1
                continue
            spellings = heads.get(raw)
            if spellings is not None and (found := _phrase_at(words, i, spellings)) is not None:
                name, length = found
                out[name] = None
                skip = length - 1
                continue
            tokens = memo.get(raw)
            if tokens is None:
                tokens = self._memo_tokens(memo, raw, language, stop, correct)
            for token in tokens:
                out[token] = None
        return tuple(out)

    def names_joined(self, folded: str) -> str:
        """Folded text with each multi-word spelling of a name as the name's one word: where
        the alias table spells a man "president of <country>", "who did the president of
        <country> meet" asks of him, not whose president (no question of roles)."""
        words = folded.split()
        if self._phrase_starts.isdisjoint(pairwise(words)):
            return folded  # most questions
        heads, entities = self._phrase_heads, self.entities
        out: list[str] = []
        skip = 0
        for i, word in enumerate(words):
            if skip:
                skip -= 1
                continue
            spellings = heads.get(word)
            found = _phrase_at(words, i, spellings) if spellings is not None else None
            if found is not None and found[0] in entities:
                out.append(found[0])
                skip = found[1] - 1
            else:
                out.append(word)
        return " ".join(out)

    def _spelt_for_phrases(
        self, words: list[str], correct: Callable[[str], tuple[str, ...]]
    ) -> list[str]:
        """`words` with each misspelt word of a multi-word spelling spelt as there: "этническх
        русских" is "этнических русских" (ethnic Russians), not "ethnic" and "Russian"."""
        known, phrase_words = self._spelt_as_known, self._phrase_words
        if known.issuperset(words):
            return words  # most questions
        spelt = []
        for word in words:
            meant: tuple[str, ...] = (word,)
            if word not in known:
                meant = correct(word)
            spelt.append(meant[0] if len(meant) == 1 and meant[0] in phrase_words else word)
        return spelt

    def _memo_tokens(
        self,
        memo: dict[str, tuple[str, ...]],
        word: str,
        language: Language,
        stop: frozenset[str],
        correct: Callable[[str], tuple[str, ...]] | None,
    ) -> tuple[str, ...]:
        """A word's tokens (one not in `memo`), put in `memo`."""
        tokens = self._tokens_of_word(word, language, stop, correct)
        if len(memo) >= WORD_MEMO_SIZE:
            # Bounded: a flood of new words empties it rather than growing it.
            memo.clear()
        memo[word] = tokens
        return tokens

    def _tokens_of_word(
        self,
        word: str,
        language: Language,
        stop: frozenset[str],
        correct: Callable[[str], tuple[str, ...]] | None,
    ) -> tuple[str, ...]:
        if word in stop:
            # Before the aliases: German "war" is "was", not "war" (Krieg).
            return ()
        mapped = self._words.get(word)
        if mapped is not None:
            return (mapped,)
        if len(word) == 1 and word.isdigit():
            # A digit the catalogue does not name says nothing: "1." of a list, "2 Fragen".
            return ()
        if word[:1].isdigit() and (unit := _NUMBER_AND_UNIT.fullmatch(word)) is not None:
            # A unit written on to its number ("1500km", "20mio") is the number and the unit.
            number, after = unit.groups()
            return (
                *self._tokens_of_word(number, language, stop, correct),
                *self._tokens_of_word(after, language, stop, correct),
            )
        if language == "de" and (plain := _without_zu(word) or _without_ge(word)) is not None:
            # "auszubauen" is "ausbauen" (an infinitive with "zu" inside its separable prefix).
            return self._tokens_of_word(plain, language, stop, correct)
        # A misspelt word is corrected before it is taken apart: "pipline" is "pipeline" in
        # every language and wherever it stands, not "pip" + "line".
        if correct is not None:
            corrected = correct(word)
            if corrected != (word,):
                return tuple(
                    t for w in corrected for t in self._tokens_of_word(w, language, stop, None)
                )
        if language == "de" and word not in self._lexicon:
            # "betonen" asked of "betont" (another form of a weak verb the knowledge uses).
            form = self._weak_verb_form(word)
            if form is not None:
                return self._tokens_of_word(form, language, stop, None)
        # Compounds are a German thing: in English "strategically" is not "strategic" + "ally".
        parts = self._split(word) if language == "de" else None
        if parts is not None:
            return tuple(t for w in parts for t in self._tokens_of_word(w, language, stop, None))
        stem = self._stem(word, language)
        if language == "ru" and stem in _RUSSIAN_STOP_STEMS and stem not in self._words:
            # Russian inflects its stop words: "какими", "эту", "сказал" are "какой", "это",
            # "сказано".
            return ()
        return (self._words.get(stem, stem),)

    def _weak_verb_form(self, word: str) -> str | None:
        """Another form of `word` as a German weak verb ("betonen": "betont", "betonten") that
        the knowledge uses, or None."""
        lexicon = self._lexicon
        for ending in _WEAK_VERB_ENDINGS:
            if not word.endswith(ending):
                continue
            root = word[: -len(ending)]
            if len(root) < MIN_VERB_ROOT:
                return None
            for other in _WEAK_VERB_ENDINGS:
                form = root + other
                if form != word and form in lexicon:
                    return form
            return None
        return None

    def _split(self, word: str) -> tuple[str, ...] | None:
        """`_split_uncached`, remembered (up to WORD_MEMO_SIZE words)."""
        splits = self._splits
        if word in splits:
            return splits[word]
        if len(splits) >= WORD_MEMO_SIZE:
            splits.clear()
        parts = splits[word] = self._split_uncached(word)
        return parts

    def _split_uncached(self, word: str) -> tuple[str, ...] | None:
        """The known words that make up `word` (a German compound, or a separable verb prefix
        before a known verb), or None."""
        if len(word) < 7 or not self._lexicon:
            return None
        lexicon = self._lexicon
        if word.endswith(_AS_FOR_SUFFIX):
            # "beziehungsmäßig", "imagemäßig": as for the relationship, the image.
            head = word.removesuffix(_AS_FOR_SUFFIX)
            for known in (head, head.removesuffix("s")):
                if known in lexicon:
                    return (known,)
        for prefix in _SEPARABLE_PREFIXES:
            # "hinreisen", "rausgeht": a separable verb prefix before a known verb.
            if word.startswith(prefix) and word[len(prefix) :] in lexicon:
                return (word[len(prefix) :],)
        if word.startswith("ge") and word.endswith("t") and word not in lexicon:
            # A weak participle of a known verb: "gepumpt" is "pumpt", "pumpen".
            for known in (word[2:], word[2:-1] + "en"):
                if known in lexicon:
                    return (known,)
        if word.startswith(_MAIN) and word not in lexicon and word[len(_MAIN) :] in lexicon:
            # "Hauptgrund", "Hauptziel": the main reason is the reason asked.
            return (word[len(_MAIN) :],)
        if len(word) < 7:
            return None
        # Longest head first; heads of three letters ("Gas|pipeline") are allowed, tails of four.
        for i in range(len(word) - 4, 2, -1):
            head, tail = word[:i], word[i:]
            if tail not in lexicon:
                continue
            if head in lexicon:
                return head, tail
            # Linking s: "Bevölkerungs|anteil".
            if head.endswith("s") and head[:-1] in lexicon:
                return head[:-1], tail
        return None

    def _stem(self, word: str, language: Language) -> str:
        """The word's stem in `language`, remembered (up to WORD_MEMO_SIZE words each)."""
        stems = self._stems[language]
        stem = stems.get(word)
        if stem is None:
            if len(stems) >= WORD_MEMO_SIZE:
                stems.clear()
            stem = stems[word] = self._stemmers[language].stemWord(word)
        return stem

    @classmethod
    def for_knowledge(cls, kb: KnowledgeBase) -> Normalizer:
        """The normaliser of a knowledge base: its aliases, and the words of every phrasing and
        every paragraph of its article."""
        # (Each pair's texts as all_phrasings gives them, without making a pair of each.)
        texts: list[str] = []
        for pair in kb.pairs:
            for lang in LANGUAGES:
                texts.append(pair.question[lang])
                texts += pair.phrasings[lang]
        texts.extend(p.text for p in kb.article.paragraphs)
        return cls(kb.aliases, texts)


def _phrase_at(
    words: Sequence[str], i: int, spellings: list[tuple[tuple[str, ...], str]]
) -> tuple[str, int] | None:
    """The canonical token of the first (longest) of `spellings` that stands whole at
    `words[i]`, and how many words it takes; None if none does."""
    for spelling, name in spellings:
        if tuple(words[i : i + len(spelling)]) == spelling:
            return name, len(spelling)
    return None


# Separable verb prefixes (folded) before which a German infinitive takes its "zu":
# "aus|zu|bauen", "an|zu|erkennen", "durch|zu|setzen".
_ZU_PREFIXES = tuple(
    "ab an auf aus bei ein fest her hin mit nach vor weg zuruck zusammen durch um uber unter "
    "weiter dar los".split()
)
_ZU_INFIX = re.compile(rf"({'|'.join(sorted(_ZU_PREFIXES, key=len, reverse=True))})zu(\w{{2,}}n)")


_GE_PARTICIPLE = re.compile(
    rf"({'|'.join(sorted(_ZU_PREFIXES, key=len, reverse=True))})ge(\w{{3,}}?)e?t"
)


def _without_ge(word: str) -> str | None:
    """A weak German participle with "ge" inside its separable prefix as the infinitive
    ("angekündigt" -> "ankündigen"), or None if it is none."""
    if "ge" not in word:
        return None
    match = _GE_PARTICIPLE.fullmatch(word)
    return fold(match[1] + match[2] + "en") if match else None


def _without_zu(word: str) -> str | None:
    """A German infinitive with "zu" inside it without the "zu" ("auszubauen" -> "ausbauen"),
    or None if it is none."""
    if "zu" not in word:
        return None
    match = _ZU_INFIX.fullmatch(word)
    return match[1] + match[2] if match else None


def _stemmers() -> dict[Language, Stemmer.Stemmer]:
    """A stemmer for each language, without a cache of its own: the normaliser remembers the
    stems (a stemmer's cache costs every word it stems more than it saves, stemmed once)."""
    return {lang: Stemmer.Stemmer(name, 0) for lang, name in _STEMMER_NAMES.items()}
