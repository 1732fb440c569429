"""Demo disputes in every state, with their events and the points the rules of SPEC 7 give."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from shared.config import Config
from shared.db.models.disputes import DISPUTE_STATES
from shared.demo.catalog import DEPARTMENTS, DISPUTE_TEXTS, REJECT_REASONS, SUPPLIER_LINKS
from shared.demo.org import Org
from shared.ids import uuid7

ACCEPT_POINTS, ESCALATED_POINTS = 1, 2
VERDICTS = ("initiator_right", "respondent_right", "both_right", "both_wrong")


def _points(state: str, config: Config) -> tuple[int, int] | None:
    """(initiator, respondent) points of a final state; None while undecided."""
    if state in ("accepted", "expired"):
        return ACCEPT_POINTS, -ACCEPT_POINTS
    if state == "initiator_right":
        return ESCALATED_POINTS, -ESCALATED_POINTS
    if state == "respondent_right":
        return -ESCALATED_POINTS, ESCALATED_POINTS
    if state == "both_right":
        return config.disputes.both_right_points, config.disputes.both_right_points
    if state == "both_wrong":
        return config.disputes.both_wrong_points, config.disputes.both_wrong_points
    return None


def _arbiter(org: Org, respondent: int, parties: set[int]) -> int:
    """The respondent's manager, one level up while that person is a party."""
    boss = org.employee(respondent)["manager_id"]
    seen: set[int] = set()
    while boss is not None and boss not in seen:
        seen.add(boss)
        if boss not in parties:
            return int(boss)
        boss = org.employee(boss)["manager_id"]
    return next(e["id"] for e in org.employees if e["role"] == "admin" and e["id"] not in parties)


def build_disputes(org: Org, rng: random.Random, config: Config, *, now: dt.datetime,
                   days: int, regulation_ids: list[int]) -> dict[str, list[dict[str, Any]]]:
    """Rows for disputes, dispute_events and points_ledger; regulations to flag."""
    tz = config.tz
    answer = dt.timedelta(days=config.disputes.answer_days)
    # About one person in eight takes part in a dispute over the last weeks: enough that the
    # wallboard's disputes slide has department standings and, where k people moved points,
    # the people who gained and lost the most (a demo of 16 disputes in a year showed an
    # empty slide most months).
    per_state = max(2, round(len(org.employees) / 40))
    active = {e["id"] for e in org.employees if e["active"]}
    disputes: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    ledger: list[dict[str, Any]] = []
    flagged: set[int] = set()
    # Resolved disputes in the last five weeks: this month's standings and the closed
    # month's, which the wall keeps until disputes.previous_month_until_day.
    span = min(max(days - 1, 10), 35)
    dispute_id = 0
    for state in DISPUTE_STATES:
        for _ in range(per_state):
            client = DEPARTMENTS[rng.randrange(len(DEPARTMENTS))].code
            supplier = rng.choice(SUPPLIER_LINKS[client])[0]
            initiators = [i for i in org.members[client] if i in active]
            respondents = [i for i in org.members[supplier] if i in active]
            initiator, respondent = rng.choice(initiators), rng.choice(respondents)
            if initiator == respondent:
                continue
            dispute_id += 1
            if state == "open":
                opened = now - dt.timedelta(hours=rng.uniform(2, config.disputes.answer_days
                                                              * 24 - 12))
            elif state == "escalated":
                opened = now - dt.timedelta(days=rng.uniform(2, 12))
            else:
                opened = now - dt.timedelta(days=rng.uniform(config.disputes.answer_days + 1,
                                                             span))
            # "Both right" and "both wrong" flag the regulation as unclear: a few unclear
            # regulations draw them all, as on a real plant (and as the wall can list).
            regulation = rng.choice(regulation_ids[:3] if state in ("both_right", "both_wrong")
                                    else regulation_ids)
            row: dict[str, Any] = {
                "id": dispute_id, "uuid": uuid7(int(opened.timestamp() * 1000), rng),
                "initiator_id": initiator, "respondent_id": respondent,
                "regulation_id": regulation, "description": rng.choice(DISPUTE_TEXTS),
                "state": state, "opened_at": opened, "deadline_at": opened + answer,
                "reject_reason": None, "escalated_at": None, "arbiter_id": None,
                "resolved_at": None, "kiosk_id": f"kiosk-{client}-1"}
            trail: list[tuple[int | None, str, str | None, str, dt.datetime, dict[str, Any]]] = [
                (initiator, "opened", None, "open", opened, {})]
            if state == "accepted":
                row["resolved_at"] = opened + dt.timedelta(hours=rng.uniform(1, 6 * 24))
                trail.append((respondent, "accepted", "open", "accepted", row["resolved_at"], {}))
            elif state == "expired":
                row["resolved_at"] = opened + answer + dt.timedelta(minutes=rng.uniform(1, 90))
                trail.append((None, "expired", "open", "expired", row["resolved_at"], {}))
            elif state == "escalated" or state in VERDICTS:
                arbiter = _arbiter(org, respondent, {initiator, respondent})
                row.update(arbiter_id=arbiter, reject_reason=rng.choice(REJECT_REASONS),
                           escalated_at=opened + dt.timedelta(hours=rng.uniform(1, 36)))
                trail.append((respondent, "rejected", "open", "escalated", row["escalated_at"],
                              {"arbiter_id": arbiter}))
                if state in VERDICTS:
                    row["resolved_at"] = row["escalated_at"] + dt.timedelta(
                        hours=rng.uniform(2, 96))
                    details: dict[str, Any] = {"verdict": state}
                    if state in ("both_right", "both_wrong"):
                        flagged.add(regulation)
                    trail.append((arbiter, "verdict", "escalated", state, row["resolved_at"],
                                  details))
            disputes.append(row)
            for actor, kind, before, after, at, info in trail:
                events.append({"dispute_id": dispute_id, "actor_id": actor, "kind": kind,
                               "from_state": before, "to_state": after, "at": at,
                               "details": info})
            points = _points(state, config)
            if points is not None:
                at = row["resolved_at"]
                for emp_id, delta in zip((initiator, respondent), points, strict=True):
                    ledger.append({
                        "employee_id": emp_id,
                        "department_id": org.employee(emp_id)["department_id"],
                        "month": at.astimezone(tz).strftime("%Y-%m"), "delta": delta,
                        "cause": f"dispute_{state}", "dispute_id": dispute_id,
                        "dedup_key": f"dispute:{dispute_id}:{emp_id}", "created_at": at})
    return {"disputes": disputes, "events": events, "ledger": ledger,
            "flagged": [{"id": i} for i in sorted(flagged)]}
