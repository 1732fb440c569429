"""Deterministic plant data for the wallboard tests, screenshots and benchmark (any size).

Departments in groups, segments with KPIs, the initiative map, employees, reason tags,
ratings with comments over several months (rollups rebuilt from them), flagged regulations
and a points ledger.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from shared.db import Database
from shared.db.models import (
    Department,
    Employee,
    Initiative,
    KpiValue,
    PointsEntry,
    Rating,
    RatingReason,
    ReasonTag,
    Regulation,
    Segment,
)
from shared.domain.rollups import rebuild_rollups
from shared.ids import uuid7

DEPARTMENTS = [  # (ru, en, group)
    ("Сборочный цех", "Assembly", "production"), ("Механообработка", "Machining", "production"),
    ("Сварочный цех", "Welding", "production"), ("Покраска", "Paint shop", "production"),
    ("Ремонтная служба", "Maintenance", "services"), ("Склад", "Warehouse", "services"),
    ("Логистика", "Logistics", "services"), ("Контроль качества", "Quality", "services"),
    ("ИТ", "IT", "office"), ("Отдел кадров", "HR", "office"),
    ("Бухгалтерия", "Accounting", "office"),
    ("Закупки", "Purchasing", "office"),
]
SEGMENTS = [("Линия", "Keep the line running", "uptime_pct"),
            ("Качество", "Right first time", "first_pass_yield"),
            ("Офис", "Fast answers", "tickets_closed")]
TAGS = [("speed", "Скорость", "Speed"), ("quality", "Качество", "Quality"),
        ("politeness", "Вежливость", "Politeness"), ("clarity", "Понятность", "Clarity"),
        ("promises", "Выполнение обещаний", "Keeping promises"),
        ("availability", "Доступность", "Availability")]
# The initiative map: (segment, what the supplier must improve (a tag), supplier department
# (None: any supplier), company initiative); "Безопасность" has no initiative yet.
INITIATIVES = [(0, 0, 4, "Дежурная бригада в каждую смену"),
               (0, 5, 5, "Предзаказ инструмента через киоск"),
               (1, 1, 7, "Разбор брака с поставщиком раз в неделю"),
               (2, 3, 8, "База знаний в киоске"), (2, 4, None, "Ответ в срок по регламенту")]
FIRST = ["Анна", "Иван", "Мария", "Пётр", "Ольга", "Сергей", "Елена", "Дмитрий", "Наталья",
         "Алексей", "Татьяна", "Андрей"]
LAST = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков",
        "Морозов", "Волков", "Соловьёв", "Васильев"]
PRAISE = ["Приехал за десять минут и сразу запустил линию, спасибо!",
          "Всё объяснил понятно и без спешки.", "Always keeps promises, a pleasure to work with.",
          "Быстро нашёл нужную деталь на складе.", "Помог разобраться с расчётным листком.",
          "Fixed the terminal before the shift started.", "Вежливо, быстро, качественно."]
COMPLAINTS = ["Ждали два часа.", "Не перезвонили.", "Too slow again."]


def seed(db: Database, *, employees: int = 240, months: int = 6, per_month: float = 5.0,
         now: dt.datetime | None = None, tz: ZoneInfo | None = None, seed_value: int = 42,
         with_ratings: bool = True) -> None:
    """Fill an empty migrated database; ``per_month`` ratings per employee per month."""
    rng = random.Random(seed_value)
    tz = tz or ZoneInfo("Europe/Moscow")
    now = now or dt.datetime.now(dt.UTC)
    today = now.astimezone(tz).date()
    with db.write() as s:
        seg_ids = [s.execute(insert(Segment).returning(Segment.id),
                             [dict(name=ru, name_en=en, goal=en)]).scalar_one()
                   for ru, en, _metric in SEGMENTS]
        dep_ids = [s.execute(insert(Department).returning(Department.id),
                             [dict(name=ru, name_en=en, group=g)]).scalar_one()
                   for ru, en, g in DEPARTMENTS]
        tag_ids = [s.execute(insert(ReasonTag).returning(ReasonTag.id),
                             [dict(code=c, polarity="negative", label_ru=ru, label_en=en)])
                   .scalar_one() for c, ru, en in TAGS]
        s.execute(insert(Segment), [dict(name="Безопасность", name_en="Safety",
                                         goal="Zero injuries")])
        s.execute(insert(Initiative), [
            dict(segment_id=seg_ids[seg], metric=SEGMENTS[seg][2],
                 supplier_improvement=TAGS[tag][1], reason_tag_id=tag_ids[tag],
                 supplier_department_id=None if dep is None else dep_ids[dep],
                 company_initiative=text) for seg, tag, dep, text in INITIATIVES])
        rows = []
        for i in range(employees):
            d = i % len(dep_ids)
            group = DEPARTMENTS[d][2]
            seg = seg_ids[0 if group == "production" else 1 if group == "services" else 2]
            first, last = FIRST[rng.randrange(len(FIRST))], LAST[rng.randrange(len(LAST))]
            if first.endswith("а") or first.endswith("я"):
                last += "а"
            rows.append(dict(personnel_no=f"{100000 + i}", full_name=f"{first} {last}",
                             department_id=dep_ids[d], segment_id=seg, role="worker",
                             active=True, language="ru"))
        s.execute(insert(Employee), rows)
        people = [(e.id, e.department_id, e.segment_id) for e in s.query(
            Employee.id, Employee.department_id, Employee.segment_id).order_by(Employee.id)]
        s.execute(insert(Regulation), [
            dict(code="REG-01", title="Заявки на ремонт принимаются в течение 15 минут",
                 needs_revision=True, active=True),
            dict(code="REG-07", title="Выдача инструмента по предъявлении пропуска",
                 needs_revision=True, active=True),
            dict(code="REG-12", title="Уборка рабочего места в конце смены",
                 needs_revision=False, active=True)])
        month0 = dt.date(today.year, today.month, 1)
        s.execute(insert(PointsEntry), [
            dict(employee_id=p[0], department_id=p[1], month=month0.strftime("%Y-%m"),
                 delta=rng.choice([-2, -1, 1, 1, 2]), cause="dispute_accepted",
                 dedup_key=f"seed-{j}")
            for j, p in enumerate(rng.sample(people, min(60, len(people))))])
        if not with_ratings:
            return
        # A supplier quality per person; some improve over time.
        dep_quality = {d: rng.uniform(2.6, 4.4) for d in dep_ids}
        quality = {p[0]: dep_quality[p[1]] + rng.uniform(-0.3, 0.6) for p in people}
        improving = set(rng.sample([p[0] for p in people], max(1, len(people) // 10)))
        start = today - dt.timedelta(days=30 * months)
        total_days = (today - start).days + 1
        n_ratings = int(len(people) * per_month * months)
        batch: list[dict[str, object]] = []
        reasons: list[tuple[int, int]] = []
        pending_reasons: list[list[int]] = []
        sat_by_seg_month: dict[tuple[int, str], list[int]] = {}
        for _ in range(n_ratings):
            rater = people[rng.randrange(len(people))]
            # Clients rate mostly a few neighbouring departments.
            step = rng.choice([1, 2, 4, 5, 7])
            sup_dep = dep_ids[(dep_ids.index(rater[1]) + step) % len(dep_ids)]
            supplier = people[(dep_ids.index(sup_dep) + len(dep_ids) * rng.randrange(
                max(1, len(people) // len(dep_ids)))) % len(people)]
            if supplier[0] == rater[0]:
                continue
            day = start + dt.timedelta(days=rng.randrange(total_days))
            progress = (day - start).days / total_days
            q = quality[supplier[0]] + (0.8 * progress - 0.3 if supplier[0] in improving else 0)
            score = max(1, min(5, round(rng.gauss(q, 0.8))))
            created = dt.datetime.combine(day, dt.time(8 + rng.randrange(10), rng.randrange(60)),
                                          tz).astimezone(dt.UTC)
            if created > now:
                created = now - dt.timedelta(minutes=rng.randrange(1, 600))
                day = created.astimezone(tz).date()
            comment = None
            if score >= 4 and rng.random() < 0.4:
                comment = rng.choice(PRAISE)
            elif score <= 2 and rng.random() < 0.3:
                comment = rng.choice(COMPLAINTS)
            batch.append(dict(uuid=uuid7(), rater_id=rater[0], supplier_id=supplier[0],
                              rater_department_id=rater[1], supplier_department_id=sup_dep,
                              score=score, comment=comment, kiosk_id="kiosk-1",
                              created_at=created, day=day, received_at=created, status="ok"))
            pending_reasons.append([rng.choice(tag_ids)] if score <= 2 else [])
            sat_by_seg_month.setdefault((rater[2], day.strftime("%Y-%m")), []).append(score)
            if len(batch) >= 5000:
                _flush(s, batch, pending_reasons, reasons)
        _flush(s, batch, pending_reasons, reasons)
        # KPIs that follow satisfaction with noise, so the impact slide has a real effect.
        kpi_rows = []
        for (seg, month), scores in sorted(sat_by_seg_month.items()):
            mean = sum(scores) / len(scores)
            metric = SEGMENTS[seg_ids.index(seg)][2]
            kpi_rows.append(dict(segment_id=seg, metric=metric, month=month,
                                 value=round(80 * (1 + 0.12 * (mean / 3.8 - 1))
                                             * rng.uniform(0.985, 1.015), 3)))
        s.execute(insert(KpiValue), kpi_rows)
        rebuild_rollups(s)


def _flush(s: object, batch: list[dict[str, object]], pending: list[list[int]],
           reasons: list[tuple[int, int]]) -> None:
    if not batch:
        return
    ids = s.execute(insert(Rating).returning(Rating.id, sort_by_parameter_order=True),  # type: ignore[attr-defined]
                    batch).scalars().all()
    rr = [dict(rating_id=rid, reason_tag_id=t) for rid, tags in zip(ids, pending, strict=True)
          for t in tags]
    if rr:
        s.execute(insert(RatingReason), rr)  # type: ignore[attr-defined]
    batch.clear()
    pending.clear()
