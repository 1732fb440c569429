"""The on-screen keyboard: lowercase letters, a capital at the start of the text and of a
sentence, the shift key (once, caps lock, off) in both layouts, comma and full stop."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from kiosk.widgets.keyboard import OnScreenKeyboard
from tests.gui.kiosk_helpers import find, tap

pytestmark = pytest.mark.gui


@pytest.fixture
def board(qtbot):  # type: ignore[no-untyped-def]
    window = QWidget()
    body = window
    # Larger than the keys need, so the window's size hints stay constant as the labels
    # change case (the offscreen platform warns about propagating them).
    window.setMinimumSize(1600, 800)
    column = QVBoxLayout(body)
    field = QLineEdit(body)
    keyboard = OnScreenKeyboard("ru", body)
    keyboard.attach(field)
    column.addWidget(field)
    column.addWidget(keyboard)
    qtbot.addWidget(window)
    window.resize(1600, 800)
    window.show()
    qtbot.waitExposed(window)
    yield keyboard, field
    window.close()


def _type(keyboard: OnScreenKeyboard, text: str) -> None:
    names = {" ": "key-space", "⇧": "key-shift", "⌫": "key-backspace"}
    for ch in text:
        tap(find(keyboard, names.get(ch) or f"key-{ch.upper()}"))


def test_lowercase_with_a_capital_at_the_start_and_after_a_full_stop(board) -> None:  # type: ignore[no-untyped-def]
    keyboard, field = board
    assert keyboard.shift == "once" and find(keyboard, "key-Ж").text() == "Ж"
    _type(keyboard, "склад закрыт")
    assert field.text() == "Склад закрыт"
    assert keyboard.shift == "off" and find(keyboard, "key-Ж").text() == "ж"
    _type(keyboard, ". ключ, у мастера")
    assert field.text() == "Склад закрыт. Ключ, у мастера"
    # Erasing back to the start brings the capital back.
    field.clear()
    assert keyboard.shift == "once"


def test_shift_once_lock_and_off_in_both_layouts(board) -> None:  # type: ignore[no-untyped-def]
    keyboard, field = board
    shift = find(keyboard, "key-shift")
    tap(shift)  # the automatic capital is not wanted: off
    assert keyboard.shift == "off" and not shift.isChecked()
    _type(keyboard, "ц")
    tap(shift)  # once: the next letter only
    assert keyboard.shift == "once" and shift.isChecked()
    _type(keyboard, "ех")
    assert field.text() == "цЕх"
    tap(find(keyboard, "key-layout"))
    assert keyboard.layout_name == "en" and find(keyboard, "key-Q").text() == "q"
    shift = find(keyboard, "key-shift")  # the keys are rebuilt with the layout
    tap(shift)
    tap(shift)  # tapped twice: caps lock
    assert keyboard.shift == "lock" and shift.text() == "⇪"
    _type(keyboard, " ok")
    assert field.text() == "цЕх OK"
    tap(shift)
    assert keyboard.shift == "off"
    _type(keyboard, "ay⌫⌫")
    assert field.text() == "цЕх OK"


def test_programs_type_text_as_is(board) -> None:  # type: ignore[no-untyped-def]
    keyboard, field = board
    keyboard.type_text("ГЛЕБ")
    assert field.text() == "ГЛЕБ" and keyboard.shift == "off"
    other = QLineEdit()
    keyboard.attach(other)  # a new, empty field: a capital again; the old one is let go
    assert keyboard.shift == "once"
    field.setText("x")
    assert keyboard.shift == "once"
    other.deleteLater()


def test_a_new_search_starts_with_a_capital(kiosk) -> None:  # type: ignore[no-untyped-def]
    """"Rate someone else" and the next person clear the field with its signals blocked:
    the keyboard still starts the next visit with a capital."""
    from tests.gui.kiosk_helpers import badge_code, scan

    w = kiosk.window
    scan(w, kiosk.clock, badge_code("1001"))
    tap(find(w.home, "rateButton"))
    w.picker.show_tab(1)
    keyboard = w.picker.keyboard
    assert keyboard.shift == "once"
    tap(find(keyboard, "key-В"))
    assert keyboard.shift == "off"
    w.open_picker()  # as after "Rate someone else"
    w.picker.show_tab(1)
    assert w.picker.search.text() == ""
    assert keyboard.shift == "once" and find(keyboard, "key-Ж").text() == "Ж"


def test_every_text_field_starts_with_a_capital_for_the_next_person(kiosk) -> None:  # type: ignore[no-untyped-def]
    """Issue 15: the comment and the dispute's story start with a capital on each visit, also
    after the previous person typed there (the screens clear their fields signals blocked)."""
    from tests.gui.kiosk_helpers import badge_code, scan

    w = kiosk.window
    for person, supplier in (("1001", "2002"), ("3001", "2002")):
        scan(w, kiosk.clock, badge_code(person))
        tap(find(w.home, "rateButton"))
        if supplier in w.picker.own_grid.tiles:
            tap(w.picker.own_grid.tiles[supplier])
        else:  # not an own supplier of this person: search
            w.picker.show_tab(1)
            for ch in "ВОЛ":
                tap(find(w.picker.keyboard, f"key-{ch}"))
            w.picker._run_search_now()  # noqa: SLF001 - skip the typing pause
            tap(w.picker.search_grid.tiles[supplier])
        tap(find(w.rate, "face-2"))
        tap(find(w.rate, "commentButton"))
        assert w.rate.keyboard.shift == "once", person
        tap(find(w.rate.keyboard, "key-Д"))
        assert w.rate.keyboard.shift == "off" and w.rate.comment.text() == "Д"
        w.dispute_flow.open_new()
        keyboard = w.dispute_flow.open.keyboard
        assert keyboard.shift == "once", person
        tap(find(keyboard, "key-К"))
        assert keyboard.shift == "off"
        w.logout()
