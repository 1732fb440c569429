"""PIN and lockout, idle logout with its countdown, language switching, the admin's maintenance."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from sqlalchemy import select

from shared.db.models import AuditEntry, Employee
from tests.gui.conftest import Kiosk
from tests.gui.kiosk_helpers import badge_code, find, scan, tap

pytestmark = pytest.mark.gui


def _enter_pin(k: Kiosk, pin: str) -> None:
    for digit in pin:
        tap(find(k.window.pin, f"pinKey-{digit}"))
    tap(find(k.window.pin, "pinOk"))


def test_a_manager_needs_the_pin(kiosk: Kiosk) -> None:
    w = kiosk.window
    scan(w, kiosk.clock, badge_code("9001"))
    assert w.current is w.pin and w.person is None
    assert not find(w.pin, "pinOk").isEnabled()
    _enter_pin(kiosk, "1234")
    assert w.current is w.home
    assert w.person is not None and w.person.personnel_no == "9001"


def test_five_wrong_pins_lock_the_badge_for_five_minutes(kiosk: Kiosk) -> None:
    w, ids = kiosk.window, kiosk.plant.ids
    scan(w, kiosk.clock, badge_code("9001"))
    for left in (4, 3, 2, 1):
        _enter_pin(kiosk, "0000")
        assert f"{left}" in find(w.pin, "messageLabel").text()
    _enter_pin(kiosk, "0000")
    message = find(w.pin, "messageLabel").text()
    assert "10:35" in message  # 10:30 + 5 minutes, plant time
    assert not find(w.pin, "pinKey-1").isEnabled()
    with kiosk.db.read() as s:
        emp = s.get(Employee, ids["9001"])
        assert emp.pin_lockouts == 1 and emp.pin_locked_until is not None
        assert [a.action for a in s.execute(select(AuditEntry)).scalars()] == ["pin_lockout"]
    # Tapping the badge again during the lockout: still locked, the pad stays off.
    tap(find(w.pin, "pinCancel"))
    kiosk.clock.advance(60)
    scan(w, kiosk.clock, badge_code("9001"))
    assert w.current is w.pin and "10:35" in find(w.pin, "messageLabel").text()
    assert not find(w.pin, "pinKey-1").isEnabled()
    # After the lockout the right PIN works.
    kiosk.clock.advance(5 * 60)
    scan(w, kiosk.clock, badge_code("9001"))
    _enter_pin(kiosk, "1234")
    assert w.current is w.home


def test_idle_logout_with_a_countdown(kiosk: Kiosk) -> None:
    w, cfg = kiosk.window, kiosk.config.kiosk
    scan(w, kiosk.clock, badge_code("1001"))
    tap(find(w.home, "rateButton"))
    countdown = find(w, "idleCountdown")
    kiosk.clock.advance(cfg.idle_seconds - cfg.countdown_seconds - 1)
    w.idle.tick()
    assert not countdown.isVisible()
    kiosk.clock.advance(3)
    w.idle.tick()
    assert countdown.isVisible()
    assert str(cfg.countdown_seconds - 2) in countdown.text()
    # A touch resets it.
    tap(find(w.picker, "tabSearch"))
    assert not countdown.isVisible()
    kiosk.clock.advance(cfg.idle_seconds - 1)
    w.idle.tick()
    assert countdown.isVisible() and w.person is not None
    kiosk.clock.advance(1)
    w.idle.tick()
    assert w.current is w.attract and w.person is None
    assert not countdown.isVisible()


def test_language_switch_and_the_persons_saved_language(kiosk: Kiosk) -> None:
    w, ids = kiosk.window, kiosk.plant.ids
    title = find(w.attract, "attractTitle")
    assert w.language == "ru"
    russian = title.text()
    assert russian == QCoreApplication.translate("AttractScreen", "Tap your badge")
    assert russian != "Tap your badge"
    tap(find(w, "languageButton"))
    assert w.language == "en" and title.text() == "Tap your badge"
    tap(find(w, "languageButton"))
    assert title.text() == russian
    # Emily's saved language is English: it applies after her badge tap...
    scan(w, kiosk.clock, badge_code("1002"))
    assert w.language == "en"
    assert find(w.home, "rateButton").text() == "Rate a supplier"
    # ...she switches to Russian, which is saved for next time...
    tap(find(w, "languageButton"))
    assert find(w.home, "rateButton").text() != "Rate a supplier"
    with kiosk.db.read() as s:
        assert s.get(Employee, ids["1002"]).language == "ru"
    # ...and the start screen returns to the site's language.
    tap(find(w, "logoutButton"))
    assert w.language == kiosk.config.site.default_language


def test_only_an_admin_reaches_maintenance(kiosk: Kiosk) -> None:
    w = kiosk.window
    scan(w, kiosk.clock, badge_code("1001"))
    assert not find(w.home, "maintenanceButton").isVisible()
    scan(w, kiosk.clock, badge_code("9002"))
    _enter_pin(kiosk, "1234")
    tap(find(w.home, "maintenanceButton"))
    assert w.current is w.maintenance
    assert find(w.maintenance, "statusKioskId").text() == "kiosk-1"
    assert kiosk.db.dialect in find(w.maintenance, "statusDatabase").text()
    closed: list[bool] = []
    w.exit_requested.connect(lambda: closed.append(True))
    tap(find(w.maintenance, "exitButton"))
    assert closed == [True]


def test_every_button_has_a_stable_name(kiosk: Kiosk) -> None:
    """Automation finds every interactive widget by objectName == accessibleName."""
    from PySide6.QtWidgets import QAbstractButton, QLineEdit

    w = kiosk.window
    scan(w, kiosk.clock, badge_code("1001"))
    tap(find(w.home, "rateButton"))
    tap(w.picker.own_grid.tiles["2001"])
    tap(find(w.rate, "face-2"))
    widgets = w.findChildren(QAbstractButton) + w.findChildren(QLineEdit)
    assert len(widgets) > 100
    for widget in widgets:
        assert widget.objectName(), widget
        assert widget.accessibleName() == widget.objectName(), widget.objectName()
