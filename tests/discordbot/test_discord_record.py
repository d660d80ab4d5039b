"""What Discord records for the curators: weak spots with their candidate pairs, an answer count
per pair, and the question a 👎 was given on."""

from __future__ import annotations

import json
import sqlite3

from bot.discordbot.client import ArticleBot
from bot.engine import Answered, Engine
from tests.discordbot.discord_support import FakeDiscord, Harness, eventually, feedback_of, rows

# Off topic, with questions near enough to be recorded as its candidates.
OFF_TOPIC = "Wie ist das Wetter morgen in Astana?"
# Not the pair's title, so the answer shows it back (and a 👎 on it names it).
ANSWERED = "why did putin go to kazakhstan"


async def test_questions_votes_and_answers_are_recorded(
    bot: ArticleBot, fake: FakeDiscord, engine: Engine, harness: Harness
) -> None:
    db = harness.tmp_path / "feedback.sqlite3"
    await (await fake.interact_command("ask", {"question": OFF_TOPIC})).response()
    handle = await fake.interact_command("ask", {"question": ANSWERED})
    await handle.response()
    await feedback_of(bot).drain()
    [(question, outcome, candidates)] = rows(
        db, "SELECT question, outcome, candidates FROM questions"
    )
    assert (question, outcome) == (OFF_TOPIC, "none")
    assert [c["id"] for c in json.loads(candidates)]
    expected = engine.ask(ANSWERED, "en")
    assert isinstance(expected, Answered)
    pair_id = expected.match.pair_id
    assert rows(db, "SELECT pair_id, n FROM pair_answers") == [(pair_id, 1)]

    click = await fake.interact_component(handle, f"ab:vote:down:en:{pair_id}")
    await click.response()

    async def down_vote_recorded() -> bool:
        await feedback_of(bot).drain()
        return bool(rows(db, "SELECT 1 FROM questions WHERE outcome = 'voted_down'"))

    await eventually(down_vote_recorded)
    down = "SELECT question, language, best_pair_id, source FROM questions WHERE outcome = ?"
    with sqlite3.connect(db) as conn:
        assert conn.execute(down, ("voted_down",)).fetchall() == [(ANSWERED, "en", pair_id, "vote")]
