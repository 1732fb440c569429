"""Renders every kiosk screen (offscreen) into docs/screenshots/kiosk-*.png.

Used by ``scripts/screenshots.py --only kiosk``. It builds a small plant in a
temporary SQLite database (a few departments, people with ratings over the last
weeks so the metrics show numbers, nudges), then drives a real ``MainWindow``
with a fake clock and the synchronous worker, the way the GUI tests do.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from shared.config import Config
from shared.db import Database

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)


def _settle(app: QApplication) -> None:
    """Let every pending layout, deferred deletion and paint run before a picture: one pass
    of processEvents can leave a button half-painted (a style change posts more events)."""
    from PySide6.QtCore import QCoreApplication, QEvent
    for _ in range(3):
        app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()

NOW = dt.datetime(2026, 3, 4, 7, 42, tzinfo=dt.UTC)  # 10:42 in Moscow, a Wednesday

PEOPLE = [  # personnel no, name, English name, department key, role
    ("1001", "Смирнова Анна Петровна", "Anna Smirnova", "prod", "worker"),
    ("1003", "Орлов Денис Викторович", "Denis Orlov", "prod", "worker"),
    ("1004", "Лебедева Ольга Ивановна", "Olga Lebedeva", "prod", "worker"),
    ("1005", "Соколов Илья Андреевич", "Ilya Sokolov", "prod", "worker"),
    ("1006", "Павлова Мария Сергеевна", "Maria Pavlova", "prod", "worker"),
    ("1007", "Морозов Артём Олегович", "Artem Morozov", "prod", "worker"),
    ("2001", "Кузнецов Борис Ильич", "Boris Kuznetsov", "maint", "worker"),
    ("2002", "Волкова Вера Олеговна", "Vera Volkova", "maint", "worker"),
    ("2003", "Никитин Сергей Павлович", "Sergey Nikitin", "maint", "worker"),
    ("2004", "Зайцева Татьяна Юрьевна", "Tatiana Zaitseva", "store", "worker"),
    ("2005", "Фёдоров Кирилл Романович", "Kirill Fedorov", "store", "worker"),
    ("3001", "Глебов Глеб Глебович", "Gleb Glebov", "it", "worker"),
    ("3003", "Григорьева Елена Дмитриевна", "Elena Grigorieva", "it", "worker"),
    ("9001", "Начальникова Дарья Алексеевна", "Daria Nachalnikova", "prod", "manager"),
    ("9002", "Админов Егор Сергеевич", "Egor Adminov", "it", "admin"),
]
DEPARTMENTS = {"prod": ("Сборочный цех", "Assembly shop"),
               "maint": ("Ремонтная служба", "Maintenance"),
               "store": ("Инструментальный склад", "Tool store"),
               "it": ("ИТ-поддержка", "IT support")}
TAGS = [("slow", "negative", "Долго", "Too slow"), ("quality", "negative", "Качество работы",
        "Quality of work"), ("promise", "negative", "Не сдержал слово", "Broke a promise"),
        ("unclear", "negative", "Непонятно объяснил", "Unclear"),
        ("rude", "negative", "Невежливо", "Impolite"),
        ("fast", "positive", "Быстро", "Fast"), ("careful", "positive", "Аккуратно", "Careful"),
        ("helpful", "positive", "Помог разобраться", "Explained well"),
        ("polite", "positive", "Вежливо", "Polite")]

INITIATIVES = [("Простои линии", "Ремонт оборудования за час", "maint"),
               ("Выработка за смену", "Инструмент на линии до начала смены", "store"),
               ("Брак на сборке", "Проверенные комплектующие", "store")]


def _photo() -> bytes:
    """A stand-in portrait (a drawn silhouette), so the screenshots show the photo path."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF
    from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter

    image = QImage(320, 320, QImage.Format.Format_RGB32)
    p = QPainter(image)
    grad = QLinearGradient(0, 0, 0, 320)
    grad.setColorAt(0, QColor("#9CC3E6"))
    grad.setColorAt(1, QColor("#4A78A8"))
    p.fillRect(image.rect(), grad)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor("#F1C9A5"))
    p.setPen(QColor(0, 0, 0, 0))
    p.drawEllipse(QPointF(160, 130), 62, 74)
    p.setBrush(QColor("#2F3E55"))
    p.drawEllipse(QRectF(40, 220, 240, 220))
    p.setBrush(QColor("#5A3A22"))
    p.drawChord(QRectF(96, 52, 128, 110), 0, 180 * 16)
    p.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")  # type: ignore[call-overload]  # stubs say bytes; PySide6 6.12 takes str
    return bytes(data.data())


