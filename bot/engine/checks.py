"""Checks of the knowledge, each finding a `Problem` with a severity.

Loading (bot/engine/loader.py) refuses knowledge with errors it finds while reading: structure,
quotes, topics, ids. The checks here look at a loaded knowledge base as a whole and are run by
`kb check` (and so by CI), not at every start: phrasings of two pairs that are the same or nearly
the same (error: they would fight for the same questions), content paragraphs no pair cites
(error), answers stating a number, a month or a name their quotes do not hold (error), and
phrasings asking for a number or a time their answer does not give (warning).

The checks that compare phrasings take the tokens matching compares (`Engine.tokens`), so they
see what the matcher sees: aliases, stemming, compounds split.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rapidfuzz import fuzz, process

from bot.engine.decide import answer_types, asks
from bot.engine.knowledge import LANGUAGES, KnowledgeBase, Language, QAPair
from bot.engine.normalize import fold

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"
SEVERITIES: tuple[Severity, ...] = (ERROR, WARNING)

# The canonical tokens of a text read in a language (Engine.tokens).
Tokens = Callable[[str, Language], tuple[str, ...]]

# Two phrasings of different pairs scoring this high (rapidfuzz ratio of their sorted canonical
# tokens) would fight for the same questions.
NEAR_DUPLICATE_SCORE = 95.0
# Phrasings are compared only when one holds all but at most this many of the other's tokens:
# each phrasing is looked up under its rarest MAX_MISSING_TOKENS + 1 tokens (prefix filtering),
# which finds every such pair without comparing every phrasing with every other. (On the shipped
# knowledge it finds what comparing all with all finds, down to a score of 85: a test checks it.)
MAX_MISSING_TOKENS = 2

# Question words whose answer can be checked by its form: a number, a time.
CHECKABLE_QUESTION_WORDS = {"qcount": "a number", "qwhen": "a time"}

# Months and magnitudes as words, in every language an answer is written in (folded, matched at
# the start of a word): what a quote must hold too when an answer states them.
MONTHS = {
    1: ("januar", "january", "январ", "янв"),
    2: ("februar", "february", "феврал"),
    3: ("maerz", "marz", "march", "март"),
    4: ("april", "апрел"),
    5: ("mai ", "may ", "ма "),
    6: ("juni", "june", "июн"),
    7: ("juli", "july", "июл"),
    8: ("august", "август"),
    9: ("september", "сентябр"),
    10: ("oktober", "october", "октябр"),
    11: ("november", "ноябр"),
    12: ("dezember", "december", "декабр"),
}
MAGNITUDES = {
    "hundred": ("hundert", "hundred", "сотн", "сто "),
    "thousand": ("tausend", "thousand", "тысяч"),
    "million": ("million", "миллион"),
    "billion": ("milliard", "billion", "миллиард"),
}
# Numbers the article's language writes as words (folded; the tens anywhere in a word, as in
# "achtzigjährig", the units as whole words): a quote saying "achtzig" holds an answer's "80".
NUMBER_WORDS_DE = {
    "zwanzig": "20", "dreissig": "30", "vierzig": "40", "funfzig": "50", "fuenfzig": "50",
    "sechzig": "60", "siebzig": "70", "achtzig": "80", "neunzig": "90",
}  # fmt: skip
UNIT_WORDS_DE = {
    "eins": "1", "zwei": "2", "drei": "3", "vier": "4", "funf": "5", "fuenf": "5", "sechs": "6",
    "sieben": "7", "acht": "8", "neun": "9", "zehn": "10", "elf": "11", "zwolf": "12",
    "zwoelf": "12",
}  # fmt: skip
_NUMBER = re.compile(r"\d+(?:[.,\u00a0 ]\d{3})*(?:[.,]\d+)?")
# A German date in digits, "27.11." or "27.11.2024": a day, a month (and a year).
_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})?")
# A name held by a quote's word sharing this many first letters ("russischen" holds Russland).
NAME_PREFIX = 4


def _dates(text: str) -> tuple[set[str], set[int]]:
    """The days/years and the months of the dates written in digits in a text."""
    numbers, months = set(), set()
    for day, month, year in _DATE.findall(text):
        if 1 <= int(month) <= 12:
            numbers.add(day)
            months.add(int(month))
            if year:
                numbers.add(year)
    return numbers, months


def _quoted_numbers(text: str) -> set[str]:
    """The numbers a quote holds: in digits (dates included), or as German number words."""
    words = fold(text)
    found = _numbers(_DATE.sub(" ", text)) | _dates(text)[0]
    found |= {n for word, n in NUMBER_WORDS_DE.items() if word in words}
    found |= {n for word, n in UNIT_WORDS_DE.items() if re.search(rf"\b{word}\b", words)}
    return found


def _numbers(text: str) -> set[str]:
    """The numbers written with digits in a text, thousands separators dropped ("1.500",
    "1,500" and "1 500" are 1500), a decimal comma read as a point."""
    found = set()
    for match in _NUMBER.finditer(text):
        raw = match.group()
        grouped = re.fullmatch(r"\d{1,3}(?:[.,\u00a0 ]\d{3})+", raw)
        found.add(re.sub(r"\D", "", raw) if grouped else raw.replace(",", "."))
    return found


def _words_of(text: str, table: dict[Any, tuple[str, ...]], *, inside: bool = False) -> set[Any]:
    """Which entries of `table` a text names (a word starting with one of its forms; with
    `inside`, anywhere in a word, as "tausend" in "Hunderttausende")."""
    words = f" {fold(text)} "
    return {
        key
        for key, forms in table.items()
        if any(
            (form if inside and not form.endswith(" ") else f" {form}") in words for form in forms
        )
    }


def _largest(magnitudes: set[str]) -> set[str]:
    # "hundreds of thousands" is thousands: the largest one named is what must be quoted.
    order = list(MAGNITUDES)
    return {max(magnitudes, key=order.index)} if magnitudes else set()


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the knowledge files: where (file, entry such as a pair id, field such
    as "en.phrasings"), what, and how bad ("error" fails loading or `kb check`, "warning" is
    reported only)."""

    file: str
    entry: str
    field: str
    message: str
    severity: Severity = ERROR

    def __str__(self) -> str:
        where = self.file
        if self.entry:
            where += f" [{self.entry}]"
        if self.field:
            where += f" {self.field}"
        return f"{where}: {self.message}"


