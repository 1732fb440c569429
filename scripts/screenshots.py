#!/usr/bin/env python3
"""Renders the apps' screens offscreen into docs/screenshots/ (kiosk-*.png, wallboard-*.png).

    python scripts/screenshots.py                  # both apps
    python scripts/screenshots.py --only kiosk     # one app
    python scripts/screenshots.py --only kiosk --size 1280x800

Each app has its own function below (and its own module that does the work), so the
kiosk and the wallboard can add screens without touching each other's code.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def kiosk_screenshots(out: Path, size: tuple[int, int], language: str) -> list[Path]:
    from kiosk.screenshots import render_kiosk
    return render_kiosk(out, size=size, language=language)


def wallboard_screenshots(out: Path, size: tuple[int, int], language: str) -> list[Path]:
    from wallboard.screenshots import render_wallboard
    return render_wallboard(out, size=size, language=language)


APPS: dict[str, Callable[[Path, tuple[int, int], str], list[Path]]] = {
    "kiosk": kiosk_screenshots,
    "wallboard": wallboard_screenshots,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(APPS), help="render one app only")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--size", default="1920x1080", help="WIDTHxHEIGHT")
    parser.add_argument("--language", default="ru", choices=("ru", "en"))
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    # Screenshots never touch the developer's data dir or database.
    import tempfile
    data = tempfile.mkdtemp(prefix="pulse-screenshots-")
    os.environ["PULSE_DATA_DIR"] = data
    os.environ.setdefault("PULSE_SECRET", "screenshots-secret-of-32-bytes-or-more")
    for name in [args.only] if args.only else list(APPS):
        try:
            files = APPS[name](args.out, (width, height), args.language)
        except ModuleNotFoundError as exc:
            if args.only:
                raise
            print(f"{name}: skipped ({exc})")
            continue
        for path in files:
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
