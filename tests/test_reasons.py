"""Reason tags: the default chips of a fresh database, the reasons import, the kiosk's choice
of chips for a rater, ``pulse reasons list`` and the reason rule of ``pulse rate``."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from kiosk.clock import FakeClock
from shared.cli import main
from shared.config import Config
from shared.csvin import ImportFailed
from shared.db import Database, open_database
from shared.db.migrate import downgrade
from shared.db.models import Employee, Rating, RatingReason, ReasonTag, Segment
from shared.directory_import import import_directory
from shared.domain.initiatives import import_initiatives
from shared.domain.ratings import record_rating
from shared.domain.reasons import import_reasons, list_reasons
from tests.offline_support import production_backend

SAMPLES = Path(__file__).parent / "samples"
REASONS = Path(__file__).parents[1] / "docs" / "samples" / "reasons.csv"


def tags(db: Database) -> dict[str, tuple[str | None, str, bool]]:
    with db.read() as s:
        return {t.code: (t.segment.name if t.segment else None, t.polarity, t.active)
                for t in s.execute(select(ReasonTag)).scalars()}


def test_a_fresh_database_has_company_wide_chips_of_both_kinds(empty_db_url: str) -> None:
    db = open_database(empty_db_url, upgrade=True)
    try:
        found = tags(db)
    finally:
        db.dispose()
    assert {code for code in found} == {
        "std-slow", "std-quality", "std-promise", "std-unclear", "std-impolite",
        "std-fast", "std-well-done", "std-kept-word", "std-clear", "std-polite"}
    assert all(seg is None and active for seg, _, active in found.values())
    assert sorted(p for _, p, _ in found.values()) == ["negative"] * 5 + ["positive"] * 5


def test_defaults_are_not_seeded_over_configured_chips(empty_db_url: str) -> None:
    db = open_database(empty_db_url, upgrade=True)
    try:
        with db.write() as s:  # a plant that configured its own praise chips
            s.execute(delete(ReasonTag))
            s.add(ReasonTag(code="thanks", polarity="positive", label_ru="Спасибо",
                            label_en="Thanks"))
        downgrade(db.engine, "0004_client_week_rollups")
        db.upgrade()
        assert list(tags(db)) == ["thanks"]
        with db.write() as s:  # ...and one with only its initiative map's tags
            s.execute(delete(ReasonTag))
            seg = Segment(name="Цех")
            s.add(seg)
            s.flush()
            s.add(ReasonTag(code="init-x", segment_id=seg.id, polarity="negative",
                            label_ru="x", label_en="x"))
        downgrade(db.engine, "0004_client_week_rollups")
        db.upgrade()
        assert len(tags(db)) == 11  # the map's tag and the ten defaults
    finally:
        db.dispose()


def _plant(db: Database, config: Config) -> None:
    import_directory(db, config, SAMPLES / "directory_utf8_bom_comma.csv")
    import_initiatives(db, config, SAMPLES / "initiatives.csv")
    with db.write() as s:  # as a fresh database has them (PostgreSQL tests start truncated)
        s.execute(delete(ReasonTag).where(ReasonTag.code.like("std-%")))


def test_sample_reasons_import_and_reimport(db: Database, config: Config) -> None:
    _plant(db, config)
    summary = import_reasons(db, REASONS)
    assert (summary.rows, summary.created, summary.updated, summary.unchanged) == (11, 11, 0, 0)
    found = tags(db)
    assert found["std-fast"] == (None, "positive", True)
    assert found["prod-on-time"] == ("Производство", "positive", True)
    # The same tags as cp1251 with commas, one retired and one relabelled.
    text = REASONS.read_text(encoding="utf-8").replace(";", ",")
    text = text.replace("std-polite,,positive,Вежливо,Polite,yes",
                        "std-polite,,positive,Вежливо,Polite,нет")
    text = text.replace("Быстро,Fast", "Быстро,Quick")
    summary = import_reasons(db, text.encode("cp1251"))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 2, 9)
    found = tags(db)
    assert found["std-polite"] == (None, "positive", False)
    with db.read() as s:
        assert s.scalar(select(ReasonTag.label_en).where(ReasonTag.code == "std-fast")) == "Quick"
        # the map's tags were not touched
        assert s.scalar(select(func.count()).select_from(ReasonTag)
                        .where(ReasonTag.code.like("init-%"), ReasonTag.active.is_(True))) == 6


def test_rows_without_code_get_a_stable_one(db: Database, config: Config) -> None:
    _plant(db, config)
    data = "Сегмент;Тип;Текст\nКачество;похвала;Без замечаний\n;улучшить;Опоздал\n".encode()
    assert import_reasons(db, data).created == 2
    assert import_reasons(db, data).unchanged == 2
    codes = [c for c in tags(db) if c.startswith("tag-")]
    assert len(codes) == 2 and all(len(c) <= 64 for c in codes)


def test_bad_reasons_file_is_rejected_whole(db: Database, config: Config) -> None:
    _plant(db, config)
    import_reasons(db, REASONS)
    before = tags(db)
    with db.read() as s:
        init_code = s.scalar(select(ReasonTag.code).where(ReasonTag.code.like("init-%")))
    data = ("code,segment,polarity,label_ru\n"
            "a1,,good,Хорошо\n"              # 2 bad polarity
            "a2,Нет такого,positive,Хорошо\n"  # 3 unknown segment
            f"{init_code},,negative,x\n"      # 4 the map's tag
            "std-fast,,negative,Быстро\n"     # 5 polarity of a stored tag
            "a5,,positive,\n"                 # 6 label missing
            "a6,,positive,Да\n"
            "a6,,positive,Нет\n"              # 8 duplicate code
            "a b,,positive,Пробел\n"          # 9 bad code
            ).encode()
    with pytest.raises(ImportFailed) as caught:
        import_reasons(db, data)
    assert [(e.line, e.column, e.code) for e in caught.value.errors] == [
        (2, "polarity", "bad_polarity"), (3, "segment", "unknown_segment"),
        (4, "code", "map_code"), (5, "polarity", "polarity_changed"),
        (6, "label_ru", "required"), (8, "code", "duplicate_tag_code"),
        (9, "code", "bad_code")]
    assert tags(db) == before


def test_kiosk_offers_company_wide_chips_to_every_segment(db: Database, config: Config,
                                                          tmp_path: Path) -> None:
    _plant(db, config)
    backend = production_backend(db, config, FakeClock(), tmp_path)
    with db.read() as s:
        by_segment = {name: s.scalar(select(Employee.id).join(Segment).where(
            Segment.name == name).limit(1)) for name in ("Производство", "Управление")}
        assert s.scalar(select(func.count()).select_from(ReasonTag).join(Segment).where(
            Segment.name == "Управление")) == 0  # a segment without an initiative
    before = backend.reason_chips(by_segment["Управление"])
    assert before == []  # what the audit found: no chips at all
    import_reasons(db, REASONS)
    chips = backend.reason_chips(by_segment["Управление"])
    assert {c.code for c in chips if c.polarity == "positive"} == {
        "std-fast", "std-well-done", "std-kept-word", "std-clear", "std-polite"}
    assert len([c for c in chips if c.polarity == "negative"]) == 5
    prod = backend.reason_chips(by_segment["Производство"])
    assert "prod-on-time" in {c.code for c in prod if c.polarity == "positive"}
    assert len([c for c in prod if c.polarity == "negative"]) == 5 + 3  # defaults + the map
    with db.read() as s:
        assert {r.code for r in list_reasons(s, segment_id=None)} >= {c.code for c in prod}


def test_pulse_rate_takes_only_the_reasons_the_kiosk_offers(
        db_url: str, config: Config, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_database(db_url)
    try:
        _plant(db, config)
        import_reasons(db, REASONS)
        with db.read() as s:
            map_tag = s.scalar(select(ReasonTag.code).join(Segment)
                               .where(Segment.name == "Производство"))
            rater = s.scalar(select(Employee.personnel_no).join(Segment)
                             .where(Segment.name == "Качество").limit(1))
            prod = s.scalar(select(Employee.personnel_no).join(Segment)
                            .where(Segment.name == "Производство").limit(1))
        assert main(["--db", db_url, "reasons", "list", "--segment", "Производство"]) == 0
        out = capsys.readouterr().out
        assert map_tag in out and "prod-on-time" in out and "std-fast" in out
        assert main(["--db", db_url, "reasons", "list", "--segment", "Качество"]) == 0
        assert "prod-on-time" not in capsys.readouterr().out
        base = ["--db", db_url, "rate", "--rater", rater, "--supplier", prod]
        for score, code, message in [
                (2, map_tag, "not offered after a score of 2"),  # another segment's tag
                (5, "std-slow", "not offered after a score of 5"),  # "must improve" with a 5
                (2, "std-fast", "not offered after a score of 2"),  # praise with a 2
                (4, "no-such-tag", "not among the active reason codes: no-such-tag")]:
            assert main([*base, "--score", str(score), "--reason", code]) == 1, code
            assert message in capsys.readouterr().err
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(Rating)) == 0
        assert main([*base, "--score", "5", "--reason", "std-fast"]) == 0
        assert "recorded" in capsys.readouterr().out
    finally:
        db.dispose()


def test_record_rating_can_drop_tags_instead_of_refusing(db: Database, config: Config) -> None:
    _plant(db, config)
    import_reasons(db, REASONS)
    with db.write() as s:
        a, b = s.execute(select(Employee.id).limit(2)).scalars()
        out = record_rating(s, config, rater_id=a, supplier_id=b, score=5,
                            reason_codes=["std-slow", "std-fast"], drop_bad_reasons=True)
        assert out.status == "recorded"
        rating = s.get(Rating, out.rating_id)
        assert rating is not None
        assert [r.reason_tag_id for r in rating.reasons] == [
            s.scalar(select(ReasonTag.id).where(ReasonTag.code == "std-fast"))]


def test_online_kiosk_tap_keeps_its_rating_when_a_chip_was_retired(db: Database,
                                                                   config: Config,
                                                                   tmp_path: Path) -> None:
    import uuid
    _plant(db, config)
    import_reasons(db, REASONS)
    backend = production_backend(db, config, FakeClock(), tmp_path)
    with db.read() as s:
        a, b = s.execute(select(Employee.id).limit(2)).scalars()
    chips = {c.code for c in backend.reason_chips(a)}
    assert {"std-fast", "std-polite"} <= chips
    with db.write() as s:  # retired between the chips' paint and the tap
        s.execute(ReasonTag.__table__.update().where(ReasonTag.code == "std-polite")
                  .values(active=False))
    key = uuid.uuid4()
    result = backend.record_rating(rater_id=a, supplier_id=b, score=5,
                                   reason_codes=["std-fast", "std-polite"], rating_uuid=key)
    assert result.outcome.ok, result.outcome
    # Pushed after the thanks screen: the server keeps the rating without the retired chip.
    assert backend.rating_fate(rater_id=a, supplier_id=b, rating_uuid=key).status == "counted"
    with db.read() as s:
        cited = s.scalars(select(ReasonTag.code).join(
            RatingReason, RatingReason.reason_tag_id == ReasonTag.id)).all()
    assert cited == ["std-fast"]


def test_cli_imports_say_what_they_did_and_log_who(
        db: Database, db_url: str, config: Config, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`pulse import reasons|supplier-links`: the dry run writes nothing, the import is
    audit-logged with the person at the shell (cli:<user>, like the other imports), a bad
    file is listed by line and changes nothing, a missing file is one line."""
    from shared.db.models import AuditEntry
    monkeypatch.setenv("LOGNAME", "petrov")
    monkeypatch.setenv("USER", "petrov")
    _plant(db, config)
    with db.read() as s:
        before = s.scalar(select(func.count()).select_from(ReasonTag))
        logged = s.scalar(select(func.count()).select_from(AuditEntry))
    assert main(["--db", db_url, "import", "reasons", str(REASONS), "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith("would import 11 reason tags: 11 created")
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(ReasonTag)) == before
    assert main(["--db", db_url, "import", "reasons", str(REASONS)]) == 0
    assert capsys.readouterr().out.startswith("imported 11 reason tags: 11 created")
    with db.read() as s:
        actors = s.scalars(select(AuditEntry.actor).order_by(AuditEntry.id)
                           .offset(logged)).all()
    assert actors == ["cli:petrov"]
    bad = tmp_path / "bad.csv"
    bad.write_text("code;segment;polarity;label_ru;label_en;active\n"
                   "x-1;;sideways;Метка;Label;yes\n", encoding="utf-8")
    assert main(["--db", db_url, "import", "reasons", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv: line 2" in err and "nothing was written" in err
    assert main(["--db", db_url, "import", "supplier-links", str(tmp_path / "none.csv")]) == 1
    assert capsys.readouterr().err.strip() == f"pulse: error: {tmp_path / 'none.csv'}: no such file"
