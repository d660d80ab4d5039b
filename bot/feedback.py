"""The bot's store: what people thought of the answers (votes and the questions we could not
answer, for curators), how often each pair answered, the curators' decisions on the review queue
(`bot.curation`), and each server's own settings.

SQLite (stdlib) in WAL mode with `synchronous=FULL`: a record is on disk when its write returns,
so anything acknowledged to a user survives the process being killed. The schema is versioned
with `PRAGMA user_version`; tables added since version 1 (the servers' settings, answer counts,
review decisions) are created with `CREATE TABLE IF NOT EXISTS` at every open, and columns added
since (a question's candidate pairs) with `ALTER TABLE ... ADD COLUMN` when missing, so a file
written by an older bot gains them and keeps its rows, and an older bot still opens a newer file.
Calls are short and thread-safe (one connection behind a lock), so async code runs them in a
worker thread with `asyncio.to_thread`.
No Discord import here: the CLI reads the same reports.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Self

from bot.engine import (
    LANGUAGES,
    Answered,
    DidYouMean,
    Engine,
    Language,
    NoAnswer,
    PassageFound,
    Result,
    fold,
)

SCHEMA_VERSION = 1
# How long a writer waits for another process (a second shard, the CLI) to let go of the file.
BUSY_TIMEOUT_MS = 5000

Vote = Literal[1, -1]
# What became of a question worth a curator's look ("voted_down": answered, and given a 👎).
Outcome = Literal["none", "suggestions", "passage", "low_confidence", "voted_down"]
OUTCOMES: tuple[Outcome, ...] = ("none", "suggestions", "passage", "low_confidence", "voted_down")
# Answers scoring below this are worth a curator's look, even though they were given.
LOW_CONFIDENCE = 70.0
# How many candidate pairs are kept with a recorded question.
RECORDED_CANDIDATES = 5
# What a curator decided about a group of the review queue.
Decision = Literal["dismissed", "attached"]

_SCHEMA_V1 = """
CREATE TABLE votes (
    id          INTEGER PRIMARY KEY,
    pair_id     TEXT NOT NULL,
    question    TEXT NOT NULL,
    language    TEXT NOT NULL,
    vote        INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    user_hash   TEXT NOT NULL,
    guild_id    INTEGER,
    message_id  INTEGER,
    created_at  TEXT NOT NULL,
    UNIQUE (message_id, user_hash)
);
CREATE INDEX votes_pair ON votes (pair_id);
CREATE TABLE questions (
    id            INTEGER PRIMARY KEY,
    question      TEXT NOT NULL,
    folded        TEXT NOT NULL,
    language      TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    score         REAL,
    best_pair_id  TEXT,
    source        TEXT NOT NULL,
    guild_id      INTEGER,
    created_at    TEXT NOT NULL
);
CREATE INDEX questions_folded ON questions (folded);
"""

# Added after version 1 without a version of its own: created if missing at every open (an older
# bot opening the file ignores it). `watched_channel_ids` is a JSON array of channel ids, NULL
# while the server never set its channels; `language` is NULL while it never chose one.
_SCHEMA_GUILD_SETTINGS = """
CREATE TABLE IF NOT EXISTS guild_settings (
    guild_id             INTEGER PRIMARY KEY,
    watched_channel_ids  TEXT,
    language             TEXT,
    updated_at           TEXT NOT NULL,
    updated_by           TEXT NOT NULL
);
"""


# Added later, each created if missing at every open (see the module's docstring): how often each
# pair answered (a count per day, no question text), and what curators decided about the groups
# of the review queue (`group_id` is bot.curation's id of a group).
_SCHEMA_LATER = """
CREATE TABLE IF NOT EXISTS pair_answers (
    pair_id  TEXT NOT NULL,
    day      TEXT NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (pair_id, day)
);
CREATE TABLE IF NOT EXISTS review_decisions (
    group_id    TEXT PRIMARY KEY,
    decision    TEXT NOT NULL,
    pair_id     TEXT,
    decided_at  TEXT NOT NULL,
    decided_by  TEXT NOT NULL
);
"""
# Columns added to tables of version 1: (table, column, declaration). `candidates` is a JSON list
# of {"id": pair id, "score": 0-100}, best first (NULL in rows an older bot wrote).
_COLUMNS_LATER = (("questions", "candidates", "TEXT"),)


class FeedbackError(Exception):
    """The feedback database cannot be used (unreadable, or from a newer version of the bot)."""


@dataclass(frozen=True)
class UnansweredQuestion:
    """A question (grouped by its folded text) that got no answer or a weak one."""

    question: str  # the latest wording
    count: int
    last_seen: datetime
    outcome: Outcome  # of the latest ask
    best_pair_id: str | None  # the closest pair, if any, of the latest ask


@dataclass(frozen=True)
class RecordedQuestion:
    """One recorded question, as the review queue reads it."""

    id: int
    question: str
    language: str
    outcome: Outcome
    score: float | None
    best_pair_id: str | None
    candidates: tuple[tuple[str, float], ...]  # (pair id, score), best first
    created_at: datetime


@dataclass(frozen=True)
class PairStanding:
    """How one pair fares: the answers it gave (questions asked, not picks) and its votes."""

    pair_id: str
    answers: int
    up: int
    down: int


@dataclass(frozen=True)
class Record:
    """A question for the curators' list."""

    outcome: Outcome
    score: float | None
    best_pair_id: str | None


