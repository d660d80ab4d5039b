"""The review queue: what people asked and did not get, grouped, with the pairs it may belong to.

The store keeps every weak spot (no answer, did-you-mean, passage, a low-confidence answer, a 👎;
see `bot.store.record_for`). Here the latest of them form groups of similar questions: the
same normalised content (the canonical tokens matching compares, `Engine.tokens`), or close to a
group's by the matcher's own rescoring measure (rapidfuzz's token-sort ratio of those tokens, at
least MERGE_SCORE), in one language. Each wording is asked again of the current engine: one it
now answers confidently (and, for a 👎, with another pair than the one voted down) has been
dealt with, and a group with nothing left leaves the queue by itself, e.g. after an attach or a
`/kb reload`. The rest are counted, ordered most frequent and then newest first, and carry the
engine's best candidate pairs for them now. Groups a curator dismissed are remembered in the
store and stay out.

A group's id is a hash of its language and its first question's tokens: it stays the same while
new questions join the group, so `review --json` and a later `review attach GROUP_ID` agree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from bot.curation.writer import Attached, Refused, attach_phrasings
from bot.engine import LANGUAGES, Answered, Candidate, Engine, Language, fold
from bot.knowledge_sync import fingerprint
from bot.store import RecordedQuestion, Store, candidates_for, record_for

# Two questions' sorted canonical tokens this similar (token-sort ratio, 0-100) are one group.
MERGE_SCORE = 85.0
# The latest recorded questions the queue is made of.
WINDOW = 5000
# At most this many wordings of a group are shown and attached (the most asked), and this many
# candidate pairs offered.
MAX_QUESTIONS = 10
MAX_CANDIDATES = 5


@dataclass(frozen=True)
class Group:
    """Similar questions that still get no (right) answer."""

    id: str
    language: Language
    # How often they were asked (or voted down).
    count: int
    first_seen: datetime
    last_seen: datetime
    # The different wordings still not answered right, the most asked first.
    questions: tuple[str, ...]
    # The engine's best pairs for them now, best first (pairs voted down for them left out).
    candidates: tuple[Candidate, ...]
    # Pairs whose answer to these questions got a 👎.
    voted_down: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The group as `review --json` prints it (documented in the README)."""
        return {
            "id": self.id,
            "count": self.count,
            "language": self.language,
            "questions": list(self.questions),
            "candidates": [
                {"id": c.pair_id, "question": c.question, "score": c.score} for c in self.candidates
            ],
        }


@dataclass
class _Wording:
    text: str  # the latest spelling
    rows: list[RecordedQuestion] = field(default_factory=list)


@dataclass
class _Draft:
    id: str
    language: Language
    key: str
    wordings: dict[str, _Wording] = field(default_factory=dict)


def _language(value: str) -> Language | None:
    return next((lang for lang in LANGUAGES if lang == value), None)


def group_id(language: Language, key: str) -> str:
    """The id of the group whose first question has the canonical tokens `key`."""
    return hashlib.sha256(f"{language}\0{key}".encode()).hexdigest()[:10]


def _drafts(rows: Iterable[RecordedQuestion], engine: Engine) -> list[_Draft]:
    """Rows (oldest first) in groups, each started by the first question of its kind."""
    drafts: list[_Draft] = []
    by_key: dict[tuple[Language, str], _Draft] = {}
    keys_of: dict[Language, list[str]] = {lang: [] for lang in LANGUAGES}
    for row in rows:
        lang = _language(row.language)
        folded = fold(row.question)
        if lang is None or not folded:
            continue
        tokens = engine.tokens(row.question, lang)
        key = " ".join(sorted(tokens)) if tokens else f"~{folded}"
        draft = by_key.get((lang, key))
        if draft is None and tokens:
            near = process.extractOne(
                key, keys_of[lang], scorer=fuzz.token_sort_ratio, score_cutoff=MERGE_SCORE
            )
            if near is not None:
                draft = by_key[(lang, near[0])]
        if draft is None:
            draft = _Draft(group_id(lang, key), lang, key)
            drafts.append(draft)
            keys_of[lang].append(key)
        by_key.setdefault((lang, key), draft)
        wording = draft.wordings.setdefault(folded, _Wording(row.question))
        wording.text = row.question
        wording.rows.append(row)
    return drafts


def _answered_right(engine: Engine, text: str, lang: Language, voted_down: set[str]) -> bool:
    result = engine.ask(text, lang)
    if record_for(result) is not None:
        return False
    return not (isinstance(result, Answered) and result.match.pair_id in voted_down)


