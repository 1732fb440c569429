#!/usr/bin/env python3
"""Maintains the translation catalogs: update from the sources, merge, check, compile.

    python scripts/i18n.py update      # lupdate kiosk/ wallboard/ shared/qt/ -> assets/i18n/*.ts
    python scripts/i18n.py check       # list Russian strings missing or unfinished (exit 1)
    python scripts/i18n.py release     # lrelease -> assets/i18n/*.qm
    python scripts/i18n.py merge-from A.ts ...  # translations of identical (context, source)

The source language is English; ``pulse_ru.ts`` carries the Russian translations and
``pulse_en.ts`` exists for English plural forms (``%n``). Locations are left out of the
catalogs (``-locations none``) so that moving code does not rewrite the files and branches
merge without conflicts; ``-no-obsolete`` drops strings no longer in the code.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOG_DIR = ROOT / "assets" / "i18n"
SOURCE_DIRS = ("kiosk", "wallboard", "shared/qt")
LANGUAGES = ("ru", "en")


def _tool(name: str) -> str:
    """``lupdate``/``lrelease`` from the PySide6 wheel (or ``pyside6-<name>`` on PATH)."""
    try:
        import PySide6
        bundled = Path(PySide6.__file__).resolve().parent / (name + (".exe" if sys.platform
                                                                     == "win32" else ""))
        if bundled.exists():
            return str(bundled)
    except ImportError:
        pass
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if not found:
        sys.exit(f"i18n: {name} not found (install PySide6-Essentials)")
    return found


def source_files(root: Path = ROOT) -> list[Path]:
    files: list[Path] = []
    for folder in SOURCE_DIRS:
        base = root / folder
        if base.is_dir():
            files.extend(p for p in sorted(base.rglob("*.py")) if "__pycache__" not in p.parts)
    return files


def lupdate(sources: Sequence[Path], ts_file: Path, language: str, *,
            keep: bool = True) -> None:
    """Run lupdate over ``sources`` into ``ts_file`` (kept translations, no obsolete, no lines)."""
    ts_file.parent.mkdir(parents=True, exist_ok=True)
    if not sources:  # lupdate refuses an empty file list; an empty catalog is the truth
        if not ts_file.exists() or not keep:
            ts_file.write_text(_EMPTY_TS.format(language=language), encoding="utf-8")
        return
    args = [_tool("lupdate"), "-silent", "-locations", "none", "-no-obsolete",
            "-source-language", "en", "-target-language", language,
            *[str(p) for p in sources], "-ts", str(ts_file)]
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"i18n: lupdate failed: {(result.stderr or result.stdout).strip()}")


_EMPTY_TS = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
             '<TS version="2.1" language="{language}" sourcelanguage="en">\n</TS>\n')


# --- reading and writing catalogs --------------------------------------------

Key = tuple[str, str, str]  # (context, source, disambiguation comment)


@dataclass
class Entry:
    key: Key
    finished: bool
    numerus: bool
    element: ET.Element


def read_entries(ts_file: Path) -> dict[Key, Entry]:
    tree = ET.parse(ts_file)
    entries: dict[Key, Entry] = {}
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            translation = message.find("translation")
            finished = translation is not None and translation.get("type") not in (
                "unfinished", "obsolete", "vanished") and _has_text(translation)
            entries[key] = Entry(key, finished, message.get("numerus") == "yes", message)
    return entries


def _has_text(translation: ET.Element) -> bool:
    forms = translation.findall("numerusform")
    if forms:
        return all((f.text or "").strip() for f in forms)
    return bool((translation.text or "").strip())


def missing_translations(source_keys: Iterable[Key], catalog: Path) -> list[Key]:
    """Source strings absent from ``catalog`` or not finished there."""
    entries = read_entries(catalog) if catalog.exists() else {}
    return sorted(k for k in set(source_keys) if k not in entries or not entries[k].finished)


def merge_from(target: Path, others: Sequence[Path]) -> int:
    """Copy finished translations of identical (context, source) pairs into ``target``.

    Only entries that are unfinished in the target are filled; a translation already
    finished in the target wins (the target is the catalog being kept). Returns the count.
    """
    tree = ET.parse(target)
    donors: dict[Key, ET.Element] = {}
    for other in others:
        for key, entry in read_entries(other).items():
            if entry.finished and key not in donors:
                translation = entry.element.find("translation")
                assert translation is not None
                donors[key] = translation
    filled = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            current = message.find("translation")
            done = current is not None and current.get("type") is None and _has_text(current)
            if done or key not in donors:
                continue
            if current is not None:
                message.remove(current)
            replacement = ET.fromstring(ET.tostring(donors[key], encoding="unicode"))
            replacement.tail = "\n    "
            message.append(replacement)
            filled += 1
    if filled:
        _write(tree, target)
    return filled


def _write(tree: ET.ElementTree, path: Path) -> None:
    body = ET.tostring(tree.getroot(), encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                    encoding="utf-8")


def lrelease(ts_file: Path) -> Path:
    qm = ts_file.with_suffix(".qm")
    result = subprocess.run([_tool("lrelease"), "-silent", str(ts_file), "-qm", str(qm)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"i18n: lrelease failed on {ts_file}: {(result.stderr or result.stdout).strip()}")
    return qm


def scan_sources(workdir: Path, root: Path = ROOT) -> dict[Key, Entry]:
    """Every translatable string in the sources, read through a throwaway lupdate run."""
    scratch = workdir / "scan.ts"
    lupdate(source_files(root), scratch, "ru", keep=False)
    return read_entries(scratch)


# --- commands ----------------------------------------------------------------

def cmd_update(_args: argparse.Namespace) -> int:
    sources = source_files()
    for language in LANGUAGES:
        lupdate(sources, CATALOG_DIR / f"pulse_{language}.ts", language)
    print(f"updated {', '.join(f'pulse_{lang}.ts' for lang in LANGUAGES)} from "
          f"{len(sources)} source files")
    return cmd_check(_args, quiet_ok=False)


def cmd_check(_args: argparse.Namespace, quiet_ok: bool = False) -> int:
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        found = scan_sources(Path(tmp))
    missing = missing_translations(found, CATALOG_DIR / "pulse_ru.ts")
    for context, source, comment in missing:
        note = f" ({comment})" if comment else ""
        print(f"missing ru: [{context}] {source!r}{note}")
    if missing:
        print(f"{len(missing)} of {len(found)} strings lack a Russian translation: edit "
              "assets/i18n/pulse_ru.ts (pyside6-linguist) after `scripts/i18n.py update`")
        return 1
    if not quiet_ok:
        print(f"all {len(found)} strings translated into Russian")
    return 0


def cmd_release(_args: argparse.Namespace) -> int:
    for language in LANGUAGES:
        ts = CATALOG_DIR / f"pulse_{language}.ts"
        if ts.exists():
            print(f"compiled {lrelease(ts).relative_to(ROOT)}")
    return 0


def cmd_merge_from(args: argparse.Namespace) -> int:
    language = args.language
    target = CATALOG_DIR / f"pulse_{language}.ts"
    filled = merge_from(target, [Path(p) for p in args.files])
    print(f"{target.relative_to(ROOT)}: {filled} translations taken from {len(args.files)} files")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/i18n.py", description=__doc__.split("\n")[0])
    subs = parser.add_subparsers(dest="command", required=True)
    subs.add_parser("update", help="lupdate the sources into assets/i18n/pulse_{ru,en}.ts"
                    ).set_defaults(func=cmd_update)
    subs.add_parser("check", help="list strings missing from the Russian catalog (exit 1)"
                    ).set_defaults(func=cmd_check)
    subs.add_parser("release", help="compile the .ts into .qm").set_defaults(func=cmd_release)
    merge = subs.add_parser("merge-from", help="copy translations of identical (context, source) "
                            "pairs from other .ts files into ours")
    merge.add_argument("files", nargs="+", metavar="FILE.ts")
    merge.add_argument("--language", default="ru", choices=LANGUAGES,
                       help="which of our catalogs receives them (default ru)")
    merge.set_defaults(func=cmd_merge_from)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
