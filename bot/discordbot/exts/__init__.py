"""The bot's features, one extension each, loaded by `ArticleBot.setup_hook` in this order.

An extension may use what one before it offers (browsing shows votes under answers, asking shows
answers as browsing does), never one after it: `load_extension` makes each module afresh, and
a module imported by a later one is then the one that was loaded.
"""

EXTENSIONS: tuple[str, ...] = tuple(
    f"{__name__}.{name}" for name in ("feedback", "browsing", "asking", "knowledge", "config")
)
