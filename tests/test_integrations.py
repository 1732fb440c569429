"""Messenger texts and formats, the delivery outbox filling, the directory pull over HTTP, and the
``pulse status`` / ``pulse sync`` commands."""

from __future__ import annotations

import csv
import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shared.cli import main
from shared.config import Config, WebhookConfig
from shared.db import Database
from shared.db.models import Delivery, Department, Employee, Kiosk, Nudge, SupplierAlert
from shared.integrations.messages import format_message, plural_ru
from shared.integrations.webhooks import (
    build_request,
    enqueue_deliveries,
    parse_retry_after,
    redact_url,
    webhook_name,
)
from shared.offline.store import LocalStore
from tests.offline_support import seed_directory

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
SAMPLE = Path(__file__).parent / "samples" / "directory_utf8_bom_comma.csv"


def test_messages_in_both_languages() -> None:
    assert [plural_ru(n, "день", "дня", "дней") for n in (1, 2, 5, 11, 21, 22, 114)] == \
        ["день", "дня", "дней", "дней", "день", "дня", "дней"]
    ru = format_message("dispute_days_left", {"dispute_id": 7, "days": 2}, "ru")
    assert ru == "Спор № 7: на ответ 2 дня."
    en = format_message("dispute_days_left", {"dispute_id": 7, "days": 1}, "en")
    assert en == "Dispute No. 7: 1 day left to answer."
    assert format_message("rating_dropping", {"before": 4.5, "now": 4.1}, "en") == \
        "Your rating is dropping: 4.5 → 4.1 over the last 30 days."
    assert format_message("points_summary", {"month": "2026-02", "points": -3}, "ru") == \
        "Итог месяца 2026-02: -3 балла."
    assert "прав инициатор" in format_message(
        "dispute_verdict", {"dispute_id": 1, "state": "initiator_right", "points": 2}, "ru")
    assert format_message("proposal_decided", {"proposal_id": 3, "accepted": False}, "en") == \
        "Your proposal No. 3 was declined."
    assert format_message("brand_new_kind", {}, "en", recipient="Ivanov") == \
        'Ivanov: Notification "brand_new_kind".'
    assert format_message("supplier_alert", {"n": 4}, "en").count("?") == 2  # missing names
    assert format_message("rate_reminder", {}, "xx").startswith("Вы ещё")  # unknown -> ru
    assert format_message("offline_refused", {"what": "dispute_action", "dispute_id": 5,
                                              "code": "wrong_state"}, "en") == \
        "What you did in dispute No. 5 on an offline kiosk was not accepted by the server. " \
        "The kiosk says why."
    assert format_message("offline_refused", {"what": "proposal", "code": "not_higher"},
                          "ru").startswith("Ваше предложение, отправленное с киоска без связи")


def test_formats_retry_after_and_redaction() -> None:
    tg = WebhookConfig(kind="telegram", url="https://api.telegram.org/bot123:SECRET", chat_id="-1")
    url, body, headers = build_request(tg, "k1", "hi")
    assert url.endswith("/bot123:SECRET/sendMessage") and body["chat_id"] == "-1"
    assert headers["Idempotency-Key"] == "k1"
    b24 = WebhookConfig(kind="bitrix24", url="https://x.bitrix24.ru/rest/1/abc/", chat_id="5")
    url, body, _ = build_request(b24, "k2", "hi")
    assert url == "https://x.bitrix24.ru/rest/1/abc/im.notify.json"
    assert body == {"to": "5", "message": "hi", "type": "SYSTEM"}
    assert build_request(WebhookConfig(kind="slack", url="https://h/x"), "k", "t")[1] == \
        {"text": "t"}
    generic = build_request(WebhookConfig(kind="json", url="https://h/x"), "k", "t", {"a": 1})[1]
    assert generic == {"idempotency_key": "k", "text": "t", "a": 1}
    assert redact_url("https://api.telegram.org/bot123:SECRET/sendMessage?x=1") == \
        "https://api.telegram.org/…"
    assert parse_retry_after("30", T0) == 30
    assert parse_retry_after("Mon, 02 Mar 2026 09:01:00 GMT", T0) == 60
    assert parse_retry_after("Mon, 02 Mar 2026 08:00:00 GMT", T0) == 0  # already past
    assert parse_retry_after("soon", T0) is None and parse_retry_after(None, T0) is None
    assert webhook_name(tg) == webhook_name(WebhookConfig(**vars(tg)))
    assert "SECRET" not in webhook_name(tg)