def record_for(result: Result) -> Record | None:
    """Whether (and how) a result goes on the curators' list of weak spots."""
    if isinstance(result, Answered):
        if result.match.score < LOW_CONFIDENCE:
            return Record("low_confidence", result.match.score, result.match.pair_id)
        return None
    if isinstance(result, DidYouMean):
        top = result.candidates[0] if result.candidates else None
        return Record("suggestions", top.score if top else None, top.pair_id if top else None)
    if isinstance(result, PassageFound):
        return Record("passage", result.score, None)
    if isinstance(result, NoAnswer) and result.reason != "empty":
        near = result.nearest[0] if result.nearest else None
        return Record("none", near.score if near else None, near.pair_id if near else None)
    return None


def candidates_for(
    result: Result, engine: Engine, limit: int = RECORDED_CANDIDATES
) -> tuple[tuple[str, float], ...]:
    """The best candidate pairs for a result's question, as (pair id, score), best first: those
    the result names (its match, suggestions or nearest) and the matcher's best for its words."""
    best: dict[str, float] = {}
    named = (
        (result.match,)
        if isinstance(result, Answered)
        else result.candidates
        if isinstance(result, DidYouMean)
        else result.nearest
        if isinstance(result, NoAnswer)
        else ()
    )
    others = engine.candidates(result.question, result.language, limit)
    for c in (*named, *others):
        best[c.pair_id] = max(best.get(c.pair_id, 0.0), c.score)
    ranked = sorted(best.items(), key=lambda item: -item[1])
    return tuple(ranked[:limit])


@dataclass(frozen=True)
class RatedAnswer:
    """Votes on one curated pair."""

    pair_id: str
    question: str  # the latest question a vote was given on
    up: int
    down: int

    @property
    def net(self) -> int:
        """Up votes minus down votes."""
        return self.up - self.down


@dataclass(frozen=True)
class GuildSettings:
    """One server's own settings. None where it set nothing: the bot's defaults apply there."""

    guild_id: int
    # Channels where every message is a question; None: the bot's ASK_CHANNEL_IDS.
    watched_channel_ids: frozenset[int] | None = None
    # The answer language when a question does not tell; None: the server's Discord locale.
    language: Language | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None  # hash_user of whoever changed them last

    def watched(self, default: frozenset[int]) -> frozenset[int]:
        """The channels watched on this server: its own list once it set one, else `default`."""
        return default if self.watched_channel_ids is None else self.watched_channel_ids


