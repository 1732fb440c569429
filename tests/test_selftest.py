"""The apps' ``--self-test`` helper: passes on a drawn window, names what failed otherwise."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from shared.qt import selftest

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _restore_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # run_self_test rewrites the PULSE_* variables; monkeypatch puts them back afterwards.
    for name in ("PULSE_DB_URL", "PULSE_DATA_DIR", "PULSE_SECRET", "QT_QPA_PLATFORM"):
        monkeypatch.setenv(name, "placeholder")
        monkeypatch.delenv(name)


def _label_window(ctx: selftest.SelfTestContext):
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QLabel
    label = QLabel("Поставщик месяца — 4,7")
    label.setFont(QFont("DejaVu Sans", 48))
    label.setStyleSheet("background: #123; color: #fc3;")
    ctx.notes.append(ctx.database.dialect)
    return label


def test_a_drawn_window_passes(qapp, tmp_path: Path) -> None:
    out = io.StringIO()
    shot = tmp_path / "frame.png"
    seen: list[str] = []

    def extra(ctx: selftest.SelfTestContext) -> str:
        seen.append(ctx.config.data_dir)
        return "extra ran"

    code = selftest.run_self_test("kiosk", _label_window, checks=[("extra", extra)],
                                  size=(800, 480), screenshot=shot, out=out)
    report = out.getvalue()
    assert code == 0, report
    for step in ("environment", "config", "database", "qt", "translations", "render", "extra"):
        assert f"  ok {step}" in report
    assert "self-test passed" in report
    assert shot.exists() and seen and "selftest" in seen[0]


def test_a_blank_window_fails_and_is_named(qapp) -> None:
    from PySide6.QtWidgets import QWidget

    def blank(ctx: selftest.SelfTestContext) -> QWidget:
        widget = QWidget()
        widget.setStyleSheet("background: black;")
        return widget

    out = io.StringIO()
    code = selftest.run_self_test("wallboard", blank, size=(640, 360), settle_seconds=0.3, out=out)
    assert code == 1
    assert "FAIL render" in out.getvalue()
    assert "FAILED: render" in out.getvalue()


def test_a_failing_extra_check_fails_the_run(qapp, tmp_path: Path) -> None:
    bad = tmp_path / "poster.pdf"
    bad.write_bytes(b"not a pdf")
    out = io.StringIO()
    code = selftest.run_self_test("wallboard", _label_window, size=(800, 480), out=out,
                                  checks=[("poster pdf", lambda ctx: selftest.check_pdf(bad))])
    assert code == 1
    assert "FAILED: poster pdf" in out.getvalue()


def test_check_pdf_accepts_a_pdf_written_by_qt(qapp, tmp_path: Path) -> None:
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter
    path = tmp_path / "poster.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    painter.drawText(100, 100, "Плакат")
    painter.end()
    assert "bytes" in selftest.check_pdf(path, min_bytes=500)
