"""PyInstaller entry point of pulse-wallboard: the real start-up lives in wallboard.app.main()."""

import sys

from wallboard.app import main

if __name__ == "__main__":
    sys.exit(main())
