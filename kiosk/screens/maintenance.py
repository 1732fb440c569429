"""Maintenance, for an admin badge only: database, outbox size, last sync, version, kiosk id."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.backend import KioskStatus
from kiosk.screens.base import Screen, button, label
from kiosk.theme import Theme


class MaintenanceScreen(Screen):
    screen_name = "maintenanceScreen"
    exit_requested = Signal()
    back_requested = Signal()
    refresh_requested = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None, *,
                 tz: ZoneInfo | None = None) -> None:
        super().__init__(parent)
        self._status: KioskStatus | None = None
        self._tz = tz or ZoneInfo("UTC")
        layout = QVBoxLayout(self)
        m = theme.px(80)
        layout.setContentsMargins(m, theme.px(30), m, theme.px(40))
        self.title = label(self, "title", "maintenanceTitle")
        layout.addWidget(self.title)
        grid = QGridLayout()
        grid.setVerticalSpacing(theme.px(20))
        self.captions = [label(self, "dim") for _ in range(5)]
        self.values = [label(self, "heading", n) for n in
                       ("statusDatabase", "statusOutbox", "statusLastSync", "statusVersion",
                        "statusKioskId")]
        for i, (c, v) in enumerate(zip(self.captions, self.values, strict=True)):
            grid.addWidget(c, i, 0)
            grid.addWidget(v, i, 1)
        layout.addSpacing(theme.px(30))
        layout.addLayout(grid)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.back = button(self, "maintenanceBack", "quiet")
        self.back.clicked.connect(self.back_requested)
        self.refresh = button(self, "maintenanceRefresh")
        self.refresh.clicked.connect(self.refresh_requested)
        self.exit = button(self, "exitButton", "primary")
        self.exit.clicked.connect(self.exit_requested)
        row.addWidget(self.back)
        row.addSpacing(theme.px(20))
        row.addWidget(self.refresh)
        row.addStretch(1)
        row.addWidget(self.exit)
        layout.addLayout(row)
        self.retranslate()

    def _last_sync(self, s: KioskStatus) -> str:
        if s.last_sync_at is None:
            return self.tr("never")
        return s.last_sync_at.astimezone(self._tz).strftime("%d.%m.%Y %H:%M:%S")

    def set_status(self, status: KioskStatus | None) -> None:
        self._status = status
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Maintenance"))
        for c, text in zip(self.captions, (self.tr("Database"), self.tr("Ratings waiting to sync"),
                                           self.tr("Last sync"), self.tr("Version"),
                                           self.tr("Kiosk")), strict=True):
            c.setText(text)
        s = self._status
        if s is None:
            values = [self.tr("checking…"), "…", "…", "…", "…"]
        else:
            db = (self.tr("reachable ({kind})") if s.database_ok else
                  self.tr("NOT reachable ({kind})")).format(kind=s.details.get("database", ""))
            values = [db, str(s.outbox_size), self._last_sync(s), s.version, s.kiosk_id]
        for v, text in zip(self.values, values, strict=True):
            v.setText(text)
        self.back.setText(self.tr("‹ Back"))
        self.refresh.setText(self.tr("Check again"))
        self.exit.setText(self.tr("Exit the kiosk"))
