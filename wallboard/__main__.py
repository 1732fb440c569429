"""``python -m wallboard``: start the wallboard (see wallboard.app)."""

import sys

from wallboard.app import main

sys.exit(main())
