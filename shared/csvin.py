"""CSV input as HR systems export it: encoding, delimiter, header aliases, line-numbered errors.

Every importer (directory, regulations, initiative map, KPIs) reads its file through
``read_table``: it decodes UTF-8 (with or without BOM) strictly and falls back to
cp1251, picks the delimiter by counting candidates outside quotes in the header line,
maps header spellings (Russian or English, any case and spacing) to canonical column
names, and returns every row with its physical line number. Problems are collected as
``RowError`` (line, column, code, params) instead of raising on the first one, so an
import can report all of them at once; ``format_error`` turns one into a line for a
person (``line 7: manager_no: unknown manager 0999``).

Records fetched as JSON (a REST pull of the directory) go through ``table_from_records``
and come out in the same shape, so one validator serves both. Both refuse text garbled by a
wrong encoding and values with control or invisible characters (``shared.textcheck``).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from shared.plurals import counted
from shared.textcheck import clean_cell, garbled_text

__all__ = [
    "CsvRow", "CsvTable", "ImportFailed", "RowError", "MESSAGES", "check_cell", "decode_text",
    "detect_delimiter",
    "format_error", "format_errors", "normalize_header", "parse_bool", "parse_decimal",
    "parse_float", "parse_month", "read_table", "register_messages", "run_import",
    "table_from_records", "FATAL",
]

DELIMITERS = (";", ",", "\t")
# Errors after which the rows cannot be validated (no usable header or text).
FATAL = frozenset({"encoding", "mojibake", "empty_file", "no_header", "missing_column",
                   "duplicate_column", "csv_syntax"})
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class RowError:
    """One problem: physical line (0 = the whole file), canonical column or None, code, params."""

    line: int
    column: str | None
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CsvRow:
    """One data row: its first physical line and its values by canonical column name."""

    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass
class CsvTable:
    rows: list[CsvRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str = ","
    header_line: int = 1
    # Canonical name -> the header spelling found in the file.
    headers: dict[str, str] = field(default_factory=dict)
    # Header cells that matched no known column (reported, not an error).
    unknown_headers: list[str] = field(default_factory=list)

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ImportFailed(self.errors)


class ImportFailed(Exception):
    """An import rejected as a whole; carries every error found."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.line, e.column or ""))
        super().__init__(f"{counted(len(self.errors), 'error')}; first: "
                         f"{format_error(self.errors[0]) if self.errors else '-'}")


# --- messages (the command line's words; the apps translate the codes themselves) ----------

MESSAGES: dict[str, str] = {
    "empty_file": "the file is empty",
    "encoding": "cannot decode the file as UTF-8 or cp1251",
    "no_header": "no header line",
    "missing_column": "required column missing (accepted headers: {accepted})",
    "duplicate_column": "two columns mean the same thing: {first!r} and {second!r}",
    "field_count": "{got} fields, the header has {expected}",
    "csv_syntax": "malformed CSV: {detail}",
    "required": "value required",
    "too_long": "longer than {max} characters ({length})",
    "bad_number": "not a number: {value!r}",
    "bad_bool": "not yes/no: {value!r}",
    "bad_month": "not a month (YYYY-MM): {value!r}",
    "hidden_char": "contains the invisible or control character {char} ({name}) at position "
                   "{position}: retype the value",
    "mojibake": "the text is garbled by a wrong encoding ({detail}), e.g. {sample!r}; "
                "save the file as UTF-8 and import it again",
    "not_an_object": "record is not an object",
    "would_remove_all": "no rows: importing it would remove all {count} {what}; check the "
                        "export, or pass --force if that is what you mean",
}


def register_messages(messages: Mapping[str, str]) -> None:
    """Importers add the words for their own codes (str.format templates over the params)."""
    MESSAGES.update(messages)