def review_knowledge(
    kb: KnowledgeBase, tokens: Tokens, entities: frozenset[str] = frozenset()
) -> list[Problem]:
    """Every check of this module on a loaded knowledge base: errors first, then warnings.
    `entities`: the names the alias table knows (as tokens)."""
    problems = [
        *near_duplicate_phrasings(kb, tokens),
        *uncited_paragraphs(kb),
        *unquoted_facts(kb, tokens, entities),
        *question_word_warnings(kb, tokens),
    ]
    return sorted(problems, key=lambda p: SEVERITIES.index(p.severity))


def _phrasings(pair: QAPair) -> Iterator[tuple[Language, str, str]]:
    """(language, field, text) of a pair's canonical questions and phrasings, in the order of
    `QAPair.all_phrasings` (the matcher's order)."""
    for lang in LANGUAGES:
        yield lang, f"{lang}.question", pair.question[lang]
        for text in pair.phrasings[lang]:
            yield lang, f"{lang}.phrasings", text


def near_duplicate_phrasings(
    kb: KnowledgeBase, tokens: Tokens, score: float = NEAR_DUPLICATE_SCORE
) -> list[Problem]:
    """Phrasings of two different pairs whose canonical tokens are the same or nearly the same
    (rapidfuzz ratio of the sorted tokens >= `score`): one error per two pairs, on the pair
    whose id sorts first, naming the first such phrasing of each."""
    owner: list[int] = []
    where: list[str] = []
    originals: list[str] = []
    token_sets: list[tuple[str, ...]] = []
    for index, pair in enumerate(kb.pairs):
        for lang, field, text in _phrasings(pair):
            owner.append(index)
            where.append(field)
            originals.append(text)
            token_sets.append(tokens(text, lang))
    keys = [" ".join(sorted(t)) for t in token_sets]

    postings: dict[str, list[int]] = defaultdict(list)
    for i, toks in enumerate(token_sets):
        for token in toks:
            postings[token].append(i)
    # Each phrasing is compared with the phrasings holding one of its rarest tokens.
    probes: dict[str, list[int]] = defaultdict(list)
    for i, toks in enumerate(token_sets):
        rarest = sorted(toks, key=lambda t: (len(postings[t]), t))[: MAX_MISSING_TOKENS + 1]
        for token in rarest:
            probes[token].append(i)

    hits: set[tuple[int, int]] = set()
    for token, rows in probes.items():
        cols = postings[token]
        if len(cols) < 2:
            continue
        scores = process.cdist(
            [keys[i] for i in rows],
            [keys[j] for j in cols],
            scorer=fuzz.ratio,
            score_cutoff=score,
            workers=1,
        )
        found_rows, found_cols = scores.nonzero()
        for r, c in zip(found_rows.tolist(), found_cols.tolist(), strict=True):
            i, j = rows[r], cols[c]
            if owner[i] != owner[j]:
                hits.add((min(i, j), max(i, j)))

    pairs = kb.pairs
    oriented = sorted(
        (i, j) if pairs[owner[i]].id < pairs[owner[j]].id else (j, i) for i, j in hits
    )
    problems: list[Problem] = []
    reported: set[tuple[int, int]] = set()
    for i, j in oriented:
        if (owner[i], owner[j]) in reported:
            continue
        reported.add((owner[i], owner[j]))
        first, second = pairs[owner[i]], pairs[owner[j]]
        problems.append(
            Problem(
                first.source_file,
                first.id,
                where[i],
                f"{originals[i]!r} is the same or nearly the same as "
                f"{second.id}'s {where[j]} {originals[j]!r}",
            )
        )
    return problems


