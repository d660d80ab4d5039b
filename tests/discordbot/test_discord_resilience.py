"""Staying up: gateway drops and reconnects, REST rate limits, load, and knowledge reloads."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from bot.discordbot.client import ArticleBot
from bot.engine import default_knowledge_dir
from tests.discordbot.discord_support import FakeDiscord, Harness, is_ephemeral

QUESTION = "Why did Putin visit Kazakhstan?"
TITLE = "Why did Putin visit Kazakhstan?"


async def _answered(fake: FakeDiscord) -> None:
    handle = await fake.interact_command("ask", {"question": QUESTION})
    body = await handle.response()
    assert body["data"]["embeds"][0]["title"] == TITLE


async def test_dropped_connection_resumes(bot: ArticleBot, fake: FakeDiscord) -> None:
    await _answered(fake)
    await fake.drop_connection()
    await asyncio.sleep(0.05)
    await fake.wait_until_connected()
    await _answered(fake)
    assert fake.resume_count >= 1
    assert fake.identify_count == 1  # resumed, not a new session


async def test_aborted_tcp_connection_resumes(bot: ArticleBot, fake: FakeDiscord) -> None:
    await fake.drop_connection(code=None)
    await asyncio.sleep(0.05)
    await fake.wait_until_connected()
    await _answered(fake)
    assert fake.resume_count >= 1


async def test_reconnect_request_resumes(bot: ArticleBot, fake: FakeDiscord) -> None:
    await fake.request_reconnect()
    await asyncio.sleep(0.05)
    await fake.wait_until_connected()
    await _answered(fake)
    assert fake.resume_count >= 1
    assert fake.identify_count == 1


async def test_rate_limited_callback_waits_and_succeeds(bot: ArticleBot, fake: FakeDiscord) -> None:
    fake.rate_limit_next("POST", r"^/interactions/\d+/[^/]+/callback$", retry_after=0.3)
    handle = await fake.interact_command("ask", {"question": QUESTION})
    body = await handle.response()
    assert body["data"]["embeds"][0]["title"] == TITLE
    statuses = [r.status for r in fake.requests if r.path.endswith("/callback")]
    assert statuses == [429, 200]
    assert handle.ack_latency is not None
    assert 0.3 <= handle.ack_latency < 3.0


async def test_rate_limited_channel_reply_waits_and_succeeds(
    bot: ArticleBot, fake: FakeDiscord
) -> None:
    fake.rate_limit_next("POST", rf"^/channels/{fake.channel_id}/messages$", retry_after=0.3)
    await fake.post_message(f"<@{fake.bot_user_id}> {QUESTION}")
    body = await fake.wait_for_bot_message(fake.channel_id)
    assert body["embeds"][0]["title"] == TITLE
    statuses = [r.status for r in fake.requests if r.path.endswith("/messages")]
    assert statuses[:2] == [429, 200]


async def test_many_interactions_at_once_are_all_acknowledged(
    bot: ArticleBot, fake: FakeDiscord
) -> None:
    # Every one is answered within Discord's window (the fake refuses a late callback with 404,
    # as Discord does). How many at once fit in it is the benchmark's to measure
    # (benchmarks/discord_load.py): 60 leave room on a shared machine.
    questions = [QUESTION, "Wie viele Abkommen sollten unterzeichnet werden?", "pipeline"]
    handles = await asyncio.gather(
        *(
            fake.interact_command("ask", {"question": questions[i % 3]}, locale="de")
            for i in range(60)
        )
    )
    await asyncio.gather(*(h.response(timeout=10) for h in handles))
    assert sum(h.ack_latency is not None for h in handles) == 60
    assert all(status == 200 for h in handles for status, _ in h.callbacks)


def _copy_knowledge(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), root)
    return root


async def test_kb_reload_keeps_the_last_good_knowledge(
    harness: Harness, fake: FakeDiscord, tmp_path: Path
) -> None:
    root = _copy_knowledge(tmp_path)
    bot = await harness.start(knowledge_dir=root)
    before = bot.engine

    qa = sorted((root / next(p.name for p in root.iterdir() if p.is_dir()) / "qa").glob("*.toml"))
    broken = qa[-1]
    good = broken.read_text(encoding="utf-8")
    # A quote that is not in the article: the loader refuses the whole knowledge.
    broken.write_text(
        good.replace("quotes = [\n", 'quotes = [\n    "Dieser Satz steht nicht im Artikel.",\n', 1),
        encoding="utf-8",
    )
    assert broken.read_text(encoding="utf-8") != good
    handle = await fake.interact_command("kb", subcommand="reload")
    ack = await handle.response()
    assert ack["type"] == 5
    assert is_ephemeral(ack["data"])
    note = await handle.final_message()
    assert note["content"].startswith("The knowledge files have problems")
    assert "not verbatim in the article" in note["content"]
    assert broken.name in note["content"]
    assert len(note["content"]) <= 2000
    assert bot.engine is before
    await _answered(fake)

    broken.write_text(good, encoding="utf-8")
    handle = await fake.interact_command("kb", subcommand="reload", locale="de")
    note = await handle.final_message()
    assert note["content"].startswith("Wissen neu geladen:")
    assert bot.engine is not before
    await _answered(fake)


async def test_kb_reload_is_for_managers_only(bot: ArticleBot, fake: FakeDiscord) -> None:
    member = await fake.add_member("bob")
    before = bot.engine
    handle = await fake.interact_command("kb", subcommand="reload", user=member)
    data = (await handle.response())["data"]
    assert is_ephemeral(data)
    assert data["content"] == "Only server managers may do that."
    assert bot.engine is before
