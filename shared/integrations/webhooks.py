"""Messenger webhooks: an outbox of deliveries (table ``deliveries``), filled and drained by a job.

* ``enqueue_deliveries`` adds one delivery per (new nudge or supplier alert, webhook), keyed
  by an idempotency key (``nudge:<id>:<webhook>``) that is unique in the table, so a re-run
  adds nothing.
* ``drain_deliveries`` claims due deliveries with a lease (a crashed runner's claim simply
  expires), posts each with a timeout, and records the result: 2xx = sent; 408/429/5xx, a
  timeout or a connection error = retry later with exponential backoff and jitter, honouring
  ``Retry-After`` (seconds or an HTTP date); other 4xx = dead at once (resending cannot help);
  after ``max_attempts`` failures = dead (dead letters are listed by ``pulse status``).
* Delivery is at least once; the same ``Idempotency-Key`` header (and, in the generic JSON
  format, an ``idempotency_key`` field) goes with every attempt, so a receiver that
  deduplicates sees each message exactly once.

Webhook URLs are secrets (bot tokens live in their paths): only ``scheme://host/…`` is ever
logged or stored in ``last_error``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.config import Config, WebhookConfig
from shared.db import Database
from shared.db.models import Delivery, Department, Employee, Nudge, SupplierAlert
from shared.integrations.messages import format_message

log = logging.getLogger(__name__)

RETRYABLE = {408, 425, 429, 500, 502, 503, 504}
BACKOFF_BASE_SECONDS = 10.0
BACKOFF_CAP_SECONDS = 3600.0
RETRY_AFTER_CAP_SECONDS = 6 * 3600.0
LOOKBACK = dt.timedelta(days=2)  # nudges older than this when a webhook is added are not sent


def redact_url(url: str) -> str:
    """``https://api.telegram.org/…``: enough to recognise, nothing secret."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or '?'}/…"


def webhook_name(cfg: WebhookConfig) -> str:
    """A stable name for a configured webhook (survives reordering; reveals nothing)."""
    digest = hashlib.sha256(f"{cfg.kind}|{cfg.url}|{cfg.chat_id}".encode()).hexdigest()[:12]
    return f"{cfg.kind}-{digest}"


def build_request(cfg: WebhookConfig, key: str, text: str, extra: dict[str, Any] | None = None
                  ) -> tuple[str, dict[str, Any], dict[str, str]]:
    """(url, JSON body, headers) of one message in the webhook's format."""
    url = cfg.url
    headers = {"Idempotency-Key": key, "User-Agent": "supplier-pulse"}
    body: dict[str, Any]
    if cfg.kind == "slack":  # Slack and Mattermost incoming webhooks
        body = {"text": text}
    elif cfg.kind == "telegram":
        if not url.rstrip("/").endswith("/sendMessage"):
            url = url.rstrip("/") + "/sendMessage"
        body = {"chat_id": cfg.chat_id, "text": text, "disable_web_page_preview": True}
    elif cfg.kind == "bitrix24":
        if not url.rstrip("/").split("/")[-1].startswith("im.notify"):
            url = url.rstrip("/") + "/im.notify.json"
        body = {"to": cfg.chat_id, "message": text, "type": "SYSTEM"}
    elif cfg.kind == "teams":  # a Teams workflow ("When a webhook request is received")
        body = {"type": "message", "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "content": {"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                        "type": "AdaptiveCard", "version": "1.4",
                        "body": [{"type": "TextBlock", "text": text, "wrap": True}]}}]}
    else:  # generic JSON: everything a receiver needs to route and deduplicate
        body = {"idempotency_key": key, "text": text, **(extra or {})}
    return url, body, headers


def parse_retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), RETRY_AFTER_CAP_SECONDS)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return min(max(0.0, (when - now).total_seconds()), RETRY_AFTER_CAP_SECONDS)


def _insert(session: Session) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def _wants(cfg: WebhookConfig, kind: str) -> bool:
    return not cfg.kinds or kind in cfg.kinds


def enqueue_deliveries(session: Session, config: Config, now: dt.datetime) -> int:
    """Queue recent nudges and supplier alerts (opened / closed) for every webhook."""
    if not config.webhooks:
        return 0
    since = now - LOOKBACK
    nudges = session.execute(
        select(Nudge.id, Nudge.kind, Nudge.params, Employee.full_name, Employee.language)
        .join(Employee, Employee.id == Nudge.employee_id)
        .where(Nudge.created_at >= since, Nudge.kind != "supplier_alert")).all()
    alerts = session.execute(
        select(SupplierAlert, Department.name).join(Department,
                                                    Department.id == SupplierAlert.department_id)
        .where((SupplierAlert.opened_at >= since) | (SupplierAlert.closed_at >= since))).all()
    rows: list[dict[str, Any]] = []
    for cfg in config.webhooks:
        name = webhook_name(cfg)
        for nudge_id, kind, params, full_name, language in nudges:
            if _wants(cfg, kind):
                rows.append(dict(idempotency_key=f"nudge:{nudge_id}:{name}", webhook=name,
                                 nudge_id=nudge_id, alert_id=None, status="pending", attempts=0,
                                 next_attempt_at=now, created_at=now,
                                 text=format_message(kind, params or {}, language,
                                                     recipient=full_name)))
        if not _wants(cfg, "supplier_alert"):
            continue
        language = config.site.default_language
        for alert, department in alerts:
            params = {"department": department, "n": alert.n_ratings, "n_low": alert.n_low}
            events = [("open", "supplier_alert")]
            if alert.closed_at is not None:
                events.append(("closed", "supplier_alert_closed"))
            for event, kind in events:
                rows.append(dict(idempotency_key=f"alert:{alert.id}:{event}:{name}",
                                 webhook=name, nudge_id=None, alert_id=alert.id,
                                 status="pending", attempts=0,
                                 next_attempt_at=now, created_at=now,
                                 text=format_message(kind, params, language)))
    created = 0
    for chunk in range(0, len(rows), 500):
        part = sorted(rows[chunk:chunk + 500], key=lambda r: r["idempotency_key"])
        stmt = _insert(session)(Delivery.__table__).on_conflict_do_nothing(
            index_elements=["idempotency_key"]).returning(Delivery.__table__.c.id)
        created += len(session.execute(stmt, part).all())
    return created