def format_error(error: RowError) -> str:
    template = MESSAGES.get(error.code)
    try:
        text = template.format(**error.params) if template else None
    except (KeyError, IndexError, ValueError):
        text = None
    if text is None:
        params = ", ".join(f"{k}={v!r}" for k, v in error.params.items())
        text = f"{error.code} ({params})" if params else error.code
    where = f"line {error.line}" if error.line else "file"
    return f"{where}: {error.column}: {text}" if error.column else f"{where}: {text}"


def format_errors(errors: Iterable[RowError], *, limit: int | None = None) -> list[str]:
    """The errors by line, one line each; beyond ``limit`` the rest are one count line
    (a file of 5,000 bad rows is read in its first screen, not scrolled past)."""
    ordered = sorted(errors, key=lambda e: (e.line, e.column or ""))
    if limit is None or len(ordered) <= limit:
        return [format_error(e) for e in ordered]
    rest = len(ordered) - limit
    return [*(format_error(e) for e in ordered[:limit]),
            f"... and {rest} more error{'' if rest == 1 else 's'}"]


# --- decoding and dialect -----------------------------------------------------------------

def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding): strict UTF-8 (BOM stripped) first, then cp1251; ValueError if neither."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251"), "cp1251"
    except UnicodeDecodeError as exc:
        raise ValueError(f"neither UTF-8 nor cp1251 (byte {exc.start})") from None


def _clean_values(line: int, values: dict[str, str], errors: list[RowError]) -> dict[str, str]:
    for name, value in values.items():
        cleaned, refused = clean_cell(value)
        if refused is None:
            values[name] = cleaned
            continue
        position, ch = refused
        errors.append(RowError(line, name, "hidden_char", {
            "char": f"U+{ord(ch):04X}", "position": position,
            "name": unicodedata.name(ch, "control character")}))
    return values


