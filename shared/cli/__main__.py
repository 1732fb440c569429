"""``python -m shared.cli`` runs the ``pulse`` command line."""

import sys

from shared.cli import main

sys.exit(main())
