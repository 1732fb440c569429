"""Messenger webhooks: an outbox of deliveries (table ``deliveries``), filled and drained by a job.

* ``enqueue_deliveries`` takes every nudge and supplier-alert event the outbox has not taken
  yet (``queued_at`` is NULL: no time window, so nothing is lost however long the job was
  down) and adds one delivery per (event, webhook), keyed by an idempotency key
  (``nudge:<id>:<webhook>``) that is unique in the table, so a re-run adds nothing.
* Personal messages (every nudge kind) go to the person or nowhere: Telegram and Bitrix24
  to the person's own chat / user id from the directory (none: not sent, counted as
  ``no_address``); Slack/Mattermost/Teams post to one shared channel, so they get none
  (``withheld``); generic JSON gets them with the person's identifiers for the receiver to
  route. Supplier alerts (a department's results) go to each webhook's configured chat.
* ``drain_deliveries`` claims due deliveries with a lease (a crashed runner's claim simply
  expires), posts each with a timeout, and records the result: 2xx = sent; 408/429/5xx, a
  timeout or a connection error = retry later with exponential backoff and jitter, honouring
  ``Retry-After`` (seconds or an HTTP date); other 4xx = dead at once (resending cannot help);
  after ``max_attempts`` failures = dead (dead letters are listed by ``pulse status``).
* Delivery is at least once; the same ``Idempotency-Key`` header (and, in the generic JSON
  format, an ``idempotency_key`` field) goes with every attempt, so a receiver that
  deduplicates sees each message exactly once.

Webhook URLs are secrets (bot tokens live in their paths): only ``scheme://host/…`` is ever
logged or stored in ``last_error``. A delivery names its webhook by ``webhook_name``, which
does not contain the url: rotating a token keeps the queue (a webhook removed from the
configuration dead-letters its pending deliveries, "webhook no longer configured").
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

from shared.config import Config, WebhookConfig, webhook_identity
from shared.db import Database
from shared.db.models import Delivery, Department, Employee, Nudge, SupplierAlert
from shared.domain.web_sign_in import SignInRefused, issue_link, link_url
from shared.integrations.messages import format_message, sign_in_link_line
from shared.plurals import counted

log = logging.getLogger(__name__)

RETRYABLE = {408, 425, 429, 500, 502, 503, 504}
BACKOFF_BASE_SECONDS = 10.0
BACKOFF_CAP_SECONDS = 3600.0
RETRY_AFTER_CAP_SECONDS = 6 * 3600.0


def redact_url(url: str) -> str:
    """``https://api.telegram.org/…``: enough to recognise, nothing secret."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or '?'}/…"


def webhook_name(cfg: WebhookConfig) -> str:
    """A stable name for a configured webhook's queue: survives reordering and a rotated url
    (``webhook_identity``: the configured name, else kind and chat), reveals nothing."""
    digest = hashlib.sha256(webhook_identity(cfg).encode()).hexdigest()[:12]
    return f"{cfg.kind}-{digest}"


def legacy_webhook_name(cfg: WebhookConfig) -> str:
    """The name deliveries were queued under before the url left it: such deliveries,
    still pending after an upgrade, go out through the same webhook."""
    digest = hashlib.sha256(f"{cfg.kind}|{cfg.url}|{cfg.chat_id}".encode()).hexdigest()[:12]
    return f"{cfg.kind}-{digest}"


def build_request(cfg: WebhookConfig, key: str, text: str, extra: dict[str, Any] | None = None,
                  recipient: str | None = None) -> tuple[str, dict[str, Any], dict[str, str]]:
    """(url, JSON body, headers) of one message in the webhook's format; ``recipient``: the
    person's own Telegram chat / Bitrix24 user (personal messages), else the configured one."""
    url = cfg.url
    headers = {"Idempotency-Key": key, "User-Agent": "supplier-pulse"}
    body: dict[str, Any]
    if cfg.kind == "slack":  # Slack and Mattermost incoming webhooks
        body = {"text": text}
    elif cfg.kind == "telegram":
        if not url.rstrip("/").endswith("/sendMessage"):
            url = url.rstrip("/") + "/sendMessage"
        body = {"chat_id": recipient or cfg.chat_id, "text": text,
                "disable_web_page_preview": True}
    elif cfg.kind == "bitrix24":
        if not url.rstrip("/").split("/")[-1].startswith("im.notify"):
            url = url.rstrip("/") + "/im.notify.json"
        body = {"to": recipient or cfg.chat_id, "message": text, "type": "SYSTEM"}
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


