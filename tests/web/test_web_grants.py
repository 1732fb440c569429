"""The web page under its own PostgreSQL role (pulse_web): it signs in, shows the page and
signs out with only what it needs, and cannot rate, change a session's person or the
directory."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.exc import ProgrammingError
from starlette.testclient import TestClient

from shared.cli.cmd_grant import grant
from shared.config import Config
from shared.db import open_database
from shared.db.models import AuditEntry, WebSignIn
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
        with pytest.raises(ProgrammingError, match="permission denied"):
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
