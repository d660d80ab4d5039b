"""Knowledge upkeep, for server managers only: /kb reload (load the knowledge files again without a
restart), /kb review (the review queue of bot.curation, a group at a time, privately, with
buttons to attach, pick another pair, dismiss or skip), /kb attach (a group to any pair, found by
autocomplete) and /kb stats (how the pairs fare).

Attaching writes through the one knowledge writer (bot.curation.writer), which validates the
knowledge as the loader does; the bot then serves the engine of the knowledge as written, at
once, as /kb reload would. People's questions are shown as data: markdown and mentions escaped
(and the bot allows no mentions at all).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import curation
from bot.discordbot import render
from bot.discordbot.appcommands import ManagersGroup, slash_command
from bot.discordbot.codec import ReviewAttach, ReviewChoose, ReviewDismiss, ReviewSkip
from bot.discordbot.components import ActionButton, ActionSelect, view_of
from bot.discordbot.locales import language_of
from bot.discordbot.sending import tell
from bot.engine import Engine, KnowledgeError, Language
from bot.store import hash_user
from bot.texts import format_date, t

if TYPE_CHECKING:
    from bot.discordbot.client import ArticleBot

log = logging.getLogger(__name__)

# How many lines each list of /kb stats shows.
STATS_LINES = 10
# A question shown in a review is cut to this many characters.
SHOWN_QUESTION = 200


def may_manage(bot: ArticleBot, interaction: discord.Interaction[Any]) -> bool:
    """Whether the member has the manage permission (MANAGE_PERMISSION) here."""
    perms = interaction.permissions
    return perms.administrator or perms >= bot.manage_permission


def shown(text: str, limit: int = SHOWN_QUESTION) -> str:
    """People's words as plain text in a message: no markdown, no mentions."""
    flat = " ".join(text.split())
    return discord.utils.escape_markdown(discord.utils.escape_mentions(render.clip(flat, limit)))


# --- the review, a group at a time ----------------------------------------------------------------


def review_message(
    queue: list[curation.Group], page: int, ui: Language, note: str | None
) -> tuple[str, discord.ui.View | None]:
    """The text and components of the review at `page` of the queue (the last group when the
    queue is shorter), with `note` (what the last click did) on top."""
    lines = [note] if note else []
    if not queue:
        lines.append(t("review_empty", ui))
        return render.clip("\n".join(lines), render.MESSAGE_CONTENT), None
    page = min(page, len(queue) - 1)
    group = queue[page]
    lines.append(
        t(
            "review_group",
            ui,
            position=page + 1,
            open=len(queue),
            group=group.id,
            count=group.count,
            language=t("language_name", group.language),
        )
    )
    lines.extend(f"• {shown(q)}" for q in group.questions)
    top = group.candidates[0] if group.candidates else None
    if top is not None:
        lines.append(
            t("review_top", ui, question=shown(top.question), pair=top.pair_id, score=top.score)
        )
    search = t(
        "review_search",
        ui,
        command=f"/{t('cmd_kb', ui)} {t('cmd_kb_attach', ui)}",
        group_option=t("cmd_kb_attach_group", ui),
        pair_option=t("cmd_kb_attach_pair", ui),
        group=group.id,
    )
    lines.append(search)
    items: list[discord.ui.Item[Any] | None] = []
    if top is not None:
        attach = ReviewAttach(page, group.id, top.pair_id)
        items.append(
            AttachButton.make(
                attach, t("review_attach", ui), emoji="✅", style=discord.ButtonStyle.success
            )
        )
    items.append(
        DismissButton.make(
            ReviewDismiss(page, group.id),
            t("review_dismiss", ui),
            emoji="🗑️",
            style=discord.ButtonStyle.danger,
        )
    )
    items.append(SkipButton.make(ReviewSkip(page), t("review_skip", ui), emoji="⏭️"))
    others = [
        discord.SelectOption(
            label=render.clip(c.question, render.SELECT_OPTION_LABEL),
            value=c.pair_id,
            description=render.clip(
                f"{c.pair_id} · {c.score:.0f}", render.SELECT_OPTION_DESCRIPTION
            ),
        )
        for c in group.candidates[1 : render.SELECT_OPTIONS + 1]
        if len(c.pair_id) <= render.SELECT_OPTION_VALUE
    ]
    items.append(ChooseSelect.make(ReviewChoose(page, group.id), others, t("review_pick", ui)))
    return render.clip("\n".join(lines), render.MESSAGE_CONTENT), view_of(items)