def hash_user(user_id: int) -> str:
    """A stable, short stand-in for a user id: votes count once per person without storing who."""
    return hashlib.sha256(f"article-bot:{user_id}".encode()).hexdigest()[:16]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class FeedbackStore:
    """Votes and unanswered questions in one SQLite file (created with its folder if missing)."""

    def __init__(self, path: Path | str, *, now: Callable[[], datetime] = _utcnow) -> None:
        self.path = Path(path)
        self._now = now
        self._lock = threading.Lock()
        try:
            if str(self.path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise FeedbackError(f"cannot open the feedback database {self.path}: {exc}") from exc
        try:
            self._setup()
        except sqlite3.Error as exc:
            self._db.close()
            raise FeedbackError(f"cannot use the feedback database {self.path}: {exc}") from exc
        except FeedbackError:
            self._db.close()
            raise

    def _setup(self) -> None:
        db = self._db
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise FeedbackError(
                f"{self.path} was written by a newer version of the bot "
                f"(schema {version}, this one knows {SCHEMA_VERSION})"
            )
        if version < 1:
            # One transaction: a half-created schema never stays behind.
            db.executescript(f"BEGIN; {_SCHEMA_V1} PRAGMA user_version = 1; COMMIT;")
        db.executescript(f"BEGIN; {_SCHEMA_GUILD_SETTINGS} {_SCHEMA_LATER} COMMIT;")
        for table, column, declaration in _COLUMNS_LATER:
            # Guarded by a look at the table: ADD COLUMN has no IF NOT EXISTS. Two processes
            # opening an old file at once may both try; the loser's "duplicate column" is fine.
            have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
            if column not in have:
                try:
                    with db:
                        db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
                except sqlite3.OperationalError as exc:
                    if "duplicate column" not in str(exc):
                        raise

    # --- lifecycle -----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the database (idempotent)."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -------------------------------------------------------------------------------

    def record_vote(
        self,
        *,
        pair_id: str,
        question: str,
        language: str,
        vote: Vote,
        user_id: int,
        guild_id: int | None,
        message_id: int | None,
    ) -> None:
        """Store a 👍 (1) or 👎 (-1). A person voting again on the same message changes their vote.

        Committed (and synced to disk) when this returns.
        """
        if vote not in (1, -1):
            raise ValueError("vote is 1 or -1")
        self._insert(
            "votes",
            {
                "pair_id": pair_id,
                "question": question,
                "language": language,
                "vote": vote,
                "user_hash": hash_user(user_id),
                "guild_id": guild_id,
                "message_id": message_id,
            },
            on_conflict="(message_id, user_hash) DO UPDATE SET"
            " vote = excluded.vote, created_at = excluded.created_at",
        )

    def record_question(
        self,
        *,
        question: str,
        language: str,
        outcome: Outcome,
        score: float | None,
        best_pair_id: str | None,
        source: str,
        guild_id: int | None,
        candidates: Iterable[tuple[str, float]] = (),
    ) -> None:
        """Store a question that got no answer, only suggestions or a passage, a weak answer or
        a 👎, with its best candidate pairs (pair id, score)."""
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome is one of {OUTCOMES}")
        self._insert(
            "questions",
            {
                "question": question,
                "folded": fold(question) or question.strip().casefold(),
                "language": language,
                "outcome": outcome,
                "score": score,
                "best_pair_id": best_pair_id,
                "source": source,
                "guild_id": guild_id,
                "candidates": json.dumps(
                    [{"id": pair_id, "score": s} for pair_id, s in candidates]
                ),
            },
        )

    def record_answer(self, pair_id: str) -> None:
        """Count one answer given by a pair (today's count; no question text is kept)."""
        day = self._now().date().isoformat()
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO pair_answers (pair_id, day, n) VALUES (?, ?, 1)"
                " ON CONFLICT (pair_id, day) DO UPDATE SET n = n + 1",
                (pair_id, day),
            )

    def record_result(
        self, result: Result, engine: Engine, *, source: str, guild_id: int | None
    ) -> None:
        """Keep what a question came to: an answer counts for its pair, and a weak spot (see
        `record_for`) goes on the curators' list with its candidate pairs. Blocking: front ends
        call it off their answering path (a worker thread)."""
        if isinstance(result, Answered):
            self.record_answer(result.match.pair_id)
        entry = record_for(result)
        if entry is None:
            return
        self.record_question(
            question=result.question,
            language=result.language,
            outcome=entry.outcome,
            score=entry.score,
            best_pair_id=entry.best_pair_id,
            source=source,
            guild_id=guild_id,
            candidates=candidates_for(result, engine),
        )

    def record_down_vote(
        self,
        question: str,
        language: Language,
        pair_id: str,
        engine: Engine,
        *,
        source: str,
        guild_id: int | None,
    ) -> None:
        """Put a question whose answer (by `pair_id`) got a 👎 on the curators' list, with the
        engine's candidates for it now."""
        result = engine.ask(question, language)
        score = result.match.score if isinstance(result, Answered) else None
        self.record_question(
            question=question,
            language=language,
            outcome="voted_down",
            score=score,
            best_pair_id=pair_id,
            source=source,
            guild_id=guild_id,
            candidates=candidates_for(result, engine),
        )

    def _insert(self, table: str, row: dict[str, object], *, on_conflict: str = "") -> None:
        """Insert `row` (column -> value, stamped with created_at) and commit before returning.
        Table and column names are ours, never user input; values are bound parameters."""
        row = {**row, "created_at": self._now().isoformat()}
        columns = ", ".join(row)
        marks = ", ".join("?" * len(row))
        conflict = f" ON CONFLICT {on_conflict}" if on_conflict else ""
        with self._lock, self._db:
            self._db.execute(
                f"INSERT INTO {table} ({columns}) VALUES ({marks}){conflict}",
                tuple(row.values()),
            )

    # --- servers' settings ----------------------------------------------------------------------

    def save_guild_settings(
        self,
        guild_id: int,
        *,
        watched_channel_ids: Iterable[int] | None,
        language: Language | None,
        user_id: int,
    ) -> GuildSettings:
        """Store a server's settings in full (None: not set), stamped with the time and who
        changed them; committed (and synced to disk) when this returns. Returns what was stored."""
        if language is not None and language not in LANGUAGES:
            raise ValueError(f"language is one of {LANGUAGES}")
        channels = None if watched_channel_ids is None else frozenset(watched_channel_ids)
        now, who = self._now(), hash_user(user_id)
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO guild_settings"
                " (guild_id, watched_channel_ids, language, updated_at, updated_by)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (guild_id) DO UPDATE SET"
                " watched_channel_ids = excluded.watched_channel_ids,"
                " language = excluded.language,"
                " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                (
                    guild_id,
                    None if channels is None else json.dumps(sorted(channels)),
                    language,
                    now.isoformat(),
                    who,
                ),
            )
        return GuildSettings(guild_id, channels, language, updated_at=now, updated_by=who)

    def guild_settings(self, guild_id: int) -> GuildSettings | None:
        """One server's settings, None if it never set any."""
        with self._lock:
            row = self._db.execute(
                "SELECT guild_id, watched_channel_ids, language, updated_at, updated_by"
                " FROM guild_settings WHERE guild_id = ?",
                (guild_id,),
            ).fetchone()
        return None if row is None else _guild_settings(row)

    def all_guild_settings(self) -> list[GuildSettings]:
        """Every server's settings, by server id."""
        rows = self._rows(
            "SELECT guild_id, watched_channel_ids, language, updated_at, updated_by"
            " FROM guild_settings ORDER BY guild_id"
        )
        return [_guild_settings(row) for row in rows]

    # --- reports -------------------------------------------------------------------------------

    def _rows(self, sql: str, params: tuple[object, ...] = ()) -> list[Any]:
        """Every row of a query, read under the store's lock."""
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def top_unanswered(self, limit: int = 20) -> list[UnansweredQuestion]:
        """The most frequent questions without a (confident) answer, most frequent first (the
        latest wording of each; 👎 votes are not questions without an answer)."""
        rows = self._rows(
            "SELECT q.question, g.n, q.created_at, q.outcome, q.best_pair_id FROM (SELECT folded,"
            " COUNT(*) AS n, MAX(id) AS last_id FROM questions WHERE outcome != 'voted_down'"
            " GROUP BY folded) AS g JOIN questions AS q ON q.id = g.last_id"
            " ORDER BY g.n DESC, g.last_id DESC LIMIT ?",
            (limit,),
        )
        return [
            UnansweredQuestion(
                question=question,
                count=int(n),
                last_seen=datetime.fromisoformat(created_at),
                outcome=outcome,
                best_pair_id=best,
            )
            for question, n, created_at, outcome, best in rows
        ]

    def worst_rated(self, limit: int = 20) -> list[RatedAnswer]:
        """Pairs with at least one 👎, the most disliked (down minus up) first."""
        rows = self._rows(
            "SELECT v.pair_id, (SELECT question FROM votes WHERE pair_id = v.pair_id"
            "   ORDER BY id DESC LIMIT 1),"
            " SUM(v.vote = 1) AS up, SUM(v.vote = -1) AS down"
            " FROM votes AS v GROUP BY v.pair_id HAVING down > 0"
            " ORDER BY down - up DESC, down DESC, v.pair_id LIMIT ?",
            (limit,),
        )
        return [
            RatedAnswer(pair_id=pair_id, question=question, up=int(up), down=int(down))
            for pair_id, question, up, down in rows
        ]

    def recorded_questions(self, limit: int = 5000) -> list[RecordedQuestion]:
        """The latest `limit` recorded questions, oldest first."""
        rows = self._rows(
            "SELECT id, question, language, outcome, score, best_pair_id, candidates,"
            " created_at FROM (SELECT * FROM questions ORDER BY id DESC LIMIT ?) ORDER BY id",
            (limit,),
        )
        return [
            RecordedQuestion(
                id=int(row_id),
                question=str(question),
                language=str(language),
                outcome=outcome,
                score=None if score is None else float(score),
                best_pair_id=best,
                candidates=_candidates(candidates),
                created_at=datetime.fromisoformat(str(created_at)),
            )
            for row_id, question, language, outcome, score, best, candidates, created_at in rows
        ]

    def decide_group(
        self, group_id: str, decision: Decision, *, pair_id: str | None, by: str
    ) -> None:
        """Remember what a curator decided about a review group (`by`: hash_user of a Discord
        user, or "cli"); a later decision replaces an earlier one."""
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO review_decisions (group_id, decision, pair_id, decided_at, decided_by)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (group_id) DO UPDATE SET"
                " decision = excluded.decision, pair_id = excluded.pair_id,"
                " decided_at = excluded.decided_at, decided_by = excluded.decided_by",
                (group_id, decision, pair_id, self._now().isoformat(), by),
            )

    def dismissed_groups(self) -> frozenset[str]:
        """The ids of the review groups a curator dismissed."""
        rows = self._rows("SELECT group_id FROM review_decisions WHERE decision = 'dismissed'")
        return frozenset(str(row[0]) for row in rows)

    def pair_standing(self) -> list[PairStanding]:
        """Every pair that answered or got a vote: answers given, 👍 and 👎; most answers first."""
        with self._lock:
            answers = dict(
                self._db.execute("SELECT pair_id, SUM(n) FROM pair_answers GROUP BY pair_id")
            )
            votes = {
                pair_id: (int(up), int(down))
                for pair_id, up, down in self._db.execute(
                    "SELECT pair_id, SUM(vote = 1), SUM(vote = -1) FROM votes GROUP BY pair_id"
                )
            }
        standing = [
            PairStanding(str(pair_id), int(answers.get(pair_id, 0)), *votes.get(pair_id, (0, 0)))
            for pair_id in {*answers, *votes}
        ]
        return sorted(standing, key=lambda s: (-s.answers, -s.down, s.pair_id))

    def vote_count(self) -> int:
        """How many votes are stored (one per person and message)."""
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM votes").fetchone()[0])


