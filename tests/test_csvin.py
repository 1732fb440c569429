"""The CSV reader every importer uses: encodings, delimiters, aliases, line numbers, helpers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from shared.csvin import (
    ImportFailed,
    RowError,
    detect_delimiter,
    format_error,
    format_errors,
    parse_bool,
    parse_decimal,
    parse_float,
    parse_month,
    read_table,
    register_messages,
    table_from_records,
)

SAMPLES = Path(__file__).parent / "samples"

DIRECTORY = {
    "personnel_no": {"Табельный номер", "tab no"},
    "full_name": {"ФИО"},
    "department": {"Подразделение"},
    "manager_no": {"Табельный номер руководителя"},
    "badge": {"Пропуск"},
    "language": {"Язык"},
}


def test_utf8_bom_comma_sample() -> None:
    table = read_table(SAMPLES / "directory_utf8_bom_comma.csv", DIRECTORY,
                       required=["personnel_no", "full_name"])
    assert table.errors == []
    assert table.encoding == "utf-8-sig"
    assert table.delimiter == ","
    assert len(table.rows) == 14
    first = table.rows[0]
    assert first.line == 2
    assert first.values["personnel_no"] == "0001"
    assert first.values["full_name"] == "Белов Андрей Викторович"
    assert table.rows[-1].line == 15
    assert "role" in table.unknown_headers


def test_cp1251_semicolon_crlf_russian_headers_sample() -> None:
    raw = (SAMPLES / "directory_cp1251_semicolon.csv").read_bytes()
    assert b"\r\n" in raw
    table = read_table(raw, DIRECTORY, required=["personnel_no", "full_name", "department"])
    assert table.errors == []
    assert table.encoding == "cp1251"
    assert table.delimiter == ";"
    assert table.headers["personnel_no"] == "Табельный номер"
    assert table.headers["manager_no"] == "Табельный номер руководителя"
    by_no = {r.values["personnel_no"]: r for r in table.rows}
    assert by_no["0100"].values["department"] == "Цех №1 (трубоэлектросварочный)"
    assert by_no["0501"].values["badge"] == ""
    assert by_no["0301"].values["language"] == "en"
    assert all(not v.endswith("\r") for r in table.rows for v in r.values.values())


def test_utf8_without_bom_and_lf() -> None:
    table = read_table("ФИО,Табельный номер\nИванов И.И.,7\n".encode(), DIRECTORY, ["full_name"])
    assert table.encoding == "utf-8"
    assert table.rows[0].values == {"full_name": "Иванов И.И.", "personnel_no": "7"}


def test_headers_match_case_spacing_and_yo_insensitively() -> None:
    data = "  ТАБЕЛЬНЫЙ   номер ;Full_Name\n1;A\n".encode()
    table = read_table(data, DIRECTORY, ["personnel_no", "full_name"])
    assert table.errors == []
    assert table.rows[0].values == {"personnel_no": "1", "full_name": "A"}


def test_missing_required_column_is_named() -> None:
    table = read_table(b"personnel_no,department\n1,X\n", DIRECTORY,
                       ["personnel_no", "full_name"])
    got = [(e.line, e.column, e.code) for e in table.errors]
    assert got == [(1, "full_name", "missing_column")]
    assert "ФИО" in table.errors[0].params["accepted"]
    assert format_error(table.errors[0]).startswith("line 1: full_name: required column missing")


def test_delimiter_counted_outside_quotes() -> None:
    assert detect_delimiter('"a;b;c;d",x,y') == ","
    assert detect_delimiter('a;"b,c,d,e";f') == ";"
    assert detect_delimiter("a\tb\tc") == "\t"
    assert detect_delimiter("single") == ","


def test_quoted_multiline_values_keep_physical_line_numbers() -> None:
    data = ('personnel_no;full_name\n'
            '\n'
            '1;"Иванов\nИван"\n'
            '2;"Петров; Пётр"\n').encode()
    table = read_table(data, DIRECTORY, ["personnel_no", "full_name"])
    assert table.errors == []
    assert [(r.line, r.values["full_name"]) for r in table.rows] == [
        (3, "Иванов\nИван"), (5, "Петров; Пётр")]


def test_errors_are_collected_not_raised() -> None:
    data = b"personnel_no,full_name\n1,A\n2\n,B\n3,C,,\n4,D,x\n"
    table = read_table(data, DIRECTORY, ["personnel_no", "full_name"])
    got = [(e.line, e.column, e.code) for e in table.errors]
    assert got == [(3, None, "field_count"), (4, "personnel_no", "required"),
                   (6, None, "field_count")]
    assert [r.line for r in table.rows] == [2, 4, 5]
    with pytest.raises(ImportFailed) as info:
        table.raise_if_errors()
    assert len(info.value.errors) == 3


def test_too_long_values_flagged() -> None:
    table = read_table(b"personnel_no,full_name\n1,ABCDEF\n", DIRECTORY, ["full_name"],
                       max_length=5)
    assert [(e.line, e.column, e.code) for e in table.errors] == [(2, "full_name", "too_long")]


def test_duplicate_column_and_empty_file() -> None:
    table = read_table("ФИО,full name\nA,B\n".encode(), DIRECTORY, ["full_name"])
    assert [e.code for e in table.errors] == ["duplicate_column"]
    empty = read_table(b"\n\n", DIRECTORY, ["full_name"])
    assert [e.code for e in empty.errors] == ["empty_file"]


def test_undecodable_bytes_are_an_error() -> None:
    # 0x98 is undefined in cp1251 and invalid as a UTF-8 start byte.
    table = read_table(b"full_name\n\x98\x98\n", DIRECTORY, ["full_name"])
    assert [e.code for e in table.errors] == ["encoding"]


def test_table_from_records_uses_the_same_aliases() -> None:
    records = [{"Табельный номер": 5, "ФИО": " Иванов "}, {"full_name": None}, "junk"]
    table = table_from_records(records, DIRECTORY, ["personnel_no", "full_name"])
    assert table.rows[0].values == {"personnel_no": "5", "full_name": "Иванов"}
    got = [(e.line, e.column, e.code) for e in table.errors]
    assert sorted(got, key=str) == [(2, "full_name", "required"), (2, "personnel_no", "required"),
                                    (3, None, "not_an_object")]


def test_formatter_and_registered_messages() -> None:
    register_messages({"unknown_manager_test": "unknown manager {manager_no}"})
    err = RowError(7, "manager_no", "unknown_manager_test", {"manager_no": "0999"})
    assert format_error(err) == "line 7: manager_no: unknown manager 0999"
    assert format_error(RowError(3, None, "no_such_code", {"x": 1})) == "line 3: no_such_code (x=1)"
    assert format_errors([err, RowError(2, None, "required", {})])[0].startswith("line 2")


@pytest.mark.parametrize("text, value", [("94,25", Decimal("94.25")), ("94.25", Decimal("94.25")),
                                         ("-3", Decimal(-3)), ("1 234,5", Decimal("1234.5")),
                                         ("1\u00a0000", Decimal(1000)), (",5", Decimal("0.5"))])
def test_parse_decimal(text: str, value: Decimal) -> None:
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "12 34", "1.2.3", "-", "1e5"])
def test_parse_decimal_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_decimal(text)
    assert parse_float("1,5") == 1.5


def test_parse_bool() -> None:
    for yes in ("yes", "Да", "TRUE", "1", "y"):
        assert parse_bool(yes) is True
    for no in ("no", "нет", "False", "0", "Н"):
        assert parse_bool(no) is False
    assert parse_bool("", empty=True) is True
    with pytest.raises(ValueError):
        parse_bool("maybe")
    with pytest.raises(ValueError):
        parse_bool("")


def test_parse_month() -> None:
    assert parse_month("2026-01") == "2026-01"
    assert parse_month("2026-1") == "2026-01"
    assert parse_month("03.2026") == "2026-03"
    for bad in ("2026-13", "2026", "январь 2026", "26-01", ""):
        with pytest.raises(ValueError):
            parse_month(bad)
