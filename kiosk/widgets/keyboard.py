"""An on-screen keyboard with Russian (ЙЦУКЕН) and Latin layouts, a shift key and big keys."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

LAYOUTS: dict[str, list[str]] = {
    "ru": ["1234567890", "ЙЦУКЕНГШЩЗХЪ", "ФЫВАПРОЛДЖЭ", "ЯЧСМИТЬБЮЁ-"],
    "en": ["1234567890", "QWERTYUIOP", "ASDFGHJKL'", "ZXCVBNM-"],
}


SHIFT_OFF, SHIFT_ONCE, SHIFT_LOCK = "off", "once", "lock"
SENTENCE_ENDS = (".", "!", "?")


class OnScreenKeyboard(QWidget):
    """Types into an attached ``QLineEdit``; the keys never take the focus from it.

    Letters are lowercase; ``key-shift`` makes the next letter a capital (tapped again:
    caps lock; again: off). With ``auto_capitalize`` (the default) the first letter of the
    text, and of a sentence after ". ", "! " or "? ", is a capital unless shift is tapped
    off. Keys are named ``key-<character>`` by the layout's capital whatever the case they
    type (``key-Й``, ``key-Q``, ``key-1``), plus ``key-shift``, ``key-space``,
    ``key-backspace``, ``key-layout``, ``key-done`` and ``key-,`` / ``key-.`` (beside the
    space bar in both layouts).
    """

    done = Signal()
    layout_changed = Signal(str)

    def __init__(self, layout: str = "ru", parent: QWidget | None = None, *,
                 auto_capitalize: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("onScreenKeyboard")
        self._target: QLineEdit | None = None
        self._layout_name = layout if layout in LAYOUTS else "ru"
        self._auto_capitalize = auto_capitalize
        self._shift = SHIFT_OFF
        self._shift_auto = False  # the current "once" came from auto-capitalisation
        self._rows = QVBoxLayout(self)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(10)
        self._letter_keys: list[tuple[QPushButton, str]] = []
        self._build()

    @property
    def layout_name(self) -> str:
        return self._layout_name

    @property
    def shift(self) -> str:
        """``off``, ``once`` (the next letter is a capital) or ``lock``."""
        return self._shift

    def attach(self, target: QLineEdit | None) -> None:
        if self._target is not None and self._target is not target:
            self._target.textChanged.disconnect(self._text_changed)
            self._target.removeEventFilter(self)
        if target is not None and target is not self._target:
            target.textChanged.connect(self._text_changed)
            # Every visit to the field starts as the text says (a capital on an empty field),
            # also when a screen cleared it with its signals blocked.
            target.installEventFilter(self)
        self._target = target
        self._auto_shift()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self._target and event.type() == QEvent.Type.FocusIn:
            self._auto_shift()
        return False

    def _text_changed(self, _text: str) -> None:
        self._auto_shift()

    def set_layout(self, name: str) -> None:
        """The layout for the next visit (screens call it when they start afresh): the shift
        follows the field's text again, a capital on an empty field."""
        self._switch_layout(name)
        self._auto_shift()

    def _switch_layout(self, name: str) -> None:
        if name != self._layout_name and name in LAYOUTS:
            self._layout_name = name
            self._build()
            self.layout_changed.emit(name)

    def _button(self, label: str, name: str) -> QPushButton:
        button = QPushButton(label, self)
        button.setObjectName(name)
        button.setAccessibleName(name)
        button.setProperty("role", "key")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoRepeat(name == "key-backspace")
        button.show()  # at once, also when the layout is switched on a shown keyboard
        return button

    def _build(self) -> None:
        while self._rows.count():
            item = self._rows.takeAt(0)
            row = item.layout() if item is not None else None
            if row is not None:
                while row.count():
                    child = row.takeAt(0)
                    w = child.widget() if child is not None else None
                    if w is not None:
                        # Unnamed and hidden at once: a lookup by name finds the new key,
                        # not this one waiting for its deferred deletion.
                        w.hide()
                        w.setObjectName("")
                        w.deleteLater()
        self._letter_keys = []
        for chars in LAYOUTS[self._layout_name]:
            row = QHBoxLayout()
            row.setSpacing(10)
            for ch in chars:
                button = self._button(ch, f"key-{ch}")
                button.clicked.connect(lambda _=False, c=ch: self._key(c))
                row.addWidget(button)
                if ch.isalpha():
                    self._letter_keys.append((button, ch))
            self._rows.addLayout(row)
        bottom = QHBoxLayout()
        bottom.setSpacing(10)
        self.shift_key = self._button("⇧", "key-shift")
        self.shift_key.setCheckable(True)
        self.shift_key.clicked.connect(self._shift_tapped)
        bottom.addWidget(self.shift_key, 2)
        self.layout_key = self._button("", "key-layout")
        self.layout_key.clicked.connect(self._toggle_layout)
        # Comma and full stop beside the space bar, in both layouts (ЙЦУКЕН has no room).
        self.comma_key = self._button(",", "key-,")
        self.comma_key.clicked.connect(lambda: self._key(","))
        self.stop_key = self._button(".", "key-.")
        self.stop_key.clicked.connect(lambda: self._key("."))
        self.space_key = self._button("", "key-space")
        self.space_key.clicked.connect(lambda: self.type_text(" "))
        self.backspace_key = self._button("⌫", "key-backspace")
        self.backspace_key.clicked.connect(self.backspace)
        self.done_key = self._button("", "key-done")
        self.done_key.setProperty("role", "primary")
        self.done_key.clicked.connect(self.done)
        bottom.addWidget(self.layout_key, 2)
        bottom.addWidget(self.comma_key, 1)
        bottom.addWidget(self.space_key, 5)
        bottom.addWidget(self.stop_key, 1)
        bottom.addWidget(self.backspace_key, 2)
        bottom.addWidget(self.done_key, 2)
        self._rows.addLayout(bottom)
        self._show_shift()
        self.retranslate()

    def _toggle_layout(self) -> None:
        self._switch_layout("en" if self._layout_name == "ru" else "ru")  # the shift stays

    # --- shift ------------------------------------------------------------------------

    def _shift_tapped(self) -> None:
        if self._shift == SHIFT_OFF:
            self._shift = SHIFT_ONCE
        elif self._shift == SHIFT_ONCE and not self._shift_auto:
            self._shift = SHIFT_LOCK
        else:  # lock, or an automatic capital the person does not want
            self._shift = SHIFT_OFF
        self._shift_auto = False
        self._show_shift()

    def _auto_shift(self) -> None:
        """After every change of the text: a capital at the start of the text and of a
        sentence, else lowercase (caps lock stays until tapped off)."""
        if self._shift == SHIFT_LOCK:
            return
        before = ""
        if self._target is not None:
            before = self._target.text()[:self._target.cursorPosition()].rstrip()
        start = self._auto_capitalize and (not before or before.endswith(SENTENCE_ENDS))
        self._shift = SHIFT_ONCE if start else SHIFT_OFF
        self._shift_auto = start
        self._show_shift()

    def _show_shift(self) -> None:
        upper = self._shift != SHIFT_OFF
        for button, ch in self._letter_keys:
            button.setText(ch if upper else ch.lower())
        self.shift_key.setChecked(upper)
        self.shift_key.setText("⇪" if self._shift == SHIFT_LOCK else "⇧")

    # --- typing -----------------------------------------------------------------------

    def _key(self, ch: str) -> None:
        """A key tap: the letter in the case shift says (then shift follows the text)."""
        self.type_text(ch if self._shift != SHIFT_OFF else ch.lower())

    def type_text(self, text: str) -> None:
        """Insert ``text`` as it is (no case change): for programs and the keys."""
        if self._target is not None:
            self._target.insert(text)

    def backspace(self) -> None:
        if self._target is not None:
            self._target.backspace()

    def retranslate(self) -> None:
        self.layout_key.setText("abc" if self._layout_name == "ru" else "абв")
        self.space_key.setText(self.tr("Space"))
        self.done_key.setText(self.tr("Done"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
