"""The store, written once over both backends: votes, the questions recorded for the curators'
review queue, how often each pair answered, the curators' decisions, each server's settings and
the knowledge version every process polls.

`open_store` picks the backend (SQLite unless DATABASE_URL names PostgreSQL) and brings the
schema up to date (`bot.store.migrations`). Every method is synchronous and thread-safe, and
every write is committed, durably, when it returns; async code calls them with
`asyncio.to_thread`. A database that cannot be reached raises StoreUnavailable (transient: the
call can be tried again), anything else StoreError. No Discord import here: the CLI reads the
same reports.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from bot.engine import LANGUAGES, Answered, Engine, Language, NoAnswer, Result, fold
from bot.store import migrations
from bot.store.backend import Backend, BackendName, Row, Transaction
from bot.store.migrations import Migration, SchemaStatus
from bot.store.records import (
    OUTCOMES,
    Decision,
    GuildSettings,
    KnowledgeVersion,
    Outcome,
    PairStanding,
    RatedAnswer,
    RecordedQuestion,
    UnansweredQuestion,
    Vote,
    candidates_for,
    hash_user,
    record_for,
)

if TYPE_CHECKING:
    from bot.config import Settings

POSTGRES_SCHEMES = ("postgresql", "postgres")


def _utcnow() -> datetime:
    return datetime.now(UTC)


def is_postgres_url(value: str) -> bool:
    """Whether `value` is a PostgreSQL URL (postgresql://... or postgres://...)."""
    scheme, sep, _ = value.partition("://")
    return bool(sep) and scheme.lower() in POSTGRES_SCHEMES


def open_store(
    where: Settings | str | os.PathLike[str],
    *,
    upgrade: bool = True,
    now: Callable[[], datetime] = _utcnow,
) -> Store:
    """Open the store: for Settings, PostgreSQL at its DATABASE_URL if set, else the SQLite file
    DATABASE_PATH; for a string, PostgreSQL if it is a postgresql:// URL, else a SQLite path; a
    path is a SQLite file. With `upgrade` (every process at start), pending migrations are
    applied first. Raises StoreUnavailable if the database cannot be reached, StoreError if it
    cannot be used (including a schema newer than this code knows)."""
    from bot.config import Settings  # bot.config does not import the store; no cycle

    if isinstance(where, Settings):
        target: str | os.PathLike[str] = where.database_url or where.database_path
    else:
        target = where
    backend: Backend
    if isinstance(target, str) and is_postgres_url(target):
        from bot.store.postgres import PostgresBackend

        backend = PostgresBackend(target)
    else:
        from bot.store.sqlite import SQLiteBackend

        backend = SQLiteBackend(Path(target))
    store = Store(backend, now=now)
    try:
        if upgrade:
            store.upgrade()
        else:
            migrations.status(backend)  # reachable and readable, or raise now
    except BaseException:
        store.close()
        raise
    return store


def store_exists(settings: Settings) -> bool:
    """Whether there may be something stored: False only for a SQLite file never created (the
    reports then say so instead of creating it); a PostgreSQL database is taken to exist."""
    return settings.database_url is not None or Path(settings.database_path).exists()


def _timestamp(value: object) -> datetime:
    # ISO text from SQLite (always with its offset; a bare one is UTC), datetime from PostgreSQL.
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _json(value: object) -> Any:
    # JSON text from SQLite; PostgreSQL's JSONB and BIGINT[] arrive decoded.
    return json.loads(value) if isinstance(value, str | bytes) else value


class Store:
    """The bot's store over one backend (see the module). Use `open_store` to make one."""

    def __init__(self, backend: Backend, *, now: Callable[[], datetime] = _utcnow) -> None:
        self.backend = backend
        self._now = now

    @property
    def backend_name(self) -> BackendName:
        """ "sqlite" or "postgresql"."""
        return self.backend.name

    @property
    def where(self) -> str:
        """Where the data is, for people: a path, or a URL without its password."""
        return self.backend.where

    # --- lifecycle and schema ------------------------------------------------------------------

    def close(self) -> None:
        """Close the database (idempotent); later calls raise StoreError."""
        self.backend.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def upgrade(self) -> tuple[Migration, ...]:
        """Apply the pending migrations; returns those this call applied."""
        return migrations.upgrade(self.backend)

    def schema_status(self) -> SchemaStatus:
        """The backend, where it is, its schema version and the pending migrations."""
        return migrations.status(self.backend)

    # --- writing -------------------------------------------------------------------------------

    def _write(self, sql: str, params: Iterable[object]) -> list[Row]:
        """One statement in its own transaction, committed before returning; its rows."""
        values = tuple(params)
        return self.backend.run(lambda tx: tx.rows(sql, values), write=True)

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

        Committed (and on disk) when this returns.
        """
        if vote not in (1, -1):
            raise ValueError("vote is 1 or -1")
        self._write(
            "INSERT INTO votes (pair_id, question, language, vote, user_hash, guild_id,"
            " message_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (message_id, user_hash) DO UPDATE SET"
            " vote = excluded.vote, created_at = excluded.created_at",
            (
                pair_id,
                question,
                language,
                vote,
                hash_user(user_id),
                guild_id,
                message_id,
                self._now(),
            ),
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
        self._write(
            "INSERT INTO questions (question, folded, language, outcome, score, best_pair_id,"
            " source, guild_id, candidates, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                question,
                fold(question) or question.strip().casefold(),
                language,
                outcome,
                score,
                best_pair_id,
                source,
                guild_id,
                self.backend.json_value([{"id": p, "score": s} for p, s in candidates]),
                self._now(),
            ),
        )

    def record_answer(self, pair_id: str) -> None:
        """Count one answer given by a pair (today's count; no question text is kept)."""
        day: date = self._now().date()
        self._write(
            "INSERT INTO pair_answers (pair_id, day, n) VALUES (?, ?, 1)"
            " ON CONFLICT (pair_id, day) DO UPDATE SET n = pair_answers.n + 1",
            (pair_id, day),
        )

    def record_result(
        self, result: Result, engine: Engine, *, source: str, guild_id: int | None
    ) -> None:
        """Keep what a question came to: an answer counts for its pair, and a weak spot (see
        `record_for`) goes on the curators' list with its candidate pairs. Blocking: front ends
        call it off their answering path (a worker thread). Of a message of several parts,
        each answered part counts for its pair, and each part the article does not answer goes
        on the list as a question of its own ("… and who owns it?")."""
        if isinstance(result, Answered):
            for answered in result.parts:
                self.record_answer(answered.match.pair_id)
            for part in result.unanswered:
                self.record_question(
                    question=part,
                    language=result.language,
                    outcome="none",
                    score=None,
                    best_pair_id=None,
                    source=source,
                    guild_id=guild_id,
                    candidates=candidates_for(
                        NoAnswer(part, result.language, "out_of_scope"), engine
                    ),
                )
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

    def decide_group(
        self, group_id: str, decision: Decision, *, pair_id: str | None, by: str
    ) -> None:
        """Remember what a curator decided about a review group (`by`: hash_user of a Discord
        user, or "cli"); a later decision replaces an earlier one."""
        self._write(
            "INSERT INTO review_decisions (group_id, decision, pair_id, decided_at, decided_by)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (group_id) DO UPDATE SET"
            " decision = excluded.decision, pair_id = excluded.pair_id,"
            " decided_at = excluded.decided_at, decided_by = excluded.decided_by",
            (group_id, decision, pair_id, self._now(), by),
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
        changed them; committed (and on disk) when this returns. Returns what was stored."""
        if language is not None and language not in LANGUAGES:
            raise ValueError(f"language is one of {LANGUAGES}")
        channels = None if watched_channel_ids is None else frozenset(watched_channel_ids)
        now, who = self._now(), hash_user(user_id)
        self._write(
            "INSERT INTO guild_settings"
            " (guild_id, watched_channel_ids, language, updated_at, updated_by)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (guild_id) DO UPDATE SET"
            " watched_channel_ids = excluded.watched_channel_ids,"
            " language = excluded.language,"
            " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            (
                guild_id,
                None if channels is None else self.backend.id_list_value(channels),
                language,
                now,
                who,
            ),
        )
        return GuildSettings(guild_id, channels, language, updated_at=now, updated_by=who)

    def guild_settings(self, guild_id: int) -> GuildSettings | None:
        """One server's settings, None if it never set any."""
        rows = self._rows(
            "SELECT guild_id, watched_channel_ids, language, updated_at, updated_by"
            " FROM guild_settings WHERE guild_id = ?",
            (guild_id,),
        )
        return _guild_settings(rows[0]) if rows else None

    def all_guild_settings(self) -> list[GuildSettings]:
        """Every server's settings, by server id."""
        rows = self._rows(
            "SELECT guild_id, watched_channel_ids, language, updated_at, updated_by"
            " FROM guild_settings ORDER BY guild_id"
        )
        return [_guild_settings(row) for row in rows]

    # --- the knowledge version --------------------------------------------------------------------

    def announce_knowledge(self, content_hash: str, *, by: str) -> int:
        """Record that the knowledge changed to `content_hash` (announced by `by`): the one
        knowledge-version record is created at version 1 or bumped by one, atomically (two
        announcements at once get two versions). Returns the new version."""
        if not content_hash or not by:
            raise ValueError("announce_knowledge needs a content hash and who announces it")
        rows = self._write(
            "INSERT INTO knowledge_version (id, version, content_hash, changed_at, changed_by)"
            " VALUES (1, 1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            " version = knowledge_version.version + 1,"
            " content_hash = excluded.content_hash, changed_at = excluded.changed_at,"
            " changed_by = excluded.changed_by RETURNING version",
            (content_hash, self._now(), by),
        )
        return int(rows[0][0])

    def knowledge_version(self) -> KnowledgeVersion | None:
        """The knowledge version record, None before the first announcement. One primary-key
        read: cheap enough to poll every few seconds from every process."""
        rows = self._rows(
            "SELECT version, content_hash, changed_at, changed_by FROM knowledge_version"
            " WHERE id = 1"
        )
        if not rows:
            return None
        version, content_hash, changed_at, changed_by = rows[0]
        return KnowledgeVersion(
            int(version), str(content_hash), _timestamp(changed_at), str(changed_by)
        )

    # --- reports -------------------------------------------------------------------------------

    def _rows(self, sql: str, params: tuple[object, ...] = ()) -> list[Row]:
        """Every row of a query."""
        return self.backend.run(lambda tx: tx.rows(sql, params), write=False)

    def top_unanswered(self, limit: int = 20) -> list[UnansweredQuestion]:
        """The most frequent questions without a (confident) answer, most frequent first (the
        latest wording of each; 👎 votes are not questions without an answer)."""
        rows = self._rows(
            "SELECT q.question, g.n, q.created_at, q.outcome, q.best_pair_id FROM (SELECT folded,"
            " COUNT(*) AS n, MAX(id) AS last_id FROM questions WHERE outcome <> 'voted_down'"
            " GROUP BY folded) AS g JOIN questions AS q ON q.id = g.last_id"
            " ORDER BY g.n DESC, g.last_id DESC LIMIT ?",
            (limit,),
        )
        return [
            UnansweredQuestion(
                question=question,
                count=int(n),
                last_seen=_timestamp(created_at),
                outcome=outcome,
                best_pair_id=best,
            )
            for question, n, created_at, outcome, best in rows
        ]

    def worst_rated(self, limit: int = 20) -> list[RatedAnswer]:
        """Pairs with at least one 👎, the most disliked (down minus up) first."""
        rows = self._rows(
            "SELECT t.pair_id, (SELECT v.question FROM votes AS v WHERE v.pair_id = t.pair_id"
            "   ORDER BY v.id DESC LIMIT 1), t.up, t.down"
            " FROM (SELECT pair_id, COUNT(*) FILTER (WHERE vote = 1) AS up,"
            "   COUNT(*) FILTER (WHERE vote = -1) AS down FROM votes GROUP BY pair_id) AS t"
            " WHERE t.down > 0 ORDER BY t.down - t.up DESC, t.down DESC, t.pair_id LIMIT ?",
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
            " created_at FROM (SELECT * FROM questions ORDER BY id DESC LIMIT ?) AS latest"
            " ORDER BY id",
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
                created_at=_timestamp(created_at),
            )
            for row_id, question, language, outcome, score, best, candidates, created_at in rows
        ]

    def dismissed_groups(self) -> frozenset[str]:
        """The ids of the review groups a curator dismissed."""
        rows = self._rows("SELECT group_id FROM review_decisions WHERE decision = 'dismissed'")
        return frozenset(str(row[0]) for row in rows)

    def pair_standing(self) -> list[PairStanding]:
        """Every pair that answered or got a vote: answers given, 👍 and 👎; most answers first."""

        def read(tx: Transaction) -> tuple[list[Row], list[Row]]:
            answers = tx.rows("SELECT pair_id, SUM(n) FROM pair_answers GROUP BY pair_id")
            votes = tx.rows(
                "SELECT pair_id, COUNT(*) FILTER (WHERE vote = 1),"
                " COUNT(*) FILTER (WHERE vote = -1) FROM votes GROUP BY pair_id"
            )
            return answers, votes

        answer_rows, vote_rows = self.backend.run(read, write=False)
        answers = {str(pair_id): int(n) for pair_id, n in answer_rows}
        votes = {str(pair_id): (int(up), int(down)) for pair_id, up, down in vote_rows}
        standing = [
            PairStanding(pair_id, answers.get(pair_id, 0), *votes.get(pair_id, (0, 0)))
            for pair_id in {*answers, *votes}
        ]
        return sorted(standing, key=lambda s: (-s.answers, -s.down, s.pair_id))

    def vote_count(self) -> int:
        """How many votes are stored (one per person and message)."""
        return int(self._rows("SELECT COUNT(*) FROM votes")[0][0])


def _candidates(raw: object) -> tuple[tuple[str, float], ...]:
    # NULL in rows written before the column; anything unreadable counts as no candidates.
    try:
        items = _json(raw) if raw is not None else []
        return tuple((str(c["id"]), float(c["score"])) for c in items)
    except (ValueError, TypeError, KeyError):
        return ()


def _guild_settings(row: Row) -> GuildSettings:
    guild_id, channels, language, updated_at, updated_by = row
    return GuildSettings(
        guild_id=int(guild_id),
        watched_channel_ids=(
            None if channels is None else frozenset(int(c) for c in _json(channels))
        ),
        # A language this version has no table for (stored by another version) counts as unset.
        language=next((lang for lang in LANGUAGES if lang == language), None),
        updated_at=_timestamp(updated_at),
        updated_by=str(updated_by),
    )