# Where a personal message (every nudge kind) may go, per webhook kind: the person's own
# address (Telegram chat, Bitrix24 user), a receiver that routes by the fields it gets
# (generic JSON), or nowhere (Slack/Mattermost/Teams post to one shared channel).
PERSONAL_ADDRESS = {"telegram": "telegram_chat_id", "bitrix24": "bitrix24_user_id"}
SHARED_CHANNEL_KINDS = ("slack", "teams")
ENQUEUE_BATCH = 5000


@dataclass
class EnqueueReport:
    """What one enqueue pass did: deliveries queued, and messages deliberately not queued."""

    queued: int = 0
    no_address: int = 0  # personal message, the person has no address for that messenger
    withheld: int = 0  # personal message, the webhook posts to a shared channel
    more: bool = False  # stopped after ``batches``: nudges are left for the next call

    def add(self, other: EnqueueReport) -> None:
        self.queued += other.queued
        self.no_address += other.no_address
        self.withheld += other.withheld
        self.more = other.more


def _person_route(cfg: WebhookConfig, address: dict[str, str | None]
                  ) -> tuple[str, str | None]:
    """(outcome, recipient) of a personal message on this webhook: ``("send", address)``,
    ``("no_address", None)`` or ``("withheld", None)``."""
    if cfg.kind in PERSONAL_ADDRESS:
        own = (address.get(PERSONAL_ADDRESS[cfg.kind]) or "").strip()
        return ("send", own) if own else ("no_address", None)
    if cfg.kind in SHARED_CHANNEL_KINDS:
        return ("withheld", None)
    return ("send", None)  # generic JSON: the receiver routes by personnel_no / e-mail / ids


def _insert_deliveries(session: Session, rows: list[dict[str, Any]]) -> int:
    created = 0
    for chunk in range(0, len(rows), 500):
        part = sorted(rows[chunk:chunk + 500], key=lambda r: r["idempotency_key"])
        stmt = _insert(session)(Delivery.__table__).on_conflict_do_nothing(
            index_elements=["idempotency_key"]).returning(Delivery.__table__.c.id)
        created += len(session.execute(stmt, part).all())
    return created


