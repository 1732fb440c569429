"""Directory import: validate every row of an HR export, then upsert people, departments, segments.

All-or-nothing. ``validate_directory`` works on already-parsed rows (``CsvRow``: a line
number and values by canonical column), so a CSV file (``read_table``) and records
fetched over HTTP (``table_from_records``) go through the same checks. It reads the
database but writes nothing and returns a ``DirectoryPlan``; if ``plan.errors`` is not
empty the import is rejected. ``apply_directory`` writes a clean plan in the caller's
transaction and audit-logs it.

Rules for optional columns: a column missing from the file changes nothing. A present
column is authoritative (an empty manager, position, segment, e-mail or messenger address
(Telegram chat id, Bitrix24 user id) clears it; an empty language or role means ``ru`` /
``worker``; an empty gender means "the patronymic tells"), except the badge: an empty badge
keeps the stored one, because badges are also enrolled at the reader (``pulse badge
assign``). Badges are stored only as HMACs with the site secret.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.config import Config
from shared.csvin import FATAL, CsvRow, ImportFailed, RowError, read_table, register_messages
from shared.db.models import Department, Employee, Segment
from shared.names import parse_gender
from shared.personnel_numbers import lost_zeros, personnel_no_problem, same_but_zeros
from shared.security import BADGE_MESSAGES, badge_code_problem, badge_hmac, normalize_badge
from shared.translit import transliterate

log = logging.getLogger(__name__)

COLUMNS: dict[str, set[str]] = {
    "personnel_no": {"Табельный номер", "Таб. номер", "Таб. №", "Табельный №", "tab_no",
                     "employee_no", "personnel number"},
    "full_name": {"ФИО", "Сотрудник", "name", "Full name"},
    "full_name_en": {"ФИО латиницей", "ФИО (латиницей)", "name_en", "full name (latin)"},
    "department": {"Подразделение", "Отдел", "dept"},
    # Optional: what the wallboard shows where the full name has no room ("ТПЦ №1").
    "department_short": {"Подразделение кратко", "Краткое название подразделения",
                         "dept_short", "department short name"},
    "manager_no": {"Табельный номер руководителя", "Таб. номер руководителя", "Руководитель",
                   "manager", "manager_personnel_no"},
    "position": {"Должность", "title", "job title"},
    "segment": {"Сегмент"},
    "badge": {"Пропуск", "Номер пропуска", "badge_code", "card"},
    "email": {"E-mail", "Эл. почта", "Электронная почта", "mail"},
    "language": {"Язык", "lang"},
    "role": {"Роль"},
    # Optional: the person's gender (м/ж, m/f, words); empty: the patronymic decides.
    "gender": {"Пол", "sex"},
    # Optional messenger addresses: personal nudges go to the person's own chat only.
    "telegram_chat_id": {"Telegram", "Телеграм", "Telegram ID", "Telegram chat id", "telegram_id"},
    "bitrix24_user_id": {"Bitrix24", "Битрикс24", "Bitrix24 ID", "ID Битрикс24", "bitrix24_id"},
}
REQUIRED = ("personnel_no", "full_name", "department")
MAX_LENGTH = {"personnel_no": 32, "full_name": 200, "full_name_en": 200, "department": 200,
              "department_short": 40,
              "manager_no": 32, "position": 200, "segment": 200, "badge": 64, "email": 200,
              "telegram_chat_id": 64, "bitrix24_user_id": 32}

_LANGUAGES = {"ru": "ru", "rus": "ru", "рус": "ru", "русский": "ru", "russian": "ru",
              "en": "en", "eng": "en", "англ": "en", "английский": "en", "english": "en"}
_ROLES = {"worker": "worker", "сотрудник": "worker", "работник": "worker", "рабочий": "worker",
          "manager": "manager", "руководитель": "manager", "admin": "admin",
          "administrator": "admin", "администратор": "admin"}

register_messages({
    "duplicate_personnel_no": "personnel number {personnel_no} already on line {first_line}",
    "duplicate_badge": "badge already given on line {first_line}",
    "badge_taken": "badge already belongs to {holder} (not in this file)",
    "unknown_manager": "unknown manager {manager_no}",
    "manager_inactive": "manager {manager_no} is not active",
    "manager_cycle": "manager cycle: {cycle}",
    "bad_language": "language must be ru or en, not {value!r}",
    "bad_role": "role must be worker, manager or admin, not {value!r}",
    "bad_email": "not an e-mail address: {value!r}",
    "bad_gender": "gender must be м or ж (m or f), or empty to read it from the patronymic; "
                  "not {value!r}",
    **BADGE_MESSAGES,
    "empty_directory": "no people in the directory: nothing to import",
    "mass_deactivation": "would deactivate {count} of the {active} active people ({percent}%), "
                         "more than site.max_deactivate_percent = {limit}% allows; check the "
                         "export, or pass --force if that many really left",
    "bad_telegram_chat_id": "a Telegram chat id is a number (e.g. 123456789), not {value!r}",
    "bad_bitrix24_user_id": "a Bitrix24 user id is a positive number, not {value!r}",
    "department_short_conflict": "department {department!r} has the short name {first!r} on "
                                 "line {first_line}, not {value!r}",
})

@dataclass
class PersonPlan:
    line: int
    personnel_no: str
    full_name: str
    full_name_en: str
    department: str
    # None = column absent (keep); "" = no manager.
    manager_no: str | None
    position: str | None
    segment: str | None
    badge_hmac: str | None  # None = keep the stored badge
    email: str | None
    language: str | None  # None = column absent: keep (new people: ru)
    role: str | None
    # None = column absent (keep); "" = clear.
    telegram_chat_id: str | None = None
    bitrix24_user_id: str | None = None
    # None = column absent (keep); "" = not given (the patronymic decides); else 'm' / 'f'.
    gender: str | None = None


@dataclass
class DirectoryPlan:
    people: list[PersonPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    deactivate: list[str] = field(default_factory=list)  # personnel numbers
    new_departments: list[str] = field(default_factory=list)
    new_segments: list[str] = field(default_factory=list)
    columns: frozenset[str] = frozenset()
    # department -> its short name from the file (column absent or empty: kept as stored)
    short_names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DirectorySummary:
    rows: int
    created: int
    updated: int
    unchanged: int
    reactivated: int
    deactivated: int
    departments_created: int
    segments_created: int

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _value(row: CsvRow, column: str, present: frozenset[str]) -> str | None:
    return row.values.get(column, "").strip() if column in present else None


def validate_directory(rows: Sequence[CsvRow], session: Session, config: Config, *,
                       columns: frozenset[str] | None = None,
                       deactivate_missing: bool = False,
                       force: bool = False) -> DirectoryPlan:
    """Check every row against the file and the database; write nothing.

    ``columns``: the canonical columns the source had (a CSV header); by default every
    column that occurs in any row. An empty directory is an error (with
    ``deactivate_missing`` it would deactivate the whole plant), and so is deactivating
    more than ``site.max_deactivate_percent`` of the active people unless ``force``
    (see ``deactivation_limit``).
    """
    present = columns if columns is not None else frozenset(
        name for row in rows for name in row.values)
    plan = DirectoryPlan(columns=present)
    errors = plan.errors
    secret = config.secret_bytes()
    pattern = re.compile(config.site.personnel_no_pattern)

    existing = {e.personnel_no: e for e in session.execute(select(Employee)).scalars()}
    by_id = {e.id: e for e in existing.values()}
    first_line: dict[str, int] = {}
    badge_line: dict[str, int] = {}
    short_line: dict[str, int] = {}
    for row in rows:
        line = row.line
        for column, limit in MAX_LENGTH.items():
            value = row.values.get(column, "")
            if len(value) > limit:
                errors.append(RowError(line, column, "too_long", {"max": limit,
                                                                  "length": len(value)}))
        number = row.values.get("personnel_no", "").strip()
        name = " ".join(row.values.get("full_name", "").split())
        department = " ".join(row.values.get("department", "").split())
        for column, value in (("personnel_no", number), ("full_name", name),
                              ("department", department)):
            if not value:
                errors.append(RowError(line, column, "required", {}))
        problem = personnel_no_problem(number, pattern) if number else None
        if problem is not None:
            errors.append(RowError(line, "personnel_no", *problem))
            continue
        if number:
            if number in first_line:
                errors.append(RowError(line, "personnel_no", "duplicate_personnel_no",
                                       {"personnel_no": number, "first_line": first_line[number]}))
                continue
            first_line[number] = line
        language = _value(row, "language", present)
        if language:
            mapped = _LANGUAGES.get(language.casefold())
            if mapped is None:
                errors.append(RowError(line, "language", "bad_language", {"value": language}))
            language = mapped
        role = _value(row, "role", present)
        if role:
            mapped = _ROLES.get(role.casefold())
            if mapped is None:
                errors.append(RowError(line, "role", "bad_role", {"value": role}))
            role = mapped
        gender = _value(row, "gender", present)
        if gender:
            parsed = parse_gender(gender)
            if parsed is None:
                errors.append(RowError(line, "gender", "bad_gender", {"value": gender}))
            gender = parsed
        email = _value(row, "email", present)
        if email and ("@" not in email or " " in email):
            errors.append(RowError(line, "email", "bad_email", {"value": email}))
        telegram = _value(row, "telegram_chat_id", present)
        if telegram and not telegram.removeprefix("-").isdigit():
            errors.append(RowError(line, "telegram_chat_id", "bad_telegram_chat_id",
                                   {"value": telegram}))
        bitrix = _value(row, "bitrix24_user_id", present)
        if bitrix and not (bitrix.isdigit() and int(bitrix) > 0):
            errors.append(RowError(line, "bitrix24_user_id", "bad_bitrix24_user_id",
                                   {"value": bitrix}))
        badge = _value(row, "badge", present)
        digest = None
        problem = badge_code_problem(badge, min_length=config.kiosk.badge_min_length,
                                     max_length=config.kiosk.badge_max_length) if badge else None
        if problem is not None:
            errors.append(RowError(line, "badge", problem[0], problem[1]))
        elif badge and normalize_badge(badge):
            digest = badge_hmac(secret, badge)
            if digest in badge_line:
                errors.append(RowError(line, "badge", "duplicate_badge",
                                       {"first_line": badge_line[digest]}))
            else:
                badge_line[digest] = line
        short = " ".join((_value(row, "department_short", present) or "").split())
        if short and department:
            first = plan.short_names.setdefault(department, short)
            short_line.setdefault(department, line)
            if first != short:
                errors.append(RowError(line, "department_short", "department_short_conflict",
                                       {"department": department, "first": first,
                                        "first_line": short_line[department], "value": short}))
        name_en = _value(row, "full_name_en", present) or transliterate(name)
        plan.people.append(PersonPlan(
            line=line, personnel_no=number, full_name=name, full_name_en=name_en,
            department=department, manager_no=_value(row, "manager_no", present),
            position=_value(row, "position", present) or None,
            segment=" ".join((_value(row, "segment", present) or "").split()) or None,
            badge_hmac=digest, email=email or None, language=language, role=role,
            telegram_chat_id=telegram, bitrix24_user_id=bitrix, gender=gender))

    in_file = {p.personnel_no: p for p in plan.people if p.personnel_no}
    plan.errors.extend(lost_zeros([(p.line, p.personnel_no) for p in plan.people], existing))
    _check_badges_against_db(plan, existing, in_file, badge_line)
    _check_managers(plan, existing, by_id, in_file, deactivate_missing)
    if not rows:
        errors.append(RowError(0, None, "empty_directory", {}))
    if deactivate_missing:
        plan.deactivate = sorted(no for no, e in existing.items() if e.active and no not in in_file)
        active = sum(1 for e in existing.values() if e.active)
        limit = deactivation_limit(active, config.site.max_deactivate_percent)
        if rows and len(plan.deactivate) > limit and not force:
            errors.append(RowError(0, None, "mass_deactivation", {
                "count": len(plan.deactivate), "active": active,
                "percent": round(100 * len(plan.deactivate) / active),
                "limit": f"{config.site.max_deactivate_percent:g}"}))
    known_departments = set(session.execute(select(Department.name)).scalars())
    plan.new_departments = sorted({p.department for p in plan.people if p.department}
                                  - known_departments)
    known_segments = set(session.execute(select(Segment.name)).scalars())
    plan.new_segments = sorted({p.segment for p in plan.people if p.segment} - known_segments)
    plan.errors.sort(key=lambda e: (e.line, e.column or ""))
    return plan


def deactivation_limit(active: int, percent: float) -> int:
    """How many of ``active`` people one import may deactivate without ``force``: ``percent``
    of them, rounded down, but always at least one (a person leaving is no mass event)."""
    return max(1, int(active * percent / 100))


def _check_badges_against_db(plan: DirectoryPlan, existing: dict[str, Employee],
                             in_file: dict[str, PersonPlan], badge_line: dict[str, int]) -> None:
    # The badge someone keeps if their row leaves it empty (or they are not in the file).
    holders = {e.badge_hmac: e for e in existing.values() if e.badge_hmac}
    for person in plan.people:
        if person.badge_hmac is None or badge_line[person.badge_hmac] != person.line:
            continue  # no badge, or a duplicate already reported
        holder = holders.get(person.badge_hmac)
        if holder is None or holder.personnel_no == person.personnel_no:
            continue
        moved_away = holder.personnel_no in in_file and \
            in_file[holder.personnel_no].badge_hmac not in (None, person.badge_hmac)
        # Cards are recycled: a person who left (inactive, and not back in this file) gives
        # up their badge to whoever gets the card now.
        released = not holder.active and holder.personnel_no not in in_file
        if not moved_away and not released:
            plan.errors.append(RowError(person.line, "badge", "badge_taken",
                                        {"holder": holder.personnel_no}))


def _check_managers(plan: DirectoryPlan, existing: dict[str, Employee], by_id: dict[int, Employee],
                    in_file: dict[str, PersonPlan], deactivate_missing: bool) -> None:
    # The manager graph after the import: file rows override, others keep their manager.
    boss: dict[str, str | None] = {}
    for no, emp in existing.items():
        manager = by_id.get(emp.manager_id) if emp.manager_id else None
        boss[no] = manager.personnel_no if manager else None
    for person in plan.people:
        if not person.personnel_no:
            continue
        if person.manager_no is None:
            boss.setdefault(person.personnel_no, None)
            continue
        manager_no = person.manager_no or None
        boss[person.personnel_no] = manager_no
        if manager_no is None or manager_no in in_file:
            continue
        known = existing.get(manager_no)
        if known is None:
            other = same_but_zeros(manager_no, [*in_file, *existing])
            if other is not None:
                plan.errors.append(RowError(person.line, "manager_no", "unknown_manager_zeros",
                                            {"manager_no": manager_no, "other": other}))
            else:
                plan.errors.append(RowError(person.line, "manager_no", "unknown_manager",
                                            {"manager_no": manager_no}))
            boss[person.personnel_no] = None
        elif not known.active or deactivate_missing:
            plan.errors.append(RowError(person.line, "manager_no", "manager_inactive",
                                        {"manager_no": manager_no}))
    reported: set[str] = set()
    for start in in_file:
        chain: list[str] = []
        seen: set[str] = set()
        node: str | None = start
        while node is not None and node not in seen:
            seen.add(node)
            chain.append(node)
            node = boss.get(node)
        if node is None or node in reported:
            continue
        cycle = chain[chain.index(node):]
        reported.update(cycle)
        text = " -> ".join([*cycle, node])
        for member in cycle:
            if member in in_file:
                plan.errors.append(RowError(in_file[member].line, "manager_no", "manager_cycle",
                                            {"cycle": text}))


def apply_directory(plan: DirectoryPlan, session: Session, *, actor: str = "cli",
                    source: str = "") -> DirectorySummary:
    """Write a validated plan in the caller's transaction; ImportFailed if it has errors."""
    if plan.errors:
        raise ImportFailed(plan.errors)
    departments = {d.name: d for d in session.execute(select(Department)).scalars()}
    for name in plan.new_departments:
        departments[name] = Department(name=name, name_en=transliterate(name))
        session.add(departments[name])
    for name, short in plan.short_names.items():
        departments[name].short_name = short
    segments = {s.name: s for s in session.execute(select(Segment)).scalars()}
    for name in plan.new_segments:
        segments[name] = Segment(name=name, name_en=transliterate(name))
        session.add(segments[name])
    session.flush()

    existing = {e.personnel_no: e for e in session.execute(select(Employee)).scalars()}
    before = {no: _snapshot(e) for no, e in existing.items()}
    # Free badges that move before assigning them, so a swap never trips the unique index.
    assignee = {p.badge_hmac: p.personnel_no for p in plan.people if p.badge_hmac is not None}
    freed = False
    for emp in existing.values():
        if emp.badge_hmac in assignee and assignee[emp.badge_hmac] != emp.personnel_no:
            emp.badge_hmac = None
            freed = True
    if freed:
        session.flush()

    created = updated = unchanged = reactivated = 0
    people: dict[str, Employee] = {}
    for person in plan.people:
        found = existing.get(person.personnel_no)
        if found is None:
            emp = Employee(personnel_no=person.personnel_no, language="ru", role="worker",
                           active=True)
            session.add(emp)
            created += 1
        else:
            emp = found
            if not emp.active:
                emp.active = True
                reactivated += 1
        people[person.personnel_no] = emp
        emp.full_name = person.full_name
        emp.full_name_en = person.full_name_en
        emp.department = departments[person.department]
        if "position" in plan.columns:
            emp.position = person.position
        if "segment" in plan.columns:
            emp.segment = segments[person.segment] if person.segment else None
        if "email" in plan.columns:
            emp.email = person.email
        if "telegram_chat_id" in plan.columns:
            emp.telegram_chat_id = person.telegram_chat_id or None
        if "bitrix24_user_id" in plan.columns:
            emp.bitrix24_user_id = person.bitrix24_user_id or None
        if "language" in plan.columns:
            emp.language = person.language or "ru"
        if "role" in plan.columns:
            emp.role = person.role or "worker"
        if "gender" in plan.columns:
            emp.gender = person.gender or None
        if person.badge_hmac is not None:
            emp.badge_hmac = person.badge_hmac
    session.flush()
    everyone = {**existing, **people}
    for person in plan.people:
        if person.manager_no is not None:
            manager = everyone.get(person.manager_no) if person.manager_no else None
            people[person.personnel_no].manager = manager
    deactivated = 0
    for number in plan.deactivate:
        everyone[number].active = False
        deactivated += 1
    _assign_heads(plan, departments, people)
    session.flush()
    for person in plan.people:
        if person.personnel_no in before:
            if _snapshot(people[person.personnel_no]) != before[person.personnel_no]:
                updated += 1
            else:
                unchanged += 1
    summary = DirectorySummary(
        rows=len(plan.people), created=created, updated=updated, unchanged=unchanged,
        reactivated=reactivated, deactivated=deactivated,
        departments_created=len(plan.new_departments), segments_created=len(plan.new_segments))
    audit.record(session, actor=actor, action="directory.import",
                 details={"source": source, **summary.as_dict()})
    log.info("directory import from %s: %s", source or "rows", summary)
    return summary


