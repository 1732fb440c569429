"""The one database worker: every database call runs on a single background thread.

Results come back to the GUI thread by a queued signal, so widgets never block and
never hold a Session (the shape of Anki's ``taskman``). Tests swap in
``SynchronousWorker``, which runs the call at once on the calling thread (as
Picard's ``FakeThreadPool`` does).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

ResultCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class DbWorker(QObject):
    """Runs callables on one background thread; calls back on the GUI thread."""

    # One Python object per answer: PySide6 mishandles the reference count of a bare None
    # sent through a queued ``object`` argument, so nothing is ever sent bare.
    _finished = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dbWorker")
        self._executor: ThreadPoolExecutor | None = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="kiosk-db")
        self._pending = 0
        self._finished.connect(self._deliver)

    @property
    def pending(self) -> int:
        return self._pending

    def submit(self, fn: Callable[..., Any], *args: Any, on_result: ResultCallback,
               on_error: ErrorCallback | None = None, **kwargs: Any) -> None:
        """Queue ``fn(*args, **kwargs)``; ``on_result``/``on_error`` run on the GUI thread."""
        if self._executor is None:
            log.warning("database call %s after shutdown ignored", getattr(fn, "__name__", fn))
            return
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

        def job() -> None:
            try:
                outcome: tuple[bool, Any] = (True, fn(*args, **kwargs))
            except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, logged there
                outcome = (False, exc)
            self._finished.emit(_Answer(on_result, on_error, outcome))

        self._executor.submit(job)

    @Slot(object)
    def _deliver(self, answer: _Answer) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        _call_back(answer.on_result, answer.on_error, answer.outcome)

    def shutdown(self, wait: bool = True) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=wait, cancel_futures=True)
            self._executor = None


class SynchronousWorker(DbWorker):
    """Runs each call immediately on the calling thread (tests, self-test, benchmarks)."""

    def submit(self, fn: Callable[..., Any], *args: Any, on_result: ResultCallback,
               on_error: ErrorCallback | None = None, **kwargs: Any) -> None:
        try:
            outcome: tuple[bool, Any] = (True, fn(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - same path as the threaded worker
            outcome = (False, exc)
        _call_back(on_result, on_error, outcome)


@dataclass
class _Answer:
    on_result: ResultCallback
    on_error: ErrorCallback | None
    outcome: tuple[bool, Any]


def _call_back(on_result: ResultCallback, on_error: ErrorCallback | None,
               outcome: tuple[bool, Any]) -> None:
    ok, value = outcome
    try:
        if ok:
            on_result(value)
        elif on_error is not None:
            on_error(value)
        else:
            log.error("database call failed", exc_info=value)
    except Exception:
        # A kiosk never shows a traceback: log it and keep running.
        log.exception("error while showing a database result")
