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
    print()
    print("Most frequent questions without a confident answer (add a pair for these):")
    if not unanswered:
        print("  none yet")
    for q in unanswered:
        closest = f"  closest: {q.best_pair_id}" if q.best_pair_id else ""
        seen = q.last_seen.strftime("%Y-%m-%d")
        print(f"  {q.count:>4}x  {q.question!r}  ({q.outcome}, last {seen}){closest}")
    print()
    print("Worst-rated answers (fix or split these pairs):")
    if not worst:
        print("  none yet")
    for r in worst:
        print(f"  {r.net:>+4}  {r.pair_id}  (+{r.up}/-{r.down})  e.g. {r.question!r}")
    return 0