def test_enqueue_nudges_and_alerts_once(db: Database) -> None:
    d = seed_directory(db, people=4)
    config = Config()
    config.webhooks = [WebhookConfig(kind="slack", url="https://hooks.example/a"),
                       WebhookConfig(kind="telegram", url="https://api.telegram.org/botX",
                                     chat_id="1", kinds=["supplier_alert"]),
                       WebhookConfig(kind="json", url="https://bridge.example/in")]
    with db.write() as s:
        s.add(Nudge(employee_id=d.employee_ids[1], kind="rating_dropping",
                    params={"before": 4.4, "now": 3.9}, dedup_key="a", created_at=T0))
        # The alert's own nudge is not sent twice: the alert itself is.
        s.add(Nudge(employee_id=d.employee_ids[0], kind="supplier_alert",
                    params={"department_id": d.department_ids[1], "n": 4, "n_low": 3},
                    dedup_key="b", created_at=T0))
        s.add(Nudge(employee_id=d.employee_ids[2], kind="rate_reminder", params={},
                    dedup_key="old", created_at=T0 - dt.timedelta(days=9)))
        s.add(SupplierAlert(department_id=d.department_ids[1], opened_at=T0, n_ratings=4,
                            n_low=3, open_key=None, closed_at=T0 + dt.timedelta(hours=5)))
    with db.write() as s:
        first = enqueue_deliveries(s, config, T0 + dt.timedelta(hours=6))
    # Two personal nudges to the routing JSON receiver (the 9-day-old one too: nothing is
    # lost to a time window), none to the shared Slack channel; the alert's two events to all.
    assert (first.queued, first.withheld, first.no_address) == (8, 2, 0)
    with db.write() as s:
        again = enqueue_deliveries(s, config, T0 + dt.timedelta(hours=7))
    assert (again.queued, again.withheld) == (0, 0)
    with db.read() as s:
        rows = {r.idempotency_key: r.text for r in s.scalars(select(Delivery))}
        shop = s.scalar(select(Department.name).where(Department.id == d.department_ids[1]))
        name = s.scalar(select(Employee.full_name).where(Employee.id == d.employee_ids[1]))
        assert s.scalar(select(func.count()).select_from(Nudge)
                        .where(Nudge.queued_at.is_(None))) == 0
    slack, tg, bridge = (webhook_name(c) for c in config.webhooks)
    assert set(rows) == {f"nudge:1:{bridge}", f"nudge:3:{bridge}",
                         *(f"alert:1:{e}:{w}" for e in ("open", "closed")
                           for w in (slack, tg, bridge))}
    assert rows[f"nudge:1:{bridge}"] == f"{name}: Ваша оценка снижается: 4.4 → 3.9 за " \
                                        "последние 30 дней."
    assert shop in rows[f"alert:1:open:{tg}"] and "3 из 4" in rows[f"alert:1:open:{tg}"]


def _nudge(db: Database, employee_id: int, key: str, at: dt.datetime) -> None:
    with db.write() as s:
        s.add(Nudge(employee_id=employee_id, kind="rating_dropping",
                    params={"before": 4.5, "now": 4.2}, dedup_key=key, created_at=at))


class Messenger(ThreadingHTTPServer):
    """A messenger endpoint that answers 200 and keeps what it got."""

    daemon_threads = True
    received: list[tuple[str, dict]]  # type: ignore[type-arg]


class _MessengerHandler(BaseHTTPRequestHandler):
    server: Messenger

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.received.append((self.path, json.loads(body)))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")


@pytest.fixture
def messenger() -> Iterator[Messenger]:
    srv = Messenger(("127.0.0.1", 0), _MessengerHandler)
    srv.received = []
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


