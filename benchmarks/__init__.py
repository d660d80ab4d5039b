"""Benchmarks run from a source checkout, beside tests/ (not part of the installed package).

* ``python -m benchmarks.discord_load [--levels 1,50,500] [--questions FILE ...]``: the real bot
  against the fake Discord of tests/support, dispatch -> response times under concurrent load.

The engine's own speed is ``python -m bot bench [--questions FILE ...]``. ``make bench`` runs
both with the evaluation questions.
"""