def seed(db: Database, config: Config) -> dict[str, int]:
    """A small plant with three weeks of ratings; returns personnel no -> employee id."""
    from sqlalchemy import delete

    from shared.db.models import Department, Employee, Initiative, ReasonTag, Segment, SupplierLink
    from shared.domain.nudge_store import add_nudge
    from shared.domain.ratings import record_rating
    from shared.security import badge_hmac, hash_pin

    secret = config.secret_bytes()
    ids: dict[str, int] = {}
    with db.write() as s:
        deps = {k: Department(name=ru, name_en=en) for k, (ru, en) in DEPARTMENTS.items()}
        s.add_all(deps.values())
        s.flush()
        line = Segment(name="Сборка", name_en="Assembly", goal="Собирать без простоев и брака")
        s.add(line)
        s.flush()
        # This plant replaced the default company-wide chips (migration 0005) with its own.
        s.execute(delete(ReasonTag).where(ReasonTag.code.like("std-%")))
        for code, pol, ru, en in TAGS:
            s.add(ReasonTag(code=code, segment_id=line.id, polarity=pol, label_ru=ru, label_en=en))
        for metric, improvement, dep in INITIATIVES:
            s.add(Initiative(segment_id=line.id, metric=metric, supplier_improvement=improvement,
                             supplier_department_id=deps[dep].id))
        pin = hash_pin("1234")
        for pno, name, name_en, dep, role in PEOPLE:
            emp = Employee(personnel_no=pno, full_name=name, full_name_en=name_en,
                           department_id=deps[dep].id, role=role,
                           # An English render is what an English-speaking worker sees.
                           language=config.site.default_language,
                           segment_id=line.id if dep == "prod" else None,
                           badge_hmac=badge_hmac(secret, f"{int(pno):010d}"),
                           pin_hash=pin if role != "worker" else None,
                           photo=_photo() if pno == "2001" else None)
            s.add(emp)
            s.flush()
            ids[pno] = emp.id
        for dep in ("maint", "store"):
            s.add(SupplierLink(client_department_id=deps["prod"].id,
                               supplier_department_id=deps[dep].id))
    clients = ["1001", "1003", "1004", "1005", "1006", "1007", "9001"]
    suppliers = ["2001", "2002", "2003", "2004", "2005", "3001"]
    n = 0
    with db.write() as s:
        for day in range(21, 0, -1):
            for ci, c in enumerate(clients):
                for si, sup in enumerate(suppliers):
                    if (day + ci + si) % 4:
                        continue
                    score = 2 + (ci + si + day) % 4 if sup != "2003" else 1 + (ci + day) % 3
                    at = NOW - dt.timedelta(days=day, hours=ci)
                    record_rating(s, config, rater_id=ids[c], supplier_id=ids[sup], score=score,
                                  created_at=at, kiosk_id="kiosk-1")
                    n += 1
        # This morning's ratings: the start screen's mood.
        for ci, c in enumerate(clients[1:]):
            for si, sup in enumerate(suppliers[2:]):
                record_rating(s, config, rater_id=ids[c], supplier_id=ids[sup],
                              score=3 + (ci + si) % 3,
                              created_at=NOW - dt.timedelta(minutes=5 + ci * 7 + si))
        # Anna's clients rate her too (so her metric 3 passes k).
        for ci, c in enumerate(["1003", "1004", "1005", "1006", "1007", "2001"]):
            record_rating(s, config, rater_id=ids[c], supplier_id=ids["1001"], score=4 + ci % 2,
                          created_at=NOW - dt.timedelta(days=3, hours=ci))
        # Anna rated Boris this morning: a cooldown refusal to show.
        record_rating(s, config, rater_id=ids["1001"], supplier_id=ids["2001"], score=4,
                      created_at=NOW - dt.timedelta(minutes=40))
        add_nudge(s, employee_id=ids["1001"], kind="client_overtook", params={},
                  dedup_key="shot-1", now=NOW)
        add_nudge(s, employee_id=ids["1001"], kind="proposal_decided", params={"accepted": True},
                  dedup_key="shot-2", now=NOW)
    log.info("screenshot plant: %d ratings", n)
    return ids


