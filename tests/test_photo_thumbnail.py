"""The Qt thumbnailer the kiosk gives the sync worker for the offline snapshot."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from shared.config import Config
from shared.db import Database
from shared.db.models import Employee
from shared.offline.store import LocalStore
from shared.offline.sync import SyncWorker
from shared.qt.thumbnail import photo_thumbnail
from tests.offline_support import seed_directory


def _png(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366aa"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def test_thumbnail_scales_and_rejects_garbage(qapp: object) -> None:
    thumb = photo_thumbnail(_png(1200, 800))
    assert thumb is not None and thumb[:2] == b"\xff\xd8"  # a JPEG
    image = QImage.fromData(thumb)
    assert (image.width(), image.height()) == (192, 128)
    small = QImage.fromData(photo_thumbnail(_png(100, 50)) or b"")
    assert (small.width(), small.height()) == (100, 50)  # never enlarged
    assert photo_thumbnail(b"not an image") is None


def test_snapshot_carries_thumbnails(qapp: object, db: Database, config: Config,
                                     tmp_path: Path) -> None:
    d = seed_directory(db, people=3)
    with db.write() as s:
        emp = s.get(Employee, d.employee_ids[1])
        assert emp is not None
        emp.photo = _png(900, 900)
    store = LocalStore(tmp_path / "k.db", kiosk_id="k")
    worker = SyncWorker(store, db, config, rng=random.Random(0),
                        clock=lambda: dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
                        thumbnail=photo_thumbnail)
    worker.refresh_snapshot()
    person = store.person(d.employee_ids[1])
    assert person is not None and person.thumbnail is not None
    assert QImage.fromData(person.thumbnail).width() == 192
    other = store.person(d.employee_ids[2])
    assert other is not None and other.thumbnail is None
