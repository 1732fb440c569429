"""Regulations catalogue import: code, title, link, active; all-or-nothing, errors by line.

Reads through ``shared.csvin`` (UTF-8 with or without BOM, cp1251, ``;`` or ``,``,
Russian or English headers). Rows are matched to stored regulations by code: new codes
are created, known ones updated. Regulations missing from the file are left alone (a
dispute may still point at them); deactivate one with ``active = no``. A regulation's
"needs revision" flag is the disputes' business and is not touched by an import.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from shared import audit
from shared.csvin import (
    FATAL,
    CsvRow,
    ImportFailed,
    RowError,
    check_cell,
    parse_bool,
    read_table,
    register_messages,
)
from shared.db.models import Regulation

log = logging.getLogger(__name__)

COLUMNS: dict[str, set[str]] = {
    "code": {"Код", "Код регламента", "Номер", "Номер регламента", "regulation code"},
    "title": {"Название", "Наименование", "Регламент", "name"},
    "url": {"Ссылка", "link", "URL ссылка", "href", "Адрес"},
    "active": {"Активен", "Активный", "Действует", "Действующий", "enabled"},
}
REQUIRED = ("code", "title")
MAX_LENGTH = {"code": 64, "title": 500, "url": 1000}
_FATAL = FATAL  # the one list, in shared.csvin

register_messages({
    "duplicate_code": "code {code!r} already on line {first_line}",
    "bad_url": "not a web link (http:// or https://): {value!r}",
})


@dataclass(frozen=True)
class RegulationRow:
    line: int
    code: str
    title: str
    url: str | None
    active: bool


@dataclass(frozen=True)
class RegulationsSummary:
    rows: int
    created: int
    updated: int
    unchanged: int

    def as_dict(self) -> dict[str, int]:
        return {"rows": self.rows, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged}


def validate_regulations(rows: list[CsvRow]) -> tuple[list[RegulationRow], list[RowError]]:
    """Check every row; return the clean rows and every error found (nothing stops early)."""
    errors: list[RowError] = []
    clean: list[RegulationRow] = []
    first_line: dict[str, int] = {}
    for row in rows:
        code, title = row.get("code"), row.get("title")
        if not code or not title:
            continue  # "required" is already reported by the reader
        bad = False
        for column, limit in MAX_LENGTH.items():
            if len(row.get(column)) > limit:
                errors.append(RowError(row.line, column, "too_long",
                                       {"max": limit, "length": len(row.get(column))}))
                bad = True
        key = code.casefold()
        if key in first_line:
            errors.append(RowError(row.line, "code", "duplicate_code",
                                   {"code": code, "first_line": first_line[key]}))
            bad = True
        else:
            first_line[key] = row.line
        url = row.get("url") or None
        if url is not None and not url.lower().startswith(("http://", "https://")):
            errors.append(RowError(row.line, "url", "bad_url", {"value": url}))
            bad = True
        active = check_cell(errors, row.line, "active", row.get("active"),
                            lambda v: parse_bool(v, empty=True), "bad_bool")
        if active is None or bad:
            continue
        clean.append(RegulationRow(row.line, code, title, url, active))
    return clean, errors


def import_regulations(db: Any, source: Path | bytes, *, dry_run: bool = False,
                       actor: str = "cli") -> RegulationsSummary:
    """Read, validate and (unless ``dry_run``) write; ``ImportFailed`` with every error."""
    table = read_table(source, COLUMNS, REQUIRED)
    if any(e.code in _FATAL for e in table.errors):
        raise ImportFailed(table.errors)
    clean, errors = validate_regulations(table.rows)
    if table.errors or errors:
        raise ImportFailed([*table.errors, *errors])
    name = source.name if isinstance(source, Path) else "<bytes>"
    session_scope = db.read if dry_run else db.write  # a read session rolls everything back
    with session_scope() as session:
        stored = {r.code: r for r in session.execute(select(Regulation)).scalars()}
        created = updated = unchanged = 0
        for row in clean:
            regulation = stored.get(row.code)
            if regulation is None:
                session.add(Regulation(code=row.code, title=row.title, url=row.url,
                                       active=row.active, needs_revision=False))
                created += 1
            elif (regulation.title, regulation.url, regulation.active) != \
                    (row.title, row.url, row.active):
                regulation.title, regulation.url, regulation.active = row.title, row.url, \
                    row.active
                updated += 1
            else:
                unchanged += 1
        summary = RegulationsSummary(len(clean), created, updated, unchanged)
        session.flush()
        audit.record(session, actor=actor, action="import.regulations",
                     details={"source": f"{name} ({table.encoding}, {table.delimiter!r})",
                              **summary.as_dict()})
    log.info("regulations import %s: %s", name, summary)
    return summary
