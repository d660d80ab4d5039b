"""`feedback`: what curators should look at next, from the bot's SQLite feedback store."""

from __future__ import annotations

from pathlib import Path


def cmd_feedback(database: Path, limit: int) -> int:
    """Print the most frequent unanswered questions and the worst-rated answers."""
    from bot.feedback import FeedbackStore

    if not Path(database).exists():
        print(f"No feedback yet: {database} does not exist (the bot creates it on first use).")
        return 0
    store = FeedbackStore(database)
    try:
        unanswered = store.top_unanswered(limit)
        worst = store.worst_rated(limit)
    finally:
        store.close()
    print(f"Most frequent questions without a (confident) answer, from {database}:")
    if not unanswered:
        print("  none")
    for row in unanswered:
        print(f"  {row}")
    print("Worst-rated answers:")
    if not worst:
        print("  none")
    for row in worst:
        print(f"  {row}")
    return 0