def test_nudge_older_than_two_days_is_still_sent(db: Database, db_url: str, tmp_path: Path,
                                                 messenger: Messenger,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The jobs timer was down for three days: the kiosk's nudge still goes out, once."""
    import shared.integrations.webhooks
    monkeypatch.setattr(shared.integrations.webhooks, "ENQUEUE_BATCH", 1)  # one per commit
    d = seed_directory(db, people=2)
    with db.write() as s:
        person = s.get(Employee, d.employee_ids[1])
        assert person is not None
        person.bitrix24_user_id = "77"
    now = dt.datetime.now(dt.UTC)
    _nudge(db, d.employee_ids[0], "early", now - dt.timedelta(days=4))  # no Bitrix24 id
    _nudge(db, d.employee_ids[1], "late", now - dt.timedelta(days=3))
    toml = tmp_path / "pulse.toml"
    base = f"http://127.0.0.1:{messenger.server_address[1]}"
    toml.write_text(f'[[webhooks]]\nkind = "bitrix24"\nurl = "{base}/rest/1/t/"\n'
                    'chat_id = "1"\n', encoding="utf-8")
    args = ["--db", db_url, "--config", str(toml), "jobs", "run", "--only", "deliveries"]
    assert main(args) == 0
    assert "deliveries: ok queued=1 no_address=1 withheld=0 sent=1" in capsys.readouterr().out
    assert messenger.received == [("/rest/1/t/im.notify.json", {
        "to": "77", "message": "Ваша оценка снижается: 4.5 → 4.2 за последние 30 дней.",
        "type": "SYSTEM"})]
    assert main(args) == 0  # a re-run sends nothing twice
    assert "queued=0" in capsys.readouterr().out and len(messenger.received) == 1


def test_new_webhook_gets_no_history_and_people_without_address_are_skipped(
        db: Database) -> None:
    d = seed_directory(db, people=3)
    quiet = Config()
    _nudge(db, d.employee_ids[0], "years-ago", T0 - dt.timedelta(days=700))
    with db.write() as s:  # the jobs ran with no webhook: the nudge is taken, nothing sent
        assert enqueue_deliveries(s, quiet, T0).queued == 0
        s.get(Employee, d.employee_ids[1]).telegram_chat_id = "5551"  # type: ignore[union-attr]
    config = Config()
    config.webhooks = [WebhookConfig(kind="telegram", url="https://api.telegram.org/botX",
                                     chat_id="-100200")]
    for i, person in enumerate(d.employee_ids):
        _nudge(db, person, f"new-{i}", T0 + dt.timedelta(hours=1))
    with db.write() as s:
        report = enqueue_deliveries(s, config, T0 + dt.timedelta(hours=2))
    # Only the person with a Telegram chat gets theirs; the other two are counted, not sent
    # to the group chat; the 700-day-old nudge does not flood the new webhook.
    assert (report.queued, report.no_address) == (1, 2)
    with db.read() as s:
        rows = s.execute(select(Delivery.recipient, Delivery.text, Nudge.employee_id)
                         .join(Nudge, Nudge.id == Delivery.nudge_id)).all()
    assert [(r.recipient, r.employee_id) for r in rows] == [("5551", d.employee_ids[1])]
    assert rows[0].text.startswith("Ваша оценка")  # to the person: no name in front
    url, body, _ = build_request(config.webhooks[0], "k", rows[0].text, None, rows[0].recipient)
    assert body["chat_id"] == "5551"


# --- directory over HTTP ----------------------------------------------------------------------

class HrServer(ThreadingHTTPServer):
    daemon_threads = True
    pages: dict[str, tuple[str, bytes]]
    seen_auth: list[str]


class _HrHandler(BaseHTTPRequestHandler):
    server: HrServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        self.server.seen_auth.append(self.headers.get("Authorization", ""))
        if self.headers.get("Authorization") != "Bearer s3cret":
            self.send_response(401)
            self.end_headers()
            return
        kind, body = self.server.pages.get(self.path, ("text/plain", b""))
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def hr_server() -> Iterator[HrServer]:
    srv = HrServer(("127.0.0.1", 0), _HrHandler)
    srv.pages, srv.seen_auth = {}, []
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


def _records() -> list[dict[str, str]]:
    with SAMPLE.open(encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def test_directory_pull_json_pages_and_csv(db: Database, db_url: str, hr_server: HrServer,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    base = f"http://127.0.0.1:{hr_server.server_address[1]}"
    people = _records()
    half = len(people) // 2
    hr_server.pages["/people"] = ("application/json", json.dumps(
        {"items": people[:half], "next": f"{base}/people?page=2"}, ensure_ascii=False).encode())
    hr_server.pages["/people?page=2"] = ("application/json; charset=utf-8", json.dumps(
        {"items": people[half:], "next": None}, ensure_ascii=False).encode())
    monkeypatch.setenv("HR_TOKEN", "s3cret")
    assert main(["--db", db_url, "import", "directory", "--url", f"{base}/people",
                 "--token", "HR_TOKEN"]) == 0
    out = capsys.readouterr().out
    assert f"imported {len(people)} rows from http://127.0.0.1/…" in out
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Employee)) == len(people)
    # CSV from the endpoint: the same rows again change nothing.
    hr_server.pages["/export.csv"] = ("text/csv; charset=utf-8", SAMPLE.read_bytes())
    assert main(["--db", db_url, "import", "directory", "--url", f"{base}/export.csv",
                 "--token", "HR_TOKEN"]) == 0
    assert f"{len(people)} unchanged" in capsys.readouterr().out
    # One bad record rejects the whole pull, with its record number; nothing is written.
    broken = [dict(r) for r in people]
    broken[3]["department"] = ""
    broken.append({"personnel_no": "9999", "full_name": "Новый Сотрудник",
                   "department": "Склад"})
    hr_server.pages["/bad"] = ("application/json", json.dumps(broken).encode())
    assert main(["--db", db_url, "import", "directory", "--url", f"{base}/bad",
                 "--token", "HR_TOKEN"]) == 1
    err = capsys.readouterr().err
    assert "line 4" in err and "nothing was written" in err
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Employee)) == len(people)
    # Transport problems are one line, and the token never appears.
    monkeypatch.setenv("HR_TOKEN", "wrong")
    assert main(["--db", db_url, "import", "directory", "--url", f"{base}/people",
                 "--token", "HR_TOKEN"]) == 1
    err = capsys.readouterr().err
    assert "HTTP 401" in err and "wrong" not in err
    monkeypatch.delenv("HR_TOKEN")
    assert main(["--db", db_url, "import", "directory", "--url", f"{base}/people",
                 "--token", "HR_TOKEN"]) == 1
    assert "HR_TOKEN is not set" in capsys.readouterr().err
    assert hr_server.seen_auth[0] == "Bearer s3cret"


