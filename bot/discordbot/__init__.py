"""The Discord front end: turns engine results into embeds, buttons and replies.

`runner.run(settings)` serves, `runner.sync(settings)` registers the commands globally,
`bench.main(argv)` measures response times against the fake Discord in tests/.
"""
