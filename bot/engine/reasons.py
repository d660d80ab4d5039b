"""A why-question asks about what an answer explains, not about the reason it gives.

"Why did the council close the bridge?" — "Because the river flooded, the council closed the
bridge." The answer explains the closing; "why did the river flood?" shares its words with the
answer's reason and is not answered by it. A pair whose answer gives a reason in so many words
(decide.REASON: "weil", "because", "потому что", …) is split into its reason clause (from the
reason word to the next comma or full stop) and the rest. A why-question whose content words
(those the article does not imply) the answer holds only in its reason clause, at least
`REASON_WORDS` of them and none in the rest, asks why the reason happened: for that pair it is
like a question naming an entity it never names (`Scored.missing_entities`).

What a pair's answers give is found once per pair, when a why-question first asks it
(as qualifiers.py does): nothing is computed at load.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.engine.decide import CONTENT_WEIGHT, QUESTION_WORDS, REASON
from bot.engine.knowledge import KnowledgeBase
from bot.engine.matcher import QueryTokens
from bot.engine.normalize import Normalizer

# How many content words a why-question must share with an answer's reason alone (one is
# often the subject both are about: "why is the pipeline leverage" — "because the pipeline …").
REASON_WORDS = 2
# What a pair is marked as missing when a question asks why its reason happened.
REASON_ASKED = "reason-asked"
_CLAUSE_END = re.compile(r"[,.;:!?]")
_NOTHING: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())


def reason_clause(answer: str) -> tuple[str, str] | None:
    """An answer's reason clause and the rest of it, if it gives a reason in words."""
    found = REASON.search(answer)
    if found is None:
        return None
    end = _CLAUSE_END.search(answer, found.end())
    stop = end.start() if end else len(answer)
    return answer[found.start() : stop], f"{answer[: found.start()]} {answer[stop:]}"


class PairReasons:
    """The tokens of each pair's reasons, and of the rest of its answers that give one."""

    def __init__(self, kb: KnowledgeBase, normalizer: Normalizer) -> None:
        self._kb = kb
        self._normalizer = normalizer
        self._of_pair: dict[int, tuple[frozenset[str], frozenset[str]]] = {}

    def of_pair(self, index: int) -> tuple[frozenset[str], frozenset[str]]:
        """The tokens only the reason clauses of the pair's answers hold, and those the rest
        of those answers holds (answers that give no reason say nothing here)."""
        found = self._of_pair.get(index)
        if found is None:
            reason: set[str] = set()
            rest: set[str] = set()
            tokens = self._normalizer.tokens
            for lang, answer in self._kb.pairs[index].answer.items():
                split = reason_clause(answer)
                if split is not None:
                    reason.update(tokens(split[0], lang))
                    rest.update(tokens(split[1], lang))
            found = (frozenset(reason - rest), frozenset(rest)) if reason else _NOTHING
            self._of_pair[index] = found
        return found

    def missing(self, query: QueryTokens) -> Callable[[int], tuple[str, ...]]:
        """For a why-question: a pair whose answers hold its content only in their reason
        (see the module's docstring), by index."""
        implicit = self._kb.article.implicit_entities
        content = frozenset(
            t
            for t, w in zip(query.tokens, query.weights, strict=True)
            if w >= CONTENT_WEIGHT and t not in QUESTION_WORDS and t not in implicit
        )

        def of_pair(index: int) -> tuple[str, ...]:
            reason, rest = self.of_pair(index)
            if content & rest or len(content & reason) < REASON_WORDS:
                return ()
            return (REASON_ASKED,)

        return of_pair
