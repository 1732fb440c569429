"""``pulse jobs run`` ends a personal message that asks the person to act with a single-use
sign-in link to their web page (issue 19 point 2), sent to their own messenger address.

The link is made when the message is sent and never stored (the outbox keeps the text
without it); it signs in once, for ``web.messenger_link_hours``; other messages, other
channels and a site without ``web.base_url`` get none.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from shared.config import Config, WebhookConfig
from shared.db import Database
from shared.db.models import AuditEntry, Delivery, Employee, Nudge, WebSignIn
from shared.integrations.webhooks import drain_deliveries, enqueue_deliveries
from tests.offline_support import seed_directory
from web.server import create_app

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class Messenger:
    """Answers every post with 200 and keeps the bodies."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []

    def post(self, url: str, json: dict[str, Any], headers: dict[str, str],  # noqa: A002
             timeout: float) -> Any:
        self.bodies.append(json)
        return type("Answer", (), {"status_code": 200, "text": "", "headers": {}})()


def _send(db: Database, config: Config, nudges: list[tuple[str, dict[str, Any]]]) -> Messenger:
    seeded = seed_directory(db, people=2)
    person = seeded.employee_ids[1]
    with db.write() as s:
        employee = s.get(Employee, person)
        assert employee is not None
        employee.telegram_chat_id, employee.language = "5001", "ru"
        for i, (kind, params) in enumerate(nudges):
            s.add(Nudge(employee_id=person, kind=kind, params=params, dedup_key=f"n{i}",
                        created_at=T0))
    with db.write() as s:
        enqueue_deliveries(s, config, T0)
    messenger = Messenger()
    report = drain_deliveries(db, config, now=T0, http=messenger)  # type: ignore[arg-type]
    assert report.sent == len(nudges)
    return messenger


def _config() -> Config:
    config = Config()
    config.webhooks = [WebhookConfig(kind="telegram", url="https://api.telegram.org/botX")]
    config.web.base_url = "https://pulse.plant.local"
    return config


def test_a_message_asking_to_act_carries_a_single_use_link(db: Database, config: Config
                                                           ) -> None:
    site = _config()
    messenger = _send(db, site, [("dispute_opened", {"dispute_id": 7}),
                                 ("rating_dropping", {"now": 3.9, "before": 4.3})])
    texts = {b["text"].split("\n")[0]: b["text"] for b in messenger.bodies}
    assert len(texts) == 2 and all(b["chat_id"] == "5001" for b in messenger.bodies)
    opened = next(t for t in texts.values() if "/s/" in t)
    found = re.search(r"Ваша страница: (https://pulse\.plant\.local/s/(\S+)) \(ссылка "
                      r"действует один раз и 24 часа\)\.$", opened)
    assert found is not None, opened
    assert sum("/s/" in t for t in texts.values()) == 1  # not on a message of figures
    with db.read() as s:
        assert all("/s/" not in text for text in s.scalars(select(Delivery.text)))
        row = s.execute(select(WebSignIn)).scalar_one()
        assert row.expires_at - row.created_at == dt.timedelta(hours=24)
        assert s.scalar(select(AuditEntry.actor).where(
            AuditEntry.action == "web.link_issued")) == "jobs:messenger"
    # The link signs in once, on the person's page.
    app = create_app(config, db, clock=lambda: T0 + dt.timedelta(hours=3))
    client = TestClient(app, follow_redirects=False)
    token = found.group(2)
    assert client.post(f"/s/{token}").status_code == 303
    assert 'id="metric-given"' in client.get("/").text
    assert TestClient(app).post(f"/s/{token}").status_code == 400


@pytest.mark.parametrize("off", ["no web address", "hours zero"])
def test_no_link_without_a_web_address_or_with_hours_zero(db: Database, off: str) -> None:
    site = _config()
    if off == "hours zero":
        site.web.messenger_link_hours = 0
    else:
        site.web.base_url = ""
    messenger = _send(db, site, [("proposal_received", {"proposal_id": 1})])
    assert "/s/" not in messenger.bodies[0]["text"]
    with db.read() as s:
        assert s.scalar(select(WebSignIn.id)) is None
