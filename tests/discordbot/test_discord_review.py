"""The curators' loop in Discord, end to end against the fake: a member asks and gets no answer;
a manager opens /kb review and attaches; the member asks again and is answered. Also: the
select, dismiss and skip, a refused near-duplicate, /kb attach with its autocomplete, /kb stats,
people's words shown as data, and the manage permission on all of it. Every test writes to a
copy of the knowledge."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from bot.discordbot.client import ArticleBot
from bot.engine import Engine, default_knowledge_dir
from bot.store import open_store
from tests.discordbot.discord_support import (
    FakeDiscord,
    Harness,
    components,
    custom_ids,
    feedback_of,
    is_ephemeral,
)

MISSED = "sind kasachstan und russland eigentlich waffenbrüder?"
PAIR = "abhaengigkeit-partner-verbuendeter-russlands"
OFF_TOPIC = "wie lange muss ein ei kochen"


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), root)
    return root


@pytest.fixture
async def curated(harness: Harness, knowledge: Path) -> ArticleBot:
    """The bot serving (and writing) the copy of the knowledge."""
    return await harness.start(knowledge_dir=knowledge)


async def _ask(fake: FakeDiscord, question: str, user: dict[str, Any]) -> dict[str, Any]:
    handle = await fake.interact_command("ask", {"question": question}, user=user)
    return (await handle.response())["data"]


def _pair_file(knowledge: Path, engine: Engine, pair_id: str) -> Path:
    return knowledge / engine.kb.article.id / "qa" / f"{pair_id}.toml"


def _id(message: dict[str, Any], prefix: str) -> str:
    return next(i for i in custom_ids(message) if i.startswith(prefix))


async def test_a_member_asks_a_manager_attaches_the_member_is_answered(
    curated: ArticleBot, fake: FakeDiscord, engine: Engine, knowledge: Path
) -> None:
    member = await fake.add_member("alice")
    before = await _ask(fake, MISSED, member)
    assert "embeds" not in before or not before["embeds"]  # no answer, privately
    await feedback_of(curated).drain()

    # The member may not review.
    refused = await fake.interact_command("kb", subcommand="review", user=member)
    data = (await refused.response())["data"]
    assert is_ephemeral(data)
    assert data["content"] == "Only server managers may do that."

    handle = await fake.interact_command("kb", subcommand="review")
    assert is_ephemeral((await handle.response())["data"])
    review = await handle.final_message()
    assert is_ephemeral(review)
    assert "Review queue" in review["content"]
    assert "asked 1× in Deutsch" in review["content"]
    assert f"• {MISSED}" in review["content"]
    assert f"`{PAIR}`" in review["content"]
    attach = _id(review, "ab:rv:att:0:")
    assert attach.endswith(f":{PAIR}")
    ids = custom_ids(review)
    assert any(i.startswith("ab:rv:dis:0:") for i in ids)
    assert "ab:rv:skip:0" in ids

    click = await fake.interact_component(handle, attach)
    assert (await click.response())["type"] == 6  # in place, no new message
    done = await click.final_message()
    assert done["content"].startswith("✅ Added 1 question(s) to")
    assert "The review queue is empty" in done["content"]
    assert custom_ids(done) == []
    assert f'    "{MISSED}",\n]' in _pair_file(knowledge, engine, PAIR).read_text(encoding="utf-8")

    # Served at once, without a restart or /kb reload.
    after = await _ask(fake, MISSED, member)
    [embed] = after["embeds"]
    pair = engine.kb.pair(PAIR)
    assert pair is not None
    assert embed["title"] == pair.question["de"]  # in the language of the question


async def test_pick_another_pair_dismiss_and_skip(
    curated: ArticleBot, fake: FakeDiscord, engine: Engine, knowledge: Path, harness: Harness
) -> None:
    member = await fake.add_member("bob")
    for question in (MISSED, MISSED, OFF_TOPIC):
        await _ask(fake, question, member)
    await feedback_of(curated).drain()
    handle = await fake.interact_command("kb", subcommand="review")
    review = await handle.final_message()
    assert "group 1 of 2" in review["content"]
    assert MISSED in review["content"]  # the most asked first

    skip = await fake.interact_component(handle, _id(review, "ab:rv:skip:"))
    second = await skip.final_message()
    assert "group 2 of 2" in second["content"]
    assert OFF_TOPIC in second["content"]
    dismiss = await fake.interact_component(handle, _id(second, "ab:rv:dis:"))
    third = await dismiss.final_message()
    assert third["content"].startswith("🗑️ Dismissed")
    assert "group 1 of 1" in third["content"]
    with open_store(harness.tmp_path / "feedback.sqlite3") as store:
        assert len(store.dismissed_groups()) == 1

    # Another of its candidates, from the select.
    [select] = [c for c in components(third) if c["type"] == 3]
    choice = select["options"][0]["value"]
    assert choice != PAIR
    picked = await fake.interact_component(handle, select["custom_id"], [choice])
    note = (await picked.final_message())["content"]
    if note.startswith("✅"):
        assert MISSED in _pair_file(knowledge, engine, choice).read_text(encoding="utf-8")
    else:  # a near-duplicate of another pair's phrasing: refused with the reason
        assert note.startswith("⚠️ Not attached, nothing was written")


async def test_a_near_duplicate_is_refused_with_the_reason_and_nothing_written(
    curated: ArticleBot, fake: FakeDiscord, engine: Engine, knowledge: Path, harness: Harness
) -> None:
    other = engine.kb.pair("besuch-treffen-wann-wo")
    assert other is not None
    phrasing = other.phrasings["de"][0]
    with open_store(harness.tmp_path / "feedback.sqlite3") as store:
        store.record_down_vote(phrasing, "de", other.id, engine, source="vote", guild_id=None)
    files = {p: p.read_bytes() for p in (knowledge / engine.kb.article.id / "qa").iterdir()}
    handle = await fake.interact_command("kb", subcommand="review")
    review = await handle.final_message()
    attach = _id(review, "ab:rv:att:0:")
    click = await fake.interact_component(handle, attach)
    note = (await click.final_message())["content"]
    assert note.startswith("⚠️ Not attached, nothing was written")
    assert "fight" in note
    assert other.id in note
    assert {p: p.read_bytes() for p in files} == files
    assert curated.engine is engine  # still the knowledge it had


async def test_kb_attach_with_autocomplete(
    curated: ArticleBot, fake: FakeDiscord, engine: Engine, knowledge: Path
) -> None:
    member = await fake.add_member("carol")
    await _ask(fake, MISSED, member)
    await feedback_of(curated).drain()
    groups = await fake.interact_autocomplete(
        "kb", {"group": "waffenbr"}, subcommand="attach", focused="group"
    )
    [group] = (await groups.response())["data"]["choices"]
    assert MISSED in group["name"]
    pairs = await fake.interact_autocomplete(
        "kb", {"group": group["value"], "pair": "verbündeter"}, subcommand="attach", focused="pair"
    )
    values = [c["value"] for c in (await pairs.response())["data"]["choices"]]
    assert PAIR in values
    # A member sees nothing of the queue.
    hidden = await fake.interact_autocomplete(
        "kb", {"group": ""}, subcommand="attach", focused="group", user=member
    )
    assert (await hidden.response())["data"]["choices"] == []

    handle = await fake.interact_command(
        "kb", {"group": group["value"], "pair": PAIR}, subcommand="attach"
    )
    assert (await handle.final_message())["content"].startswith("✅ Added 1 question(s)")
    assert (await _ask(fake, MISSED, member))["embeds"]


async def test_kb_stats(curated: ArticleBot, fake: FakeDiscord) -> None:
    member = await fake.add_member("dave")
    for question in ("wer ist tokajew", "wer ist tokajew", OFF_TOPIC):
        await _ask(fake, question, member)
    await feedback_of(curated).drain()
    refused = await fake.interact_command("kb", subcommand="stats", user=member)
    assert (await refused.response())["data"]["content"] == "Only server managers may do that."
    handle = await fake.interact_command("kb", subcommand="stats", locale="de")
    text = (await handle.final_message())["content"]
    assert text.startswith("**Wie die Antworten ankommen** (2 Antworten")
    assert "2 · 100% · 👍 0 👎 0 · Wie heißt der Präsident von Kasachstan?" in text
    assert "**Am längsten in der Prüfliste** (1 Gruppen offen):" in text
    assert re.search(r"seit .* · 1× · wie lange muss ein ei kochen", text)


async def test_questions_are_shown_as_data(curated: ArticleBot, fake: FakeDiscord) -> None:
    member = await fake.add_member("eve")
    await _ask(fake, "@everyone **Wetter** in <@123456789012345678> ||morgen||?", member)
    await feedback_of(curated).drain()
    handle = await fake.interact_command("kb", subcommand="review")
    content = (await handle.final_message())["content"]
    assert "@\u200beveryone" in content
    assert "\\*\\*Wetter\\*\\*" in content
    assert "\\|\\|morgen\\|\\|" in content
    assert "<@\u200b123456789012345678>" in content or "<@123456789012345678>" not in content
