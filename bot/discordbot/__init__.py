"""The Discord front end: turns engine results into embeds, buttons and replies.

`runner.run(settings)` serves, `runner.sync(settings)` registers the commands globally. The bot
(`client.ArticleBot`) loads one extension per feature from `exts/`: asking, browsing, feedback,
knowledge. Shared by them: `render` (embeds, Discord's limits), `codec` (every custom_id),
`components` (the base of every button and select), `cooldown` (the one gate for public posts),
`sending` (a reply and how it is sent), `locales` and `appcommands` (languages, command names).
"""
