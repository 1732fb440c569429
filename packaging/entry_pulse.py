"""PyInstaller entry point of the `pulse` admin command shipped next to each app."""

import sys

from shared.cli import main

if __name__ == "__main__":
    sys.exit(main())
