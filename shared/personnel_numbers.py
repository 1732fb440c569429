"""Personnel numbers: the configured format, and the numbers Excel mangled on the way.

A personnel number is text: ``00150`` stays ``00150``. It must match
``site.personnel_no_pattern`` in full; whatever the pattern, what a spreadsheet does to a
column of numbers is refused with the line: scientific notation (``1.5E+05``), a float's
``150000.0``, and dropped leading zeros (``150`` beside ``00150``, in the file or already
stored, or shorter than every zero-padded number around it). A directory import runs these
checks (``shared.directory_import``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any

from shared.csvin import RowError, register_messages

__all__ = ["lost_zeros", "personnel_no_problem", "same_but_zeros", "zero_key"]

register_messages({
    "bad_personnel_no": "personnel number {value!r} does not match site.personnel_no_pattern "
                        "({pattern})",
    "excel_number": "{value!r} is a number as Excel or a JSON export writes it (1.5E+05, "
                    "150000.0), not a personnel number: format the column as text and export "
                    "again",
    "unknown_manager_zeros": "unknown manager {manager_no}; {other} differs only in leading "
                             "zeros: did Excel drop them? Format the column as text and export "
                             "again",
    "lost_zeros": "{value} and {other} on line {first_line} differ only in leading zeros: "
                  "did Excel drop them? Format the column as text and export again",
    "lost_zeros_stored": "{value} differs only in leading zeros from {other}, already in the "
                         "directory: did Excel drop them? Format the column as text and export "
                         "again",
    "short_personnel_no": "{value} is shorter than the other numbers with leading zeros "
                          "({width} digits, e.g. {example}): did Excel drop its zeros? Format "
                          "the column as text and export again",
})


# Excel's scientific notation for a long number (1.5E+05, 1,50E+05), and a number that
# went through a float on its way (150000.0: JSON or a script).
_EXCEL_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?[eE][+-]\d+$|^\d+\.0$")


def personnel_no_problem(number: str,
                         pattern: re.Pattern[str]) -> tuple[str, dict[str, Any]] | None:
    """Why ``number`` cannot be a personnel number (code, params), or None."""
    if _EXCEL_NUMBER.match(number):
        return "excel_number", {"value": number}
    if not pattern.fullmatch(number):
        return "bad_personnel_no", {"value": number, "pattern": pattern.pattern}
    return None


def zero_key(number: str) -> str | None:
    """The number without leading zeros, for digit-only numbers (what Excel would keep)."""
    return (number.lstrip("0") or "0") if number.isdigit() else None


def same_but_zeros(number: str, known: Sequence[str]) -> str | None:
    """A known number that differs from ``number`` only in leading zeros, if any."""
    key = zero_key(number)
    if key is None:
        return None
    return next((no for no in known if no != number and zero_key(no) == key), None)


def lost_zeros(people: Sequence[tuple[int, str]], stored: Collection[str]) -> list[RowError]:
    """Excel reads 00150 as the number 150: beside 00150 (in the file or ``stored``) that is
    a second person, and among numbers that all keep their zeros it is one that lost them.
    ``people``: (line, personnel number) of the file's rows."""
    errors: list[RowError] = []
    known = {zero_key(no): no for no in stored if zero_key(no) is not None}
    in_file: dict[str, tuple[str, int]] = {}
    for line, number in people:
        key = zero_key(number)
        if key is None:
            continue
        other = in_file.get(key)
        if other is not None and other[0] != number:
            errors.append(RowError(line, "personnel_no", "lost_zeros", {
                "value": number, "other": other[0], "first_line": other[1]}))
            continue
        in_file.setdefault(key, (number, line))
        twin = known.get(key)
        if number not in stored and twin is not None and twin != number:
            errors.append(RowError(line, "personnel_no", "lost_zeros_stored", {
                "value": number, "other": twin}))
    padded = sorted({no for no in [*stored, *(number for _, number in people)]
                     if no.isdigit() and len(no) > 1 and no.startswith("0")})
    widths = {len(no) for no in padded}
    if len(padded) < 2 or len(widths) != 1:
        return errors  # no fixed width to hold numbers to
    (width,) = widths
    for line, number in people:
        if number.isdigit() and len(number) < width and number not in stored:
            errors.append(RowError(line, "personnel_no", "short_personnel_no", {
                "value": number, "width": width, "example": padded[0]}))
    return errors
