"""`feedback`: what curators should look at next, from the bot's SQLite feedback store."""

from __future__ import annotations

from pathlib import Path

from bot.feedback import FeedbackError, FeedbackStore


def cmd_feedback(database: Path, limit: int) -> int:
    """Print the most frequent unanswered questions and the worst-rated answers."""
    if not Path(database).exists():
        print(f"No feedback yet: {database} does not exist (the bot creates it on first use).")
        return 0
    try:
        with FeedbackStore(database) as store:
            unanswered = store.top_unanswered(limit)
            worst = store.worst_rated(limit)
    except FeedbackError as e:
        print(f"error: {e}")
        return 1
    print(f"Feedback from {database}")
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
    return 0


def _section(title: str, lines: list[str]) -> None:
    print()
    print(title)
    for line in lines or ["none yet"]:
        print(f"  {line}")
