"""Translations: every tr() string of the apps is in the Russian catalog, and switching works."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("pulse_i18n_script", ROOT / "scripts" / "i18n.py")
assert _spec and _spec.loader
i18n_script = importlib.util.module_from_spec(_spec)
sys.modules["pulse_i18n_script"] = i18n_script
_spec.loader.exec_module(i18n_script)

RU_CATALOG = ROOT / "assets" / "i18n" / "pulse_ru.ts"


def _ts(language: str, messages: list[tuple[str, str, str | None]]) -> str:
    """A small .ts file: (context, source, translation or None for unfinished)."""
    by_context: dict[str, list[str]] = {}
    for context, source, translation in messages:
        body = ('<translation type="unfinished"></translation>' if translation is None
                else f"<translation>{translation}</translation>")
        by_context.setdefault(context, []).append(
            f"<message><source>{source}</source>{body}</message>")
    contexts = "".join(f"<context><name>{c}</name>{''.join(m)}</context>"
                       for c, m in by_context.items())
    return (f'<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS>'
            f'<TS version="2.1" language="{language}">{contexts}</TS>')


def test_every_source_string_has_a_russian_translation(tmp_path: Path) -> None:
    found = i18n_script.scan_sources(tmp_path)
    missing = i18n_script.missing_translations(found, RU_CATALOG)
    assert not missing, (
        f"{len(missing)} tr() strings lack a Russian translation (run `python scripts/i18n.py "
        f"update`, translate in assets/i18n/pulse_ru.ts): "
        + "; ".join(f"[{c}] {s!r}" for c, s, _ in missing[:20]))


def test_scan_finds_tr_and_translate_calls(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "kiosk").mkdir(parents=True)
    (src / "kiosk" / "screen.py").write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "from PySide6.QtWidgets import QWidget\n"
        "class RateScreen(QWidget):\n"
        "    def retranslate(self):\n"
        "        self.setWindowTitle(self.tr('Rate a supplier'))\n"
        "def word():\n"
        "    return QCoreApplication.translate('Codes', 'Cooldown')\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    found = i18n_script.scan_sources(work, root=src)
    assert set(found) == {("RateScreen", "Rate a supplier", ""), ("Codes", "Cooldown", "")}
    catalog = tmp_path / "ru.ts"
    catalog.write_text(_ts("ru", [("RateScreen", "Rate a supplier", "Оценить поставщика"),
                                  ("Codes", "Cooldown", None)]), encoding="utf-8")
    assert i18n_script.missing_translations(found, catalog) == [("Codes", "Cooldown", "")]


def test_merge_from_fills_only_unfinished_identical_pairs(tmp_path: Path) -> None:
    ours = tmp_path / "pulse_ru.ts"
    ours.write_text(_ts("ru", [("Main", "Hello", None), ("Main", "Bye", "Пока"),
                               ("Other", "Hello", None)]), encoding="utf-8")
    theirs = tmp_path / "branch.ts"
    theirs.write_text(_ts("ru", [("Main", "Hello", "Привет"), ("Main", "Bye", "До свидания"),
                                 ("Else", "Hello", "Здравствуйте")]), encoding="utf-8")
    assert i18n_script.merge_from(ours, [theirs]) == 1
    entries = i18n_script.read_entries(ours)
    assert entries[("Main", "Hello", "")].finished
    assert entries[("Main", "Hello", "")].element.findtext("translation") == "Привет"
    assert entries[("Main", "Bye", "")].element.findtext("translation") == "Пока"
    assert not entries[("Other", "Hello", "")].finished


@pytest.mark.gui
def test_switching_language_retranslates_widgets(qtbot, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication, QLabel

    from shared.qt import i18n

    catalogs = tmp_path / "i18n"
    catalogs.mkdir()
    (catalogs / "pulse_ru.ts").write_text(
        _ts("ru", [("Greeting", "Good morning", "Доброе утро")]), encoding="utf-8")
    (catalogs / "pulse_en.ts").write_text(_ts("en", []), encoding="utf-8")
    monkeypatch.setattr(i18n, "catalog_dir", lambda: catalogs)

    class Greeting(QLabel):
        def __init__(self) -> None:
            super().__init__()
            self.changes = 0
            self.retranslate()

        def retranslate(self) -> None:
            self.setText(QCoreApplication.translate("Greeting", "Good morning"))

        def changeEvent(self, event: QEvent) -> None:
            if event.type() == QEvent.Type.LanguageChange:
                self.changes += 1
                self.retranslate()
            super().changeEvent(event)

    app = QApplication.instance()
    label = Greeting()
    qtbot.addWidget(label)
    try:
        loaded = i18n.install_translations(app, "ru")  # compiles the .qm on the way
        assert loaded.product and loaded.qt
        assert (catalogs / "pulse_ru.qm").exists()
        qtbot.waitUntil(lambda: label.text() == "Доброе утро")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Отмена"
        i18n.install_translations(app, "en")
        qtbot.waitUntil(lambda: label.text() == "Good morning")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
        assert label.changes >= 2
        assert i18n.current_language(app) == "en"
    finally:
        i18n.uninstall_translations(app)