def _candidates(raw: object) -> tuple[tuple[str, float], ...]:
    # NULL in rows an older bot wrote; anything unreadable counts as no candidates.
    try:
        items = json.loads(str(raw)) if raw is not None else []
        return tuple((str(c["id"]), float(c["score"])) for c in items)
    except (ValueError, TypeError, KeyError):
        return ()


def _guild_settings(row: tuple[object, ...]) -> GuildSettings:
    guild_id, channels, language, updated_at, updated_by = row
    return GuildSettings(
        guild_id=int(str(guild_id)),
        watched_channel_ids=(
            None if channels is None else frozenset(int(c) for c in json.loads(str(channels)))
        ),
        # A language this version has no table for (stored by another version) counts as unset.
        language=next((lang for lang in LANGUAGES if lang == language), None),
        updated_at=datetime.fromisoformat(str(updated_at)),
        updated_by=str(updated_by),
    )


class GuildSettingsCache:
    """Every server's settings in memory, so answering a question never waits on SQLite.

    Loaded once at start (`load`); a change goes through `update`, which writes it to the store
    and only then keeps it in memory. One process owns a server's settings (the one running its
    shard: its commands and its messages arrive there), so the memory stays what the file holds.
    Reads are plain dict look-ups, safe from the event loop while a worker thread writes.
    """

    def __init__(self, store: FeedbackStore) -> None:
        self.store = store
        self._by_guild: dict[int, GuildSettings] = {}
        # Changes one at a time: each reads the latest settings and none overtakes another.
        self._write = threading.Lock()

    def load(self) -> None:
        """Read every server's settings from the store (blocking: call it in a worker thread)."""
        loaded = {s.guild_id: s for s in self.store.all_guild_settings()}
        self._by_guild = loaded

    def get(self, guild_id: int) -> GuildSettings:
        """A server's settings (all unset for a server that set nothing)."""
        return self._by_guild.get(guild_id) or GuildSettings(guild_id)

    def update(
        self,
        guild_id: int,
        change: Callable[[GuildSettings], GuildSettings],
        *,
        user_id: int,
    ) -> tuple[GuildSettings, GuildSettings]:
        """Apply `change` to a server's current settings and store the result (blocking: call it
        in a worker thread). Returns (before, after); nothing is written if nothing changed."""
        with self._write:
            before = self.get(guild_id)
            wanted = change(before)
            if (wanted.watched_channel_ids, wanted.language) == (
                before.watched_channel_ids,
                before.language,
            ):
                return before, before
            after = self.store.save_guild_settings(
                guild_id,
                watched_channel_ids=wanted.watched_channel_ids,
                language=wanted.language,
                user_id=user_id,
            )
            self._by_guild = {**self._by_guild, guild_id: after}
            return before, after

    def all(self) -> Mapping[int, GuildSettings]:
        """Every server that set something, by id."""
        return self._by_guild
