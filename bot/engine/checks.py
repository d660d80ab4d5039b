"""Checks of the knowledge, each finding a `Problem` with a severity.

Loading (bot/engine/loader.py) refuses knowledge with errors it finds while reading: structure,
quotes, topics, ids. The checks here look at a loaded knowledge base as a whole and are run by
`kb check` (and so by CI), not at every start: phrasings of two pairs that are the same or nearly
the same (error: they would fight for the same questions), content paragraphs no pair cites
(error), and phrasings asking for a number or a time their answer does not give (warning).

The checks that compare phrasings take the tokens matching compares (`Engine.tokens`), so they
see what the matcher sees: aliases, stemming, compounds split.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from bot.engine.decide import answer_types, asks
from bot.engine.knowledge import LANGUAGES, KnowledgeBase, Language, QAPair

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


def review_knowledge(kb: KnowledgeBase, tokens: Tokens) -> list[Problem]:
    """Every check of this module on a loaded knowledge base: errors first, then warnings."""
    problems = [
        *near_duplicate_phrasings(kb, tokens),
        *uncited_paragraphs(kb),
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
