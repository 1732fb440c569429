"""The keyboard-wedge badge reader: fast bursts are badges, typing goes through untouched."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from kiosk.badge import BadgeKeyFilter, code_char
from kiosk.clock import FakeClock
from shared.config import KioskConfig
from tests.gui.conftest import Kiosk
from tests.gui.kiosk_helpers import badge_code, find, scan, tap

pytestmark = pytest.mark.gui


@pytest.fixture
def reader(qtbot):  # type: ignore[no-untyped-def]
    clock = FakeClock()
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    badge = BadgeKeyFilter(KioskConfig(), clock)
    app = QApplication.instance()
    badge.install(app)
    codes: list[str] = []
    badge.badge.connect(codes.append)
    yield badge, clock, edit, codes
    app.removeEventFilter(badge)


def _type(edit: QLineEdit, clock: FakeClock, keys: list[Qt.Key], gap: float,
          text: str | None = None) -> None:
    for i, key in enumerate(keys):
        clock.advance(gap)
        ch = text[i] if text else ""
        QTest.sendKeyEvent(QTest.KeyAction.Click, edit, key, ch, Qt.KeyboardModifier.NoModifier)


def _digits(code: str) -> list[Qt.Key]:
    return [Qt.Key(Qt.Key.Key_0.value + int(c)) for c in code]


def test_a_fast_burst_with_enter_is_a_badge_and_types_nothing(reader) -> None:  # type: ignore[no-untyped-def]
    _badge, clock, edit, codes = reader
    _type(edit, clock, _digits("0000001001") + [Qt.Key.Key_Return], 0.01, "0000001001\r")
    assert codes == ["0000001001"]
    assert edit.text() == ""


def test_the_code_comes_from_key_codes_not_the_layout_text(reader) -> None:  # type: ignore[no-untyped-def]
    _badge, clock, edit, codes = reader
    # A Russian layout: the digit row types "!\"№;%" with Shift, and the A/F keys type Ф/А.
    keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key(0x424), Qt.Key(0x410), Qt.Key.Key_9, Qt.Key.Key_0,
            Qt.Key.Key_Enter]
    _type(edit, clock, keys, 0.02, "12фа90\r")
    assert codes == ["12AF90"]
    assert code_char(0x424) == "A" and code_char(Qt.Key.Key_Space.value) is None


def test_slow_typing_is_replayed_to_the_widget(reader, qtbot) -> None:  # type: ignore[no-untyped-def]
    _badge, clock, edit, codes = reader
    _type(edit, clock, _digits("123456"), 0.3, "123456")
    qtbot.waitUntil(lambda: edit.text() == "123456", timeout=2000)
    clock.advance(0.3)
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert codes == []


def test_a_short_fast_burst_is_not_a_badge(reader) -> None:  # type: ignore[no-untyped-def]
    _badge, clock, edit, codes = reader
    _type(edit, clock, _digits("12") + [Qt.Key.Key_Return], 0.01, "12\r")
    assert codes == []
    assert edit.text() == "12"


def test_a_key_that_cannot_be_in_a_code_flushes_the_burst(reader) -> None:  # type: ignore[no-untyped-def]
    _badge, clock, edit, codes = reader
    _type(edit, clock, _digits("1234") + [Qt.Key.Key_Space], 0.01, "1234 ")
    assert edit.text() == "1234 "
    assert codes == []


def test_unknown_badge_says_nothing_about_the_number(kiosk: Kiosk) -> None:
    w = kiosk.window
    scan(w, kiosk.clock, "0000777777")
    assert w.current is w.message
    text = find(w.message, "messageLabel").text()
    assert "пропуск" in text and "777777" not in text
    assert w.person is None
    # The inactive colleague sees the very same words.
    tap(find(w.message, "messageOkButton"))
    assert w.current is w.attract
    scan(w, kiosk.clock, badge_code("3002"))
    assert find(w.message, "messageLabel").text() == text


def test_slow_typing_in_the_search_box_is_not_a_badge(kiosk: Kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = kiosk.window
    scan(w, kiosk.clock, badge_code("1001"))
    person = w.person
    tap(find(w.home, "rateButton"))
    tap(find(w.picker, "tabSearch"))
    search = find(w.picker, "supplierSearch")
    search.setFocus()
    scan(w, kiosk.clock, badge_code("2001"), interval=0.4, target=search)
    qtbot.waitUntil(lambda: search.text() == badge_code("2001"), timeout=3000)
    assert w.person is person
    assert w.current is w.picker


def test_badge_keys_never_reach_the_widget(kiosk: Kiosk) -> None:
    """Neither the presses nor the releases of a badge's keys leak to the focused widget."""
    w = kiosk.window
    events: list[int] = []

    class Spy(QLineEdit):
        def event(self, e: QEvent) -> bool:  # noqa: D102
            if e.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                assert isinstance(e, QKeyEvent)
                events.append(e.key())
            return super().event(e)

    spy = Spy(w)
    spy.show()
    scan(w, kiosk.clock, badge_code("1001"), target=spy)
    assert events == []
    assert spy.text() == ""
    assert w.current is w.home


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_a_serial_reader_feeds_the_same_badge_signal(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A serial reader on a pseudo-terminal: each line is one badge, read without blocking."""
    import os

    pytest.importorskip("serial")
    from kiosk.badge import SerialBadgeReader

    master, slave = os.openpty()
    reader = SerialBadgeReader(os.ttyname(slave), min_length=6, max_length=12)
    try:
        # Line noise and a half-read card are not badges (the kiosk's length rule); the
        # next whole code is.
        with qtbot.waitSignal(reader.badge, timeout=3000) as blocker:
            os.write(master, b"7f\r\n0000001000000000ab\r\n00000010ab\r\n")
        assert blocker.args == ["00000010AB"]
        with qtbot.waitSignal(reader.badge, timeout=3000) as blocker:
            os.write(master, b"0000002001\n")
        assert blocker.args == ["0000002001"]
    finally:
        reader.close()
        os.close(master)
        os.close(slave)


def test_the_reader_types_exactly_the_characters_pulse_badge_assign_accepts() -> None:
    from shared.security import BADGE_CHARACTERS
    typed = {code_char(key) for key in range(0x20, 0x500)} - {None}
    assert typed == BADGE_CHARACTERS


def test_an_unplugged_serial_reader_is_logged_once_and_opened_again(
        qtbot, tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    """A USB serial reader unplugged: its port stays readable with nothing to read. The
    reader used to log a traceback for every wake-up (about 14,000 in 300 ms here, and a
    spinning CPU); now it says so once, and reads again when the reader is back (the
    device path, here a link to a new pseudo-terminal, opens again)."""
    import contextlib
    import logging
    import os

    pytest.importorskip("serial")
    from kiosk.badge import SerialBadgeReader

    device = tmp_path / "ttyBADGE"
    master, slave = os.openpty()
    device.symlink_to(os.ttyname(slave))
    reader = SerialBadgeReader(str(device), retry_seconds=1)
    try:
        assert reader.connected
        with caplog.at_level(logging.WARNING, logger="kiosk.badge"):
            os.close(slave)
            os.close(master)  # unplugged
            qtbot.waitUntil(lambda: not reader.connected, timeout=3000)
            qtbot.wait(300)
        assert len([r for r in caplog.records if r.name == "kiosk.badge"]) == 1
        assert "lost" in caplog.text
        caplog.clear()
        master, slave = os.openpty()  # plugged in again
        device.unlink()
        device.symlink_to(os.ttyname(slave))
        with caplog.at_level(logging.WARNING, logger="kiosk.badge"):
            qtbot.waitUntil(lambda: reader.connected, timeout=5000)
        assert "is back" in caplog.text
        with qtbot.waitSignal(reader.badge, timeout=3000) as blocker:
            os.write(master, b"0000003001\n")
        assert blocker.args == ["0000003001"]
    finally:
        reader.close()
        for fd in (master, slave):
            with contextlib.suppress(OSError):  # already closed when unplugged above
                os.close(fd)
