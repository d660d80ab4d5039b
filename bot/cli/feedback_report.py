"""`feedback`: what curators should look at next, from the bot's store: the most
frequent unanswered questions, the worst-rated answers, each pair's standing (👍/👎, its share of
the answers), the pairs most often voted down and the oldest open groups of the review queue."""

from __future__ import annotations

from bot.config import Settings
from bot.curation import build_queue, most_voted_down, oldest_groups, pair_report
from bot.engine import Engine
from bot.store import StoreError, open_store, store_exists


def cmd_feedback(settings: Settings, limit: int, engine: Engine | None = None) -> int:
    """Print the report; the oldest open groups need the engine (None: left out)."""
    if not store_exists(settings):
        database = settings.database_path
        print(f"No feedback yet: {database} does not exist (the bot creates it on first use).")
        return 0
    try:
        with open_store(settings) as store:
            where = store.where
            unanswered = store.top_unanswered(limit)
            worst = store.worst_rated(limit)
            pairs = pair_report(store)
            groups = build_queue(store, engine) if engine is not None else None
    except StoreError as e:
        print(f"error: {e}")
        return 1
    print(f"Feedback from {where}")
    _section(
        "Most frequent questions without a confident answer (add a pair for these):",
        [
            f"{q.count:>4}x  {q.question!r}  ({q.outcome}, last {q.last_seen:%Y-%m-%d})"
            + (f"  closest: {q.best_pair_id}" if q.best_pair_id else "")
            for q in unanswered
        ],
    )
    _section(
        "Worst-rated answers (fix or split these pairs):",
        [f"{r.net:>+4}  {r.pair_id}  (+{r.up}/-{r.down})  e.g. {r.question!r}" for r in worst],
    )
    _section(
        "Each pair's standing (answers given, share of all answers, 👍/👎):",
        [f"{r.answers:>5}  {r.share:>6.1%}  +{r.up}/-{r.down}  {r.pair_id}" for r in pairs],
    )
    _section(
        "Pairs most often voted down:",
        [f"-{r.down:<3} +{r.up:<3} {r.pair_id}" for r in most_voted_down(pairs, limit)],
    )
    if groups is None:
        print("\nOldest open groups: left out (the knowledge does not load).")
    else:
        _section(
            f"Oldest open groups of the review queue ({len(groups)} open; python -m bot review):",
            [
                f"since {g.first_seen:%Y-%m-%d}  {g.count:>3}x  {g.id}  {g.questions[0]!r}"
                for g in oldest_groups(groups, limit)
            ],
        )
    return 0


def _section(title: str, lines: list[str]) -> None:
    print()
    print(title)
    for line in lines or ["none yet"]:
        print(f"  {line}")
