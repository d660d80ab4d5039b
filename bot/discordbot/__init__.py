"""The Discord front end: turns engine results into embeds, buttons and replies.

`runner.run(settings)` serves, `runner.sync(settings)` registers the commands globally. The bot
(`client.ArticleBot`) loads one extension per feature from `exts/`: asking, browsing, feedback,
knowledge. Shared by them: `render` (embeds, Discord's limits), `codec` (every custom_id),
`components` (the base of every button and select), `cooldown` (the one gate for public posts),
`sending` (a reply and how it is sent), `locales` and `appcommands` (languages, command names).
Running it: `metrics` (one Prometheus registry per bot), `health` (the shards' readiness),
`status` (/healthz and /metrics with STATUS_PORT), `events` (each interaction's and message's
handling guarded and tracked for a graceful stop), `logs` (text or JSON, tokens redacted).
"""