def detect_delimiter(header_line: str) -> str:
    """The candidate that occurs most often outside double quotes in the header line."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties: the earlier one (";" before ",")
    return best if counts[best] else ","


def normalize_header(text: str) -> str:
    """Case, spacing, 'ё' and stray quotes/BOMs do not matter in a header."""
    text = text.replace("\ufeff", "").strip().strip('"').strip()
    text = text.casefold().replace("ё", "е")
    return re.sub(r"[\s_]+", " ", text)


def _alias_index(columns: Mapping[str, Collection[str]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, aliases in columns.items():
        for spelling in (canonical, *aliases):
            index[normalize_header(spelling)] = canonical
    return index


def _first_content_line(text: str) -> tuple[int, str]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            return number, line
    return 0, ""


def read_table(source: Path | str | bytes, columns: Mapping[str, Collection[str]],
               required: Collection[str] = (), *, max_length: int | None = None) -> CsvTable:
    """Read a CSV file (path or bytes) into canonical rows, collecting every problem.

    ``columns`` maps each canonical name to its accepted header spellings (the canonical
    name itself is always accepted). A missing required column is an error naming it;
    unknown columns are ignored (listed in ``unknown_headers``). Values are stripped of
    surrounding whitespace. ``max_length`` (optional) flags over-long values.
    """
    data = Path(source).read_bytes() if isinstance(source, (Path, str)) else source
    table = CsvTable()
    try:
        text, table.encoding = decode_text(data)
    except ValueError as exc:
        table.errors.append(RowError(0, None, "encoding", {"detail": str(exc)}))
        return table
    garbled = garbled_text(text, table.encoding)
    if garbled is not None:
        table.errors.append(RowError(garbled.line, None, "mojibake", garbled.params))
        return table
    header_no, header_text = _first_content_line(text)
    if not header_no:
        table.errors.append(RowError(0, None, "empty_file", {}))
        return table
    table.header_line = header_no
    table.delimiter = detect_delimiter(header_text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=table.delimiter, strict=True)
    try:
        _consume(reader, table, columns, required, max_length)
    except csv.Error as exc:
        table.errors.append(RowError(reader.line_num + 1, None, "csv_syntax", {"detail": str(exc)}))
    return table


def _map_header(cells: Sequence[str], columns: Mapping[str, Collection[str]],
                required: Collection[str], table: CsvTable) -> dict[int, str]:
    aliases = _alias_index(columns)
    positions: dict[int, str] = {}
    for pos, cell in enumerate(cells):
        canonical = aliases.get(normalize_header(cell))
        if canonical is None:
            if cell.strip():
                table.unknown_headers.append(cell.strip())
            continue
        if canonical in table.headers:
            params = {"first": table.headers[canonical], "second": cell.strip()}
            table.errors.append(RowError(table.header_line, canonical, "duplicate_column", params))
            continue
        table.headers[canonical] = cell.strip()
        positions[pos] = canonical
    for name in required:
        if name not in table.headers:
            accepted = ", ".join(sorted({name, *columns.get(name, ())}))
            table.errors.append(RowError(table.header_line, name, "missing_column",
                                         {"accepted": accepted}))
    return positions


def _consume(reader: Any, table: CsvTable, columns: Mapping[str, Collection[str]],
             required: Collection[str], max_length: int | None) -> None:
    positions: dict[int, str] | None = None
    width = 0
    last_line = 0
    for cells in reader:
        start, last_line = last_line + 1, reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue  # blank lines (and lines of empty fields) carry nothing
        if positions is None:
            table.header_line = start
            positions = _map_header(cells, columns, required, table)
            width = len(cells)
            if any(e.code == "missing_column" for e in table.errors):
                return  # rows cannot be read against a header that lacks a required column
            continue
        if len(cells) > width and not any(c.strip() for c in cells[width:]):
            cells = cells[:width]  # trailing empty fields, as spreadsheets write them
        if len(cells) != width:
            table.errors.append(RowError(start, None, "field_count",
                                         {"got": len(cells), "expected": width}))
            continue
        values = _clean_values(start, {name: cells[pos].strip()
                                       for pos, name in positions.items()}, table.errors)
        _check_values(start, values, required, max_length, table.errors)
        table.rows.append(CsvRow(start, values))
    if positions is None:
        table.errors.append(RowError(0, None, "no_header", {}))


def _check_values(line: int, values: Mapping[str, str], required: Collection[str],
                  max_length: int | None, errors: list[RowError]) -> None:
    for name in required:
        if not values.get(name):
            errors.append(RowError(line, name, "required", {}))
    if max_length is not None:
        for name, value in values.items():
            if len(value) > max_length:
                errors.append(RowError(line, name, "too_long",
                                       {"max": max_length, "length": len(value)}))


def table_from_records(records: Iterable[Any], columns: Mapping[str, Collection[str]],
                       required: Collection[str] = (), *, first_line: int = 1,
                       max_length: int | None = None) -> CsvTable:
    """JSON-like records (dicts) into the same shape as a CSV: line = record number.

    Keys are matched through the same aliases; values become stripped strings (None -> "").
    A missing required key is reported per record, since records need not share keys.
    """
    table = CsvTable(encoding="json", delimiter="", header_line=0)
    aliases = _alias_index(columns)
    for number, record in enumerate(records, start=first_line):
        if not isinstance(record, Mapping):
            table.errors.append(RowError(number, None, "not_an_object", {}))
            continue
        values: dict[str, str] = {}
        for key, raw in record.items():
            canonical = aliases.get(normalize_header(str(key)))
            if canonical is None:
                continue
            values[canonical] = "" if raw is None else str(raw).strip()
        # JSON is UTF-8 by definition, but its text may have been garbled before it was
        # served (a name once read as cp1251 and saved again): the same check as a file's.
        garbled = garbled_text(" ".join(values.values()), "utf-8")
        if garbled is not None:
            table.errors.append(RowError(number, None, "mojibake", garbled.params))
            continue
        _clean_values(number, values, table.errors)
        _check_values(number, values, required, max_length, table.errors)
        table.rows.append(CsvRow(number, values))
    return table


# --- value helpers ------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}(?:[ \u00a0\u202f']\d{3})+)?(?:[.,]\d+)?$")


def parse_decimal(text: str) -> Decimal:
    """'94,25', '94.25', '1 234,5', '-3' -> Decimal; ValueError otherwise."""
    value = text.strip()
    if not value or not _NUMBER.match(value) or not any(ch.isdigit() for ch in value):
        raise ValueError(f"not a number: {text!r}")
    value = re.sub(r"[ \u00a0\u202f']", "", value).replace(",", ".")
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None


def parse_float(text: str) -> float:
    return float(parse_decimal(text))


_TRUE = {"yes", "y", "true", "1", "да", "д", "+", "on", "истина"}
_FALSE = {"no", "n", "false", "0", "нет", "н", "-", "off", "ложь"}


def parse_bool(text: str, *, empty: bool | None = None) -> bool:
    """yes/no, да/нет, true/false, 1/0 (any case); an empty value gives ``empty`` if set."""
    value = text.strip().casefold()
    if not value and empty is not None:
        return empty
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"not yes/no: {text!r}")


_MONTH_ISO = re.compile(r"^(\d{4})[-./](\d{1,2})$")
_MONTH_RU = re.compile(r"^(\d{1,2})[./-](\d{4})$")


def parse_month(text: str) -> str:
    """'2026-01' (also '2026-1', '01.2026') -> '2026-01'; ValueError otherwise."""
    value = text.strip()
    if m := _MONTH_ISO.match(value):
        year, month = int(m.group(1)), int(m.group(2))
    elif m := _MONTH_RU.match(value):
        month, year = int(m.group(1)), int(m.group(2))
    else:
        raise ValueError(f"not a month: {text!r}")
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        raise ValueError(f"not a month: {text!r}")
    return f"{year:04d}-{month:02d}"


def check_cell(errors: list[RowError], line: int, column: str, value: str,
               parse: Callable[[str], Any], code: str) -> Any:
    """Parse one value; on ValueError append ``code`` for that cell and return None."""
    try:
        return parse(value)
    except ValueError:
        errors.append(RowError(line, column, code, {"value": value}))
        return None


# --- the skeleton of an all-or-nothing import ------------------------------------------------

_Row = TypeVar("_Row")
_Summary = TypeVar("_Summary")


def run_import(db: Any, source: Path | bytes, columns: Mapping[str, Collection[str]],
               required: Collection[str],
               validate: Callable[[CsvTable, Any], tuple[Sequence[_Row], Sequence[RowError]]],
               apply: Callable[[Sequence[_Row], Any, str], _Summary], *,
               dry_run: bool = False, stored: Callable[[Any], int] | None = None,
               what: str = "", force: bool = False) -> _Summary:
    """Read ``source``, validate every row against the file and the database, and (unless
    ``dry_run``) write them in one transaction; ``ImportFailed`` with every error found.

    ``validate(table, session)`` returns the clean rows and the errors and writes nothing;
    ``apply(rows, session, source_label)`` writes them and returns the summary (the label
    names the file, its encoding and delimiter, for the audit log). A dry run goes through
    the same steps in a read session, which rolls everything back.

    A file that *replaces* what is stored passes ``stored(session)``, the count of what it
    would replace: a file without rows (a header alone, an export that came out empty)
    would remove all of it, which is refused (``would_remove_all``) unless ``force``.
    """
    table = read_table(source, columns, required)
    if any(e.code in FATAL for e in table.errors):
        raise ImportFailed(table.errors)  # no header to validate the rows against
    name = source.name if isinstance(source, Path) else "<bytes>"
    scope = db.read if dry_run else db.write
    with scope() as session:
        rows, errors = validate(table, session)
        if stored is not None and not table.rows and not force:
            count = stored(session)
            if count:
                errors = [*errors, RowError(0, None, "would_remove_all",
                                            {"count": count, "what": what})]
        if table.errors or errors:
            raise ImportFailed([*table.errors, *errors])
        return apply(rows, session, f"{name} ({table.encoding}, {table.delimiter!r})")
