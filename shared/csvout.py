"""CSV exports that open safely in Excel: UTF-8 with BOM, and no cell can run as a formula.

A Russian file (``language="ru"``) is written as Russian Excel reads a double-clicked CSV:
``;`` between cells and a decimal comma (``2500,5``); with ``,`` and a decimal point it
opens as one column. English keeps ``,`` and the point.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
spreadsheets as a formula (CSV injection, OWASP); such a cell gets a leading apostrophe,
which the spreadsheet shows as plain text. Numbers are written as numbers (a negative
number is data, not a formula), so only text is neutralised.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

__all__ = ["neutralise", "write_csv", "csv_text", "dialect"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(value: Any) -> Any:
    """The cell as it may be written: text that would start a formula gets a ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def dialect(language: str | None) -> tuple[str, str]:
    """(cell separator, decimal mark) of a CSV for a spreadsheet in ``language``."""
    return (";", ",") if language == "ru" else (",", ".")


def _cell(value: Any, decimal: str) -> Any:
    value = neutralise(value)
    if decimal != "." and isinstance(value, float):
        return repr(value).replace(".", decimal)  # a number, never a formula: no apostrophe
    return value


def _write(out: TextIO, header: Sequence[str], rows: Iterable[Sequence[Any]],
           delimiter: str, decimal: str = ".") -> None:
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([_cell(v, decimal) for v in row])


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ",",
             bom: bool = True) -> str:
    """The whole CSV as text (with the BOM first, for Excel)."""
    buf = io.StringIO()
    if bom:
        buf.write(BOM)
    _write(buf, header, rows, delimiter)
    return buf.getvalue()


def write_csv(path: str | os.PathLike[str] | TextIO, header: Sequence[str],
              rows: Iterable[Sequence[Any]], *, delimiter: str = ",", bom: bool = True,
              language: str | None = None) -> None:
    """Write to a file path (UTF-8, BOM) or to an open text stream (e.g. stdout).

    ``language``: the spreadsheet's (``dialect``); it overrides ``delimiter``."""
    decimal = "."
    if language is not None:
        delimiter, decimal = dialect(language)
    if isinstance(path, (str, os.PathLike)):
        with Path(path).open("w", encoding="utf-8", newline="") as fh:
            if bom:
                fh.write(BOM)
            _write(fh, header, rows, delimiter, decimal)
        return
    if bom:
        path.write(BOM)
    _write(path, header, rows, delimiter, decimal)