def attached_note(
    outcome: curation.Attached | curation.Refused, engine: Engine, ui: Language
) -> str:
    """What an attach came to, for the curator."""
    if isinstance(outcome, curation.Refused):
        problems = "\n".join([outcome.reason, *(str(p) for p in outcome.problems)])
        room = render.MESSAGE_CONTENT // 2
        return t("review_refused", ui, problems=render.clip(problems.replace("```", "'''"), room))
    if not outcome.added:
        return t("review_nothing_new", ui)
    pair = engine.kb.pair(outcome.pair_id)
    title = pair.question[ui] if pair is not None else outcome.pair_id
    return t("review_attached", ui, n=len(outcome.added), question=shown(title))


# What the review's buttons and select share: the manager check, the queue made again in a
# worker thread, attaching, and showing the review in place of the clicked one.


async def taken_from_manager(interaction: discord.Interaction[ArticleBot]) -> bool:
    """A click on the review: said no to (privately) for a member without the manage
    permission, else acknowledged (the message is redrawn in place once the work is done).
    True when the click is to be carried out."""
    # The review is private to the manager who opened it; checked again all the same.
    if not may_manage(interaction.client, interaction):
        await tell(interaction, t("no_permission", language_of(interaction.locale)))
        return False
    await interaction.response.defer()
    return True


async def show_review(
    interaction: discord.Interaction[ArticleBot], page: int, note: str | None = None
) -> None:
    """The review at `page` of the queue as it is now, in place of the clicked message."""
    bot = interaction.client
    ui = language_of(interaction.locale)
    queue = await asyncio.to_thread(curation.build_queue, bot.store, bot.engine)
    content, view = review_message(queue, page, ui, note)
    await interaction.edit_original_response(content=content, view=view)


async def attach_from_review(
    interaction: discord.Interaction[ArticleBot], page: int, group_id: str, pair_id: str
) -> None:
    """Attach, then show what it came to above the review at the same place of the queue."""
    ui = language_of(interaction.locale)
    note = await attach_and_serve(interaction.client, interaction, group_id, pair_id, ui)
    await show_review(interaction, page, note)


async def attach_and_serve(
    bot: ArticleBot,
    interaction: discord.Interaction[ArticleBot],
    group_id: str,
    pair_id: str,
    ui: Language,
) -> str:
    """Attach a group of the current queue to a pair, serve the knowledge as written at once,
    and say what happened."""

    def work() -> curation.Attached | curation.Refused | None:
        group = curation.find_group(curation.build_queue(bot.store, bot.engine), group_id)
        if group is None:
            return None
        settings = bot.settings
        return curation.attach_group(
            group,
            pair_id,
            store=bot.store,
            knowledge_dir=settings.knowledge_dir,
            article_id=settings.article_id,
            by=hash_user(interaction.user.id),
        )

    outcome = await asyncio.to_thread(work)
    if outcome is None:
        return t("review_gone", ui)
    if isinstance(outcome, curation.Attached) and outcome.engine is not None:
        # As /kb reload does: the knowledge as it is on disk now, validated by the writer; in
        # every process of the bot.
        await bot.knowledge_changed(
            outcome.engine, by=hash_user(interaction.user.id), announced=bool(outcome.added)
        )
    log.info(
        "review group %s attached to %s by user %s: %s",
        group_id,
        pair_id,
        interaction.user.id,
        "refused" if isinstance(outcome, curation.Refused) else f"{len(outcome.added)} added",
    )
    return attached_note(outcome, bot.engine, ui)


class AttachButton(ActionButton[ReviewAttach], action=ReviewAttach):
    """Attach the group's questions to its best pair."""

    async def clicked(self, interaction: discord.Interaction[ArticleBot]) -> None:
        if await taken_from_manager(interaction):
            a = self.action
            await attach_from_review(interaction, a.page, a.group, a.pair_id)


