"""One set of rating rules, three paths: the central ``record_rating``, the sync's batch
(``apply_rating_batch``) and the kiosk's local store (``LocalStore.enqueue_rating``) give the
same answer on the same facts (a table of cases, and Hypothesis over generated ones), on
SQLite and PostgreSQL; and the kiosk words every refusal code of the one vocabulary apart."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from shared.config import Config
from shared.db import Database
from shared.db.models import Employee, Rating, RatingReason, ReasonTag, Segment
from shared.domain.rating_rules import (
    RatingFacts,
    Refusal,
    TagFacts,
    check_rating,
    within_cooldown,
)
from shared.domain.ratings import RatingOutcome, record_rating
from shared.ids import uuid7
from shared.offline.central import apply_rating_batch, context
from shared.offline.store import LocalStore, OutboxItem
from shared.offline.sync import SyncWorker
from tests.domain_data import department, retire_default_tags

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
UNKNOWN = 999_999
PEOPLE = ("ann", "bob", "cid", "gone")  # ann: segment A, bob: segment B, cid: none, gone: left
CODES = ("neg", "pos", "pos_a", "neg_b", "retired", "nope")


@dataclass(frozen=True)
class Case:
    """One rating attempt; ``earlier``: a rating of the same pair this long before, first."""

    rater: str
    supplier: str
    score: object = 4
    codes: tuple[str, ...] = ()
    comment: str | None = None
    earlier: dt.timedelta | None = None


@dataclass
class Plant:
    db: Database
    config: Config
    ids: dict[str, int]
    tags: dict[str, TagFacts]
    segment: dict[str, int | None]
    store_file: Path
    tmp: Path

    def id(self, name: str) -> int:
        return self.ids.get(name, UNKNOWN)

    def clear(self) -> None:
        with self.db.write() as s:
            s.execute(delete(RatingReason))
            s.execute(delete(Rating))


@pytest.fixture
def plant(db: Database, config: Config, tmp_path: Path) -> Iterator[Plant]:
    with db.write() as s:
        retire_default_tags(s)
        dep = department(s, "Цех")
        seg_a, seg_b = Segment(name="A"), Segment(name="B")
        s.add_all([seg_a, seg_b])
        s.flush()
        segment = {"ann": seg_a.id, "bob": seg_b.id, "cid": None, "gone": None}
        people = {name: Employee(personnel_no=str(1000 + k), full_name=f"Сотрудник {name}",
                                 full_name_en=name, department_id=dep.id,
                                 segment_id=segment[name], active=name != "gone")
                  for k, name in enumerate(PEOPLE)}
        s.add_all(people.values())
        made = {"neg": ReasonTag(code="neg", polarity="negative", label_ru="н", label_en="n"),
                "pos": ReasonTag(code="pos", polarity="positive", label_ru="п", label_en="p"),
                "pos_a": ReasonTag(code="pos_a", polarity="positive", segment_id=seg_a.id,
                                   label_ru="па", label_en="pa"),
                "neg_b": ReasonTag(code="neg_b", polarity="negative", segment_id=seg_b.id,
                                   label_ru="нб", label_en="nb"),
                "retired": ReasonTag(code="retired", polarity="positive", active=False,
                                     label_ru="с", label_en="r")}
        s.add_all(made.values())
        s.flush()
        ids = {name: e.id for name, e in people.items()}
        tags = {code: TagFacts(t.id, t.segment_id, t.polarity) for code, t in made.items()
                if code != "retired"}
    store_file = tmp_path / "snapshot.db"
    store = LocalStore(store_file, kiosk_id="k1", cooldown=_cooldown(config),
                       comment_max_length=config.rating.comment_max_length)
    SyncWorker(store, db, config, clock=lambda: T0, rng=random.Random(1)).refresh_snapshot()
    store.close()
    yield Plant(db, config, ids, tags, segment, store_file, tmp_path)


def _cooldown(config: Config) -> dt.timedelta:
    return dt.timedelta(hours=config.rating.cooldown_hours)


def _code(outcome: RatingOutcome) -> str:
    """A central outcome in the batch's status words."""
    return "ok" if outcome.status == "recorded" else f"rejected:{outcome.reason}"


def _times(case: Case) -> tuple[dt.datetime | None, dt.datetime]:
    at = T0 + dt.timedelta(hours=6)
    return (at + case.earlier if case.earlier is not None else None), at


def central_path(p: Plant, case: Case) -> tuple[str, list[str]]:
    """``record_rating`` as the kiosk calls it online (tags no longer offered are dropped)."""
    p.clear()
    first, at = _times(case)
    rater, supplier = p.id(case.rater), p.id(case.supplier)
    with p.db.write() as s:
        if first is not None:
            record_rating(s, p.config, rater_id=rater, supplier_id=supplier, score=3,
                          created_at=first, drop_bad_reasons=True)
        out = record_rating(s, p.config, rater_id=rater, supplier_id=supplier,
                            score=case.score, reason_codes=case.codes,  # type: ignore[arg-type]
                            comment=case.comment, created_at=at, drop_bad_reasons=True)
    return _code(out), _stored_tags(p, out.rating_id)


