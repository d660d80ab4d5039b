"""A bot that answers questions about one news article, with verbatim citations."""

__version__ = "0.1.0"
