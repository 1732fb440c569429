"""The web page under its own PostgreSQL role (pulse_web): it signs in, shows the page,
signs out, rates, answers and decides with only what it needs, under the kiosk's guards, and
cannot backdate or change a rating, write a figure, change a session's person or the
directory."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.exc import ProgrammingError
from starlette.testclient import TestClient

from shared.cli.cmd_grant import grant
from shared.config import Config
from shared.db import open_database
from shared.db.base import utcnow
from shared.db.models import (
    AuditEntry,
    Department,
    Dispute,
    Employee,
    Proposal,
    Rating,
    ReasonTag,
    Regulation,
    RollupSupplierDay,
    WebSignIn,
)
from shared.domain.web_sign_in import LINK_PATH, issue_link
from tests.test_grants import (  # noqa: F401 - fixtures
    Cluster,
    _denied,
    _directory,
    _rate,
    cluster,
    migrated_pg_url,
    migrated_template,
)
from web.server import create_app

pytestmark = pytest.mark.pg


def test_the_web_page_works_as_the_web_role(cluster: Cluster, config: Config) -> None:  # noqa: F811
    grant(cluster.admin, cluster.prefix)
    dep, a, b = _directory(cluster.admin)
    admin = open_database(cluster.url)
    with admin.write() as s:
        token = issue_link(s, config, employee_id=a, issued_by="test").token
    engine = cluster.login("web")
    web = open_database(engine.url.render_as_string(hide_password=False), upgrade=True)
    try:
        with TestClient(create_app(config, web), follow_redirects=False) as client:
            assert client.post(LINK_PATH + token).status_code == 303
            page = client.get("/")
            assert page.status_code == 200 and 'id="metric-given"' in page.text
            csrf = re.search(r"csrf=([0-9a-f]+)", page.text)
            assert csrf is not None
            assert client.post(f"/sign-out?csrf={csrf.group(1)}").status_code == 200
            # Signed in by the proxy's header: a new session row, under the same role.
            config.web.trusted_header, config.web.trusted_header_match = "X-User", "personnel_no"
            assert 'id="metric-given"' in client.get("/", headers={"X-User": "1"}).text
        # It rates as the kiosk does, under the kiosk's guards: not a backdated rating.
        with pytest.raises(ProgrammingError, match="more than 14 days back"):
            _rate(engine, dep, a, b)
        assert _denied(engine, "DELETE FROM web_sign_ins")
        assert _denied(engine, "UPDATE employees SET role = 'admin'")
        assert _denied(engine, "UPDATE web_sign_ins SET employee_id = :b", b=b)
        with admin.read() as s:
            assert s.scalar(select(WebSignIn.signed_out_at).order_by(WebSignIn.id)
                            .limit(1)) is not None
            assert list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id))) == [
                "web.link_issued", "web.sign_in", "web.sign_out", "web.sign_in"]
    finally:
        web.dispose()
        engine.dispose()
        admin.dispose()


def test_acting_on_the_web_works_as_the_web_role(cluster: Cluster, config: Config) -> None:  # noqa: F811
    """Rate a supplier, open, answer and arbitrate a dispute, decide a proposal: the kiosk's
    domain calls under pulse_web, the database's guards and rollup triggers included."""
    cluster.grant()
    admin = open_database(cluster.url)
    with admin.write() as s:
        dep = Department(name="Склад")
        s.add(dep)
        s.flush()
        m = Employee(personnel_no="M", full_name="Орлов Марк", department_id=dep.id)
        s.add(m)
        s.flush()
        dep.head_id = m.id
        a, sup, c = (Employee(personnel_no=n, full_name=f"Person {n}", department_id=dep.id,
                              manager_id=m.id) for n in ("A", "S", "C"))
        s.add_all([a, sup, c, Regulation(code="R1", title="Выдача", active=True),
                   ReasonTag(code="slow", polarity="negative", label_ru="Медленно",
                             label_en="Slow", active=True)])
        s.flush()
        ids = {"m": m.id, "a": a.id, "s": sup.id, "c": c.id}
        regulation = s.scalar(select(Regulation.id))
        proposal = Proposal(uuid=uuid.uuid4(), client_id=c.id, supplier_id=a.id,
                            decider_id=m.id, what_should_change="Раньше", improves_metric="время",
                            status="pending", created_at=utcnow())
        s.add(proposal)
        s.flush()
        proposal_id = proposal.id
        tokens = {k: issue_link(s, config, employee_id=v, issued_by="test").token
                  for k, v in ids.items()}
    engine = cluster.login("web")
    web = open_database(engine.url.render_as_string(hide_password=False), upgrade=True)

    def csrf(page: str) -> str:
        found = re.search(r'name="csrf" value="([^"]+)"|csrf=([^"&]+)', page)
        assert found is not None
        return found.group(1) or found.group(2)

    try:
        app = create_app(config, web)
        people = {}
        for who, token in tokens.items():
            people[who] = TestClient(app, follow_redirects=False)
            assert people[who].post(LINK_PATH + token).status_code == 303
        client = people["a"]
        form = client.get(f"/rate/{ids['s']}", params={"score": 2}).text
        uuid_value = re.search(r'name="uuid" value="([^"]+)"', form)
        assert uuid_value is not None
        done = client.post(f"/rate/{ids['s']}", data={
            "csrf": csrf(form), "uuid": uuid_value.group(1), "score": "2", "reason": "slow"})
        assert done.status_code == 200, done.text
        form = people["c"].get("/disputes/new", params={"respondent": ids["a"]}).text
        dispute_uuid = re.search(r'name="uuid" value="([^"]+)"', form)
        assert dispute_uuid is not None
        opened = people["c"].post("/disputes/new", data={
            "csrf": csrf(form), "uuid": dispute_uuid.group(1), "respondent": str(ids["a"]),
            "regulation": str(regulation), "description": "Не выдан"})
        assert opened.status_code == 200, opened.text
        with admin.read() as s:
            dispute_id = s.scalar(select(Dispute.id))
        page = client.get(f"/disputes/{dispute_id}").text
        assert client.post(f"/disputes/{dispute_id}/answer", data={
            "csrf": csrf(page), "answer": "reject", "reason": "Был"}).status_code == 200
        page = people["m"].get(f"/disputes/{dispute_id}").text
        assert people["m"].post(f"/disputes/{dispute_id}/verdict", data={
            "csrf": csrf(page), "verdict": "both_wrong"}).status_code == 200
        page = people["m"].get("/").text
        assert people["m"].post(f"/proposals/{proposal_id}/decide", data={
            "csrf": csrf(page), "decision": "accept", "note": "Да"}).status_code == 200
        with admin.read() as s:
            rating = s.execute(select(Rating)).scalar_one()
            assert (rating.score, rating.kiosk_id, rating.status) == (2, "web", "ok")
            assert s.scalar(select(RollupSupplierDay.n)
                            .where(RollupSupplierDay.supplier_id == ids["s"])) == 1
            assert s.scalar(select(Dispute.state)) == "both_wrong"
            assert s.scalar(select(Proposal.status)) == "accepted"
        # Still not the directory's nor anyone's figures: only the product's own paths.
        assert _denied(engine, "UPDATE employees SET role = 'admin'")
        assert _denied(engine, "UPDATE ratings SET score = 5")
        assert _denied(engine, "DELETE FROM ratings")
        assert _denied(engine, "UPDATE disputes SET description = 'x'")
        assert _denied(engine, "UPDATE rollup_supplier_day SET n = 9")
    finally:
        web.dispose()
        engine.dispose()
        admin.dispose()