def batch_path(p: Plant, case: Case) -> tuple[str, list[str]]:
    """``apply_rating_batch`` (the sync); its cooldown is ``cooldown_conflict``, kept."""
    p.clear()
    first, at = _times(case)
    items = []
    for when, score, codes, comment in ((first, 3, (), None),
                                        (at, case.score, case.codes, case.comment)):
        if when is None:
            continue
        items.append(OutboxItem(uuid7(int(when.timestamp() * 1000)), "rating", when, {
            "rater_id": p.id(case.rater), "supplier_id": p.id(case.supplier), "score": score,
            "reason_codes": list(codes), "comment": comment, "kiosk_id": "k1"}, 0))
    with p.db.write() as s:
        got = apply_rating_batch(s, items, context(p.config, at))
    status = got[items[-1].uuid]
    if status == "cooldown_conflict":
        return f"rejected:{Refusal.COOLDOWN}", []
    with p.db.read() as s:
        rating_id = s.scalar(select(Rating.id).where(Rating.uuid == items[-1].uuid))
    return status, _stored_tags(p, rating_id)


_local_runs = [0]


def local_path(p: Plant, case: Case) -> tuple[str, list[str]]:
    """``LocalStore.enqueue_rating`` on the snapshot of the same directory (a fresh copy)."""
    _local_runs[0] += 1
    path = p.tmp / f"local{_local_runs[0]}.db"
    shutil.copy(p.store_file, path)
    store = LocalStore(path, kiosk_id="k1", cooldown=_cooldown(p.config),
                       comment_max_length=p.config.rating.comment_max_length)
    try:
        first, at = _times(case)
        rater, supplier = p.id(case.rater), p.id(case.supplier)
        if first is not None:
            store.enqueue_rating(rater_id=rater, supplier_id=supplier, score=3,
                                 now=first)
        out = store.enqueue_rating(rater_id=rater, supplier_id=supplier,
                                   score=case.score,  # type: ignore[arg-type]
                                   reason_codes=case.codes, comment=case.comment, now=at)
    finally:
        store.close()
    # The local store sends the codes as tapped; the server keeps those still offered.
    return ("ok" if out.ok else f"rejected:{out.code}"), []


def _stored_tags(p: Plant, rating_id: int | None) -> list[str]:
    if rating_id is None:
        return []
    with p.db.read() as s:
        return sorted(s.scalars(select(ReasonTag.code).join(
            RatingReason, RatingReason.reason_tag_id == ReasonTag.id)
            .where(RatingReason.rating_id == rating_id)))


def reference(p: Plant, case: Case) -> tuple[str, list[str]]:
    """The pure rules over the plant's facts (what every path must answer)."""
    first, at = _times(case)

    @dataclass
    class Who:
        active: bool
        segment_id: int | None

    def who(name: str) -> Who | None:
        return Who(name != "gone", p.segment[name]) if name in p.ids else None

    facts = RatingFacts(
        rater_id=p.id(case.rater), supplier_id=p.id(case.supplier), rater=who(case.rater),
        supplier=who(case.supplier), score=case.score, reason_codes=case.codes,
        comment=case.comment, comment_max_length=p.config.rating.comment_max_length,
        tags=p.tags, at=at, cooldown=_cooldown(p.config), drop_bad_reasons=True)
    earlier_counted = first is not None and check_rating(
        RatingFacts(**{**_fields(facts), "score": 3, "reason_codes": (), "comment": None})).ok
    nearby = [first] if first is not None and earlier_counted else []
    verdict = check_rating(RatingFacts(**{**_fields(facts), "counted_nearby": nearby}))
    if verdict.refusal is not None:
        return f"rejected:{verdict.refusal}", []
    codes = {t.id: c for c, t in p.tags.items()}
    return "ok", sorted(codes[i] for i in verdict.tag_ids)


def _fields(facts: RatingFacts) -> dict[str, object]:
    return {name: getattr(facts, name) for name in RatingFacts.__slots__}


PATHS = {"central": central_path, "batch": batch_path, "local": local_path}

MAX = 500  # config.rating.comment_max_length in tests (checked below)

