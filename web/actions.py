"""What the web page's forms show and do: rate a supplier, answer, arbitrate and open a
dispute, decide a proposal (issue 19 point 3).

Every write is the kiosk's own domain call (``record_rating``, ``open_dispute``,
``accept_dispute``, ``reject_dispute``, ``give_verdict``, ``decide_proposal``) with the same
rules, cooldown, deadlines and idempotent UUIDs; this module only reads what a form offers
and puts a refusal's code into words. Nothing here decides whether something is allowed.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_mod
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Employee, Proposal, ReasonTag, Regulation
from shared.domain.disputes import DisputeView, disputes_for
from shared.domain.rating_rules import reason_offered
from shared.domain.suppliers import SupplierCard, own_suppliers, search_suppliers
from shared.names import name_cases

WEB_ORIGIN = "web"  # the kiosk_id column of what the web page writes: where it came from
MAX_ID = 2**31 - 1  # the largest id the database's integer columns hold


@dataclass(frozen=True)
class Person:
    employee_id: int
    name: str
    department: str


@dataclass(frozen=True)
class Reason:
    code: str
    label: str


@dataclass(frozen=True)
class RegulationChoice:
    id: int
    code: str
    title: str


def _person(card: SupplierCard, language: str) -> Person:
    name = card.full_name_en if language == "en" and card.full_name_en else card.full_name
    dep = (card.department_name_en if language == "en" and card.department_name_en
           else card.department_name)
    return Person(card.employee_id, name, dep)


def people_to_pick(session: Session, employee_id: int, query: str, language: str,
                   limit: int = 24) -> list[Person]:
    """The kiosk's picker: the person's own suppliers, or everyone matching the search."""
    query = query.strip()[:80]
    cards = (search_suppliers(session, query, limit=limit, exclude_id=employee_id) if query
             else own_suppliers(session, employee_id, limit=limit))
    return [_person(c, language) for c in cards if c.employee_id != employee_id]


def person(session: Session, employee_id: int, language: str) -> Person | None:
    """An active person by id, with their department, in the page's language."""
    emp = session.get(Employee, employee_id)
    if emp is None or not emp.active:
        return None
    name = emp.full_name_en if language == "en" and emp.full_name_en else emp.full_name
    dep = emp.department
    dep_name = "" if dep is None else (dep.name_en if language == "en" and dep.name_en
                                       else dep.name)
    return Person(emp.id, name, dep_name)


def reasons_offered(session: Session, rater_id: int, score: int,
                    language: str) -> list[Reason]:
    """The chips the kiosk offers this rater after this score (``reason_offered``)."""
    segment = session.scalar(select(Employee.segment_id).where(Employee.id == rater_id))
    rows = session.execute(select(ReasonTag).where(ReasonTag.active.is_(True))
                           .order_by(ReasonTag.segment_id.is_(None), ReasonTag.id)).scalars()
    return [Reason(t.code, t.label_en if language == "en" and t.label_en else t.label_ru)
            for t in rows if reason_offered(t.segment_id, t.polarity,
                                            rater_segment_id=segment, score=score)]


def regulations(session: Session) -> list[RegulationChoice]:
    rows = session.execute(select(Regulation).where(Regulation.active.is_(True))
                           .order_by(Regulation.code)).scalars()
    return [RegulationChoice(r.id, r.code, r.title) for r in rows]


def my_dispute(session: Session, config: Config, employee_id: int, dispute_id: int,
               now: dt.datetime) -> DisputeView | None:
    """One of the person's disputes as the kiosk's "my disputes" shows it, else None."""
    for view in disputes_for(session, config, employee_id=employee_id, now=now):
        if view.dispute_id == dispute_id:
            return view
    return None


@dataclass(frozen=True)
class ProposalToDecide:
    proposal_id: int
    supplier: dict[str, str]
    what_should_change: str
    improves_metric: str


def proposal_to_decide(session: Session, decider_id: int, proposal_id: int,
                       language: str) -> ProposalToDecide | None:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or proposal.decider_id != decider_id:
        return None
    emp = session.get(Employee, proposal.supplier_id)
    name = "" if emp is None else (emp.full_name_en if language == "en" and emp.full_name_en
                                   else emp.full_name)
    return ProposalToDecide(proposal.id, name_cases(name), proposal.what_should_change,
                            proposal.improves_metric)


def parse_uuid(value: str) -> uuid_mod.UUID | None:
    try:
        return uuid_mod.UUID(value)
    except ValueError:
        return None


def parse_id(value: str) -> int | None:
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 10 or int(value) > MAX_ID:
        return None
    return int(value)


# --- refusals in words ---------------------------------------------------------------------

RATING_REFUSALS: dict[str, str] = {  # one wording per shared.domain.rating_rules.Refusal
    "self": "You cannot rate yourself.",
    "unknown_person": "There is no such person in the directory.",
    "inactive_rater": "You can no longer rate. Ask your administrator.",
    "inactive_supplier": "{name} no longer works here and cannot be rated.",
    "bad_score": "Choose a score from 1 to 5.",
    "unknown_reason": "One of the reasons is no longer offered. Open the page again and "
                      "choose again.",
    "reason_not_offered": "One of the reasons does not go with this score. Open the page "
                          "again and choose again.",
    "comment_too_long": "The comment is too long: at most {max} characters.",
    "cooldown": "You have already rated {name} recently. You can rate them again from "
                "{when}.",
}
DISPUTE_REFUSALS = {
    "self": "You cannot open a dispute with yourself.",
    "inactive": "This person no longer works here.",
    "unknown_employee": "There is no such person in the directory.",
    "unknown_regulation": "Choose a regulation from the list.",
    "empty_description": "Describe what happened.",
    "description_too_long": "The description is too long: at most {max} characters.",
    "not_higher_rating": "Only someone rated higher than the other side may open a dispute "
                         "with them.",
    "not_respondent": "Only the other side can answer this dispute.",
    "wrong_state": "This dispute has already been answered or decided.",
    "deadline_passed": "The days to answer this dispute are over.",
    "no_arbiter": "There is nobody to decide this dispute. Tell the administrator.",
    "not_arbiter": "Only the arbiter can decide this dispute.",
    "bad_verdict": "Choose one of the verdicts.",
    "unknown_dispute": "There is no such dispute.",
    "duplicate": "This form was already sent by someone else. Open the page again.",
}
PROPOSAL_REFUSALS = {
    "not_found": "There is no such proposal.",
    "not_decider": "This proposal waits for someone else's decision.",
    "too_long": "The note is too long: at most {max} characters.",
    "already_decided": "This proposal has already been decided.",
}


def refusal_params(code: str, params: dict[str, Any], config: Config) -> dict[str, Any]:
    """The parameters a refusal's words need, from the domain's ``params``."""
    out: dict[str, Any] = {}
    if "max_length" in params:
        out["max"] = params["max_length"]
    if "max" in params:
        out["max"] = params["max"]
    if "supplier_name" in params:
        out["name"] = params["supplier_name"]
    if isinstance(params.get("next_at"), dt.datetime):
        out["when"] = params["next_at"].astimezone(config.tz).strftime("%d.%m.%Y %H:%M")
    return out