def _finish(draft: _Draft, engine: Engine) -> Group | None:
    """The group as it stands against the current engine; None when nothing is left in it."""
    lang = draft.language
    open_wordings: list[_Wording] = []
    voted: set[str] = set()
    for wording in draft.wordings.values():
        down = {
            r.best_pair_id for r in wording.rows if r.outcome == "voted_down" and r.best_pair_id
        }
        if not _answered_right(engine, wording.text, lang, down):
            open_wordings.append(wording)
            voted |= down
    if not open_wordings:
        return None
    open_wordings.sort(key=lambda w: (-len(w.rows), -w.rows[-1].id))
    shown = open_wordings[:MAX_QUESTIONS]
    best: dict[str, float] = {}
    for wording in shown:
        for pair_id, score in candidates_for(engine.ask(wording.text, lang), engine):
            if pair_id not in voted:
                best[pair_id] = max(best.get(pair_id, 0.0), score)
    candidates = []
    for pair_id, score in sorted(best.items(), key=lambda item: -item[1])[:MAX_CANDIDATES]:
        pair = engine.kb.pair(pair_id)
        if pair is not None:
            candidates.append(Candidate(pair_id, pair.question[lang], score))
    rows = [r for w in open_wordings for r in w.rows]
    return Group(
        id=draft.id,
        language=lang,
        count=len(rows),
        first_seen=min(r.created_at for r in rows),
        last_seen=max(r.created_at for r in rows),
        questions=tuple(w.text for w in shown),
        candidates=tuple(candidates),
        voted_down=tuple(sorted(voted)),
    )


def build_queue(store: Store, engine: Engine, *, window: int = WINDOW) -> list[Group]:
    """The review queue now: open groups of the latest `window` recorded questions, most
    frequent and then newest first, without the dismissed ones (see the module)."""
    dismissed = store.dismissed_groups()
    drafts = [d for d in _drafts(store.recorded_questions(window), engine) if d.id not in dismissed]
    groups = [g for d in drafts if (g := _finish(d, engine)) is not None]
    return sorted(groups, key=lambda g: (-g.count, -g.last_seen.timestamp(), g.id))


@dataclass(frozen=True)
class PairReport:
    """How one pair fares: answers it gave (questions asked, not picks), its share of all
    answers (0-1), its 👍 and 👎."""

    pair_id: str
    answers: int
    share: float
    up: int
    down: int


def pair_report(store: Store) -> list[PairReport]:
    """Every pair that answered or got a vote, the most answers first."""
    standing = store.pair_standing()
    total = sum(s.answers for s in standing)
    return [
        PairReport(s.pair_id, s.answers, s.answers / total if total else 0.0, s.up, s.down)
        for s in standing
    ]


def most_voted_down(reports: Iterable[PairReport], limit: int) -> list[PairReport]:
    """The pairs with a 👎, the most 👎 first (then the fewest 👍)."""
    down = [r for r in reports if r.down]
    return sorted(down, key=lambda r: (-r.down, r.up, r.pair_id))[:limit]


def oldest_groups(groups: Iterable[Group], limit: int) -> list[Group]:
    """The open groups waiting longest, the oldest first."""
    return sorted(groups, key=lambda g: (g.first_seen, g.id))[:limit]


def queue_json(groups: Iterable[Group]) -> dict[str, Any]:
    """The queue as `review --json` prints it: {"groups": [...]}."""
    return {"groups": [g.to_json() for g in groups]}


def find_group(groups: Iterable[Group], wanted: str) -> Group | None:
    """The group with id `wanted`, or None."""
    return next((g for g in groups if g.id == wanted), None)


def attach_group(
    group: Group,
    pair_id: str,
    *,
    store: Store,
    knowledge_dir: Path,
    article_id: str | None,
    by: str,
) -> Attached | Refused:
    """Write the group's questions as phrasings of `pair_id` (in the group's language) through
    the knowledge writer, remember the decision when they landed, and announce the new
    knowledge to every process of the bot (bot.knowledge_sync), wherever the attach was made."""
    outcome = attach_phrasings(knowledge_dir, article_id, pair_id, group.language, group.questions)
    if isinstance(outcome, Attached):
        store.decide_group(group.id, "attached", pair_id=pair_id, by=by)
        if outcome.added:
            store.announce_knowledge(fingerprint(knowledge_dir), by=by)
    return outcome


def dismiss_group(store: Store, group: Group | str, *, by: str) -> None:
    """Keep a group out of the queue for good (not about the article, or nothing to do)."""
    wanted = group.id if isinstance(group, Group) else group
    store.decide_group(wanted, "dismissed", pair_id=None, by=by)
