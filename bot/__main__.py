"""`python -m bot`: see bot.cli.main."""

import os
import sys

from bot.cli.main import main

try:
    sys.exit(main())
except BrokenPipeError:
    # The reader of our output went away (`python -m bot ask - | head`): not an error.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(0)
except KeyboardInterrupt:
    # Ctrl-C while answering piped questions: stop quietly, as a shell command does.
    print(file=sys.stderr)
    sys.exit(130)