def enqueue_deliveries(session: Session, config: Config, now: dt.datetime, *,
                       batches: int | None = None) -> EnqueueReport:
    """Take every nudge and supplier-alert event not yet taken into the outbox, for every
    configured webhook, and mark them taken (``queued_at``) in the same transaction.

    Nothing is skipped however long the job was not run: the work list is "not yet taken",
    not a time window. A webhook added later gets what is taken after it appears (no
    history flood): with no webhook configured the events are marked taken all the same.
    A re-run takes nothing twice (the marks, and the unique idempotency key behind them).
    ``batches``: take at most that many batches of ``ENQUEUE_BATCH`` nudges (``more`` says
    whether some are left), so a caller can commit in between.
    """
    report = EnqueueReport()
    if not config.webhooks:
        session.execute(update(Nudge).where(Nudge.queued_at.is_(None)).values(queued_at=now))
        session.execute(update(SupplierAlert).where(SupplierAlert.queued_at.is_(None))
                        .values(queued_at=now))
        session.execute(update(SupplierAlert).where(SupplierAlert.closed_at.is_not(None),
                                                    SupplierAlert.closed_queued_at.is_(None))
                        .values(closed_queued_at=now))
        return report
    named = [(cfg, webhook_name(cfg)) for cfg in config.webhooks]
    done = 0
    while True:
        if batches is not None and done >= batches:
            report.more = True
            return report
        done += 1
        nudges = session.execute(
            select(Nudge.id, Nudge.kind, Nudge.params, Employee.full_name, Employee.language,
                   Employee.telegram_chat_id, Employee.bitrix24_user_id)
            .join(Employee, Employee.id == Nudge.employee_id)
            .where(Nudge.queued_at.is_(None)).order_by(Nudge.id).limit(ENQUEUE_BATCH)).all()
        if not nudges:
            break
        rows: list[dict[str, Any]] = []
        for n in nudges:
            if n.kind == "supplier_alert":
                continue  # the alert itself goes out (below), not its nudge to the head
            address = {"telegram_chat_id": n.telegram_chat_id,
                       "bitrix24_user_id": n.bitrix24_user_id}
            for cfg, name in named:
                if not _wants(cfg, n.kind):
                    continue
                outcome, recipient = _person_route(cfg, address)
                if outcome == "no_address":
                    report.no_address += 1
                    continue
                if outcome == "withheld":
                    report.withheld += 1
                    continue
                # To the person's own chat no name is needed; a routing receiver gets it.
                rows.append(dict(idempotency_key=f"nudge:{n.id}:{name}", webhook=name,
                                 nudge_id=n.id, alert_id=None, recipient=recipient,
                                 status="pending", attempts=0, next_attempt_at=now,
                                 created_at=now,
                                 text=format_message(n.kind, n.params or {}, n.language,
                                                     recipient=None if recipient
                                                     else n.full_name)))
        report.queued += _insert_deliveries(session, rows)
        session.execute(update(Nudge).where(Nudge.id.in_([n.id for n in nudges]))
                        .values(queued_at=now))
        if len(nudges) < ENQUEUE_BATCH:
            break
    report.queued += _enqueue_alerts(session, config, named, now, report)
    return report


def _enqueue_alerts(session: Session, config: Config, named: list[tuple[WebhookConfig, str]],
                    now: dt.datetime, report: EnqueueReport) -> int:
    """Supplier alerts (a department's results, not a person's): to each webhook's chat."""
    alerts = session.execute(
        select(SupplierAlert, Department.name)
        .join(Department, Department.id == SupplierAlert.department_id)
        .where(SupplierAlert.queued_at.is_(None)
               | (SupplierAlert.closed_at.is_not(None)
                  & SupplierAlert.closed_queued_at.is_(None)))).all()
    if not alerts:
        return 0
    language = config.site.default_language
    rows: list[dict[str, Any]] = []
    opened: list[int] = []
    closed: list[int] = []
    for alert, department in alerts:
        params = {"department": department, "n": alert.n_ratings, "n_low": alert.n_low}
        events = []
        if alert.queued_at is None:
            events.append(("open", "supplier_alert"))
            opened.append(alert.id)
        if alert.closed_at is not None and alert.closed_queued_at is None:
            events.append(("closed", "supplier_alert_closed"))
            closed.append(alert.id)
        for cfg, name in named:
            if not _wants(cfg, "supplier_alert"):
                continue
            if cfg.kind in PERSONAL_ADDRESS and not cfg.chat_id.strip():
                report.no_address += len(events)  # no chat configured for channel messages
                continue
            for event, kind in events:
                rows.append(dict(idempotency_key=f"alert:{alert.id}:{event}:{name}",
                                 webhook=name, nudge_id=None, alert_id=alert.id, recipient=None,
                                 status="pending", attempts=0,
                                 next_attempt_at=now, created_at=now,
                                 text=format_message(kind, params, language)))
    created = _insert_deliveries(session, rows)
    if opened:
        session.execute(update(SupplierAlert).where(SupplierAlert.id.in_(opened))
                        .values(queued_at=now))
    if closed:
        session.execute(update(SupplierAlert).where(SupplierAlert.id.in_(closed))
                        .values(closed_queued_at=now))
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
                                     Employee.email, Employee.language,
                                     Employee.telegram_chat_id, Employee.bitrix24_user_id)
                              .join(Employee, Employee.id == Nudge.employee_id)
                              .where(Nudge.id == d.nudge_id)).first()
        if row:
            return {"source": "nudge", "kind": row.kind, "params": row.params,
                    "personnel_no": row.personnel_no, "email": row.email,
                    "telegram_chat_id": row.telegram_chat_id,
                    "bitrix24_user_id": row.bitrix24_user_id, "language": row.language}
    if d.alert_id is not None:
        return {"source": "supplier_alert", "alert_id": d.alert_id}
    return {}


