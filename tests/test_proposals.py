"""Proposals: refused without the right to influence, routed past parties, rewarded once."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared import audit
from shared.config import Config
from shared.db import Database
from shared.db.models import AuditEntry, Employee, Nudge, PointsEntry, Proposal, ProposalPoints
from shared.domain.proposals import (
    MAX_NOTE,
    ProposalRefused,
    answers_to_reply,
    decide_proposal,
    file_proposal,
    invite_to_discuss,
    mark_implemented,
    pending_proposals_for,
    reply_to_answer,
    to_mark_implemented,
)
from tests.engage_factory import department, person, rated_by_many, set_head, utc

NOW = utc(2026, 3, 20, 9)


class Org:
    """top (no manager) -> boss -> supplier; an admin; a client in another department."""

    def __init__(self, s: Session) -> None:
        self.plant = department(s, "Завод")
        self.svc = department(s, "Служба главного механика", self.plant)
        self.shop = department(s, "Цех №1", self.plant)
        self.admin = person(s, "ADM", self.plant, role="admin")
        self.top = person(s, "TOP", self.plant, role="manager")
        self.boss = person(s, "BOSS", self.svc, manager_id=self.top, role="manager")
        self.supplier = person(s, "SUP", self.svc, manager_id=self.boss)
        self.client = person(s, "CLI", self.shop)
        raters = department(s, "Оценщики")
        # Metric 3: client 4.8 > top 4.2 > boss 4.0 > supplier 3.0.
        for who, scores in ((self.client, [5, 5, 5, 5, 4]), (self.top, [5, 4, 4, 4, 4]),
                            (self.boss, [4] * 5), (self.supplier, [3] * 5)):
            rated_by_many(s, who, scores, utc(2026, 3, 15), raters, f"r{who}-")


def _file(s: Session, config: Config, client: int, supplier: int,
          uid: uuid.UUID | None = None) -> int:
    return file_proposal(s, config, client_id=client, supplier_id=supplier,
                         what_should_change="Дежурная бригада в каждую смену",
                         improves_metric="Простои оборудования, ч/мес", proposal_uuid=uid,
                         now=NOW).proposal_id


def test_routed_to_the_suppliers_manager_and_notified(db: Database, config: Config) -> None:
    with db.write() as s:
        org = Org(s)
        pid = _file(s, config, org.client, org.supplier)
    with db.read() as s:
        proposal = s.get_one(Proposal, pid)
        assert (proposal.decider_id, proposal.status) == (org.boss, "pending")
        assert [p.id for p in pending_proposals_for(s, org.boss)] == [pid]
        nudge = s.execute(select(Nudge)).scalar_one()
        assert (nudge.employee_id, nudge.kind, nudge.params) == (
            org.boss, "proposal_received", {"proposal_id": pid})


def test_manager_who_is_a_party_does_not_decide(db: Database, config: Config) -> None:
    with db.write() as s:
        org = Org(s)
        # The supplier's own manager files it: it goes one level up.
        pid = _file(s, config, org.boss, org.supplier)
        assert s.get_one(Proposal, pid).decider_id == org.top
        # About the boss, by the top manager (the boss's manager): past the top -> the admin.
        pid = _file(s, config, org.top, org.boss)
        assert s.get_one(Proposal, pid).decider_id == org.admin
        # About the top of the tree: the admin.
        pid = _file(s, config, org.client, org.top)
        assert s.get_one(Proposal, pid).decider_id == org.admin


def test_top_of_tree_with_admin_as_party_goes_to_another_admin(db: Database,
                                                               config: Config) -> None:
    with db.write() as s:
        org = Org(s)
        second = person(s, "ADM2", org.plant, role="admin")
        rated_by_many(s, org.admin, [5] * 5, utc(2026, 3, 15), org.plant, "ra")
        pid = _file(s, config, org.admin, org.top)
        assert s.get_one(Proposal, pid).decider_id == second


def test_refused_without_the_right_to_influence(db: Database, config: Config) -> None:
    with db.write() as s:
        org = Org(s)
        with pytest.raises(ProposalRefused) as refused:
            _file(s, config, org.supplier, org.client)
        assert refused.value.code == "not_higher"
        assert refused.value.params == {"client_mean": 3.0, "supplier_mean": 4.8, "basis": "own",
                                        "days": 30}
        with pytest.raises(ProposalRefused) as refused:
            file_proposal(s, config, client_id=org.client, supplier_id=org.supplier,
                          what_should_change="  ", improves_metric="x", now=NOW)
        assert refused.value.code == "empty_text"
        with pytest.raises(ProposalRefused) as refused:
            file_proposal(s, config, client_id=org.client, supplier_id=org.supplier,
                          what_should_change="я" * 2001, improves_metric="x", now=NOW)
        assert (refused.value.code, refused.value.params) == (
            "too_long", {"field": "what_should_change", "max": 2000})
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Proposal)) == 0


def test_idempotent_by_uuid(db: Database, config: Config) -> None:
    uid = uuid.uuid4()
    with db.write() as s:
        org = Org(s)
        first = file_proposal(s, config, client_id=org.client, supplier_id=org.supplier,
                              what_should_change="a", improves_metric="b", proposal_uuid=uid,
                              now=NOW)
    with db.write() as s:
        again = file_proposal(s, config, client_id=org.client, supplier_id=org.supplier,
                              what_should_change="a", improves_metric="b", proposal_uuid=uid,
                              now=NOW)
        assert (again.proposal_id, again.created, first.created) == (first.proposal_id, False, True)
        with pytest.raises(ProposalRefused) as refused:
            _file(s, config, org.client, org.boss, uid)
        assert refused.value.code == "uuid_conflict"
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Proposal)) == 1
        assert s.scalar(select(func.count()).select_from(Nudge)) == 1


def test_acceptance_credits_points_once(db: Database, config: Config) -> None:
    config.nudges.proposal_reward_points = 3
    with db.write() as s:
        org = Org(s)
        pid = _file(s, config, org.client, org.supplier)
    # 22:30 UTC on March 31 is already April 1 in Moscow: the plant-local month counts.
    decided_at = utc(2026, 3, 31, 22, 30)
    with db.write() as s:
        with pytest.raises(ProposalRefused) as refused:
            decide_proposal(s, config, proposal_id=pid, decider_id=org.top, accept=True,
                            now=decided_at)
        assert refused.value.code == "not_decider"
        result = decide_proposal(s, config, proposal_id=pid, decider_id=org.boss, accept=True,
                                 note="Сделаем с апреля", now=decided_at)
        assert (result.accepted, result.points) == (True, 3)
    with db.write() as s:
        for accept in (True, False):
            with pytest.raises(ProposalRefused) as refused:
                decide_proposal(s, config, proposal_id=pid, decider_id=org.boss, accept=accept,
                                now=decided_at + dt.timedelta(minutes=1))
            assert refused.value.code == "already_decided"
        with pytest.raises(ProposalRefused):
            decide_proposal(s, config, proposal_id=9999, decider_id=org.boss, accept=True)
    with db.read() as s:
        # The proposals' own ledger; the dispute points stay untouched.
        assert s.scalar(select(func.count()).select_from(PointsEntry)) == 0
        entry = s.execute(select(ProposalPoints)).scalar_one()
        assert (entry.employee_id, entry.department_id, entry.month, entry.delta, entry.cause,
                entry.proposal_id, entry.dedup_key) == (
            org.supplier, org.svc, "2026-04", 3, "accepted", pid, f"proposal:{pid}")
        proposal = s.get_one(Proposal, pid)
        assert (proposal.status, proposal.decided_by_id, proposal.decision_note) == (
            "accepted", org.boss, "Сделаем с апреля")
        assert pending_proposals_for(s, org.boss) == []
        decided = s.execute(select(Nudge).where(Nudge.kind == "proposal_decided")).scalar_one()
        assert (decided.employee_id, decided.params) == (
            org.client, {"proposal_id": pid, "accepted": True, "note": "Сделаем с апреля",
                         "supplier_name": "Person SUP", "supplier_name_en": "Person SUP"})
        logged = s.execute(select(AuditEntry).where(AuditEntry.action == "proposal.accepted")
                           ).scalar_one()
        assert logged.details["proposal_id"] == pid and logged.actor == f"employee:{org.boss}"
        assert audit.verify(s) == []


def test_declined_proposal_credits_nothing(db: Database, config: Config) -> None:
    with db.write() as s:
        org = Org(s)
        pid = _file(s, config, org.client, org.supplier)
        result = decide_proposal(s, config, proposal_id=pid, decider_id=org.boss, accept=False,
                                 now=NOW)
        assert (result.accepted, result.points) == (False, 0)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(ProposalPoints)) == 0
        assert s.get_one(Proposal, pid).status == "declined"


def test_supplier_without_a_manager_goes_to_the_department_head(db: Database,
                                                                config: Config) -> None:
    """The HR file may leave a worker's manager empty; their department's head then decides
    (as for a dispute's arbiter), not an admin outside the department."""
    with db.write() as s:
        org = Org(s)
        set_head(s, org.svc, org.boss)
        s.get_one(Employee, org.supplier).manager_id = None
        s.flush()
        pid = _file(s, config, org.client, org.supplier)
        assert s.get_one(Proposal, pid).decider_id == org.boss
        # The head files it himself: one level up, the plant's head.
        set_head(s, org.plant, org.top)
        s.get_one(Employee, org.boss).manager_id = None
        s.flush()
        pid = _file(s, config, org.boss, org.supplier)
        assert s.get_one(Proposal, pid).decider_id == org.top


def test_a_proposal_whose_decider_left_goes_one_level_up(db: Database, config: Config) -> None:
    """The manager leaves before deciding: the job hands the proposal to the next one up, who
    is told and can decide it; audit-logged; a second run changes nothing."""
    from shared.jobs import run_jobs
    with db.write() as s:
        org = Org(s)
        pid = _file(s, config, org.client, org.supplier)
    with db.write() as s:
        s.get_one(Employee, org.boss).active = False
    later = NOW + dt.timedelta(days=2)
    first = run_jobs(db, config, now=later, only=["proposal_deciders"])
    assert [(r.name, r.ok, r.summary) for r in first] == [
        ("proposal_deciders", True, {"rerouted": 1})]
    again = run_jobs(db, config, now=later, only=["proposal_deciders"])
    assert again[0].summary == {"rerouted": 0}
    with db.read() as s:
        assert s.get_one(Proposal, pid).decider_id == org.top
        assert [p.id for p in pending_proposals_for(s, org.top)] == [pid]
        assert pending_proposals_for(s, org.boss) == []
        told = s.execute(select(Nudge.params).where(Nudge.employee_id == org.top,
                                                    Nudge.kind == "proposal_received")
                         ).scalars().all()
        assert told == [{"proposal_id": pid}]
        logged = s.execute(select(AuditEntry).where(AuditEntry.action == "proposal.reassigned")
                           ).scalar_one()
        assert logged.details == {"proposal_id": pid, "from_decider_id": org.boss,
                                  "decider_id": org.top}
        assert audit.verify(s) == []
    with db.write() as s:
        result = decide_proposal(s, config, proposal_id=pid, decider_id=org.top, accept=True,
                                 now=later + dt.timedelta(hours=1))
    assert result.points == config.nudges.proposal_reward_points


def test_a_decided_proposal_is_not_rerouted(db: Database, config: Config) -> None:
    from shared.domain.proposals import reroute_orphaned
    with db.write() as s:
        org = Org(s)
        pid = _file(s, config, org.client, org.supplier)
        decide_proposal(s, config, proposal_id=pid, decider_id=org.boss, accept=False, now=NOW)
        s.get_one(Employee, org.boss).active = False
        s.flush()
        assert reroute_orphaned(s, now=NOW + dt.timedelta(days=1)) == 0
        assert s.get_one(Proposal, pid).decider_id == org.boss


def test_a_conversation(db: Database, config: Config) -> None:
    """SPEC 5: the decider invites the client to discuss (a time, a note), the client sees it,
    then the decider accepts with a note; the client answers once; implementation earns the
    configured points again, in the proposals' own ledger."""
    config.nudges.proposal_reward_points = 2
    config.nudges.proposal_implemented_points = 1
    when = utc(2026, 3, 23, 8)  # Monday 11:00 in Moscow
    with db.write() as s:
        org = Org(s)
        pid = _file(s, config, org.client, org.supplier)
        with pytest.raises(ProposalRefused) as refused:  # a time in the past
            invite_to_discuss(s, config, proposal_id=pid, decider_id=org.boss,
                              discuss_at=NOW - dt.timedelta(hours=1), now=NOW)
        assert refused.value.code == "bad_time"
        with pytest.raises(ProposalRefused) as refused:  # nothing to reply to yet
            reply_to_answer(s, proposal_id=pid, client_id=org.client, text="?", now=NOW)
        assert refused.value.code == "not_answered"
        invite_to_discuss(s, config, proposal_id=pid, decider_id=org.boss, discuss_at=when,
                          note="Зайдите ко мне", now=NOW)
        with pytest.raises(ProposalRefused) as refused:  # invited already
            invite_to_discuss(s, config, proposal_id=pid, decider_id=org.boss,
                              discuss_at=when, now=NOW)
        assert refused.value.code == "already_decided"
    with db.read() as s:
        proposal = s.get_one(Proposal, pid)
        assert (proposal.status, proposal.discuss_at, proposal.decision_note) == (
            "discuss", when, "Зайдите ко мне")
        assert [p.id for p in pending_proposals_for(s, org.boss)] == [pid]  # still open
        invited = s.execute(select(Nudge.params).where(Nudge.kind == "proposal_discuss")
                            ).scalar_one()
        assert (invited["discuss_local"], invited["note"]) == ("23.03.2026 11:00",
                                                               "Зайдите ко мне")
        # The messenger gets the time and the note, in the person's language.
        from shared.integrations.messages import format_message
        assert format_message("proposal_discuss", invited, "ru") == (
            f"Руководитель приглашает обсудить ваше предложение № {pid}: 23.03.2026 11:00. "
            "Комментарий: «Зайдите ко мне»")
        assert s.scalar(select(func.count()).select_from(ProposalPoints)) == 0
    later = NOW + dt.timedelta(days=4)
    with db.write() as s:
        with pytest.raises(ProposalRefused) as refused:  # not accepted yet
            mark_implemented(s, config, proposal_id=pid, decider_id=org.boss, now=later)
        assert refused.value.code == "not_accepted"
        assert decide_proposal(s, config, proposal_id=pid, decider_id=org.boss, accept=True,
                               note="Договорились", now=later).points == 2
        with pytest.raises(ProposalRefused) as refused:
            reply_to_answer(s, proposal_id=pid, client_id=org.supplier, text="x", now=later)
        assert refused.value.code == "not_client"
        from shared.domain.home import home_figures
        assert [a.id for a in answers_to_reply(s, org.client)] == [pid]
        assert home_figures(s, config, org.client, today=later.date()).answers_to_reply == 1
        reply_to_answer(s, proposal_id=pid, client_id=org.client, text=" Спасибо! ", now=later)
        assert answers_to_reply(s, org.client) == []
        assert home_figures(s, config, org.client, today=later.date()).answers_to_reply == 0
        with pytest.raises(ProposalRefused) as refused:  # once
            reply_to_answer(s, proposal_id=pid, client_id=org.client, text="ещё", now=later)
        assert refused.value.code == "already_replied"
        assert mark_implemented(s, config, proposal_id=pid, decider_id=org.boss,
                                now=later) == 1
        with pytest.raises(ProposalRefused) as refused:
            mark_implemented(s, config, proposal_id=pid, decider_id=org.boss, now=later)
        assert refused.value.code == "already_implemented"
    with db.read() as s:
        proposal = s.get_one(Proposal, pid)
        assert (proposal.status, proposal.decision_note, proposal.client_reply,
                proposal.implemented_at) == ("accepted", "Договорились", "Спасибо!", later)
        ledger = sorted(s.execute(select(ProposalPoints.cause, ProposalPoints.delta)).all())
        assert [tuple(r) for r in ledger] == [("accepted", 2), ("implemented", 1)]
        assert s.scalar(select(func.count()).select_from(PointsEntry)) == 0
        reply = s.execute(select(Nudge).where(Nudge.kind == "proposal_reply")).scalar_one()
        assert (reply.employee_id, reply.params["reply"]) == (org.boss, "Спасибо!")
        actions = set(s.execute(select(AuditEntry.action)).scalars())
        assert {"proposal.discuss", "proposal.accepted", "proposal.reply",
                "proposal.implemented"} <= actions
        assert audit.verify(s) == []


def test_only_the_decider_marks_an_accepted_proposal_implemented(db: Database,
                                                                 config: Config) -> None:
    """Issue 14 point 3: the decider's list of accepted proposals still to be implemented;
    marking one is the decider's alone, once, for an accepted proposal, audit-logged, and
    credits ``proposal_implemented_points`` in the proposals' ledger."""
    config.nudges.proposal_reward_points = 1
    config.nudges.proposal_implemented_points = 2
    later = NOW + dt.timedelta(days=10)
    with db.write() as s:
        org = Org(s)
        accepted = _file(s, config, org.client, org.supplier)
        declined = _file(s, config, org.top, org.supplier)
        decide_proposal(s, config, proposal_id=accepted, decider_id=org.boss, accept=True,
                        now=NOW)
        decide_proposal(s, config, proposal_id=declined, decider_id=org.boss, accept=False,
                        now=NOW)
    with db.read() as s:
        assert [p.id for p in to_mark_implemented(s, org.boss)] == [accepted]
        assert to_mark_implemented(s, org.top) == []
    for who, pid, code in ((org.top, accepted, "not_decider"),
                           (org.supplier, accepted, "not_decider"),
                           (org.boss, declined, "not_accepted"),
                           (org.boss, 9999, "not_found")):
        with db.write() as s, pytest.raises(ProposalRefused) as refused:
            mark_implemented(s, config, proposal_id=pid, decider_id=who, now=later)
        assert refused.value.code == code
    with db.read() as s:  # nothing changed by the refusals
        assert s.get_one(Proposal, accepted).implemented_at is None
        assert s.scalar(select(func.count()).select_from(ProposalPoints)
                        .where(ProposalPoints.cause == "implemented")) == 0
    with db.write() as s:
        assert mark_implemented(s, config, proposal_id=accepted, decider_id=org.boss,
                                now=later) == 2
    with db.read() as s:
        assert s.get_one(Proposal, accepted).implemented_at == later
        assert to_mark_implemented(s, org.boss) == []
        ledger = sorted(tuple(r) for r in s.execute(
            select(ProposalPoints.employee_id, ProposalPoints.cause, ProposalPoints.delta)))
        assert ledger == [(org.supplier, "accepted", 1), (org.supplier, "implemented", 2)]
        entry = s.execute(select(AuditEntry).where(
            AuditEntry.action == "proposal.implemented")).scalar_one()
        assert (entry.actor, entry.details) == (f"employee:{org.boss}",
                                                {"proposal_id": accepted, "points": 2})
        assert audit.verify(s) == []


def test_a_note_longer_than_allowed_changes_nothing(db: Database, config: Config) -> None:
    with db.write() as s:
        org = Org(s)
        pid = _file(s, config, org.client, org.supplier)
        for call in (
                lambda: decide_proposal(s, config, proposal_id=pid, decider_id=org.boss,
                                        accept=True, note="я" * (MAX_NOTE + 1), now=NOW),
                lambda: invite_to_discuss(s, config, proposal_id=pid, decider_id=org.boss,
                                          discuss_at=NOW + dt.timedelta(days=1),
                                          note="я" * (MAX_NOTE + 1), now=NOW)):
            with pytest.raises(ProposalRefused) as refused:
                call()
            assert (refused.value.code, refused.value.params) == (
                "too_long", {"field": "note", "max": MAX_NOTE})
    with db.read() as s:
        assert s.get_one(Proposal, pid).status == "pending"
        assert s.scalar(select(func.count()).select_from(ProposalPoints)) == 0


def test_the_monthly_report_has_a_proposals_section(db: Database, config: Config) -> None:
    """Proposal points are their own section of the monthly report (and CSV rows), never in
    a department's dispute totals."""
    from shared.cli.cmd_points_report import report_rows
    from shared.domain.points_report import load_month_report
    config.nudges.proposal_reward_points = 2
    with db.write() as s:
        org = Org(s)
        pid = _file(s, config, org.client, org.supplier)
        decide_proposal(s, config, proposal_id=pid, decider_id=org.boss, accept=True, now=NOW)
    with db.read() as s:
        report = load_month_report(s, config, "2026-03")
    assert report.departments == () and report.points == 0
    (line,) = report.proposals
    assert (line.employee_id, line.accepted, line.implemented, line.points) == (
        org.supplier, 1, 0, 2)
    (row,) = report_rows(report)
    assert row[2:8] == ["proposal", "SUP", "Person SUP", 2, 1, 0]
