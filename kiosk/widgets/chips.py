"""Reason chips: big toggle buttons in wrapping rows, named ``reasonChip-<code>``."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.widgets.flow import FlowLayout


class ChipGroup(QWidget):
    """A set of toggle chips; ``selection()`` gives the codes that are on."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonChips")
        self._flow = FlowLayout(self, spacing=16)
        self.chips: dict[str, QPushButton] = {}

    def set_chips(self, chips: list[tuple[str, str]]) -> None:
        """``chips``: (code, label) pairs in display order."""
        self._flow.clear()
        self.chips = {}
        for code, label in chips:
            chip = QPushButton(label, self)
            chip.setObjectName(f"reasonChip-{code}")
            chip.setAccessibleName(f"reasonChip-{code}")
            chip.setProperty("role", "chip")
            chip.setCheckable(True)
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            chip.toggled.connect(self.changed)
            self._flow.addWidget(chip)
            chip.show()
            self.chips[code] = chip
        self.updateGeometry()

    def relabel(self, labels: dict[str, str]) -> None:
        for code, chip in self.chips.items():
            if code in labels:
                chip.setText(labels[code])

    def clear_selection(self) -> None:
        for chip in self.chips.values():
            chip.setChecked(False)

    def selection(self) -> list[str]:
        return [code for code, chip in self.chips.items() if chip.isChecked()]
