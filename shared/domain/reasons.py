"""Reason tags (the kiosk's chips): import them from CSV and list them for an admin.

The initiative map creates a segment's "must improve" tags (``init-...`` codes, owned by
``pulse import initiatives``); this file adds everything else: praise chips, company-wide
chips (empty segment: shown to every segment), and chips a segment wants beyond its map.
A fresh database starts with ten company-wide defaults (migration ``0005_default_reason_tags``,
codes ``std-...``).

Import rules (``shared.csvin``: UTF-8 with or without BOM or cp1251, ``;`` or ``,``,
Russian or English headers; every row validated, all-or-nothing, errors by line,
audit-logged):

* Rows are matched to stored tags by code: new codes are created, known ones updated.
  Tags missing from the file are left alone (past ratings cite them); retire one with
  ``active = no``. An empty code is derived from segment, polarity and Russian label
  (``tag-<slug>-<hash>``), so re-importing the same file finds the same tags.
* The segment must exist (name in Russian or English, case and spacing ignored); empty
  means company-wide.
* A tag's polarity never changes (its past citations would change meaning): give the new
  meaning a new code. ``init-`` codes belong to the initiative map and are refused.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.csvin import CsvRow, RowError, check_cell, parse_bool, register_messages, run_import
from shared.db.models import ReasonTag, Segment
from shared.domain.initiatives import ImportSummary, name_key
from shared.translit import transliterate

log = logging.getLogger(__name__)

COLUMNS = {
    "code": ("Код", "Код причины", "tag code", "reason code"),
    "segment": ("Сегмент", "Сегмент клиента", "client segment"),
    "polarity": ("Тип", "Полярность", "Вид", "kind", "type"),
    "label_ru": ("Текст", "Текст (рус)", "Надпись", "Название", "label", "label (ru)"),
    "label_en": ("Текст (англ)", "Надпись (англ)", "Название (англ)", "label (en)"),
    "active": ("Активен", "Активна", "Действует", "enabled"),
}
REQUIRED = ("polarity", "label_ru")
LIMITS = {"code": 64, "segment": 200, "label_ru": 200, "label_en": 200}
POLARITIES = {"negative": "negative", "improve": "negative", "-": "negative",
              "улучшить": "negative", "негатив": "negative", "негативная": "negative",
              "плохо": "negative", "positive": "positive", "praise": "positive",
              "+": "positive", "похвала": "positive", "позитив": "positive",
              "позитивная": "positive", "хорошо": "positive"}
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

register_messages({
    "bad_polarity": "must be negative (improve) or positive (praise), not {value!r}",
    "bad_code": "a code is Latin letters, digits, '.', '_' or '-': {value!r}",
    "map_code": "code {value!r} belongs to the initiative map (pulse import initiatives)",
    "unknown_segment": "unknown segment {value!r}",
    "duplicate_tag_code": "code {code!r} already on line {first_line}",
    "polarity_changed": "tag {code!r} is {stored}: a tag's polarity cannot change (past "
                        "ratings cite it); use a new code",
})


def derived_code(segment: str, polarity: str, label_ru: str) -> str:
    """The code of a row without one: deterministic, fits the 64-character column."""
    key = f"{name_key(segment)}|{polarity}|{name_key(label_ru)}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:8]
    slug = re.sub(r"[^a-z0-9]+", "-", transliterate(label_ru).lower()).strip("-")[:46]
    return f"tag-{slug.rstrip('-')}-{digest}" if slug else f"tag-{digest}"


@dataclass(frozen=True)
class ReasonRow:
    line: int
    code: str
    segment_id: int | None
    polarity: str
    label_ru: str
    label_en: str
    active: bool


def segment_index(session: Session) -> dict[str, int]:
    """Segments by name and English name (as ``name_key`` compares them)."""
    index: dict[str, int] = {}
    for seg_id, name, name_en in session.execute(select(Segment.id, Segment.name,
                                                        Segment.name_en)):
        if name_en:
            index.setdefault(name_key(name_en), seg_id)
        index[name_key(name)] = seg_id
    return index


def validate_reasons(rows: Sequence[CsvRow], session: Session
                     ) -> tuple[list[ReasonRow], list[RowError]]:
    """Every check against the file and the database; writes nothing."""
    errors: list[RowError] = []
    segments = segment_index(session)
    stored = {code: polarity for code, polarity in session.execute(
        select(ReasonTag.code, ReasonTag.polarity))}
    first_line: dict[str, int] = {}
    out: list[ReasonRow] = []
    for row in rows:
        line, bad = row.line, False
        for column, limit in LIMITS.items():
            if len(row.get(column)) > limit:
                errors.append(RowError(line, column, "too_long",
                                       {"max": limit, "length": len(row.get(column))}))
                bad = True
        label_ru, raw_polarity = row.get("label_ru"), row.get("polarity")
        polarity = POLARITIES.get(raw_polarity.casefold())
        if raw_polarity and polarity is None:
            errors.append(RowError(line, "polarity", "bad_polarity", {"value": raw_polarity}))
        segment = " ".join(row.get("segment").split())
        segment_id = segments.get(name_key(segment)) if segment else None
        if segment and segment_id is None:
            errors.append(RowError(line, "segment", "unknown_segment", {"value": segment}))
            bad = True
        active = check_cell(errors, line, "active", row.get("active"),
                            lambda v: parse_bool(v, empty=True), "bad_bool")
        if not label_ru or polarity is None or active is None or bad:
            continue  # reported above (or by csvin: a required value missing)
        code = row.get("code") or derived_code(segment, polarity, label_ru)
        if not _CODE.match(code):
            errors.append(RowError(line, "code", "bad_code", {"value": code}))
            continue
        if code.startswith("init-"):
            errors.append(RowError(line, "code", "map_code", {"value": code}))
            continue
        if code in first_line:
            errors.append(RowError(line, "code", "duplicate_tag_code",
                                   {"code": code, "first_line": first_line[code]}))
            continue
        first_line[code] = line
        if stored.get(code, polarity) != polarity:
            errors.append(RowError(line, "polarity", "polarity_changed",
                                   {"code": code, "stored": stored[code]}))
            continue
        out.append(ReasonRow(line, code, segment_id, polarity, label_ru,
                             row.get("label_en") or transliterate(label_ru), active))
    return out, errors


def apply_reasons(rows: Sequence[ReasonRow], session: Session, *, actor: str = "cli",
                  source: str = "") -> ImportSummary:
    """Write validated tags (the caller owns the transaction)."""
    stored = {t.code: t for t in session.execute(
        select(ReasonTag).where(ReasonTag.code.in_([r.code for r in rows]))).scalars()}
    created = updated = unchanged = 0
    for row in rows:
        values = dict(segment_id=row.segment_id, polarity=row.polarity, label_ru=row.label_ru,
                      label_en=row.label_en, active=row.active)
        tag = stored.get(row.code)
        if tag is None:
            session.add(ReasonTag(code=row.code, **values))
            created += 1
        elif any(getattr(tag, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(tag, k, v)
            updated += 1
        else:
            unchanged += 1
    session.flush()
    return ImportSummary(len(rows), created, updated, unchanged).report(
        session, actor=actor, action="reasons.import", source=source, what="reason tags",
        logger=log)


def import_reasons(db: Any, source: Path | bytes, *, dry_run: bool = False,
                   actor: str = "cli") -> ImportSummary:
    """Read, validate and (unless ``dry_run``) write reason tags; ``ImportFailed`` on errors."""
    return run_import(
        db, source, COLUMNS, REQUIRED,
        lambda table, session: validate_reasons(table.rows, session),
        lambda rows, session, label: apply_reasons(rows, session, actor=actor, source=label),
        dry_run=dry_run)


# --- listing -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReasonListing:
    code: str
    segment: str | None  # None = company-wide
    polarity: str
    label_ru: str
    label_en: str
    active: bool


def list_reasons(session: Session, *, segment_id: int | None = None,
                 include_inactive: bool = False) -> list[ReasonListing]:
    """Tags by segment (company-wide first), polarity and code; with ``segment_id`` the ones
    the kiosk offers that segment's people: its own and the company-wide tags."""
    q = (select(ReasonTag.code, Segment.name, ReasonTag.polarity, ReasonTag.label_ru,
                ReasonTag.label_en, ReasonTag.active)
         .outerjoin(Segment, Segment.id == ReasonTag.segment_id))
    if segment_id is not None:
        q = q.where((ReasonTag.segment_id == segment_id) | ReasonTag.segment_id.is_(None))
    if not include_inactive:
        q = q.where(ReasonTag.active.is_(True))
    rows = [ReasonListing(*r) for r in session.execute(q)]
    return sorted(rows, key=lambda r: (r.segment is not None, r.segment or "", r.polarity,
                                       r.code))