@dataclass
class DrainReport:
    sent: int = 0
    retried: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)


def _claim(db: Database, now: dt.datetime, limit: int, lease: dt.timedelta) -> list[int]:
    """Take due deliveries with a lease: another runner skips them until it expires."""
    with db.write() as session:
        q = (select(Delivery.id).where(Delivery.status == "pending",
                                       Delivery.next_attempt_at <= now)
             .order_by(Delivery.next_attempt_at, Delivery.id).limit(limit))
        if session.get_bind().dialect.name == "postgresql":
            q = q.with_for_update(skip_locked=True)
        ids = list(session.scalars(q))
        if ids:
            session.execute(update(Delivery).where(Delivery.id.in_(ids))
                            .values(next_attempt_at=now + lease))
    return ids


def _extra(session: Session, d: Delivery) -> dict[str, Any]:
    if d.nudge_id is not None:
        row = session.execute(select(Nudge.kind, Nudge.params, Employee.personnel_no,
                                     Employee.email, Employee.language)
                              .join(Employee, Employee.id == Nudge.employee_id)
                              .where(Nudge.id == d.nudge_id)).first()
        if row:
            return {"source": "nudge", "kind": row.kind, "params": row.params,
                    "personnel_no": row.personnel_no, "email": row.email,
                    "language": row.language}
    if d.alert_id is not None:
        return {"source": "supplier_alert", "alert_id": d.alert_id}
    return {}


def drain_deliveries(db: Database, config: Config, *, now: dt.datetime | None = None,
                     http: requests.Session | None = None, limit: int = 100,
                     rng: random.Random | None = None,
                     clock: Callable[[], dt.datetime] | None = None) -> DrainReport:
    """Send due deliveries once each; see the module doc for the retry rules."""
    clock = clock or (lambda: now or dt.datetime.now(dt.UTC))
    rng = rng or random.Random()
    http = http or requests.Session()
    by_name = {webhook_name(c): c for c in config.webhooks}
    longest = max((c.timeout_seconds for c in config.webhooks), default=5.0)
    report = DrainReport()
    ids = _claim(db, clock(), limit, dt.timedelta(seconds=longest + 60))
    for delivery_id in ids:
        with db.read() as session:
            d = session.get(Delivery, delivery_id)
            if d is None or d.status != "pending":
                continue
            extra = _extra(session, d)
            webhook, key, text, attempts = d.webhook, d.idempotency_key, d.text, d.attempts + 1
        cfg = by_name.get(webhook)
        status, error, wait = "pending", None, None
        if cfg is None:
            status, error = "dead", "webhook no longer configured"
        else:
            url, body, headers = build_request(cfg, key, text, extra)
            where = redact_url(url)
            try:
                response = http.post(url, json=body, headers=headers,
                                     timeout=cfg.timeout_seconds)
                code = response.status_code
                if 200 <= code < 300:
                    status = "sent"
                else:
                    error = f"HTTP {code} from {where}: {response.text[:200]!r}"
                    if code not in RETRYABLE:
                        status = "dead"  # a permanent refusal: resending cannot help
                    wait = parse_retry_after(response.headers.get("Retry-After"), clock())
            except requests.Timeout:
                error = f"timeout after {cfg.timeout_seconds} s at {where}"
            except requests.RequestException as exc:
                error = f"{type(exc).__name__} contacting {where}"
            if status == "pending" and attempts >= cfg.max_attempts:
                status = "dead"
        at = clock()
        values: dict[str, Any] = {"attempts": attempts, "status": status, "last_error": error}
        if status == "sent":
            values["sent_at"] = at
            report.sent += 1
        elif status == "dead":
            report.dead += 1
            log.warning("delivery %s dead-lettered after %d attempt(s): %s", key, attempts, error)
        else:
            if wait is None:
                wait = rng.uniform(0, min(BACKOFF_CAP_SECONDS,
                                          BACKOFF_BASE_SECONDS * 2 ** min(attempts - 1, 20)))
            values["next_attempt_at"] = at + dt.timedelta(seconds=wait)
            report.retried += 1
            log.info("delivery %s failed (attempt %d), retry in %.0f s: %s", key, attempts, wait,
                     error)
        if error:
            report.errors.append(error)
        with db.write() as session:
            session.execute(update(Delivery).where(Delivery.id == delivery_id).values(**values))
    return report


def deliveries_job(db: Database, config: Config, now: dt.datetime) -> dict[str, Any]:
    """The job-runner entry: queue new nudges/alerts per webhook, then send what is due."""
    if not config.webhooks:
        return {"webhooks": 0}
    with db.write() as session:
        queued = enqueue_deliveries(session, config, now)
    report = drain_deliveries(db, config, now=now)
    return {"queued": queued, "sent": report.sent, "retried": report.retried,
            "dead": report.dead}