CASES = {
    "fine": (Case("ann", "bob", 5, ("pos",), "спасибо"), "ok", ["pos"]),
    "self": (Case("ann", "ann"), "rejected:self", []),
    "unknown rater": (Case("nobody", "bob"), "rejected:unknown_person", []),
    "unknown supplier": (Case("ann", "nobody"), "rejected:unknown_person", []),
    "inactive rater": (Case("gone", "bob"), "rejected:inactive_rater", []),
    "inactive supplier": (Case("ann", "gone"), "rejected:inactive_supplier", []),
    "score 0": (Case("ann", "bob", 0), "rejected:bad_score", []),
    "score 6": (Case("ann", "bob", 6), "rejected:bad_score", []),
    "self before bad score": (Case("ann", "ann", 9), "rejected:self", []),
    "inactive before bad score": (Case("gone", "ann", 9), "rejected:inactive_rater", []),
    "tags of another segment, polarity, retired or unknown dropped": (
        Case("ann", "bob", 5, ("pos", "pos_a", "neg", "neg_b", "retired", "nope")), "ok",
        ["pos", "pos_a"]),
    "the other segment's tag": (Case("bob", "cid", 2, ("neg", "neg_b", "pos_a")), "ok",
                                ["neg", "neg_b"]),
    "comment too long": (Case("ann", "bob", comment="я" * (MAX + 1)),
                         "rejected:comment_too_long", []),
    "comment of the limit once trimmed": (Case("ann", "bob", comment=f"  {'я' * MAX}  "),
                                          "ok", []),
    "within the cooldown": (Case("ann", "bob", earlier=-dt.timedelta(hours=1)),
                            "rejected:cooldown", []),
    "a minute short of the cooldown": (Case("ann", "bob", earlier=-dt.timedelta(hours=3,
                                                                                 minutes=59)),
                                       "rejected:cooldown", []),
    "exactly the cooldown": (Case("ann", "bob", earlier=-dt.timedelta(hours=4)), "ok", []),
    "no cooldown after a refused rating": (Case("gone", "ann", earlier=-dt.timedelta(hours=1)),
                                           "rejected:inactive_rater", []),
}


def test_the_table_matches_the_configuration(config: Config) -> None:
    assert config.rating.comment_max_length == MAX and config.rating.cooldown_hours == 4


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("name", CASES)
def test_the_cases_on_every_path(plant: Plant, name: str, path: str) -> None:
    case, code, tags = CASES[name]
    assert reference(plant, case) == (code, tags)
    got_code, got_tags = PATHS[path](plant, case)
    assert got_code == code
    if path != "local":  # the local store sends the codes; the server keeps the offered ones
        assert got_tags == tags


_names = st.sampled_from([*PEOPLE, "nobody"])
_cases = st.builds(
    Case, rater=_names, supplier=_names,
    score=st.one_of(st.integers(-1, 7), st.just(True), st.just(3.0)),
    codes=st.lists(st.sampled_from(CODES), max_size=4).map(tuple),
    comment=st.one_of(st.none(), st.sampled_from(["", "  ", " ok ", "я" * MAX,
                                                   "я" * (MAX + 1), f" {'я' * MAX} "])),
    earlier=st.one_of(st.none(), st.integers(-300, 0).map(lambda m: dt.timedelta(minutes=m))))


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=_cases)
def test_the_three_paths_agree_on_any_facts(plant: Plant, case: Case) -> None:
    want = reference(plant, case)
    assert central_path(plant, case) == want
    assert batch_path(plant, case) == want
    assert local_path(plant, case)[0] == want[0]


def test_within_cooldown_is_symmetric_and_allows_the_exact_edge() -> None:
    w = dt.timedelta(hours=4)
    assert within_cooldown(T0, T0 + w - dt.timedelta(microseconds=1), w)
    assert within_cooldown(T0 + dt.timedelta(hours=1), T0, w)
    assert not within_cooldown(T0, T0 + w, w) and not within_cooldown(T0 + w, T0, w)


@pytest.mark.parametrize("refusal", list(Refusal))
def test_the_kiosk_words_every_code_from_the_store_apart(refusal: Refusal) -> None:
    """The local store's refusals reach the card without a second vocabulary: an inactive
    rater and an inactive supplier each get their own sentence."""
    from kiosk.offline import rating_outcome
    from kiosk.texts import refusal_sentence
    from shared.offline.store import LocalOutcome
    params = {"next_at": T0 + dt.timedelta(hours=4)} if refusal == Refusal.COOLDOWN else {}
    outcome = rating_outcome(LocalOutcome(refusal, params=params), dt.timedelta(hours=4))
    assert outcome.status == "refused" and outcome.reason is refusal
    sentence = refusal_sentence(outcome.reason, outcome.params, "Vera", dt.UTC)
    worded = {Refusal.SELF, Refusal.UNKNOWN_PERSON, Refusal.INACTIVE_RATER,
              Refusal.INACTIVE_SUPPLIER, Refusal.COMMENT_TOO_LONG, Refusal.COOLDOWN}
    if refusal in worded:
        assert sentence != refusal_sentence(None, {}, "Vera", dt.UTC)
    if refusal == Refusal.INACTIVE_RATER:
        assert sentence != refusal_sentence(Refusal.INACTIVE_SUPPLIER, {}, "Vera", dt.UTC)
        assert "Vera" not in sentence  # it is the client's own account
