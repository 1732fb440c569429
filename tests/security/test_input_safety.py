"""Loud, safe defaults (issue 22, point 5): each silent-damage input of the attack run, refused
with one clear line and nothing written, on SQLite and PostgreSQL where data is touched."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from shared.cli import main
from shared.config import Config, ConfigError, WebhookConfig, load_config
from shared.csvin import ImportFailed, RowError, format_errors, read_table, table_from_records
from shared.db import Database
from shared.db.models import Delivery, Employee, Initiative, Nudge
from shared.directory_import import COLUMNS, REQUIRED, import_directory
from shared.domain.initiatives import import_initiatives
from shared.integrations.webhooks import (
    drain_deliveries,
    enqueue_deliveries,
    legacy_webhook_name,
    webhook_name,
)
from tests.conftest import TEST_SECRET
from tests.offline_support import seed_directory

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
HEADER = "personnel_no,full_name,department"


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pulse.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _people(db: Database) -> dict[str, str]:
    with db.read() as s:
        return dict(s.execute(select(Employee.personnel_no, Employee.full_name)).all())


def _codes(info: pytest.ExceptionInfo[ImportFailed]) -> list[tuple[int, str | None, str]]:
    return [(e.line, e.column, e.code) for e in info.value.errors]


# --- configuration: NaN and infinity -------------------------------------------------------

@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+nan"])
def test_non_finite_numbers_are_refused_in_the_file(tmp_path: Path, value: str) -> None:
    path = _toml(tmp_path, f"[rating]\ncooldown_hours = {value}\n")
    with pytest.raises(ConfigError) as err:
        load_config(path, env={})
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"{path}: rating.cooldown_hours: ")
    assert "use a finite number" in message


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-Infinity"])
def test_non_finite_numbers_are_refused_from_the_environment(value: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(env={"PULSE__ALERTS__LOW_SHARE": value})
    assert str(err.value).startswith("environment PULSE__ALERTS__LOW_SHARE: alerts.low_share: ")
    assert "finite" in str(err.value)


def test_non_finite_in_a_list_of_tables(tmp_path: Path) -> None:
    path = _toml(tmp_path, '[[tiers]]\nname = "gold"\nmin_index = nan\n')
    with pytest.raises(ConfigError, match=r"tiers\[0\]\.min_index: nan is not allowed"):
        load_config(path, env={})


# --- webhooks: urls validated, a rotated url keeps its queue -------------------------------

@pytest.mark.parametrize("url", ["", "ftp://files.example/x", "https://", "hooks.example/x",
                                 "javascript:alert(1)", "https:///path-only", "http://[::1"])
def test_a_webhook_url_needs_http_and_a_host(tmp_path: Path, url: str) -> None:
    path = _toml(tmp_path, f'[[webhooks]]\nkind = "json"\nurl = "{url}"\n')
    with pytest.raises(ConfigError) as err:
        load_config(path, env={})
    message = str(err.value)
    assert "\n" not in message and "webhooks[0].url: " in message
    assert "use an http:// or https:// URL with a host name" in message


def test_a_bad_webhook_url_is_not_shown_whole(tmp_path: Path) -> None:
    path = _toml(tmp_path, '[[webhooks]]\nkind = "json"\nurl = "htps://x.example/SECRET-TOKEN"\n')
    with pytest.raises(ConfigError) as err:
        load_config(path, env={})
    assert "SECRET" not in str(err.value)


def test_two_webhooks_with_one_queue_need_names(tmp_path: Path) -> None:
    two = ('[[webhooks]]\nkind = "slack"\nurl = "https://hooks.example/a"\n'
           '[[webhooks]]\nkind = "slack"\nurl = "https://hooks.example/b"\n')
    with pytest.raises(ConfigError, match=r"webhooks\[1\]\.name: webhooks\[0\] has the same kind "
                                          "and chat_id: give each a different name"):
        load_config(_toml(tmp_path, two), env={})
    named = two.replace('/a"\n', '/a"\nname = "plant"\n').replace('/b"\n', '/b"\nname = "it"\n')
    loaded = load_config(_toml(tmp_path, named), env={})
    assert webhook_name(loaded.webhooks[0]) != webhook_name(loaded.webhooks[1])


def test_the_queue_name_does_not_depend_on_the_url() -> None:
    old = WebhookConfig(kind="telegram", url="https://api.telegram.org/botOLD", chat_id="-1")
    new = WebhookConfig(kind="telegram", url="https://api.telegram.org/botNEW", chat_id="-1")
    assert webhook_name(old) == webhook_name(new)
    assert "OLD" not in webhook_name(old) and legacy_webhook_name(old) != legacy_webhook_name(new)
    other_chat = WebhookConfig(kind="telegram", url=old.url, chat_id="-2")
    assert webhook_name(other_chat) != webhook_name(old)


class _Response:
    def __init__(self, status_code: int) -> None:
        self.status_code = status_code
        self.headers: dict[str, str] = {}
        self.text = ""


class _Http:
    """Answers 200 at ``good`` urls and 500 elsewhere; remembers where it was called."""

    def __init__(self, good: str) -> None:
        self.good = good
        self.urls: list[str] = []

    def post(self, url: str, **_: Any) -> _Response:
        self.urls.append(url)
        return _Response(200 if url.startswith(self.good) else 500)


def _one_queued_nudge(db: Database, config: Config) -> None:
    d = seed_directory(db, people=3)
    with db.write() as s:
        s.add(Nudge(employee_id=d.employee_ids[1], kind="rate_reminder", params={},
                    dedup_key="r", created_at=T0))
    with db.write() as s:
        assert enqueue_deliveries(s, config, T0).queued == 1


def test_a_rotated_webhook_url_keeps_its_queue(db: Database) -> None:
    config = Config()
    config.webhooks = [WebhookConfig(kind="json", url="https://old.example/hook/TOKEN1")]
    _one_queued_nudge(db, config)
    # The old endpoint fails once (a retry is scheduled); then the token is rotated.
    first = drain_deliveries(db, config, now=T0, http=_Http("https://nowhere"))  # type: ignore[arg-type]
    assert (first.sent, first.retried, first.dead) == (0, 1, 0)
    config.webhooks = [WebhookConfig(kind="json", url="https://new.example/hook/TOKEN2")]
    http = _Http("https://new.example/")
    later = T0 + dt.timedelta(days=1)
    report = drain_deliveries(db, config, now=later, http=http)  # type: ignore[arg-type]
    assert (report.sent, report.dead) == (1, 0)
    assert http.urls == ["https://new.example/hook/TOKEN2"]
    with db.read() as s:
        assert s.scalars(select(Delivery.status)).all() == ["sent"]


def test_deliveries_queued_under_the_old_url_name_still_go_out(db: Database) -> None:
    hook = WebhookConfig(kind="json", url="https://bridge.example/in")
    config = Config()
    config.webhooks = [hook]
    _one_queued_nudge(db, config)
    with db.write() as s:  # as an earlier version named the queue (by its url)
        for delivery in s.scalars(select(Delivery)):
            delivery.webhook = legacy_webhook_name(hook)
    report = drain_deliveries(db, config, now=T0, http=_Http("https://bridge.example/"))  # type: ignore[arg-type]
    assert (report.sent, report.dead) == (1, 0)


@pytest.mark.allow_log_warnings  # the dead letter is logged, as it should be
def test_a_removed_webhook_still_dead_letters(db: Database) -> None:
    config = Config()
    config.webhooks = [WebhookConfig(kind="json", url="https://bridge.example/in")]
    _one_queued_nudge(db, config)
    config.webhooks = [WebhookConfig(kind="json", url="https://bridge.example/in",
                                     name="another queue")]
    report = drain_deliveries(db, config, now=T0, http=_Http("https://bridge.example/"))  # type: ignore[arg-type]
    assert (report.sent, report.dead) == (0, 1)


# --- a replacing import that would remove everything ---------------------------------------

def test_a_header_only_initiatives_file_needs_force(db: Database, config: Config,
                                                   tmp_path: Path) -> None:
    import_directory(db, config, SAMPLES / "directory_utf8_bom_comma.csv")
    import_initiatives(db, config, SAMPLES / "initiatives.csv")
    header = (SAMPLES / "initiatives.csv").read_bytes().splitlines(keepends=True)[0]
    with pytest.raises(ImportFailed) as info:
        import_initiatives(db, config, header)
    assert _codes(info) == [(0, None, "would_remove_all")]
    assert format_errors(info.value.errors) == [
        "file: no rows: importing it would remove all 6 initiatives of the map; check the "
        "export, or pass --force if that is what you mean"]
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Initiative)) == 6
    summary = import_initiatives(db, config, header, force=True)
    assert summary.removed == 6


def test_a_header_only_initiatives_file_on_the_command_line(db_url: str, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    assert main(["--db", db_url, "import", "directory",
                 str(SAMPLES / "directory_utf8_bom_comma.csv")]) == 0
    assert main(["--db", db_url, "import", "initiatives", str(SAMPLES / "initiatives.csv")]) == 0
    empty = tmp_path / "map.csv"
    empty.write_bytes((SAMPLES / "initiatives.csv").read_bytes().splitlines(keepends=True)[0])
    capsys.readouterr()
    assert main(["--db", db_url, "import", "initiatives", str(empty)]) == 1
    err = capsys.readouterr().err
    assert "would remove all 6 initiatives of the map" in err and "--force" in err
    assert main(["--db", db_url, "import", "initiatives", str(empty), "--force"]) == 0
    assert "6 removed" in capsys.readouterr().out


def test_an_empty_initiatives_file_into_an_empty_map_is_fine(db: Database,
                                                             config: Config) -> None:
    header = (SAMPLES / "initiatives.csv").read_bytes().splitlines(keepends=True)[0]
    assert import_initiatives(db, config, header).rows == 0


# --- control and invisible characters ------------------------------------------------------

HIDDEN = {
    "NUL": ("\x00", "U+0000"),
    "bell": ("\x07", "U+0007"),
    "C1 control": ("\x85", "U+0085"),
    "zero-width space": ("\u200b", "U+200B"),
    "zero-width joiner": ("\u200d", "U+200D"),
    "right-to-left override": ("\u202e", "U+202E"),
    "left-to-right isolate": ("\u2066", "U+2066"),
    "byte-order mark inside": ("\ufeff", "U+FEFF"),
    "soft hyphen": ("\u00ad", "U+00AD"),
    "line separator": ("\u2028", "U+2028"),
}


@pytest.mark.parametrize("kind", sorted(HIDDEN))
def test_hidden_characters_are_refused_with_their_line(db: Database, config: Config,
                                                       kind: str) -> None:
    char, code = HIDDEN[kind]
    rows = ["0001,Белов Андрей,ОТК", f"0002,Орлова{char} Наталья,ОТК", "0003,Егоров Василий,ОТК"]
    data = ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")
    with pytest.raises(ImportFailed) as info:
        import_directory(db, config, data)
    assert _codes(info) == [(3, "full_name", "hidden_char")]
    line = format_errors(info.value.errors)[0]
    assert line.startswith(f"line 3: full_name: contains the invisible or control character {code}")
    assert "at position 7" in line
    assert _people(db) == {}  # nothing written, on SQLite as on PostgreSQL


def test_hidden_characters_in_json_records(db: Database, config: Config) -> None:
    table = table_from_records([{"personnel_no": "0001", "full_name": "Белов\x00",
                                 "department": "ОТК"}], COLUMNS, REQUIRED)
    assert [(e.line, e.column, e.code) for e in table.errors] == [(1, "full_name", "hidden_char")]


def test_odd_spaces_become_plain_ones(db: Database, config: Config) -> None:
    rows = ["0001,Белов\u00a0Андрей,Цех\u202f№1", "0002,\tОрлова\u2007Наталья\u00a0,Цех №1"]
    data = ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")
    import_directory(db, config, data)
    assert _people(db) == {"0001": "Белов Андрей", "0002": "Орлова Наталья"}


def test_line_breaks_in_a_quoted_cell_stay(config: Config) -> None:
    table = read_table(b'segment,metric,improvement\nA,"two\nlines",x\n',
                       {"segment": (), "metric": (), "improvement": ()})
    assert table.errors == [] and table.rows[0].values["metric"] == "two\nlines"


# --- personnel numbers ---------------------------------------------------------------------

def _directory(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def test_leading_zeros_are_kept(db: Database, config: Config) -> None:
    import_directory(db, config, _directory("00150,Белов Андрей,ОТК", "00007,Орлова Наталья,ОТК"))
    assert set(_people(db)) == {"00150", "00007"}


def test_150_beside_00150_in_one_file_is_refused(db: Database, config: Config) -> None:
    with pytest.raises(ImportFailed) as info:
        import_directory(db, config, _directory("00150,Белов Андрей,ОТК",
                                                "150,Белов Андрей,ОТК"))
    assert _codes(info) == [(3, "personnel_no", "lost_zeros")]
    assert format_errors(info.value.errors) == [
        "line 3: personnel_no: 150 and 00150 on line 2 differ only in leading zeros: did "
        "Excel drop them? Format the column as text and export again"]
    assert _people(db) == {}


def test_150_when_00150_is_stored_is_refused(db: Database, config: Config) -> None:
    import_directory(db, config, _directory("00150,Белов Андрей,ОТК"))
    with pytest.raises(ImportFailed) as info:
        import_directory(db, config, _directory("150,Белов Андрей,ОТК"))
    assert _codes(info) == [(2, "personnel_no", "lost_zeros_stored")]
    assert "from 00150, already in the directory" in format_errors(info.value.errors)[0]
    assert set(_people(db)) == {"00150"}


def test_a_manager_number_that_lost_its_zeros_is_named(db: Database, config: Config) -> None:
    with pytest.raises(ImportFailed) as info:
        import_directory(db, config, ("personnel_no,full_name,department,manager_no\n"
                                      "00100,Орлова Наталья,ОТК,\n"
                                      "00101,Егоров Василий,ОТК,100\n").encode())
    assert _codes(info) == [(3, "manager_no", "unknown_manager_zeros")]
    assert format_errors(info.value.errors)[0].startswith(
        "line 3: manager_no: unknown manager 100; 00100 differs only in leading zeros")


def test_a_number_shorter_than_the_zero_padded_ones_is_refused(db: Database,
                                                               config: Config) -> None:
    with pytest.raises(ImportFailed) as info:
        import_directory(db, config, _directory("00150,Белов Андрей,ОТК",
                                                "00151,Орлова Наталья,ОТК",
                                                "152,Егоров Василий,ОТК"))
    assert _codes(info) == [(4, "personnel_no", "short_personnel_no")]
    assert "shorter than the other numbers with leading zeros (5 digits, e.g. 00150)" in \
        format_errors(info.value.errors)[0]


@pytest.mark.parametrize("mangled", ["1.5E+05", "1,50E+05", "1E+05", "2.00001e-3",
                                     "150000.0"])
def test_excel_scientific_notation_is_refused(db: Database, config: Config,
                                              mangled: str) -> None:
    with pytest.raises(ImportFailed) as info:
        import_directory(db, config, _directory(f'"{mangled}",Белов Андрей,ОТК'))
    assert _codes(info) == [(2, "personnel_no", "excel_number")]
    assert "is a number as Excel or a JSON export writes it" in format_errors(info.value.errors)[0]


def test_the_configured_format(db: Database, tmp_path: Path) -> None:
    config = load_config(_toml(tmp_path, "[site]\npersonnel_no_pattern = '\\d{5}'\n"),
                         env={"PULSE_SECRET": TEST_SECRET})
    with pytest.raises(ImportFailed) as info:
        import_directory(db, config, _directory("00150,Белов Андрей,ОТК",
                                                "0015A,Орлова Наталья,ОТК",
                                                "001500,Егоров Василий,ОТК"))
    assert _codes(info) == [(3, "personnel_no", "bad_personnel_no"),
                            (4, "personnel_no", "bad_personnel_no")]
    assert "'0015A' does not match site.personnel_no_pattern (\\d{5})" in \
        format_errors(info.value.errors)[0]


def test_the_default_format_refuses_spaces_and_signs(db: Database, config: Config) -> None:
    with pytest.raises(ImportFailed) as info:
        import_directory(db, config, _directory('"12 34",Белов Андрей,ОТК', "+150,Орлова,ОТК",
                                                "#7,Егоров,ОТК"))
    assert [c for _, _, c in _codes(info)] == ["bad_personnel_no"] * 3


def test_a_bad_pattern_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="site.personnel_no_pattern: not a regular expression"):
        load_config(_toml(tmp_path, "[site]\npersonnel_no_pattern = '(['\n"), env={})


# --- wrong encodings -------------------------------------------------------------------------

SAMPLE_TEXT = (SAMPLES / "directory_utf8_bom_comma.csv").read_bytes()[3:].decode("utf-8")


def _garbled(kind: str) -> bytes:
    if kind == "utf-8 read as cp1251, saved as utf-8":
        return SAMPLE_TEXT.encode("utf-8").decode("cp1251", "replace").encode("utf-8")
    if kind == "utf-8 read as cp1252, saved as utf-8":
        latin = HEADER + "\n0001,Müller José,Shop\n"
        return latin.encode("utf-8").decode("cp1252").encode("utf-8")
    if kind == "koi8-r":
        return SAMPLE_TEXT.encode("koi8-r", "replace")
    if kind == "koi8-r upper case":
        return SAMPLE_TEXT.upper().encode("koi8-r", "replace")
    if kind == "cp866":
        return SAMPLE_TEXT.encode("cp866", "replace")
    if kind == "mac cyrillic":
        return SAMPLE_TEXT.encode("mac-cyrillic", "replace")
    if kind == "latin-1":
        return (HEADER + "\n0001,Müller Jürgen,Straße\n").encode("latin-1")
    if kind == "utf-16 without bom":
        return SAMPLE_TEXT.encode("utf-16-le")
    if kind == "replacement characters":
        return (HEADER + "\n0001,Бел\ufffd\ufffdв Андрей,ОТК\n").encode("utf-8")
    raise AssertionError(kind)


GARBLED = ["utf-8 read as cp1251, saved as utf-8", "utf-8 read as cp1252, saved as utf-8",
           "koi8-r", "koi8-r upper case", "cp866", "mac cyrillic", "latin-1",
           "utf-16 without bom", "replacement characters"]


@pytest.mark.parametrize("kind", GARBLED)
def test_mojibake_is_refused_not_imported(kind: str) -> None:
    table = read_table(_garbled(kind), COLUMNS, REQUIRED)
    assert [e.code for e in table.errors] == ["mojibake"], kind
    assert table.rows == []
    line = format_errors(table.errors)[0]
    assert "garbled by a wrong encoding" in line and "save the file as UTF-8" in line


@pytest.mark.parametrize("kind", ["koi8-r", "utf-8 read as cp1251, saved as utf-8"])
def test_mojibake_writes_nothing(db: Database, config: Config, kind: str) -> None:
    with pytest.raises(ImportFailed) as info:
        import_directory(db, config, _garbled(kind))
    assert [e.code for e in info.value.errors] == ["mojibake"]
    assert _people(db) == {}


def test_real_files_are_not_taken_for_mojibake() -> None:
    for path in sorted(SAMPLES.glob("*.csv")):
        table = read_table(path, {"x": ()})
        assert not [e for e in table.errors if e.code == "mojibake"], path.name
    for text in ("Ёлкин Пётр;Цех №1;«Северсталь»", "Рёрих Николай;ЗиЛ;Müller GmbH",
                 "Иванов-Петров Иван;ОТК — контроль;5 °C", "Јован Јовић;Београд;Србија",
                 "Іваненко Ґалина;Київ;Єрмак"):
        for encoding in ("utf-8", "cp1251"):
            try:
                data = f"a;b;c\n{text}\n".encode(encoding)
            except UnicodeEncodeError:
                continue
            table = read_table(data, {"a": (), "b": (), "c": ()})
            if text.startswith("Јован") and encoding == "cp1251":
                continue  # Serbian in cp1251 uses the very letters DOS text shows through
            assert table.errors == [], (text, encoding, format_errors(table.errors))


def test_mojibake_in_json_records_is_refused_by_record() -> None:
    garbled = "Белов Андрей".encode().decode("cp1251").encode("utf-8").decode("utf-8")
    table = table_from_records([{"personnel_no": "0001", "full_name": "Орлова Наталья",
                                 "department": "ОТК"},
                                {"personnel_no": "0002", "full_name": garbled,
                                 "department": "ОТК"}], COLUMNS, REQUIRED)
    assert [(e.line, e.code) for e in table.errors] == [(2, "mojibake")]
    assert [r.line for r in table.rows] == [1]


def test_a_cp1251_file_of_abbreviations_is_not_mojibake() -> None:
    """Department abbreviations have few vowels; KOI8-R garbage has few too, but in
    lower-case words: only those are counted."""
    rows = ["ОТК;ЦЗЛ;СГМ", "РМЦ;ПДО;ОГМ", "ОГЭ;ЦТП;ЗПК", "Цех №1;СГМ;ОТК"] * 20
    data = ("client;supplier;other\n" + "\n".join(rows) + "\n").encode("cp1251")
    table = read_table(data, {"client": (), "supplier": (), "other": ()})
    assert table.encoding == "cp1251" and table.errors == []


# --- error output capped ---------------------------------------------------------------------

def test_error_lines_are_capped_with_a_count() -> None:
    errors = [RowError(line, "full_name", "required") for line in range(2, 365)]
    lines = format_errors(errors, limit=50)
    assert len(lines) == 51
    assert lines[0] == "line 2: full_name: value required"
    assert lines[-1] == "... and 313 more errors"
    assert format_errors(errors[:51], limit=50)[-1] == "... and 1 more error"
    assert len(format_errors(errors[:50], limit=50)) == 50


def test_the_command_line_caps_its_error_output(db_url: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "people.csv"
    path.write_text("\n".join([HEADER, *(f"{1000 + i},,ОТК" for i in range(362))]) + "\n",
                    encoding="utf-8")
    assert main(["--db", db_url, "import", "directory", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 52
    assert err[-2] == "people.csv: ... and 312 more errors"
    assert err[-1] == "pulse: people.csv rejected: 362 errors, nothing was written"


@pytest.mark.parametrize(("command", "sample"), [("regulations", "regulations.csv"),
                                                 ("initiatives", "initiatives.csv"),
                                                 ("kpis", "kpis.csv")])
def test_every_importer_refuses_a_nul_with_its_line(db_url: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     command: str, sample: str) -> None:
    assert main(["--db", db_url, "import", "directory",
                 str(SAMPLES / "directory_utf8_bom_comma.csv")]) == 0
    lines = (SAMPLES / sample).read_text(encoding="utf-8-sig").splitlines()
    delimiter = ";" if ";" in lines[0] else ","
    lines[2] = lines[2].replace(delimiter, "\x00" + delimiter, 1)  # a NUL ends the first cell
    path = tmp_path / sample
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", db_url, "import", command, str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{sample}: line 3: " in err and "U+0000 (control character)" in err, err
    assert "Traceback" not in err and "nothing was written" in err
