"""Own suppliers (SPEC 3): import from CSV which suppliers each client department or segment
usually needs; the kiosk shows them first (``shared.domain.suppliers.own_suppliers``).

One row is one link: the client side is a department **or** a segment, the supplier side a
department (all its active people) **or** one person by personnel number. Departments and
segments are matched by name (Russian or English, case and spacing ignored). The kiosk
offers a client the links of their department and those of their segment together, so a
row naming both would not mean "people of that department in that segment": give one.

Replacement per client side: every client department or segment named in the file gets
exactly the suppliers the file lists for it (links it had that are not in the file are
removed); clients the file does not name keep their links. A row with a client and no
supplier empties that client's list. All-or-nothing, errors by line, audit-logged
(``shared.csvin``: UTF-8 with or without BOM or cp1251, ``;`` or ``,``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.csvin import CsvTable, RowError, register_messages, run_import
from shared.db.models import Employee, SupplierLink
from shared.domain.initiatives import department_index, name_key
from shared.domain.reasons import segment_index

log = logging.getLogger(__name__)

COLUMNS = {
    "client_department": ("Подразделение клиента", "Подразделение-клиент", "Клиент",
                          "client department", "client"),
    "client_segment": ("Сегмент клиента", "Сегмент", "client segment", "segment"),
    "supplier_department": ("Подразделение-поставщик", "Подразделение поставщика",
                            "Поставщик", "supplier department", "supplier"),
    "supplier_personnel_no": ("Табельный номер поставщика", "Таб. номер поставщика",
                              "Таб. № поставщика", "supplier personnel number", "supplier_no",
                              "supplier personnel no"),
}
CLIENT_COLUMNS = ("client_department", "client_segment")
SUPPLIER_COLUMNS = ("supplier_department", "supplier_personnel_no")
MAX_LENGTH = 200

register_messages({
    "no_client_column": "no client column (accepted: {accepted})",
    "no_supplier_column": "no supplier column (accepted: {accepted})",
    "one_client": "give a client department or a client segment, not both",
    "no_client": "no client department or segment",
    "one_supplier": "give a supplier department or a supplier personnel number, not both",
    "unknown_client_department": "unknown department {value!r}",
    "unknown_segment": "unknown segment {value!r}",
    "unknown_supplier_department": "unknown department {value!r}",
    "unknown_supplier": "no employee with personnel number {value!r}",
    "inactive_supplier": "employee {value!r} is not active",
    "duplicate_link": "the same client and supplier as line {first_line}",
})

# (client department id, client segment id): exactly one is set.
ClientKey = tuple[int | None, int | None]
# (supplier department id, supplier employee id): exactly one is set.
SupplierKey = tuple[int | None, int | None]


@dataclass(frozen=True)
class LinkRow:
    line: int
    client: ClientKey
    supplier: SupplierKey | None  # None: the client's list is emptied


@dataclass(frozen=True)
class LinksSummary:
    rows: int
    clients: int     # client departments and segments whose list the file replaced
    created: int
    removed: int
    unchanged: int

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _accepted(columns: Sequence[str]) -> str:
    return ", ".join(sorted({spelling for c in columns for spelling in (c, *COLUMNS[c])}))


def validate_links(table: CsvTable, session: Session) -> tuple[list[LinkRow], list[RowError]]:
    """Every check against the file and the database; writes nothing."""
    errors: list[RowError] = []
    for columns, code in ((CLIENT_COLUMNS, "no_client_column"),
                          (SUPPLIER_COLUMNS, "no_supplier_column")):
        if not any(c in table.headers for c in columns):
            errors.append(RowError(table.header_line, None, code,
                                   {"accepted": _accepted(columns)}))
    if errors:
        return [], errors
    departments, segments = department_index(session), segment_index(session)
    people = {no: (emp_id, active) for emp_id, no, active in session.execute(
        select(Employee.id, Employee.personnel_no, Employee.active))}
    seen: dict[tuple[ClientKey, SupplierKey | None], int] = {}
    out: list[LinkRow] = []
    for row in table.rows:
        line, bad = row.line, False
        for column in COLUMNS:
            if len(row.get(column)) > MAX_LENGTH:
                errors.append(RowError(line, column, "too_long",
                                       {"max": MAX_LENGTH, "length": len(row.get(column))}))
                bad = True
        client_dep, client_seg = row.get("client_department"), row.get("client_segment")
        sup_dep, sup_no = row.get("supplier_department"), row.get("supplier_personnel_no")
        client: ClientKey | None = None
        if client_dep and client_seg:
            errors.append(RowError(line, None, "one_client", {}))
        elif client_dep:
            dep_id = departments.get(name_key(client_dep))
            if dep_id is None:
                errors.append(RowError(line, "client_department", "unknown_client_department",
                                       {"value": client_dep}))
            client = (dep_id, None) if dep_id is not None else None
        elif client_seg:
            seg_id = segments.get(name_key(client_seg))
            if seg_id is None:
                errors.append(RowError(line, "client_segment", "unknown_segment",
                                       {"value": client_seg}))
            client = (None, seg_id) if seg_id is not None else None
        else:
            errors.append(RowError(line, None, "no_client", {}))
        supplier: SupplierKey | None = None
        if sup_dep and sup_no:
            errors.append(RowError(line, None, "one_supplier", {}))
            bad = True
        elif sup_dep:
            dep_id = departments.get(name_key(sup_dep))
            if dep_id is None:
                errors.append(RowError(line, "supplier_department",
                                       "unknown_supplier_department", {"value": sup_dep}))
                bad = True
            supplier = (dep_id, None)
        elif sup_no:
            person = people.get(sup_no)
            if person is None or not person[1]:
                errors.append(RowError(line, "supplier_personnel_no",
                                       "unknown_supplier" if person is None
                                       else "inactive_supplier", {"value": sup_no}))
                bad = True
            supplier = (None, person[0]) if person else None
        if client is None or bad:
            continue
        key = (client, supplier)
        if key in seen:
            errors.append(RowError(line, None, "duplicate_link", {"first_line": seen[key]}))
            continue
        seen[key] = line
        out.append(LinkRow(line, client, supplier))
    return out, errors


def apply_links(rows: Sequence[LinkRow], session: Session, *, actor: str = "cli",
                source: str = "") -> LinksSummary:
    """Replace the links of every client the rows name (the caller owns the transaction)."""
    wanted: dict[ClientKey, set[SupplierKey]] = {}
    for row in rows:
        suppliers = wanted.setdefault(row.client, set())
        if row.supplier is not None:
            suppliers.add(row.supplier)
    created = removed = unchanged = 0
    stored: dict[ClientKey, dict[SupplierKey, list[SupplierLink]]] = {}
    for link in session.execute(select(SupplierLink)).scalars():
        # A stored row naming both sides of a client counts under each (the kiosk's OR).
        sides: tuple[ClientKey, ...] = ((link.client_department_id, None),
                                        (None, link.client_segment_id))
        linked: SupplierKey = ((None, link.supplier_employee_id) if link.supplier_employee_id
                               else (link.supplier_department_id, None))
        for side in sides:
            if side in wanted:
                stored.setdefault(side, {}).setdefault(linked, []).append(link)
    gone: dict[int, SupplierLink] = {}
    for client, suppliers in wanted.items():
        have = stored.get(client, {})
        for supplier, links in have.items():
            if supplier in suppliers:
                unchanged += 1
                for extra in links[1:]:  # duplicates a hand-made table may hold
                    gone[extra.id] = extra
            else:
                gone.update((link.id, link) for link in links)
        for supplier in sorted(suppliers - set(have), key=lambda k: (k[0] or 0, k[1] or 0)):
            session.add(SupplierLink(client_department_id=client[0],
                                     client_segment_id=client[1],
                                     supplier_department_id=supplier[0],
                                     supplier_employee_id=supplier[1]))
            created += 1
    for link in gone.values():
        session.delete(link)
    removed = len(gone)
    session.flush()
    summary = LinksSummary(len(rows), len(wanted), created, removed, unchanged)
    audit.record(session, actor=actor, action="supplier_links.import",
                 details={"source": source, **summary.as_dict()})
    log.info("supplier links import from %s: %s", source or "rows", summary)
    return summary


def import_supplier_links(db: Any, source: Path | bytes, *, dry_run: bool = False,
                          actor: str = "cli") -> LinksSummary:
    """Read, validate and (unless ``dry_run``) write; ``ImportFailed`` with every error."""
    return run_import(
        db, source, COLUMNS, (), validate_links,
        lambda rows, session, label: apply_links(rows, session, actor=actor, source=label),
        dry_run=dry_run)