def _dispute_screens(window, shot, badge) -> None:  # type: ignore[no-untyped-def]
    """Denis opens a dispute against Boris; Boris rejects it with a reason typed on the
    keyboard; the admin (nobody manages Boris) sees the reason on the verdict screen."""
    from shared.db.models import Regulation
    with window.backend.db.write() as s:
        if s.query(Regulation).count() == 0:
            # With its link in the catalogue: the cards show it as text and as a QR code.
            s.add(Regulation(code="РГ-014", title="Выдача инструмента со склада за 15 минут",
                             url="https://portal.plant.local/reg/rg-014"))
    flow = window.dispute_flow
    flow.open_list()
    flow.open_new()
    for ch in "Куз":
        flow.open.keyboard.type_text(ch)
    flow.open._run_search()  # noqa: SLF001 - skip the typing pause
    flow.open.people.tiles["2001"].click()
    next(iter(flow.open.rule_buttons.values())).click()
    for ch in "Ждал ключ от склада час":
        flow.open.keyboard.type_text(ch)
    shot("dispute-open-what")
    flow.open.submit.click()
    window.logout()
    badge("2001")
    flow.open_list()
    next(iter(flow.list.cards.values())).click()
    shot("dispute-answer")
    flow.answer.reject.click()
    for ch in "Склад был закрыт. Ключ у мастера":
        flow.answer.keyboard.type_text(ch)
    shot("dispute-reject-reason")
    flow.answer.reason_confirm.click()
    window.logout()
    badge("9002")
    for d in "1234":
        window.pin.pad._digit(d)  # noqa: SLF001
    window.pin.pad.ok.click()
    flow.open_list()
    next(iter(flow.list.cards.values())).click()
    flow.arbitrate.verdicts["both_right"].click()
    shot("dispute-arbitrate")