# --- pulse status / pulse sync ------------------------------------------------------------------

def test_status_and_sync_commands(db: Database, db_url: str, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    d = seed_directory(db, people=4)
    store = LocalStore(tmp_path / "kiosk.db", kiosk_id="hall-1")
    store.upsert_people([dict(id=i, personnel_no=str(i), full_name=f"P{i}", full_name_en=None,
                              department_id=None, manager_id=None, segment_id=None,
                              position=None, role="worker", language="ru", badge_hmac=None,
                              pin_hash=None, active=True, thumbnail=None, updated_at=T0)
                         for i in d.employee_ids])
    assert store.enqueue_rating(rater_id=d.employee_ids[0], supplier_id=d.employee_ids[1],
                                score=5).ok
    store.close()
    assert main(["--db", db_url, "sync", "--kiosk-db", str(tmp_path / "kiosk.db"),
                 "--kiosk-id", "hall-1"]) == 0
    out = capsys.readouterr().out
    assert "pushed 1 (ok 1)" in out and "still queued 0" in out
    with db.write() as s:
        s.add(Delivery(idempotency_key="k1", webhook="slack-abc", text="t", status="dead",
                       attempts=8, last_error="HTTP 500 from https://hooks.example/…"))
        s.add(Delivery(idempotency_key="k2", webhook="slack-abc", text="t", status="pending"))
    assert main(["--db", db_url, "status"]) == 0
    out = capsys.readouterr().out
    assert "database:  reachable" in out and "kiosks:    1" in out
    assert "hall-1" in out and "outbox 0" in out
    assert "pending 1, sent 0, dead-lettered 1" in out
    assert "dead #1 slack-abc after 8 attempts: HTTP 500 from https://hooks.example/…" in out
    with db.read() as s:
        assert s.scalar(select(Kiosk.outbox_size).where(Kiosk.code == "hall-1")) == 0
    assert main(["--db", "postgresql+psycopg://postgres@127.0.0.1:9/none", "status"]) == 1
    assert "UNREACHABLE" in capsys.readouterr().out
    assert main(["--db", db_url, "sync", "--kiosk-db", str(tmp_path / "none.db")]) == 1


def test_status_counts_people_without_a_messenger_address(
        db: Database, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = seed_directory(db, people=3)
    with db.write() as s:
        s.get(Employee, d.employee_ids[0]).telegram_chat_id = "1001"  # type: ignore[union-attr]
    toml = tmp_path / "pulse.toml"
    toml.write_text('[[webhooks]]\nkind = "telegram"\nurl = "https://api.telegram.org/botX"\n'
                    'chat_id = "-1"\n\n[[webhooks]]\nkind = "slack"\n'
                    'url = "https://hooks.example/a"\n', encoding="utf-8")
    assert main(["--db", db_url, "--config", str(toml), "status"]) == 0
    out = capsys.readouterr().out
    assert "2 of 3 active people have no Telegram chat id: their personal messages are not " \
           "sent" in out
    assert "a shared channel, supplier alerts only" in out


@pytest.mark.allow_log_warnings  # provokes the failure it checks
def test_sync_command_reports_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = LocalStore(tmp_path / "kiosk.db", kiosk_id="hall-2")
    store.close()
    code = main(["--db", "postgresql+psycopg://postgres@127.0.0.1:9/none", "sync",
                 "--kiosk-db", str(tmp_path / "kiosk.db")])
    assert code == 1 and "sync failed, 0 items still queued" in capsys.readouterr().err


# --- messenger addresses from the HR directory ------------------------------------------------

def test_directory_import_takes_optional_messenger_addresses(db: Database, config: Config,
                                                             tmp_path: Path) -> None:
    from shared.csvin import ImportFailed
    from shared.directory_import import import_directory

    def addresses() -> dict[str, tuple[str | None, str | None]]:
        with db.read() as s:
            return {e.personnel_no: (e.telegram_chat_id, e.bitrix24_user_id)
                    for e in s.scalars(select(Employee))}

    head = "Табельный номер;ФИО;Подразделение;Telegram;Битрикс24\n"
    good = tmp_path / "hr.csv"
    good.write_text(head + "0001;Белов Андрей;Цех;123456789;17\n0002;Орлова Анна;Цех;;\n",
                    encoding="utf-8")
    summary = import_directory(db, config, good)
    assert summary.created == 2
    assert addresses() == {"0001": ("123456789", "17"), "0002": (None, None)}
    # A file without the columns leaves the addresses alone; an empty cell clears one.
    plain = tmp_path / "plain.csv"
    plain.write_text("Табельный номер;ФИО;Подразделение\n0001;Белов Андрей;Цех\n",
                     encoding="utf-8")
    assert import_directory(db, config, plain).unchanged == 1
    assert addresses()["0001"] == ("123456789", "17")
    good.write_text(head + "0001;Белов Андрей;Цех;;17\n", encoding="utf-8")
    assert import_directory(db, config, good).updated == 1
    assert addresses()["0001"] == (None, "17")
    bad = tmp_path / "bad.csv"
    bad.write_text(head + "0001;Белов Андрей;Цех;@belov;x7\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        import_directory(db, config, bad)
    assert {e.code for e in failure.value.errors} == {"bad_telegram_chat_id",
                                                       "bad_bitrix24_user_id"}
    assert addresses()["0001"] == (None, "17")  # nothing written


def test_upgrade_marks_what_the_old_job_had_taken_or_skipped(empty_db_url: str) -> None:
    """An existing database: nudges the old two-day window had passed (or already queued)
    are marked taken, so the new job neither floods a chat nor sends anything twice."""
    from sqlalchemy import MetaData, Table

    from shared.db import open_database
    from shared.db.migrate import upgrade

    db = open_database(empty_db_url)
    upgrade(db.engine, "0004_client_week_rollups")
    now = dt.datetime.now(dt.UTC)

    def stamp(moment: dt.datetime) -> dt.datetime:
        return moment if db.dialect == "postgresql" else moment.replace(tzinfo=None)

    with db.engine.begin() as conn:
        tables = {n: Table(n, MetaData(), autoload_with=conn)
                  for n in ("departments", "employees", "nudges", "deliveries")}
        conn.execute(tables["departments"].insert().values(id=1, name="Цех",
                                                           updated_at=stamp(now)))
        conn.execute(tables["employees"].insert().values(
            id=1, personnel_no="1", full_name="Ёлкин", department_id=1, role="worker",
            language="ru", pin_failures=0, pin_lockouts=0, active=True,
            created_at=stamp(now), updated_at=stamp(now)))
        for nudge_id, age in ((1, dt.timedelta(days=30)), (2, dt.timedelta(hours=5)),
                              (3, dt.timedelta(hours=1))):
            conn.execute(tables["nudges"].insert().values(
                id=nudge_id, employee_id=1, kind="rate_reminder", params={},
                dedup_key=f"n{nudge_id}", created_at=stamp(now - age)))
        conn.execute(tables["deliveries"].insert().values(
            idempotency_key="nudge:2:json-x", webhook="json-x", nudge_id=2, text="t",
            status="sent", attempts=1, next_attempt_at=stamp(now), created_at=stamp(now)))
    db.upgrade()
    try:
        with db.read() as s:
            untaken = list(s.scalars(select(Nudge.id).where(Nudge.queued_at.is_(None))))
        assert untaken == [3]  # recent, never queued: the next run takes it
        config = Config()
        config.webhooks = [WebhookConfig(kind="json", url="https://bridge.example/in")]
        with db.write() as s:
            assert enqueue_deliveries(s, config, now).queued == 1
    finally:
        db.dispose()
