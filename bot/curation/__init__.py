"""Curation: turning what people asked and did not get into phrasings of the right pairs.

Logic only, no Discord: `queue` groups the store's weak spots into the review queue, `writer` is
the one writer of knowledge files. The terminal (`python -m bot review`) and Discord
(`/kb review`) are thin front ends over these.
"""

from bot.curation.queue import (
    Group,
    PairReport,
    attach_group,
    build_queue,
    dismiss_group,
    find_group,
    most_voted_down,
    oldest_groups,
    pair_report,
    queue_json,
)
from bot.curation.writer import Attached, Refused, attach_phrasings, toml_string

__all__ = [
    "Attached",
    "Group",
    "PairReport",
    "Refused",
    "attach_group",
    "attach_phrasings",
    "build_queue",
    "dismiss_group",
    "find_group",
    "most_voted_down",
    "oldest_groups",
    "pair_report",
    "queue_json",
    "toml_string",
]