# Personal messages that ask the person to act: with a link that signs them in to their web
# page, where they can (issue 19: office staff who rarely pass a kiosk).
LINK_KINDS = frozenset({"dispute_opened", "dispute_escalated", "dispute_days_left",
                        "proposal_received", "rate_reminder"})


def _link_for(session: Session, config: Config, d: Delivery) -> tuple[int, str] | None:
    """(employee, language) when this delivery ends with a sign-in link: a nudge of
    ``LINK_KINDS`` to the person's own chat (``recipient``), with ``web.base_url`` and
    ``web.messenger_link_hours`` set; else None."""
    if (d.nudge_id is None or not d.recipient or not config.web.base_url
            or config.web.messenger_link_hours <= 0):
        return None
    row = session.execute(select(Nudge.employee_id, Nudge.kind, Employee.language)
                          .join(Employee, Employee.id == Nudge.employee_id)
                          .where(Nudge.id == d.nudge_id)).first()
    if row is None or row.kind not in LINK_KINDS:
        return None
    return row.employee_id, row.language


def _with_sign_in_link(db: Database, config: Config, text: str, employee_id: int,
                       language: str, *, at: dt.datetime) -> str:
    """The text with a new single-use sign-in link, made now and never stored (the outbox
    keeps the text without it: a copy of the database signs nobody in). Every attempt gets
    its own link; the unused ones expire. Someone no longer active gets the text alone."""
    hours = config.web.messenger_link_hours
    try:
        with db.write() as session:
            link = issue_link(session, config, employee_id=employee_id,
                              issued_by="jobs:messenger", now=at, minutes=hours * 60)
    except SignInRefused:
        return text
    return text + "\n\n" + sign_in_link_line(link_url(config, link.token), hours, language)


def drain_deliveries(db: Database, config: Config, *, now: dt.datetime | None = None,
                     http: requests.Session | None = None, limit: int = 100,
                     rng: random.Random | None = None,
                     clock: Callable[[], dt.datetime] | None = None) -> DrainReport:
    """Send due deliveries once each; see the module doc for the retry rules."""
    clock = clock or (lambda: now or dt.datetime.now(dt.UTC))
    rng = rng or random.Random()
    http = http or requests.Session()
    by_name = {**{legacy_webhook_name(c): c for c in config.webhooks},
               **{webhook_name(c): c for c in config.webhooks}}
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
            recipient = d.recipient
            link_for = _link_for(session, config, d)
        cfg = by_name.get(webhook)
        if cfg is not None and link_for is not None:
            text = _with_sign_in_link(db, config, text, *link_for, at=clock())
        status, error, wait = "pending", None, None
        if cfg is None:
            status, error = "dead", "webhook no longer configured"
        else:
            url, body, headers = build_request(cfg, key, text, extra, recipient)
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
            log.warning("delivery %s dead-lettered after %s: %s", key,
                        counted(attempts, "attempt"), error)
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
    """The job-runner entry: queue new nudges/alerts per webhook, then send what is due.

    ``no_address``: personal messages not sent because the person has no address on that
    messenger; ``withheld``: personal messages kept off a shared channel (Slack/Teams).
    """
    enqueued = EnqueueReport(more=True)
    while enqueued.more:  # a long backlog in several short transactions: kiosks keep writing
        with db.write() as session:
            enqueued.add(enqueue_deliveries(session, config, now, batches=1))
    if not config.webhooks:
        return {"webhooks": 0}
    report = drain_deliveries(db, config, now=now)
    return {"queued": enqueued.queued, "no_address": enqueued.no_address,
            "withheld": enqueued.withheld, "sent": report.sent, "retried": report.retried,
            "dead": report.dead}
