"""`python -m bot`: see bot.cli.main."""

import os
import sys

EXIT_MISSING_DEPENDENCY = 1


def _missing_dependency(error: ModuleNotFoundError) -> int:
    """One line for a `python` that is not the bot's: the system's, outside an activated venv."""
    print(
        f"error: {error} in {sys.executable}, which does not have the bot's dependencies: "
        "outside an activated venv, run the venv's Python (in the checkout "
        "`.venv/bin/python -m bot ...`, or `.venv/bin/article-bot ...`); `make run` installs it.",
        file=sys.stderr,
    )
    return EXIT_MISSING_DEPENDENCY


try:
    from bot.cli.main import main

    sys.exit(main())
except ModuleNotFoundError as error:
    if not error.name or error.name.partition(".")[0] == "bot":
        raise
    sys.exit(_missing_dependency(error))
except BrokenPipeError:
    # The reader of our output went away (`python -m bot ask - | head`): not an error.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(0)
except KeyboardInterrupt:
    # Ctrl-C while answering piped questions: stop quietly, as a shell command does.
    print(file=sys.stderr)
    sys.exit(130)