class ChooseSelect(ActionSelect[ReviewChoose], action=ReviewChoose):
    """Attach the group's questions to the pair chosen among its other candidates."""

    async def clicked(self, interaction: discord.Interaction[ArticleBot]) -> None:
        chosen = self.item.values
        if await taken_from_manager(interaction) and chosen:
            await attach_from_review(interaction, self.action.page, self.action.group, chosen[0])


class DismissButton(ActionButton[ReviewDismiss], action=ReviewDismiss):
    """Keep the group out of the queue for good."""

    async def clicked(self, interaction: discord.Interaction[ArticleBot]) -> None:
        if not await taken_from_manager(interaction):
            return
        by = hash_user(interaction.user.id)
        await asyncio.to_thread(
            curation.dismiss_group, interaction.client.store, self.action.group, by=by
        )
        note = t("review_dismissed", language_of(interaction.locale))
        await show_review(interaction, self.action.page, note)


class SkipButton(ActionButton[ReviewSkip], action=ReviewSkip):
    """Show the next group; the last one is followed by the first."""

    async def clicked(self, interaction: discord.Interaction[ArticleBot]) -> None:
        if not await taken_from_manager(interaction):
            return
        bot = interaction.client
        queue = await asyncio.to_thread(curation.build_queue, bot.store, bot.engine)
        following = self.action.page + 1
        content, view = review_message(
            queue, following if following < len(queue) else 0, language_of(interaction.locale), None
        )
        await interaction.edit_original_response(content=content, view=view)


REVIEW_ITEMS = (AttachButton, ChooseSelect, DismissButton, SkipButton)


# --- /kb ----------------------------------------------------------------------------------------


