"""Sign-in by the reverse proxy's single-sign-on header (``web.trusted_header``, off by
default): the person the header names gets a session and an audit entry, once; nobody is
signed in by a header the configuration does not name, or for an unknown or inactive person.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from shared.config import Config, ConfigError, load_config
from shared.db import Database
from shared.db.models import AuditEntry, Employee
from tests.engage_factory import department, person, utc
from web.server import COOKIE, create_app

NOW = utc(2026, 3, 20, 10)
HEADER = "X-Remote-User"


@pytest.fixture
def office(db: Database) -> int:
    with db.write() as s:
        e = person(s, "A7", department(s, "ИТ"))
        emp = s.get(Employee, e)
        assert emp is not None
        emp.full_name, emp.email = "Орлова Вера Павловна", "V.Orlova@plant.example"
        return e


@pytest.fixture
def client(db: Database, config: Config) -> Iterator[TestClient]:
    config.web.trusted_header = HEADER
    with TestClient(create_app(config, db, clock=lambda: NOW), follow_redirects=False) as c:
        yield c


def sign_ins(db: Database) -> list[dict[str, object]]:
    with db.read() as s:
        return [e.details for e in s.scalars(select(AuditEntry)
                                             .where(AuditEntry.action == "web.sign_in"))]


def test_the_header_signs_the_person_in_once(db: Database, office: int,
                                             client: TestClient) -> None:
    page = client.get("/", headers={HEADER: "v.orlova@plant.example"})
    assert page.status_code == 200 and "Здравствуйте, Вера!" in page.text
    assert "httponly" in page.headers["set-cookie"].lower()
    again = client.get("/", headers={HEADER: "v.orlova@plant.example"})  # with the cookie
    assert "Здравствуйте, Вера!" in again.text and "set-cookie" not in again.headers
    entries = sign_ins(db)
    assert len(entries) == 1
    assert entries[0]["method"] == "trusted_header" and entries[0]["employee_id"] == office


def test_by_personnel_number(db: Database, config: Config, office: int,
                             client: TestClient) -> None:
    config.web.trusted_header_match = "personnel_no"
    assert "Здравствуйте, Вера!" in client.get("/", headers={HEADER: "A7"}).text


@pytest.mark.parametrize("who", ["nobody@plant.example", " ", "x" * 300])
def test_an_unknown_person_is_refused(db: Database, office: int, client: TestClient,
                                      who: str) -> None:
    page = client.get("/", headers={HEADER: who})
    if who.strip():
        assert page.status_code == 403 and "нет в справочнике" in page.text
    assert COOKIE not in page.headers.get("set-cookie", "")
    assert sign_ins(db) == []


def test_an_inactive_person_is_refused(db: Database, office: int, client: TestClient) -> None:
    with db.write() as s:
        s.get(Employee, office).active = False  # type: ignore[union-attr]
    page = client.get("/", headers={HEADER: "v.orlova@plant.example"})
    assert page.status_code == 403 and "Вход для вас закрыт" in page.text
    assert sign_ins(db) == []


def test_off_by_default(db: Database, config: Config, office: int) -> None:
    assert config.web.trusted_header == ""
    with TestClient(create_app(config, db, clock=lambda: NOW)) as c:
        page = c.get("/", headers={HEADER: "v.orlova@plant.example"})
    assert "Здравствуйте" not in page.text and sign_ins(db) == []


def test_a_bad_header_name_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULSE__WEB__TRUSTED_HEADER", "X Remote: User")
    with pytest.raises(ConfigError, match="web.trusted_header"):
        load_config()
