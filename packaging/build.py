#!/usr/bin/env python3
"""Builds the one-folder PyInstaller bundles of the kiosk and the wallboard.

    python packaging/build.py          # both -> dist/pulse-kiosk/, dist/pulse-wallboard/
    python packaging/build.py kiosk --self-test

Compiles the translation catalogs first (``scripts/i18n.py release``), then runs PyInstaller
on ``packaging/<app>.spec`` and prints the size and the build time of each folder. With
``--self-test`` it runs ``dist/pulse-<app>/pulse-<app> --self-test`` afterwards; with
``--archive`` it packs ``dist/supplier-pulse-<app>-<version>-<platform>.tar.gz`` holding the
folder, ``packaging/linux/`` and ``docs/``: copy it to a plant machine, unpack, run
``packaging/linux/install.sh <app>`` from inside.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("kiosk", "wallboard")


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def app_present(app: str) -> bool:
    """Whether the app's package is importable (from the checkout or PYTHONPATH)."""
    if (ROOT / app / "app.py").exists():
        return True
    probe = subprocess.run([sys.executable, "-c", f"import {app}.app"], cwd=ROOT,
                           capture_output=True, check=False)
    return probe.returncode == 0


def build(app: str, *, clean: bool) -> tuple[Path, float]:
    started = time.monotonic()
    args = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
            "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build" / "pyinstaller"),
            str(ROOT / "packaging" / f"{app}.spec")]
    if clean:
        args.insert(3, "--clean")
    subprocess.run(args, cwd=ROOT, check=True)
    return ROOT / "dist" / f"pulse-{app}", time.monotonic() - started


def self_test(folder: Path, app: str) -> int:
    exe = folder / (f"pulse-{app}" + (".exe" if sys.platform == "win32" else ""))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([str(exe), "--self-test"], env=env, check=False).returncode


def archive(folder: Path, app: str) -> Path:
    """A tarball a plant admin copies to the machine (layout: dist/, packaging/linux/, docs/)."""
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["version"]
    name = f"supplier-pulse-{app}-{version}-{sys.platform}-{platform.machine()}"
    target = ROOT / "dist" / f"{name}.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        tar.add(folder, arcname=f"{name}/dist/{folder.name}")
        tar.add(ROOT / "packaging" / "linux", arcname=f"{name}/packaging/linux")
        tar.add(ROOT / "docs", arcname=f"{name}/docs")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("apps", nargs="*", metavar="APP", help="kiosk and/or wallboard "
                        "(default both)")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument("--self-test", action="store_true",
                        help="run each frozen app's --self-test after building it")
    parser.add_argument("--archive", action="store_true",
                        help="also pack a .tar.gz for plant machines (after a passed self-test)")
    parser.add_argument("--skip-missing", action="store_true",
                        help="skip (instead of failing on) an app whose package is not there")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.apps) - set(APPS))
    if unknown:
        parser.error(f"unknown app {', '.join(unknown)}: choose from {', '.join(APPS)}")

    subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n.py"), "release"], check=True)
    failures = 0
    for app in args.apps or APPS:
        if not app_present(app):
            message = f"{app}/app.py not found: nothing to build for pulse-{app}"
            if args.skip_missing:
                print(f"skip: {message}")
                continue
            print(f"error: {message}", file=sys.stderr)
            return 1
        folder, seconds = build(app, clean=args.clean)
        size = folder_size(folder)
        print(f"built {folder.relative_to(ROOT)}: {size / 1e6:.1f} MB in {seconds:.0f} s")
        if args.self_test:
            code = self_test(folder, app)
            print(f"pulse-{app} --self-test (frozen): exit {code}")
            failures += code != 0
            if code != 0:
                continue
        if args.archive:
            packed = archive(folder, app)
            print(f"packed {packed.relative_to(ROOT)}: {packed.stat().st_size / 1e6:.1f} MB")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
