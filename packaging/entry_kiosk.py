"""PyInstaller entry point of pulse-kiosk: the real start-up lives in kiosk.app.main()."""

import sys

from kiosk.app import main

if __name__ == "__main__":
    sys.exit(main())
