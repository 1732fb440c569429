"""The main journeys in a real browser (issue 19): Debian's chromium, headless, against
pulse-web served by uvicorn on a free port, on SQLite and PostgreSQL.

A sign-in link -> the page -> rate a supplier -> the rating is in the database; answer a
dispute; the arbiter's verdict; decide a proposal. The browser presses the pages' own
buttons (cookies, redirects and the Content-Security-Policy are the browser's). CI installs
chromium (.ci/run), so there the test runs; elsewhere it is skipped without chromium.

With ``WEB_SCREENSHOTS=docs/screenshots`` it also saves the pages it passes through
(phone 390x844 and desktop), for docs/web.md.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from sqlalchemy import select

from shared.config import Config
from shared.db import Database
from shared.db.models import Dispute, Proposal, Rating
from shared.domain.web_sign_in import LINK_PATH, issue_link
from tests.conftest import IN_CI
from tests.web.browser import Browser, chromium_path, screenshots_dir
from tests.web.test_web_actions import (  # noqa: F401 - fixtures
    NOW,
    Clock,
    _dispute,
    _proposal,
    clock,
    plant,
)
from web.server import create_app

PHONE, DESKTOP = (390, 844), (1280, 900)


@pytest.fixture
def server(db: Database, config: Config, clock: Clock) -> Iterator[str]:  # noqa: F811
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(config, db, clock=clock)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "pulse-web did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser() -> Iterator[Browser]:
    binary = chromium_path()
    if binary is None:
        if IN_CI:
            pytest.fail("chromium is missing: .ci/run installs it")
        pytest.skip("chromium not installed (apt-get install chromium)")
    b = Browser(binary)
    yield b
    b.close()


def link(db: Database, config: Config, base: str, employee_id: int) -> str:
    with db.write() as s:
        return base + LINK_PATH + issue_link(s, config, employee_id=employee_id,
                                             issued_by="test", now=NOW).token


def test_link_page_rate_answer_arbitrate_decide_in_a_real_browser(
        db: Database, config: Config, plant: dict[str, int], server: str,  # noqa: F811
        browser: Browser, request: pytest.FixtureRequest) -> None:
    shots = screenshots_dir() if "sqlite" in request.node.name else None

    def shoot(name: str, desktop: bool = False) -> None:
        if shots is not None:
            browser.screenshot(shots / f"web-{name}.png", *PHONE)
            if desktop:
                browser.screenshot(shots / f"web-{name}-desktop.png", *DESKTOP)

    dispute_id = _dispute(db, config, plant)
    proposal_id = _proposal(db, plant)
    # The QR code's link: a button first (a preview spends nothing), then the page.
    browser.open(link(db, config, server, plant["a"]))
    assert "Войти в «Пульс поставщиков» на этом устройстве?" in browser.text
    browser.click("form button[type=submit]")
    assert browser.url == server + "/" and "Здравствуйте, Анна!" in browser.text
    # Rate a supplier: search, the card, a score, a reason, a comment, send.
    browser.click("#rate-link")
    browser.fill("input[name=q]", "кузнец")
    browser.click("form.search button")
    browser.click(f"a[href='/rate/{plant['s']}']")
    browser.click("a.s2")
    browser.check("input[name=reason][value=slow]")
    browser.fill("#comment", "Ждал инструмент 40 минут")
    shoot("rate", desktop=True)
    browser.click("#send")
    assert "Спасибо! Ваша оценка Кузнецова Сергея Ивановича сохранена." in browser.text
    shoot("rate-done")
    with db.read() as s:
        rating = s.execute(select(Rating)).scalar_one()
        assert (rating.rater_id, rating.supplier_id, rating.score, rating.kiosk_id,
                rating.comment) == (plant["a"], plant["s"], 2, "web", "Ждал инструмент 40 минут")
    # Answer a dispute: disagree, with a reason.
    browser.open(server + "/")
    browser.click(f"a[href='/disputes/{dispute_id}']")
    browser.fill("#reason", "Инструмент был на складе с 7:30")
    shoot("dispute-answer", desktop=True)
    browser.click("#reject")
    assert f"спор № {dispute_id} передан арбитру" in browser.text
    with db.read() as s:
        assert s.get(Dispute, dispute_id).state == "escalated"  # type: ignore[union-attr]
    browser.click("header a.home")
    browser.click("header button")  # sign out
    assert "Вы вышли." in browser.text
    # The manager: the arbiter's verdict, then the proposal waiting for their decision.
    browser.open(link(db, config, server, plant["m"]))
    browser.click("form button[type=submit]")
    browser.click(f"a[href='/disputes/{dispute_id}']")
    browser.check("input[name=verdict][value=respondent_right]")
    shoot("dispute-verdict")
    browser.click("#give-verdict")
    assert f"Ваше решение по спору № {dispute_id} сохранено." in browser.text
    browser.open(server + "/")
    browser.fill(f"#note-{proposal_id}", "Со следующей недели")
    shoot("proposal-decide", desktop=True)
    browser.click(f"#decide-{proposal_id} button[value=accept]")
    assert "Вы приняли предложение." in browser.text
    with db.read() as s:
        assert s.get(Dispute, dispute_id).state == "respondent_right"  # type: ignore[union-attr]
        proposal = s.get(Proposal, proposal_id)
        assert proposal is not None and proposal.status == "accepted"
        assert proposal.decision_note == "Со следующей недели"