def near_duplicates_of(
    kb: KnowledgeBase,
    tokens: Tokens,
    phrasings: Sequence[tuple[str, Language, str]],
    score: float = NEAR_DUPLICATE_SCORE,
) -> list[Problem]:
    """The check of `near_duplicate_phrasings` for just some phrasings, (pair id, language,
    text) each, against every phrasing of the other pairs of `kb`: one error per phrasing that
    is the same or nearly the same as another pair's (fast: a few phrasings against all, not all
    against all). A phrasing in which matching reads no word at all is an error too: it would
    fit nothing, or everything."""
    if not phrasings:
        return []
    others: list[tuple[QAPair, str, str]] = []
    keys: list[str] = []
    for pair in kb.pairs:
        for lang, field, text in _phrasings(pair):
            others.append((pair, field, text))
            keys.append(" ".join(sorted(tokens(text, lang))))
    problems: list[Problem] = []
    for pair_id, lang, text in phrasings:
        owner = kb.pair(pair_id)
        file = owner.source_file if owner is not None else pair_id
        field = f"{lang}.phrasings"
        key = " ".join(sorted(tokens(text, lang)))
        if not key:
            problems.append(Problem(file, pair_id, field, f"{text!r} has no word matching reads"))
            continue
        hits = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=score, limit=None)
        clash = next(
            (others[index] for _, _, index in hits if others[index][0].id != pair_id), None
        )
        if clash is not None:
            other, where, original = clash
            problems.append(
                Problem(
                    file,
                    pair_id,
                    field,
                    f"{text!r} is the same or nearly the same as {other.id}'s {where} "
                    f"{original!r}: the two pairs would fight for the same questions",
                )
            )
    return problems


