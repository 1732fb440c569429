"""The GUI tests' guard (tests/gui/conftest.py): a timer or thread left running is found."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QEvent, QThread, QTimer
from PySide6.QtWidgets import QWidget

from tests.gui.conftest import _running_qt_objects, left_running


def test_a_running_timer_or_thread_is_found_and_a_stopped_one_is_not(qtbot) -> None:  # type: ignore[no-untyped-def]
    threads, qt = set(threading.enumerate()), _running_qt_objects()
    window = QWidget()  # not given to qtbot: as a window a test forgot
    window.show()
    timer = QTimer(window)
    timer.setObjectName("refresh")
    timer.start(60_000)
    worker = QThread(window)
    worker.start()
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait, name="helper")
    helper.start()
    try:
        assert left_running(threads, qt, grace=0.05) == [
            "QThread QThread of QWidget", "thread helper", "timer refresh of QWidget"]
    finally:
        stop.set()
        helper.join()
        worker.quit()
        worker.wait()
        timer.stop()
    assert left_running(threads, qt) == []
    timer.start(60_000)
    window.close()
    window.deleteLater()  # a closed and deleted window takes its timers along
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert left_running(threads, qt) == []
