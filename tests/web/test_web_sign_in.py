"""The personal web page: sign in by a single-use link, the page, sign out (issue 19).

Driven through Starlette's TestClient over the real application on both databases, with a
fixed clock: a link works once and only before it expires, a forged one signs nobody in,
the cookie is HttpOnly, SameSite=Lax and expiring, the page shows the kiosk's metrics and
no figure from fewer than k clients, and every sign-in and sign-out is in the audit log.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from shared import audit
from shared.cli import main as pulse
from shared.config import Config, ConfigError, load_config
from shared.db import Database
from shared.db.models import AuditEntry, Employee, WebSignIn
from shared.domain.web_sign_in import LINK_PATH, issue_link
from tests.engage_factory import department, person, rate, utc
from web import pages
from web.server import COOKIE, create_app

NOW = utc(2026, 3, 20, 10)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def plant(db: Database) -> dict[str, int]:
    """E is rated by five clients this month (k = 5: shown, and ranked); F by two (withheld
    on F's page and absent from the company's list); E rated S."""
    with db.write() as s:
        a, b = department(s, "Склад"), department(s, "Бухгалтерия")
        e, f, sup = person(s, "E1", a), person(s, "F1", a), person(s, "S1", a)
        s.get(Employee, e).full_name = "Смирнова Анна Сергеевна"  # type: ignore[union-attr]
        s.get(Employee, f).full_name = "Петров Фёдор Ильич"  # type: ignore[union-attr]
        clients = [person(s, f"C{i}", b) for i in range(5)]
        for i, (client, score) in enumerate(zip(clients, (5, 4, 4, 3, 5), strict=True)):
            rate(s, client, e, score, utc(2026, 3, 10 + i))
        for client in clients[:2]:
            rate(s, client, f, 5, utc(2026, 3, 12))
        rate(s, e, sup, 4, utc(2026, 3, 18))
        return {"e": e, "f": f}


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client(db: Database, config: Config, clock: Clock) -> Iterator[TestClient]:
    with TestClient(create_app(config, db, clock=clock), follow_redirects=False) as c:
        yield c


def new_link(db: Database, config: Config, employee_id: int, at: dt.datetime = NOW) -> str:
    with db.write() as s:
        return issue_link(s, config, employee_id=employee_id, issued_by="test", now=at).token


def sign_in(client: TestClient, token: str) -> None:
    response = client.post(LINK_PATH + token)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/"


def actions(db: Database) -> list[str]:
    with db.read() as s:
        return list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_a_link_signs_in_and_the_page_shows_the_kiosk_metrics(
        db: Database, config: Config, plant: dict[str, int], client: TestClient) -> None:
    token = new_link(db, config, plant["e"])
    ask = client.get(LINK_PATH + token)  # a link preview: shows a button, spends nothing
    assert ask.status_code == 200 and 'method="post"' in ask.text
    sign_in(client, token)
    page = client.get("/")
    assert page.status_code == 200
    text = page.text
    assert "Здравствуйте, Анна!" in text
    received = text.split('id="metric-received"')[1].split('id="metric-')[0]
    assert ">4,2<" in received and "от 5 клиентов" in received  # (5+4+4+3+5)/5, k = 5
    given = text.split('id="metric-given"')[1].split('id="metric-')[0]
    assert ">4,0<" in given and "1 оценка за 30 дн." in given
    top = text.split('id="top"')[1]
    assert "Смирнова Анна Сергеевна" in top
    assert "Петров Фёдор Ильич" not in top  # F: two clients, below k
    assert "Показатели по оценкам менее чем 5 клиентов не показываются." in text
    assert "Traceback" not in text


def test_a_figure_below_k_is_not_shown(db: Database, config: Config, plant: dict[str, int],
                                       client: TestClient) -> None:
    sign_in(client, new_link(db, config, plant["f"]))
    text = client.get("/").text
    received = text.split('id="metric-received"')[1].split('id="metric-')[0]
    assert ">—<" in received and "5,0" not in received
    assert "Мало оценок: нужно от 5 клиентов" in received


def test_the_page_speaks_english_to_an_english_speaker(
        db: Database, config: Config, plant: dict[str, int], client: TestClient) -> None:
    with db.write() as s:
        s.get(Employee, plant["e"]).language = "en"  # type: ignore[union-attr]
    sign_in(client, new_link(db, config, plant["e"]))
    text = client.get("/").text
    assert '<html lang="en">' in text and ">4.2<" in text and "from 5 clients" in text
    assert "Company: best suppliers of March 2026" in text


def test_the_cookie_is_httponly_samesite_lax_and_expiring(
        db: Database, config: Config, plant: dict[str, int], client: TestClient) -> None:
    response = client.post(LINK_PATH + new_link(db, config, plant["e"]))
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    flags = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")}
    assert "httponly" in flags and flags["samesite"].lower() == "samesite=lax"
    assert flags["max-age"] == f"Max-Age={12 * 3600}" and flags["path"] == "Path=/"
    assert "secure" not in flags  # plain http (web.base_url empty)
    for name in ("content-security-policy", "x-frame-options", "referrer-policy"):
        assert name in response.headers


def test_an_https_address_makes_the_cookie_secure(
        db: Database, config: Config, plant: dict[str, int], clock: Clock) -> None:
    config.web.base_url = "https://pulse.plant.local"
    with TestClient(create_app(config, db, clock=clock), base_url="https://testserver",
                    follow_redirects=False) as c:
        response = c.post(LINK_PATH + new_link(db, config, plant["e"]))
    assert "secure" in response.headers["set-cookie"].lower()


def test_the_session_expires(db: Database, config: Config, plant: dict[str, int],
                             client: TestClient, clock: Clock) -> None:
    sign_in(client, new_link(db, config, plant["e"]))
    clock.now = NOW + dt.timedelta(hours=12, seconds=1)
    text = client.get("/").text
    assert "Здравствуйте" not in text and "Сеанс завершён" in text


def test_a_reused_link_is_refused_and_changes_nothing(
        db: Database, config: Config, plant: dict[str, int], client: TestClient) -> None:
    token = new_link(db, config, plant["e"])
    sign_in(client, token)
    other = TestClient(client.app, follow_redirects=False)
    again = other.post(LINK_PATH + token)
    assert again.status_code == 400 and "уже использована" in again.text
    assert "set-cookie" not in again.headers
    assert "Здравствуйте" not in other.get("/").text
    assert actions(db).count("web.sign_in") == 1


def test_an_expired_link_is_refused(db: Database, config: Config, plant: dict[str, int],
                                    client: TestClient, clock: Clock) -> None:
    token = new_link(db, config, plant["e"])
    clock.now = NOW + dt.timedelta(minutes=config.web.link_minutes)
    refused = client.post(LINK_PATH + token)
    assert refused.status_code == 400 and "истёк" in refused.text
    assert "set-cookie" not in refused.headers
    with db.read() as s:
        assert s.scalar(select(WebSignIn.used_at)) is None
    assert "web.sign_in" not in actions(db)


@pytest.mark.parametrize("token", ["forged-token-0123456789abcdefghijk", "x" * 500, "%00"])
def test_a_forged_link_is_refused(db: Database, config: Config, plant: dict[str, int],
                                  client: TestClient, token: str) -> None:
    good = new_link(db, config, plant["e"])
    refused = client.post(LINK_PATH + token)
    assert refused.status_code in (400, 404)
    assert "set-cookie" not in refused.headers and "Traceback" not in refused.text
    assert "web.sign_in" not in actions(db)
    sign_in(client, good)  # the real link still works


def test_a_link_for_someone_no_longer_active_is_refused(
        db: Database, config: Config, plant: dict[str, int], client: TestClient) -> None:
    token = new_link(db, config, plant["e"])
    with db.write() as s:
        s.get(Employee, plant["e"]).active = False  # type: ignore[union-attr]
    refused = client.post(LINK_PATH + token)
    assert refused.status_code == 400 and "Вход для вас закрыт" in refused.text


def test_a_tampered_cookie_signs_nobody_in(db: Database, config: Config,
                                           plant: dict[str, int], client: TestClient) -> None:
    sign_in(client, new_link(db, config, plant["e"]))
    value = client.cookies[COOKIE]
    sign_in_id, _employee, expires, mac = value.split(".")
    client.cookies.clear()
    client.cookies[COOKIE] = f"{sign_in_id}.{plant['f']}.{expires}.{mac}"
    assert "Здравствуйте, Фёдор!" not in client.get("/").text


def test_sign_out_ends_the_session_even_for_a_copied_cookie(
        db: Database, config: Config, plant: dict[str, int], client: TestClient) -> None:
    sign_in(client, new_link(db, config, plant["e"]))
    copied = client.cookies[COOKIE]
    page = client.get("/").text
    action = re.search(r'action="(/sign-out\?csrf=[0-9a-f]+)"', page)
    assert action is not None
    assert client.post("/sign-out").status_code == 403  # no CSRF token: nothing happens
    assert "Здравствуйте, Анна!" in client.get("/").text
    out = client.post(action.group(1))
    assert out.status_code == 200 and "Вы вышли." in out.text
    assert f'{COOKIE}=""' in out.headers["set-cookie"] or "Max-Age=0" in out.headers[
        "set-cookie"]
    thief = TestClient(client.app, follow_redirects=False)
    thief.cookies[COOKIE] = copied
    assert "Здравствуйте" not in thief.get("/").text


def test_every_sign_in_and_sign_out_is_audited(db: Database, config: Config,
                                               plant: dict[str, int],
                                               client: TestClient) -> None:
    sign_in(client, new_link(db, config, plant["e"]))
    csrf = re.search(r"csrf=([0-9a-f]+)", client.get("/").text)
    assert csrf is not None
    client.post(f"/sign-out?csrf={csrf.group(1)}")
    assert actions(db) == ["web.link_issued", "web.sign_in", "web.sign_out"]
    with db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "web.sign_in")).one()
        assert entry.details["employee_id"] == plant["e"]
        assert entry.actor == f"web:{plant['e']}"
        # Only the token's hash is stored, never the token.
        assert len(s.scalar(select(WebSignIn.token_hash)) or "") == 64
        assert audit.verify(s) == []


@pytest.mark.allow_log_warnings
def test_a_failing_page_is_a_friendly_page(db: Database, config: Config, plant: dict[str, int],
                                           clock: Clock, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("web.server.personal_page", broken)
    with TestClient(create_app(config, db, clock=clock), raise_server_exceptions=False,
                    follow_redirects=False) as c:
        sign_in(c, new_link(db, config, plant["e"]))
        page = c.get("/")
    assert page.status_code == 500
    assert "Что-то пошло не так" in page.text and "boom" not in page.text
    assert "Traceback" not in page.text
    assert c.get("/no-such-page").status_code == 404
    assert pages.personal_page is not broken


def test_pulse_web_link_prints_a_working_link(db_url: str, db: Database, config: Config,
                                              plant: dict[str, int],
                                              capsys: pytest.CaptureFixture[str],
                                              client: TestClient) -> None:
    assert pulse(["--db", db_url, "web", "link", "--employee", "E1"]) == 0
    url = capsys.readouterr().out.strip()
    assert url.startswith(f"http://127.0.0.1:8080{LINK_PATH}")
    client.app.state.web.clock = lambda: dt.datetime.now(dt.UTC)  # the CLI used the real time
    sign_in(client, url.rsplit("/", 1)[1])
    assert pulse(["--db", db_url, "web", "link", "--employee", "nobody"]) == 1
    assert "no employee with personnel number nobody" in capsys.readouterr().err


def test_a_bad_base_url_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULSE__WEB__BASE_URL", "pulse.plant.local")
    with pytest.raises(ConfigError, match="web.base_url"):
        load_config()


def test_the_company_figures_are_read_once_per_refresh(
        db: Database, config: Config, plant: dict[str, int], client: TestClient,
        clock: Clock) -> None:
    sign_in(client, new_link(db, config, plant["e"]))
    assert "Петров Фёдор Ильич" not in client.get("/").text.split('id="top"')[1]
    with db.write() as s:  # F reaches five clients: one completed block
        b = s.get(Employee, plant["e"] + 3).department_id  # type: ignore[union-attr]
        for i in range(3):
            rate(s, person(s, f"D{i}", b), plant["f"], 5, utc(2026, 3, 19, 8 + i))
    clock.now = NOW + dt.timedelta(seconds=config.wallboard.refresh_seconds - 1)
    assert "Петров Фёдор Ильич" not in client.get("/").text.split('id="top"')[1]
    clock.now = NOW + dt.timedelta(seconds=config.wallboard.refresh_seconds)
    assert "Петров Фёдор Ильич" in client.get("/").text.split('id="top"')[1]


def test_the_page_loads_nothing_from_elsewhere(db: Database, config: Config,
                                               plant: dict[str, int],
                                               client: TestClient) -> None:
    sign_in(client, new_link(db, config, plant["e"]))
    text = client.get("/").text
    assert not re.search(r"<script|<link|@import|url\(|src=", text)
    assert not re.findall(r'(?:href|action)="(?!/)', text)


def test_too_many_refused_links_from_one_address_must_wait(
        db: Database, config: Config, plant: dict[str, int], client: TestClient,
        clock: Clock) -> None:
    config_limit = config.web.max_refused_per_minute
    good = new_link(db, config, plant["e"])
    for i in range(config_limit):
        assert client.post(f"{LINK_PATH}forged-{i}").status_code == 400
    held = client.post(LINK_PATH + good)  # even a good link waits: nothing is looked up
    assert held.status_code == 429 and "Подождите минуту" in held.text
    clock.now = NOW + dt.timedelta(minutes=1)
    sign_in(client, good)  # a minute later it works, and it was not spent meanwhile


@pytest.mark.parametrize("value", ["", "garbage", "1.2.3", "1.2.99999999999999999999.ab",
                                   "².1.1.ab", "1.1.1." + "a" * 300, "ы.1.1.ab"])
def test_a_malformed_cookie_is_a_welcome_page(db: Database, config: Config,
                                              plant: dict[str, int], client: TestClient,
                                              value: str) -> None:
    page = client.get("/", headers={"cookie": f"{COOKIE}={value}".encode()})  # raw bytes
    assert page.status_code == 200 and "Здравствуйте" not in page.text


def test_proposals_are_listed_in_words(db: Database, config: Config, plant: dict[str, int],
                                       client: TestClient) -> None:
    import uuid

    from shared.db.models import Proposal
    with db.write() as s:
        s.get(Employee, plant["f"]).role = "manager"  # type: ignore[union-attr]
        s.add(Proposal(uuid=uuid.uuid4(), client_id=plant["e"], supplier_id=plant["e"] + 2,
                       decider_id=plant["f"], what_should_change="Выдавать спецодежду к 8:00",
                       improves_metric="опоздания", status="pending", created_at=NOW))
        s.get(Employee, plant["e"] + 2).full_name = "Иванова Мария Петровна"  # type: ignore[union-attr]
    sign_in(client, new_link(db, config, plant["e"]))
    mine = client.get("/").text.split('id="proposals"')[1]
    assert "Ваше предложение по работе Ивановой Марии Петровны: Выдавать спецодежду к 8:00" \
        in mine
    client.cookies.clear()
    sign_in(client, new_link(db, config, plant["f"]))
    theirs = client.get("/").text.split('id="proposals"')[1]
    assert "Предложение по работе Ивановой Марии Петровны ждёт вашего решения" in theirs


def test_the_company_page_shows_the_wallboards_figures(
        db: Database, config: Config, plant: dict[str, int], client: TestClient) -> None:
    assert client.get("/company").status_code == 303  # signed in only
    sign_in(client, new_link(db, config, plant["e"]))
    assert 'href="/company"' in client.get("/").text
    page = client.get("/company")
    assert page.status_code == 200
    text = page.text
    assert "Компания: март 2026 г." in text and "8 оценок в этом месяце" in text
    top = text.split('id="top"')[1].split("</ul>")[0]
    assert "Смирнова Анна Сергеевна" in top and "Петров Фёдор Ильич" not in top
    assert 'id="departments"' in text and "Traceback" not in text
    assert "Показатели по оценкам менее чем 5 клиентов не показываются." in text
