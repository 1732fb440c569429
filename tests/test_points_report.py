"""The monthly points report against hand-computed examples; rules; wallboard standings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shared.config import Config
from shared.db import Database
from shared.domain.dispute_deadlines import run_dispute_deadlines
from shared.domain.disputes import accept_dispute, give_verdict, open_dispute, reject_dispute
from shared.domain.points import month_bounds, rules_for_month, set_point_rule
from shared.domain.points_report import (
    CarriedDispute,
    PersonMonth,
    Rule,
    compute_month_report,
    department_standings,
    load_month_report,
    regulations_flagged_now,
    top_movers,
)
from tests.disputes_org import Org, build_org

OPENED = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)


def test_pure_report_hand_computed() -> None:
    money = Rule("money", Decimal("500"), "RUB", None, "2026-01")
    pool = Rule("pool", Decimal("300"), "RUB", "Обед в пятницу", "2026-02")
    people = [
        PersonMonth(1, "301", "Иванов Иван", 1, 3, 2, 1),
        PersonMonth(2, "302", "Петров Пётр", 1, -2, 0, 1),
        PersonMonth(3, "303", "Сидоров Семён", 1, -4, 0, 2),
        PersonMonth(4, "401", "Ольга Смирнова", 2, 1, 1, 0),
        PersonMonth(5, "402", "Нина Орлова", 2, -2, 0, 1),
        PersonMonth(6, "403", "Олег Белов", 2, -1, 0, 1),
        PersonMonth(7, "501", "Игорь Ким", 3, 2, 1, 0),
    ]
    carried = [CarriedDispute(9, 4, "РГ-001", "Игорь Ким", "Анна Бух", "open", OPENED)]
    report = compute_month_report(
        month="2026-03", company_name="АО Завод",
        department_names={1: "Цех №1", 2: "Склад", 3: "ИТ", 4: "Бухгалтерия"},
        people=people, rules={1: money, 2: pool}, carried=carried)
    by_name = {d.name: d for d in report.departments}
    assert [d.name for d in report.departments] == ["Бухгалтерия", "ИТ", "Склад", "Цех №1"]
    shop = by_name["Цех №1"]
    # Money: 3 x 500 = 1500 bonus; -2 x 500 = 1000 fine; -4 x 500 = 2000 fine.
    assert [(p.full_name, p.points, p.bonus, p.fine) for p in shop.people] == [
        ("Иванов Иван", 3, Decimal("1500.00"), Decimal("0.00")),
        ("Петров Пётр", -2, Decimal("0.00"), Decimal("1000.00")),
        ("Сидоров Семён", -4, Decimal("0.00"), Decimal("2000.00"))]
    assert (shop.points, shop.wins, shop.losses) == (-3, 2, 4)
    assert (shop.bonuses, shop.fines, shop.balance) == (Decimal("1500.00"), Decimal("3000.00"),
                                                         Decimal("1500.00"))
    store = by_name["Склад"]
    # Pool: the fines' points 2 + 1 = 3, x 300 = 900; no individual money.
    assert (store.points, store.pool_points, store.pool_money) == (-2, 3, Decimal("900.00"))
    assert (store.bonuses, store.fines) == (Decimal("0.00"), Decimal("0.00"))
    assert store.people[0].full_name == "Ольга Смирнова"
    it = by_name["ИТ"]
    assert (it.rule, it.points, it.pool_points, it.pool_money) == (None, 2, 0, None)
    accounting = by_name["Бухгалтерия"]
    assert accounting.people == () and [c.dispute_id for c in accounting.carried] == [9]
    assert (report.points, report.wins, report.losses, report.carried) == (-3, 4, 6, 1)


def test_pure_report_rejects_a_bad_month() -> None:
    with pytest.raises(ValueError):
        compute_month_report(month="2026-13", company_name="x", department_names={}, people=[],
                             rules={})


def test_rules_stored_replaced_and_chosen_by_month(db: Database, config: Config) -> None:
    org = build_org(db)
    with db.write() as s:
        set_point_rule(s, department_id=org.shop, kind="money", valid_from="2026-01",
                       money_per_point=Decimal("400"))
        set_point_rule(s, department_id=org.shop, kind="money", valid_from="2026-01",
                       money_per_point=Decimal("500"))  # replaces the first
        set_point_rule(s, department_id=org.shop, kind="pool", valid_from="2026-04",
                       pool_name="Обед")
        with pytest.raises(ValueError):
            set_point_rule(s, department_id=org.store, kind="money", valid_from="2026-01")
        with pytest.raises(ValueError):
            set_point_rule(s, department_id=org.store, kind="pool", valid_from="2026-01")
        with pytest.raises(ValueError):
            set_point_rule(s, department_id=org.store, kind="pool", valid_from="26-01",
                           pool_name="x")
    with db.read() as s:
        assert rules_for_month(s, "2025-12") == {}
        march = rules_for_month(s, "2026-03")[org.shop]
        assert (march.kind, march.money_per_point) == ("money", Decimal("500"))
        assert rules_for_month(s, "2026-05")[org.shop].pool_name == "Обед"
        from sqlalchemy import select

        from shared.db.models import AuditEntry
        actions = s.execute(select(AuditEntry.action)).scalars().all()
        assert actions == ["points.rule"] * 3


def _at(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, tzinfo=dt.UTC)


def _march(db: Database, config: Config, org: Org) -> dict[str, int]:
    """Eight disputes around March 2026 (Moscow time); returns their ids by name."""
    ids: dict[str, int] = {}

    def opened(name: str, initiator: int, respondent: int, at: dt.datetime,
               reg: int | None = None) -> int:
        with db.write() as s:
            ids[name] = open_dispute(s, config, initiator_id=initiator, respondent_id=respondent,
                                     regulation_id=reg or org.reg, description=name,
                                     now=at).dispute_id
        return ids[name]

    with db.write() as s:
        set_point_rule(s, department_id=org.shop, kind="money", valid_from="2026-01",
                       money_per_point=Decimal("500"))
        set_point_rule(s, department_id=org.shop, kind="money", valid_from="2026-04",
                       money_per_point=Decimal("1000"))
        set_point_rule(s, department_id=org.store, kind="pool", valid_from="2026-03",
                       pool_name="Обед в пятницу")
    d1 = opened("accepted", org.ivan, org.petr, _at(2))
    d2 = opened("initiator_right", org.ivan, org.petr, _at(2))
    d3 = opened("respondent_right", org.olga, org.ivan, _at(3))
    opened("expired", org.petr, org.olga, _at(5))
    opened("carried_open", org.ivan, org.petr, _at(20))
    d6 = opened("carried_escalated", org.olga, org.boss, _at(21))
    d7 = opened("april", org.ivan, org.petr, _at(30))
    d8 = opened("both_wrong", org.petr, org.ivan, _at(6), reg=org.reg2)
    with db.write() as s:
        accept_dispute(s, config, dispute_id=d1, actor_id=org.petr, now=_at(3))
        for d, respondent in ((d2, org.petr), (d3, org.ivan), (d8, org.ivan)):
            reject_dispute(s, config, dispute_id=d, actor_id=respondent, now=_at(7))
        reject_dispute(s, config, dispute_id=d6, actor_id=org.boss, now=_at(22))
        give_verdict(s, config, dispute_id=d2, actor_id=org.boss, verdict="initiator_right",
                     now=_at(8))
        give_verdict(s, config, dispute_id=d3, actor_id=org.boss, verdict="respondent_right",
                     now=_at(8))
        give_verdict(s, config, dispute_id=d8, actor_id=org.boss, verdict="both_wrong",
                     now=_at(8))
    run_dispute_deadlines(db, config, _at(13))  # "expired" (opened on the 5th)
    with db.write() as s:
        # 2 April 01:00 in Moscow = 1 April 22:00 UTC: April at the plant.
        accept_dispute(s, config, dispute_id=d7, actor_id=org.petr,
                       now=dt.datetime(2026, 4, 1, 22, tzinfo=dt.UTC))
    return ids


def test_report_from_the_database_hand_computed(db: Database, config: Config) -> None:
    org = build_org(db)
    ids = _march(db, config, org)
    config.site.company_name = "АО «Завод»"
    with db.read() as s:
        report = load_month_report(s, config, "2026-03")
    # ivan: +1 (accepted) +2 (initiator right) +2 (respondent right, he was the respondent)
    #       +0 (both wrong) = 5, 3 wins; petr: -1 -2 +1 (expired, initiator) +0 = -2, 1 win,
    #       2 losses; olga: -2 (respondent right) -1 (expired) = -3, 2 losses.
    by_name = {d.name: d for d in report.departments}
    assert list(by_name) == ["Склад", "Цех №1"]
    shop, store = by_name["Цех №1"], by_name["Склад"]
    assert [(p.full_name, p.points, p.wins, p.losses) for p in shop.people] == [
        ("Иванов Иван", 5, 3, 0), ("Петров Пётр", -2, 1, 2)]
    # March uses the January rule (500 per point), not April's 1000.
    assert shop.rule is not None and shop.rule.money_per_point == Decimal("500")
    assert (shop.bonuses, shop.fines, shop.balance) == (Decimal("2500.00"), Decimal("1000.00"),
                                                         Decimal("-1500.00"))
    assert sorted(c.dispute_id for c in shop.carried) == sorted(
        [ids["carried_open"], ids["carried_escalated"], ids["april"]])
    states = {c.dispute_id: c.state for c in shop.carried}
    assert states[ids["carried_escalated"]] == "escalated"
    assert states[ids["carried_open"]] == states[ids["april"]] == "open"
    assert [(p.full_name, p.points, p.losses) for p in store.people] == [
        ("Ольга Смирнова", -3, 2)]
    assert (store.pool_points, store.pool_money) == (3, None)
    assert [(f.code, f.disputes) for f in report.flagged] == [
        ("РГ-022", ((ids["both_wrong"], "both_wrong"),))]
    assert (report.points, report.wins, report.losses, report.carried) == (0, 4, 4, 3)
    with db.read() as s:
        april = load_month_report(s, config, "2026-04")
        only_store = load_month_report(s, config, "2026-03", department_id=org.store)
    assert [(p.full_name, p.points) for d in april.departments for p in d.people] == [
        ("Иванов Иван", 1), ("Петров Пётр", -1)]
    assert april.departments[0].rule.money_per_point == Decimal("1000")  # type: ignore[union-attr]
    assert [d.name for d in only_store.departments] == ["Склад"]


def test_standings_and_top_movers(db: Database, config: Config) -> None:
    org = build_org(db)
    _march(db, config, org)
    with db.read() as s:
        standings = department_standings(s, config, "2026-03")
        movers = top_movers(s, config, "2026-03", limit=5)
        assert department_standings(s, config, "2026-02") == []
    assert [(d.name, d.points, d.wins, d.losses, d.people) for d in standings] == [
        ("Цех №1", 3, 4, 2, 2), ("Склад", -3, 0, 2, 1)]
    assert [(m.full_name, m.department_name, m.points, m.wins) for m in movers] == [
        ("Иванов Иван", "Цех №1", 5, 3)]


def test_person_standings_only_in_departments_of_k_people(db: Database,
                                                          config: Config) -> None:
    """The wallboard names the people who gained and lost the most, only from departments
    where at least k people moved points (Склад has one: never named)."""
    from shared.domain.points_report import person_standings
    org = build_org(db)
    _march(db, config, org)
    config.site.k_anonymity = 2
    with db.read() as s:
        gained, lost = person_standings(s, config, "2026-03")
        report = load_month_report(s, config, "2026-03")
    people = {p.full_name: p.points for d in report.departments if d.name == "Цех №1"
              for p in d.people}
    assert [(p.full_name, p.points) for p in gained] == [
        (n, v) for n, v in sorted(people.items(), key=lambda x: -x[1]) if v > 0]
    assert [(p.full_name, p.points) for p in lost] == [
        (n, v) for n, v in sorted(people.items(), key=lambda x: x[1]) if v < 0]
    assert all(p.department_name == "Цех №1" for p in (*gained, *lost))
    config.site.k_anonymity = 3
    with db.read() as s:
        assert person_standings(s, config, "2026-03") == ([], [])


def test_month_bounds_are_plant_local(config: Config) -> None:
    start, end = month_bounds("2026-03", config.tz)
    assert start == dt.datetime(2026, 2, 28, 21, tzinfo=dt.UTC)
    assert end == dt.datetime(2026, 3, 31, 21, tzinfo=dt.UTC)


def test_regulations_flagged_now(db: Database, config: Config) -> None:
    org = build_org(db)
    ids = _march(db, config, org)
    with db.read() as s:
        flagged = regulations_flagged_now(s)
    assert [(f.code, f.disputes) for f in flagged] == [
        ("РГ-022", ((ids["both_wrong"], "both_wrong"),))]


def test_an_english_report_names_people_and_departments_in_english(
        db: Database, config: Config) -> None:
    """`pulse report month --language en`: the English names where the directory has them
    (the Russian ones where it has none), in the sections, the people and the carried
    disputes; the figures are the same."""
    from shared.db.models import Department, Employee
    org = build_org(db)
    _march(db, config, org)
    with db.write() as s:
        s.get(Employee, org.ivan).full_name_en = "Ivan Ivanov"  # type: ignore[union-attr]
        s.get(Department, org.shop).name_en = "Shop No. 1"  # type: ignore[union-attr]
    with db.read() as s:
        ru = load_month_report(s, config, "2026-03")
        en = load_month_report(s, config, "2026-03", language="en")
    assert [d.name for d in en.departments] == ["Shop No. 1", "Склад"]
    shop = en.departments[0]
    assert [(p.full_name, p.points) for p in shop.people] == [
        ("Ivan Ivanov", 5), ("Петров Пётр", -2)]
    assert "Ivan Ivanov" in {c.initiator_name for c in shop.carried}
    assert (en.points, en.wins, en.losses, en.carried) == \
        (ru.points, ru.wins, ru.losses, ru.carried)