class KnowledgeGroup(ManagersGroup):
    """/kb: the knowledge, for the server's managers (reload, review, stats)."""

    def __init__(self, bot: ArticleBot) -> None:
        super().__init__("kb", bot.manage_permission)
        self.bot = bot

    @slash_command("kb_reload")
    async def reload(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """Load the knowledge again; if it is broken, show why and keep the last good one."""
        ui = language_of(interaction.locale)
        await interaction.response.defer(ephemeral=True, thinking=True)
        settings = self.bot.settings
        try:
            engine = await asyncio.to_thread(
                Engine.load, settings.knowledge_dir, settings.article_id
            )
        except KnowledgeError as exc:
            self.bot.metrics.reload(ok=False)
            log.warning("reload refused (user=%s): %s", interaction.user.id, exc)
            problems = "\n".join(str(p) for p in exc.problems).replace("```", "'''")
            room = render.MESSAGE_CONTENT - len(t("reload_failed", ui, problems=""))
            text = t("reload_failed", ui, problems=render.clip(problems, room))
            await interaction.followup.send(text, ephemeral=True)
            return
        except Exception:  # not the files' fault (a disk error): the tree's handler says sorry
            self.bot.metrics.reload(ok=False)
            raise
        await self.bot.knowledge_changed(engine, by=hash_user(interaction.user.id))
        kb = engine.kb
        log.info(
            "knowledge reloaded by user %s: %d pairs, %d paragraphs",
            interaction.user.id,
            len(kb.pairs),
            len(kb.article.paragraphs),
        )
        text = t(
            "reload_ok",
            ui,
            pairs=len(kb.pairs),
            topics=len(kb.topics),
            paragraphs=len(kb.article.paragraphs),
        )
        await interaction.followup.send(text, ephemeral=True)

    @slash_command("kb_review")
    async def review(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """The review queue, privately, from its first group."""
        ui = language_of(interaction.locale)
        await interaction.response.defer(ephemeral=True, thinking=True)
        queue = await asyncio.to_thread(curation.build_queue, self.bot.store, self.bot.engine)
        content, view = review_message(queue, 0, ui, None)
        if view is None:
            await interaction.followup.send(content, ephemeral=True)
        else:
            await interaction.followup.send(content, view=view, ephemeral=True)

    @slash_command("kb_attach", "group", "pair")
    async def attach(
        self, interaction: discord.Interaction[ArticleBot], group: str, pair: str
    ) -> None:
        """Attach a group of the queue to any pair (both found by typing)."""
        ui = language_of(interaction.locale)
        await interaction.response.defer(ephemeral=True, thinking=True)
        note = await attach_and_serve(self.bot, interaction, group.strip(), pair.strip(), ui)
        await interaction.followup.send(note, ephemeral=True)

    @attach.autocomplete("group")
    async def attach_group_choices(
        self, interaction: discord.Interaction[ArticleBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """The open groups whose questions hold what is typed, the most asked first (nothing
        for a member who may not manage)."""
        bot = self.bot
        manages = may_manage(bot, interaction)
        queue = (
            await asyncio.to_thread(curation.build_queue, bot.store, bot.engine) if manages else []
        )
        typed = current.casefold().strip()
        choices = []
        for g in queue:
            if typed and typed not in g.id and not any(typed in q.casefold() for q in g.questions):
                continue
            name = render.choice_name(f"{g.count}× {' · '.join(g.questions)}")
            choices.append(app_commands.Choice(name=name, value=g.id))
        return choices[: render.AUTOCOMPLETE_CHOICES]

    @attach.autocomplete("pair")
    async def attach_pair_choices(
        self, interaction: discord.Interaction[ArticleBot], current: str
    ) -> list[app_commands.Choice[str]]:
        """Pairs for what is typed, from the same matcher that answers (nothing for a member who
        may not manage)."""
        ui = language_of(interaction.locale)
        limit = render.AUTOCOMPLETE_CHOICES if may_manage(self.bot, interaction) else 0
        found = self.bot.engine.suggest(current, ui, limit=limit) if limit else []
        return [
            app_commands.Choice(name=render.choice_name(c.question), value=c.pair_id)
            for c in found
            if len(c.pair_id) <= render.CHOICE_VALUE
        ]

    @slash_command("kb_stats")
    async def stats(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """How the pairs fare: answers, share, votes; the most voted down; the oldest groups."""
        ui = language_of(interaction.locale)
        await interaction.response.defer(ephemeral=True, thinking=True)
        bot = self.bot
        reports = await asyncio.to_thread(curation.pair_report, bot.store)
        queue = await asyncio.to_thread(curation.build_queue, bot.store, bot.engine)
        kb = bot.engine.kb

        def title(pair_id: str) -> str:
            pair = kb.pair(pair_id)
            return shown(pair.question[ui] if pair is not None else pair_id, 80)

        def line(r: curation.PairReport) -> str:
            share = f"{r.share:.0%}"
            question = title(r.pair_id)
            return t(
                "stats_pair",
                ui,
                answers=r.answers,
                share=share,
                up=r.up,
                down=r.down,
                question=question,
            )

        none = t("stats_none", ui)
        lines = [t("stats_title", ui, answers=sum(r.answers for r in reports))]
        lines += [line(r) for r in reports[:STATS_LINES]] or [none]
        lines.append(t("stats_voted_down", ui))
        lines += [line(r) for r in curation.most_voted_down(reports, STATS_LINES)] or [none]
        lines.append(t("stats_oldest", ui, open=len(queue)))
        lines += [
            t(
                "stats_group",
                ui,
                date=format_date(g.first_seen.date().isoformat(), ui),
                count=g.count,
                question=shown(g.questions[0], 80),
            )
            for g in curation.oldest_groups(queue, STATS_LINES)
        ] or [none]
        text = render.clip("\n".join(lines), render.MESSAGE_CONTENT)
        await interaction.followup.send(text, ephemeral=True)


class Knowledge(commands.Cog):
    """Adds /kb to the tree (its permission comes from settings, so it is built at run time) and
    the review's components."""

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot
        self.group = KnowledgeGroup(bot)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.group)
        self.bot.add_dynamic_items(*REVIEW_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.group.name)
        self.bot.remove_dynamic_items(*REVIEW_ITEMS)


async def setup(bot: ArticleBot) -> None:
    """Load the feature (`bot.load_extension`)."""
    await bot.add_cog(Knowledge(bot))
