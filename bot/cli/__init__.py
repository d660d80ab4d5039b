"""The command line: a thin adapter that turns engine results into text and JSON."""
