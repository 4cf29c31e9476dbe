"""``python -m vanban``: the ``vanban`` command, for environments without its script on PATH."""

import sys

from vanban.cli import main

sys.exit(main())