def _snapshot(emp: Employee) -> tuple[Any, ...]:
    return tuple(getattr(emp, c) for c in _TRACKED)


_TRACKED = ("full_name", "full_name_en", "department_id", "manager_id", "segment_id", "position",
            "email", "language", "role", "badge_hmac", "active", "telegram_chat_id",
            "bitrix24_user_id", "gender")


def _assign_heads(plan: DirectoryPlan, departments: dict[str, Department],
                  people: dict[str, Employee]) -> None:
    """Head = a manager (or admin) of the department whose own manager works elsewhere.

    Several candidates: the current head stays if among them, else a manager before an
    admin, then the earliest line. The parent department is the head's manager's one.
    """
    candidates: dict[str, list[PersonPlan]] = {}
    for person in plan.people:
        emp = people[person.personnel_no]
        if emp.role not in ("manager", "admin"):
            continue
        boss = emp.manager
        if boss is None or boss.department is not emp.department:
            candidates.setdefault(person.department, []).append(person)
    for name, persons in candidates.items():
        dept = departments[name]
        chosen = [people[p.personnel_no] for p in sorted(
            persons, key=lambda p: (people[p.personnel_no].role != "manager", p.line))]
        head = dept.head if dept.head in chosen else chosen[0]
        dept.head = head
        parent = head.manager.department if head.manager is not None else None
        if parent is not None and parent is not dept and not _is_descendant(parent, dept):
            dept.parent = parent


