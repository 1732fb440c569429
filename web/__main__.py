"""``python -m web``: start the personal web page's server (see web.app)."""

import sys

from web.app import main

sys.exit(main())
