"""Webhook delivery against a real local HTTP server that answers 500, 429 with Retry-After,
times out, then 200: every message is processed exactly once per idempotency key, and a
webhook that never recovers is dead-lettered after max_attempts."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from shared.config import Config, WebhookConfig
from shared.db import Database
from shared.db.models import Delivery, Employee, Nudge, SupplierAlert
from shared.integrations.webhooks import (
    drain_deliveries,
    enqueue_deliveries,
    redact_url,
    webhook_name,
)
from tests.offline_support import seed_directory

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class Receiver(ThreadingHTTPServer):
    """A messenger that deduplicates by Idempotency-Key, with a script of bad answers."""

    daemon_threads = True

    def __init__(self, script: list[str]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = script  # per key, the answers to its first attempts
        self.requests: Counter[str] = Counter()
        self.processed: Counter[str] = Counter()
        self.bodies: dict[str, dict] = {}  # type: ignore[type-arg]
        self.paths: dict[str, str] = {}
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        key = self.headers.get("Idempotency-Key", "")
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        srv = self.server
        with srv.lock:
            n = srv.requests[key]
            srv.requests[key] += 1
        action = "200"
        if self.path.startswith("/broken"):
            action = "500"
        elif n < len(srv.script):
            action = srv.script[n]
        if action == "timeout":
            time.sleep(0.6)  # longer than the client's timeout; the message arrived though
            self._process(key, body)
            return self._answer(200)
        if action == "500":
            return self._answer(500)
        if action.startswith("429"):
            return self._answer(429, {"Retry-After": action.split(":", 1)[1]})
        self._process(key, body)
        self._answer(200)

    def _process(self, key: str, body: dict) -> None:  # type: ignore[type-arg]
        with self.server.lock:
            if key not in self.server.processed:  # a deduplicating receiver: once per key
                self.server.bodies[key] = body
                self.server.paths[key] = self.path
                self.server.processed[key] = 1

    def _answer(self, code: int, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(code)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")
        except OSError:
            pass  # the client gave up (timeout)


@pytest.fixture
def receiver_factory() -> Iterator[list[Receiver]]:
    made: list[Receiver] = []
    yield made
    for srv in made:
        srv.shutdown()
        srv.server_close()


def _start(script: list[str], made: list[Receiver]) -> Receiver:
    srv = Receiver(script)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    made.append(srv)
    return srv


def _run(db: Database, receiver_factory: list[Receiver], messages: int,
         caplog: pytest.LogCaptureFixture) -> None:
    # Each key's first four attempts: 500, 429 (Retry-After seconds), timeout, 429 (HTTP date).
    retry_date = "Mon, 02 Mar 2026 20:00:00 GMT"
    srv = _start(["500", "429:120", "timeout", f"429:{retry_date}"], receiver_factory)
    config = Config()
    kinds = ("json", "slack", "telegram", "bitrix24", "teams")
    config.webhooks = [WebhookConfig(kind=k, url=f"{srv.base}/{k}/SECRET-TOKEN", chat_id="42",
                                     timeout_seconds=0.3, max_attempts=8) for k in kinds]
    config.webhooks.append(WebhookConfig(kind="json", url=f"{srv.base}/broken/SECRET-TOKEN",
                                         timeout_seconds=0.3, max_attempts=3))
    broken_name = webhook_name(config.webhooks[-1])
    seeded = seed_directory(db, people=4)
    people = seeded.employee_ids
    with db.write() as s:
        for i, person in enumerate(people):  # each person's own messenger addresses
            employee = s.get(Employee, person)
            assert employee is not None
            employee.telegram_chat_id, employee.bitrix24_user_id = f"{5000 + i}", f"{100 + i}"
        # A department's alert goes to every webhook's chat, Slack and Teams included.
        s.add(SupplierAlert(department_id=seeded.department_ids[1], opened_at=T0, n_ratings=4,
                            n_low=3, open_key=seeded.department_ids[1]))
        for i in range(messages):
            s.add(Nudge(employee_id=people[i % 4], kind="dispute_days_left",
                        params={"dispute_id": i, "days": 1 + i % 6}, dedup_key=f"n{i}",
                        created_at=T0))
    with db.write() as s:
        queued = enqueue_deliveries(s, config, T0)
    with db.write() as s:
        assert enqueue_deliveries(s, config, T0).queued == 0  # a re-run adds nothing
    # Personal messages: JSON (x2), Telegram and Bitrix24, not the shared Slack/Teams channels.
    assert queued.queued == messages * 4 + len(config.webhooks)
    assert queued.withheld == messages * 2 and queued.no_address == 0
    clock = [T0]
    with caplog.at_level(logging.INFO, logger="shared.integrations.webhooks"):
        for round_no in range(12):
            drain_deliveries(db, config, clock=lambda: clock[0], limit=1000)
            if round_no == 1:  # after the 429 with Retry-After: 120 s, exactly that wait
                with db.read() as s:
                    waits = {d.next_attempt_at - clock[0] for d in s.scalars(
                        select(Delivery).where(Delivery.status == "pending",
                                               Delivery.webhook != broken_name))}
                assert waits == {dt.timedelta(seconds=120)}
            if round_no == 3:  # Retry-After as an HTTP date
                with db.read() as s:
                    nexts = {d.next_attempt_at for d in s.scalars(
                        select(Delivery).where(Delivery.status == "pending",
                                               Delivery.webhook != broken_name))}
                assert nexts == {dt.datetime(2026, 3, 2, 20, 0, tzinfo=dt.UTC)}
            clock[0] += dt.timedelta(hours=3)
    with db.read() as s:
        counts = dict(s.execute(select(Delivery.status, func.count())
                                .group_by(Delivery.status)).all())
        keys = {d.idempotency_key: SimpleNamespace(
            webhook=d.webhook, status=d.status, attempts=d.attempts, sent_at=d.sent_at,
            last_error=d.last_error) for d in s.scalars(select(Delivery))}
    good = {k for k, d in keys.items() if d.webhook != broken_name}
    print(f"\n[webhooks] messages={len(keys)} sent={counts.get('sent', 0)} "
          f"dead={counts.get('dead', 0)} requests={sum(srv.requests.values())} "
          f"processed-once={sum(1 for k in good if srv.processed[k] == 1)}")
    assert counts == {"sent": len(good), "dead": messages + 1}
    assert all(srv.processed[k] == 1 for k in good)           # exactly once per key
    assert all(srv.requests[k] == 5 for k in good)            # 4 failures, then 200
    assert all(keys[k].attempts == 5 and keys[k].sent_at for k in good)
    broken = [d for d in keys.values() if d.status == "dead"]
    assert all(d.attempts == 3 and "HTTP 500" in (d.last_error or "") for d in broken)
    # The formats, as each messenger expects them.
    sample = "nudge:1"  # the first nudge: people[0]'s
    by_kind = {c.kind: srv.bodies[f"{sample}:{webhook_name(c)}"] for c in config.webhooks[:5]
               if c.kind not in ("slack", "teams")}
    alert = {c.kind: srv.bodies[f"alert:1:open:{webhook_name(c)}"] for c in config.webhooks[:5]}
    assert alert["slack"] == {"text": alert["slack"]["text"]}
    assert "Тревога" in alert["slack"]["text"]
    # Personal: to the person's own chat / user, not to the configured one.
    assert by_kind["telegram"]["chat_id"] == "5000" and by_kind["telegram"]["text"]
    assert alert["telegram"]["chat_id"] == "42"
    assert srv.paths[f"{sample}:{webhook_name(config.webhooks[2])}"].endswith("/sendMessage")
    assert by_kind["bitrix24"]["to"] == "100" and by_kind["bitrix24"]["message"]
    assert by_kind["bitrix24"]["message"].startswith("Спор №")  # no name: it is for them
    assert alert["bitrix24"]["to"] == "42"
    assert srv.paths[f"{sample}:{webhook_name(config.webhooks[3])}"].endswith("/im.notify.json")
    assert alert["teams"]["attachments"][0]["content"]["type"] == "AdaptiveCard"
    assert by_kind["json"]["idempotency_key"].startswith("nudge:")
    assert by_kind["json"]["kind"] == "dispute_days_left" and by_kind["json"]["personnel_no"]
    assert by_kind["json"]["telegram_chat_id"] == "5000"
    assert "Спор №" in by_kind["json"]["text"]
    # Secrets stay secret: no token in the logs or in the stored errors.
    assert "SECRET-TOKEN" not in caplog.text
    assert all("SECRET-TOKEN" not in (d.last_error or "") for d in keys.values())
    assert redact_url(config.webhooks[0].url) in caplog.text


def test_webhook_faults_short(db: Database, receiver_factory: list[Receiver],
                              caplog: pytest.LogCaptureFixture) -> None:
    _run(db, receiver_factory, 3, caplog)


@pytest.mark.slow
def test_webhook_faults_full(db: Database, receiver_factory: list[Receiver],
                             caplog: pytest.LogCaptureFixture) -> None:
    _run(db, receiver_factory, 40, caplog)