def _is_descendant(candidate: Department, root: Department) -> bool:
    node: Department | None = candidate
    seen: set[int] = set()
    while node is not None and id(node) not in seen:
        if node is root:
            return True
        seen.add(id(node))
        node = node.parent
    return False


def import_directory(db: Any, config: Config, source: Path | bytes, *,
                     deactivate_missing: bool = False, dry_run: bool = False,
                     force: bool = False, actor: str = "cli") -> DirectorySummary:
    """Read, validate and (unless ``dry_run``) write a directory file; ImportFailed on any error."""
    table = read_table(source, COLUMNS, REQUIRED)
    if any(e.code in _FATAL for e in table.errors):
        raise ImportFailed(table.errors)  # no header to validate rows against
    name = source.name if isinstance(source, Path) else "<bytes>"
    session_scope = db.read if dry_run else db.write  # a read session rolls everything back
    with session_scope() as session:
        plan = validate_directory(table.rows, session, config,
                                  columns=frozenset(table.headers),
                                  deactivate_missing=deactivate_missing, force=force)
        errors = {(e.line, e.column, e.code): e for e in [*table.errors, *plan.errors]}
        if errors:
            raise ImportFailed(list(errors.values()))
        return apply_directory(plan, session, actor=actor,
                               source=f"{name} ({table.encoding}, {table.delimiter!r})")


_FATAL = FATAL  # the one list, in shared.csvin (hr_pull imports this name)
