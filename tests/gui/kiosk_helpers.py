"""A small plant for the kiosk tests, and helpers that scan badges and tap widgets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.clock import FakeClock
from kiosk.worker import DbWorker, _call_back
from shared.config import Config
from shared.db import Database
from shared.db.models import Department, Employee, ReasonTag, Segment, SupplierLink
from shared.security import badge_hmac, hash_pin
from tests.domain_data import retire_default_tags

# 10:30 in Moscow on a Monday.
START = dt.datetime(2026, 3, 2, 7, 30, tzinfo=dt.UTC)


def badge_code(personnel_no: str) -> str:
    """The demo data's badge code for a personnel number."""
    return f"{int(personnel_no):010d}"


@dataclass
class Plant:
    ids: dict[str, int]


def build_plant(db: Database, config: Config) -> Plant:
    secret = config.secret_bytes()
    ids: dict[str, int] = {}
    with db.write() as s:
        production = Department(name="Производство", name_en="Production")
        maintenance = Department(name="Ремонтная служба", name_en="Maintenance")
        it = Department(name="ИТ", name_en="IT")
        s.add_all([production, maintenance, it])
        s.flush()
        line = Segment(name="Линия", name_en="Line")
        s.add(line)
        s.flush()
        retire_default_tags(s)
        s.add_all([
            ReasonTag(code="slow", segment_id=line.id, polarity="negative",
                      label_ru="Медленно", label_en="Too slow"),
            ReasonTag(code="quality", segment_id=line.id, polarity="negative",
                      label_ru="Качество", label_en="Quality"),
            ReasonTag(code="fast", segment_id=line.id, polarity="positive",
                      label_ru="Быстро", label_en="Fast"),
            ReasonTag(code="polite", segment_id=None, polarity="positive",
                      label_ru="Вежливо", label_en="Polite"),
        ])
        people = [
            ("1001", "Смирнова Анна Петровна", "Anna Smirnova", production, "worker", "ru"),
            ("1002", "Jones Emily", "Emily Jones", production, "worker", "en"),
            ("2001", "Кузнецов Борис Ильич", "Boris Kuznetsov", maintenance, "worker", "ru"),
            ("2002", "Волкова Вера Олеговна", "Vera Volkova", maintenance, "worker", "ru"),
            ("3001", "Глебов Глеб Глебович", "Gleb Glebov", it, "worker", "ru"),
            ("3002", "Уволенный Пётр", "Petr Former", it, "worker", "ru"),
            ("9001", "Начальникова Дарья", "Daria Nachalnikova", production, "manager", "ru"),
            ("9002", "Админов Егор", "Egor Adminov", it, "admin", "ru"),
        ]
        for pno, name, name_en, dep, role, lang in people:
            emp = Employee(personnel_no=pno, full_name=name, full_name_en=name_en,
                           department_id=dep.id, role=role, language=lang,
                           segment_id=line.id if dep is production else None,
                           badge_hmac=badge_hmac(secret, badge_code(pno)),
                           pin_hash=hash_pin("1234") if role != "worker" else None,
                           active=pno != "3002")
            s.add(emp)
            s.flush()
            ids[pno] = emp.id
        s.add(SupplierLink(client_department_id=production.id,
                           supplier_department_id=maintenance.id))
    return Plant(ids)


def scan(window: QWidget, clock: FakeClock, code: str, *, interval: float = 0.01,
         target: QWidget | None = None) -> None:
    """Type a badge like a keyboard-wedge reader: fast keys, then Enter."""
    widget = target or QApplication.focusWidget() or window
    for ch in code:
        clock.advance(interval)
        key = Qt.Key(Qt.Key.Key_0.value + int(ch)) if ch.isdigit() else \
            Qt.Key(Qt.Key.Key_A.value + ord(ch.upper()) - ord("A"))
        QTest.keyClick(widget, key, Qt.KeyboardModifier.NoModifier)
    clock.advance(interval)
    QTest.keyClick(widget, Qt.Key.Key_Return)


def tap(widget: QWidget) -> None:
    assert widget.isVisible(), f"{widget.objectName()} is not visible"
    assert widget.isEnabled(), f"{widget.objectName()} is disabled"
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def swipe(widget: QWidget, dx: int) -> None:
    start = widget.rect().center()
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=start + QPoint(dx, 0))


def find(root: QWidget, name: str) -> QWidget:
    found = root.findChild(QWidget, name)
    assert found is not None, f"no widget named {name}"
    return found


class ManualWorker(DbWorker):
    """A database worker that runs nothing until told: shows what the screen does meanwhile.

    ``names`` lists the queued calls; ``run_next()`` runs the oldest and delivers its answer
    (as the real worker's queued signal would); ``run_all()`` runs until the queue is empty.
    """

    def __init__(self) -> None:
        super().__init__()
        self.queue: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any],
                               Callable[[Any], None], Callable[[BaseException], None] | None]] = []

    @property
    def names(self) -> list[str]:
        return [getattr(fn, "__name__", str(fn)) for fn, *_ in self.queue]

    def submit(self, fn: Callable[..., Any], *args: Any, on_result: Callable[[Any], None],
               on_error: Callable[[BaseException], None] | None = None, **kwargs: Any) -> None:
        self.queue.append((fn, args, kwargs, on_result, on_error))

    def run_next(self, name: str | None = None) -> str:
        """Run the oldest queued call (the oldest called ``name``, if given)."""
        index = self.names.index(name) if name is not None else 0
        fn, args, kwargs, on_result, on_error = self.queue.pop(index)
        try:
            outcome: tuple[bool, Any] = (True, fn(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - same path as the real worker
            outcome = (False, exc)
        _call_back(on_result, on_error, outcome)
        return getattr(fn, "__name__", str(fn))

    def run_all(self) -> None:
        while self.queue:
            self.run_next()


def wait_sent(qtbot: Any, window: Any) -> None:
    """Wait for the thanks screen's word on the rating (``RatingFate``).

    The production kiosk commits a rating to its local outbox, paints the thanks screen and
    only then pushes the outbox to the server: the rating is on the server once the fate is
    known."""
    qtbot.waitUntil(lambda: window.thanks.fate is not None)
