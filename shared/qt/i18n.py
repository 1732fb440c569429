"""Loads the product's translation catalog and Qt's own, and switches language at run time.

The catalog sources are ``assets/i18n/pulse_<lang>.ts`` (committed); the compiled
``pulse_<lang>.qm`` are built by ``scripts/i18n.py release`` (the build script runs it,
and a source checkout compiles them on first start when they are missing or older than
the ``.ts``; a frozen build ships the ``.qm`` and never compiles). Qt's ``qtbase_<lang>``
translates the standard widgets (dialog buttons, context menus).

Switching language: call ``install_translations(app, "en")`` again; the previous
translators are removed, Qt sends ``QEvent.LanguageChange`` to every widget, and each
screen re-sets its texts in ``changeEvent`` (see docs/i18n.md).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from shared.resources import asset

log = logging.getLogger(__name__)

LANGUAGES = ("ru", "en")
CATALOG = "pulse"


@dataclass
class LoadedTranslations:
    """What ``install_translations`` installed: the language and which catalogs loaded."""

    language: str
    product: bool = False
    qt: bool = False
    translators: list[QTranslator] = field(default_factory=list)


_installed: dict[int, LoadedTranslations] = {}


def catalog_dir() -> Path:
    return asset("i18n")


def qm_path(language: str) -> Path:
    return catalog_dir() / f"{CATALOG}_{language}.qm"


def ts_path(language: str) -> Path:
    return catalog_dir() / f"{CATALOG}_{language}.ts"


def lrelease_executable() -> str | None:
    """The ``lrelease`` that ships inside the PySide6 wheel (or one on PATH)."""
    import PySide6
    bundled = Path(PySide6.__file__).resolve().parent / ("lrelease.exe" if sys.platform == "win32"
                                                        else "lrelease")
    if bundled.exists():
        return str(bundled)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def compile_catalog(language: str) -> bool:
    """Compile ``pulse_<lang>.ts`` into ``.qm``; returns whether a ``.qm`` exists afterwards."""
    ts, qm = ts_path(language), qm_path(language)
    if not ts.exists():
        return qm.exists()
    tool = lrelease_executable()
    if tool is None:
        log.error("cannot compile %s: lrelease not found", ts)
        return qm.exists()
    result = subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        log.error("lrelease failed on %s: %s", ts, (result.stderr or result.stdout).strip())
    return qm.exists()


def ensure_compiled(languages: tuple[str, ...] = LANGUAGES) -> None:
    """From a source checkout, (re)build any ``.qm`` that is missing or older than its ``.ts``."""
    if getattr(sys, "frozen", False):
        return  # a frozen build ships compiled catalogs and no lrelease
    for language in languages:
        ts, qm = ts_path(language), qm_path(language)
        if ts.exists() and (not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime):
            try:
                compile_catalog(language)
            except OSError as exc:
                log.error("cannot compile %s: %s", ts, exc)


def qt_translations_dir() -> Path:
    """Where Qt's own catalogs are: the PySide6 wheel, or the frozen bundle's copy."""
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def install_translations(app: QCoreApplication, language: str) -> LoadedTranslations:
    """Make ``language`` the application's language (replacing any previous one).

    Missing catalogs are logged, not fatal: the screens then show the English source
    strings, which is better than no kiosk at all. Returns what was loaded.
    """
    if language not in LANGUAGES:
        log.error("unknown language %r, using English", language)
        language = "en"
    ensure_compiled((language,))
    uninstall_translations(app)
    loaded = LoadedTranslations(language)
    # Numbers and dates in the language's usual form (1 234,5 in Russian).
    QLocale.setDefault(QLocale("ru_RU" if language == "ru" else "en_US"))

    qt_translator = QTranslator(app)
    if qt_translator.load(f"qtbase_{language}", str(qt_translations_dir())):
        app.installTranslator(qt_translator)
        loaded.translators.append(qt_translator)
        loaded.qt = True
    elif language != "en":  # Qt's strings are English already
        log.error("Qt's own catalog qtbase_%s not found in %s", language, qt_translations_dir())

    product = QTranslator(app)
    path = qm_path(language)
    if product.load(str(path)):
        app.installTranslator(product)
        loaded.translators.append(product)
        loaded.product = True
    else:
        log.error("translation catalog %s could not be loaded", path)
    _installed[id(app)] = loaded
    return loaded


def uninstall_translations(app: QCoreApplication) -> None:
    """Remove whatever ``install_translations`` installed (tests, self-test tear-down)."""
    previous = _installed.pop(id(app), None)
    if previous is not None:
        for translator in previous.translators:
            app.removeTranslator(translator)


def current_language(app: QCoreApplication) -> str | None:
    found = _installed.get(id(app))
    return found.language if found else None


PRODUCT_NAME = "Supplier Pulse"  # site.company_name's default (shared/config.py)


def company_line(company: str) -> str:
    """The brand line of a printed page: the site's company name, or, where the site kept the
    default, the product's name in the document's language ("Пульс поставщиков")."""
    if not company.strip() or company.strip() == PRODUCT_NAME:
        return QCoreApplication.translate("Brand", "Supplier Pulse")
    return company


def currency_sign(code: str) -> str:
    """How a document in the current language writes a currency: "₽" in Russian for RUB,
    the ISO code in English (and for a code the catalogue does not know)."""
    signs = {"RUB": QCoreApplication.translate("Brand", "RUB"),
             "EUR": QCoreApplication.translate("Brand", "EUR"),
             "USD": QCoreApplication.translate("Brand", "USD")}
    return signs.get(code.strip().upper(), code) if code else code
