"""The kiosk home's QR code after a badge tap (issue 19): a single-use link to the person's
web page, valid ``web.link_minutes``; no code when no web address is configured."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from sqlalchemy import func, select

from shared.db.models import AuditEntry, WebSignIn
from shared.domain.web_sign_in import LINK_PATH, SignInRefused, redeem_link
from tests.gui.conftest import Kiosk
from tests.gui.kiosk_helpers import START, badge_code, find, scan

pytestmark = pytest.mark.gui


def test_the_home_shows_a_single_use_sign_in_code(kiosk: Kiosk) -> None:
    kiosk.config.web.base_url = "https://pulse.plant.local/"
    kiosk.config.web.link_minutes = 5
    w = kiosk.window
    scan(w, kiosk.clock, badge_code("1001"))
    assert w.current is w.home and w.language == "ru"
    qr = find(w.home, "signInQr")
    assert isinstance(qr, QLabel) and qr.isVisible() and not qr.pixmap().isNull()
    assert find(w.home, "signInQrCaption").text() == (
        "Ваша страница в телефоне: отсканируйте код. Он действует один раз и 5 минут.")
    data = w.home._data
    assert data is not None and data.sign_in_url is not None
    prefix = "https://pulse.plant.local" + LINK_PATH
    assert data.sign_in_url.startswith(prefix)
    token = data.sign_in_url.removeprefix(prefix)
    with kiosk.db.write() as s:
        session = redeem_link(s, kiosk.config, token=token, now=START)
        assert session.employee_id == kiosk.plant.ids["1001"]
        assert s.scalar(select(AuditEntry.actor).where(
            AuditEntry.action == "web.link_issued")) == f"kiosk:{kiosk.config.kiosk.id}"
    with kiosk.db.write() as s, pytest.raises(SignInRefused, match="used"):
        redeem_link(s, kiosk.config, token=token, now=START)
    shots = os.environ.get("KIOSK_QR_SCREENSHOT")
    if shots:
        w.grab().save(str(Path(shots)))
    # The next person never sees this one's code: gone at the logout, and while the next
    # person's figures load.
    w.logout()
    assert not qr.isVisible() and qr.pixmap().isNull()
    w.home.set_person(w.home._person)
    assert not qr.isVisible()


def test_no_code_without_a_web_address(kiosk: Kiosk) -> None:
    assert kiosk.config.web.base_url == ""
    w = kiosk.window
    scan(w, kiosk.clock, badge_code("1001"))
    assert w.current is w.home
    assert not find(w.home, "signInQr").isVisible()
    assert not find(w.home, "signInQrCaption").isVisible()
    with kiosk.db.read() as s:
        assert s.scalar(select(func.count()).select_from(WebSignIn)) == 0
