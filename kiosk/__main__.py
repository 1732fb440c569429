"""Run the kiosk: ``python -m kiosk [--windowed] [--self-test]``."""

from kiosk.app import main

raise SystemExit(main())