def render_kiosk(out_dir: Path, *, db_url: str | None = None, language: str = "ru",
                 size: tuple[int, int] = (1920, 1080),
                 on_shot: Callable[[str, QWidget], None] | None = None) -> list[Path]:
    """One PNG per kiosk screen and state; returns the files written.

    ``on_shot(name, window)`` is called at each state before its picture (the layout test
    walks every screen's buttons this way)."""
    from PySide6.QtWidgets import QApplication

    from kiosk.backend import KioskBackend
    from kiosk.clock import FakeClock
    from kiosk.window import MainWindow
    from kiosk.worker import SynchronousWorker
    from shared.config import load_config
    from shared.db import open_database
    from shared.offline.store import LocalStore
    from shared.offline.sync import SyncWorker
    from shared.qt.fonts import load_fonts
    from shared.qt.refcount import make_singletons_immortal
    make_singletons_immortal()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["screenshots"])
    font = app.font()
    font.setFamily(load_fonts())
    app.setFont(font)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.TemporaryDirectory()
    config = load_config()
    config.site.default_language = language
    config.site.secret = config.site.secret or "screenshots"
    fresh = db_url is None
    db = open_database(db_url or f"sqlite:///{Path(tmp.name) / 'kiosk.db'}", upgrade=True)
    ids = seed(db, config) if fresh else {}
    clock = FakeClock(NOW)
    # As in production: the local store (snapshot + outbox), seeded by one sync pass.
    store = LocalStore(Path(tmp.name) / "kiosk-local.db", kiosk_id=config.kiosk.id,
                       cooldown=dt.timedelta(hours=config.rating.cooldown_hours),
                       secret=config.secret_bytes())
    sync = SyncWorker(store, db, config, clock=clock.now)
    if fresh:
        sync.run_once(snapshot=True)
    else:  # someone else's database: read the snapshot, report nothing to it
        sync.refresh_snapshot(full=True)
    window = MainWindow(config, KioskBackend(db, config, clock, store=store), SynchronousWorker(),
                        clock, size=size, install_filters=False)
    window.resize(*size)
    window.show()
    written: list[Path] = []
    suffix = ("" if language == "ru" else f"-{language}") + (
        "" if size == (1920, 1080) else f"-{size[0]}x{size[1]}")

    def shot(name: str) -> None:
        _settle(app)
        if on_shot is not None:
            on_shot(name, window)
        path = out_dir / f"kiosk-{name}{suffix}.png"
        window.grab().save(str(path))
        written.append(path)

    def badge(pno: str) -> None:
        window.on_badge(f"{int(pno):010d}")

    try:
        shot("attract")
        window.on_badge("0000999999")
        shot("unknown-badge")
        window.logout()
        badge("9001")
        shot("pin")
        for _ in range(config.kiosk.pin_max_attempts):
            window.pin.pad._digit("0")  # noqa: SLF001 - typing on the pad
            window.pin.pad._digit("0")  # noqa: SLF001
            window.pin.pad._digit("0")  # noqa: SLF001
            window.pin.pad._digit("0")  # noqa: SLF001
            window.pin.pad.ok.click()
        shot("pin-locked")
        badge("1001")
        shot("home")
        window.idle.countdown.emit(7)
        shot("idle-countdown")
        window.idle.countdown.emit(-1)
        window.open_picker()
        shot("picker-own")
        window.picker.show_tab(1)
        for ch in "ВОЛ":
            window.picker.keyboard.type_text(ch)
        window.picker._run_search_now()  # noqa: SLF001 - skip the typing pause
        shot("picker-search")
        window.picker.show_tab(2)
        shot("picker-departments")
        tiles = window.picker.own_grid.tiles
        window.picker.show_tab(0)
        tiles["2001"].click()
        shot("rate-cooldown")
        window.show_screen(window.picker)
        tiles["2002"].click()
        shot("rate")
        window.rate.faces.faces[2].click()
        for code in ("slow", "promise"):
            window.rate.chips.chips[code].click()
        shot("rate-reasons")
        window.rate.comment_button.click()
        for ch in "Ждали два дня":
            window.rate.keyboard.type_text(ch)
        shot("rate-comment")
        window.rate.keyboard.done.emit()
        window.rate.submit.click()
        # The streak line fills after the thanks screen's first paint (kiosk/window.py).
        deadline = time.monotonic() + 5
        while not window.thanks.streak.text() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        shot("thanks")  # with the right-to-influence offer: Anna may propose to Vera
        window.thanks.offer.propose.click()
        form = window.proposal_flow.form
        for ch in "Запчасти для линии держать на складе цеха":
            form.keyboard.type_text(ch)
        form.chips[0].click()
        shot("proposal-form")
        form.submit.click()
        shot("proposal-sent")
        window.toggle_language()
        window.open_picker()
        window.picker.own_grid.tiles["2004"].click()
        window.rate.faces.faces[5].click()
        window.rate.chips.chips["fast"].click()
        shot("rate-praise-en")
        window.logout()
        badge("9002")
        for d in "1234":
            window.pin.pad._digit(d)  # noqa: SLF001
        window.pin.pad.ok.click()
        window.open_maintenance()
        shot("maintenance")
        window.show_screen(window.home)  # Anna's proposal about Vera waits for the admin
        window._load_home()  # noqa: SLF001 - as the flow does after a decision
        shot("proposal-home")
        window.proposal_flow.open_list()
        shot("proposal-list")
        next(iter(window.proposal_flow.list.cards.values())).click()
        shot("proposal-decide")
        # Accepted, it stays in the list until the change is marked implemented.
        window.proposal_flow.decide.accept.click()
        shot("proposal-list-accepted")
        next(iter(window.proposal_flow.list.cards.values())).click()
        shot("proposal-implement")
        window.logout()
        badge("1003")  # nobody rated Denis yet: no proposals, and the card says why
        window.open_picker()
        window.picker.own_grid.tiles["2002"].click()
        shot("proposal-refused")
        _dispute_screens(window, shot, badge)
        window.logout()
        window._set_offline(True)  # noqa: SLF001 - as after a failed call
        window.message.show_message("offline_saved")  # this kiosk has its local store
        window.show_screen(window.message)
        shot("offline")
    finally:
        window.close()
        window.deleteLater()  # and its timers (the attract screen's clock runs when closed)
        db.dispose()
        store.close()
        tmp.cleanup()
    del ids
    return written