def uncited_paragraphs(kb: KnowledgeBase) -> list[Problem]:
    """Content paragraphs no pair cites: a question about them gets no curated answer."""
    article = kb.article
    return [
        Problem(
            article.source_file or article.id,
            f"paragraph {p.number}",
            "",
            "content paragraph that no pair cites",
        )
        for p in kb.uncited_paragraphs()
    ]


def unquoted_facts(kb: KnowledgeBase, tokens: Tokens, entities: frozenset[str]) -> list[Problem]:
    """Answers (in any language) stating what their quotes do not hold: a number (in digits) or
    a month not in any of the pair's quotes (in digits, a date, or a German number word), the
    largest magnitude they name ("hundreds of thousands": thousands), or a name the alias table
    knows that is neither in the quotes nor in their paragraphs nor one the whole article is
    about (article.toml's implicit_entities)
    (compared as the matcher's tokens, or as the start of a word: "Ukraine-Krieg" holds
    Ukraine; a word sharing its first NAME_PREFIX letters holds it: "russischen" holds
    "Russland"). An answer says only what the
    quoted words say."""
    article = kb.article
    lang_of_article = article.language
    problems: list[Problem] = []
    for pair in kb.pairs:
        quoted = " ".join(c.quote for c in pair.citations)
        numbers = _quoted_numbers(quoted)
        months = _words_of(quoted, MONTHS) | _dates(quoted)[1]
        magnitudes = _words_of(quoted, MAGNITUDES, inside=True)
        texts = [quoted]
        for c in pair.citations:
            paragraph = article.paragraph(c.paragraph)
            if paragraph is not None:
                texts.append(paragraph.text)
        context = set(article.implicit_entities)
        for text in texts:
            context.update(tokens(text, lang_of_article))
        written = f" {fold(' '.join(texts))} "

        def held(name: str, context: set[str] = context, written: str = written) -> bool:
            # As a token, as a word's start in the text ("Ukraine-Krieg"), or by its first
            # letters ("russischen").
            if len(name) < NAME_PREFIX:
                return name in context or re.search(rf"\b{re.escape(name)}\b", written) is not None
            return (
                name in context
                or re.search(rf"\b{re.escape(name)}", written) is not None
                or any(word[:NAME_PREFIX] == name[:NAME_PREFIX] for word in context)
            )

        for lang in LANGUAGES:
            answer = pair.answer[lang]
            missing = [
                *sorted(_numbers(answer) - numbers),
                *(f"month {m}" for m in sorted(_words_of(answer, MONTHS) - months)),
                *sorted(_largest(_words_of(answer, MAGNITUDES, inside=True)) - magnitudes),
                *sorted(e for e in set(tokens(answer, lang)) & entities if not held(e)),
            ]
            if missing:
                problems.append(
                    Problem(
                        pair.source_file,
                        pair.id,
                        f"{lang}.answer",
                        f"states what no quote holds: {', '.join(missing)}",
                    )
                )
    return problems


def question_word_warnings(kb: KnowledgeBase, tokens: Tokens) -> list[Problem]:
    """Phrasings that ask for a number or a time their pair's answer does not give: they make
    the bot answer questions the article does not ("Seit wann ...?" with no date to give)."""
    problems: list[Problem] = []
    for pair in kb.pairs:
        can = answer_types(" ".join(pair.answer[lang] for lang in LANGUAGES))
        for lang, field, text in _phrasings(pair):
            asked = asks(tokens(text, lang))
            for word, form in CHECKABLE_QUESTION_WORDS.items():
                if word in asked and word not in can:
                    problems.append(
                        Problem(
                            pair.source_file,
                            pair.id,
                            field,
                            f"{text!r} asks for {form}; the answer gives none",
                            WARNING,
                        )
                    )
    return problems
