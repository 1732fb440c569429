#!/usr/bin/env python3
"""Renders the apps' screens offscreen into docs/screenshots/ (PNG, 1920 x 1080).

    python scripts/screenshots.py                    # every app
    python scripts/screenshots.py --only wallboard   # wallboard-*.png
    python scripts/screenshots.py --only kiosk       # kiosk-*.png (when the kiosk provides it)

Each app supplies a ``render_<app>(out_dir)`` function in ``<app>/screenshots.py``; this
script only sets up the offscreen platform and calls them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("kiosk", "wallboard")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=APPS, help="one app only")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--db", metavar="URL", help="use this database instead of a fresh demo")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication(["screenshots"])
    _ = app
    failed = []
    for name in [args.only] if args.only else list(APPS):
        try:
            module = importlib.import_module(f"{name}.screenshots")
        except ModuleNotFoundError:
            print(f"{name}: no {name}/screenshots.py in this checkout, skipped")
            continue
        render = getattr(module, f"render_{name}")
        kwargs = {"db_url": args.db} if args.db else {}
        try:
            for path in render(args.out, **kwargs):
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        except Exception as exc:  # noqa: BLE001 - report which app failed, keep going
            print(f"{name}: failed: {exc}", file=sys.stderr)
            failed.append(name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
