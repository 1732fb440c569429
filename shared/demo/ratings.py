"""The demo ratings history: a fast, deterministic generator and a bulk loader for both databases.

Millions of rows, so nothing here builds ORM objects or datetimes per rating: days are
plant-local dates known in advance, instants are integer epoch seconds, timestamps are
formatted from precomputed pieces, and rows go to the database in chunks through the
driver (``executemany`` on SQLite, ``COPY`` on PostgreSQL).

The structure is real, so the screens have something to show: every supplier has a base
level, a department effect and a trend (some improve, some decline), every client a
strictness, every client segment a monthly mood (which its KPIs then follow), every
initiative of the map a story (most improve, one stalls, one department holds its segment
back: catalog ``STORY_*``); people rate
a personal pool of suppliers drawn from their department's supplier links; a few
specialists have fewer than five clients; low and high scores carry reason tags and some
comments. No self-ratings, one rating per pair per cooldown.
"""

from __future__ import annotations

import bisect
import collections
import datetime as dt
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from shared.demo.catalog import (
    DEPARTMENTS,
    INITIATIVES,
    NEGATIVE_COMMENTS,
    NEUTRAL_COMMENTS,
    POSITIVE_COMMENTS,
    SEGMENTS,
    STORY_CALM_MONTHS,
    STORY_HOLD_LEVEL,
    STORY_HOLD_SLIP,
    STORY_HOLDING_BACK,
    STORY_MONTHS,
    STORY_RISE,
    STORY_STALLING,
    SUPPLIER_LINKS,
)
from shared.demo.org import Org

RATINGS_PER_EMPLOYEE_MONTH = 16.7  # ~200 a year: 25 000 people x 12 months ~ 5 M ratings
SHIFT_START, SHIFT_END = 6 * 3600 + 30 * 60, 21 * 3600 + 30 * 60  # plant-local seconds
WEEKDAY_WEIGHT = (1.0, 1.0, 1.0, 1.0, 1.0, 0.45, 0.35)
RATING_COLUMNS = ("id", "uuid", "rater_id", "supplier_id", "rater_department_id",
                  "supplier_department_id", "score", "comment", "kiosk_id", "created_at", "day")

Progress = Callable[[float, str], None]


@dataclass
class Tags:
    """Reason tag ids per client segment: negative ones expanded by weight, positive ones."""

    negative: dict[int, list[int]] = field(default_factory=dict)
    positive: dict[int, list[int]] = field(default_factory=dict)


@dataclass
class History:
    """What the other demo parts need from the generated ratings."""

    count: int = 0
    reasons: int = 0
    # (segment id, month) -> [score sum, count]: the monthly satisfaction KPIs follow.
    satisfaction: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    months: list[str] = field(default_factory=list)


def plan_days(today: dt.date, months: int) -> list[dt.date]:
    start = today - dt.timedelta(days=round(months * 365.25 / 12) - 1)
    return [start + dt.timedelta(days=i) for i in range((today - start).days + 1)]


class RatingGenerator:
    """Builds the plant's rating behaviour once, then yields rows day by day."""

    def __init__(self, org: Org, tags: Tags, rng: random.Random, *, tz: ZoneInfo,
                 cooldown_hours: float, today: dt.date, now_local_seconds: int,
                 months: int) -> None:
        self.org, self.tags, self.rng, self.tz = org, tags, rng, tz
        self.cooldown = int(cooldown_hours * 3600)
        self.days = plan_days(today, months)
        self.now_local_seconds = now_local_seconds
        n = len(org.employees)
        self.total = round(n * months * RATINGS_PER_EMPLOYEE_MONTH)
        emp = org.employees
        self.dept_of = np.array([0] + [e["department_id"] for e in emp], dtype=np.int64)
        self.segment_of = np.array([0] + [e["segment_id"] for e in emp], dtype=np.int64)
        self.active = [e["id"] for e in emp if e["active"]]
        self.kiosk_of = np.array([""] + [f"kiosk-{DEPARTMENTS[e['department_id'] - 1].code}-"
                                         f"{1 + e['id'] % 3}" for e in emp], dtype=object)
        self.month_keys = sorted({d.strftime("%Y-%m") for d in self.days})
        self._suppliers(n)
        self._pools()
        # Monthly mood of each client segment: the KPIs follow it.
        self.mood = np.zeros((len(SEGMENTS) + 1, len(self.month_keys)))
        for seg in range(1, len(SEGMENTS) + 1):
            for k in range(len(self.month_keys)):
                self.mood[seg, k] = rng.gauss(0, 0.14)
        self._story()

    def _story(self) -> None:
        """The initiative map's story (catalog: STORY_*): a segment x supplier department x
        month term of the scores; and the last months' moods made one calm season. No draw
        of the random source, so everything else is as it was."""
        months = len(self.month_keys)
        calm = min(STORY_CALM_MONTHS, months)
        self.mood[:, months - calm:] = self.mood[:, [months - calm]]
        self.story = np.zeros((len(SEGMENTS) + 1, len(DEPARTMENTS) + 1, months))
        back = np.minimum(np.arange(months)[::-1], STORY_MONTHS)  # months before this one
        for segment, rows in INITIATIVES.items():
            for _metric, _tag, dept, _what in rows:
                seg, dep = self.org.segment_id[segment], self.org.dept_id[dept]
                if (segment, dept) == STORY_STALLING:
                    continue
                if (segment, dept) == STORY_HOLDING_BACK:
                    self.story[seg, dep] = -STORY_HOLD_LEVEL + STORY_HOLD_SLIP * back
                else:
                    self.story[seg, dep] = -STORY_RISE * back

    def _suppliers(self, n: int) -> None:
        rng = self.rng
        dept_quality = {d.code: (d.quality, d.trend) for d in DEPARTMENTS}
        self.base = np.zeros(n + 1)
        self.trend = np.zeros(n + 1)
        self.strictness = np.zeros(n + 1)
        for e in self.org.employees:
            quality, trend = dept_quality[DEPARTMENTS[e["department_id"] - 1].code]
            kind = rng.random()
            own = 0.9 if kind < 0.12 else -0.9 if kind < 0.24 else rng.gauss(0, 0.15)
            self.base[e["id"]] = min(4.8, max(2.3, rng.gauss(3.95, 0.4) + quality))
            self.trend[e["id"]] = own + trend
            self.strictness[e["id"]] = rng.gauss(0, 0.3)
        self._plant_fairness_cases()

    def _plant_fairness_cases(self) -> None:
        """What fair rankings must see through (docs/metrics.md): the people of the two
        largest departments rate harshly (-0.8) and leniently (+0.7); a ring of three
        colleagues is chosen here and trades fives in ``generate``. Decided from the plant's
        size alone, so the rest of the demo draws the same numbers as before."""
        largest = sorted(self.org.members, key=lambda c: (-len(self.org.members[c]), c))
        if len(largest) < 3:
            self.ring: list[int] = []
            return
        for code, shift in ((largest[0], -0.8), (largest[1], 0.7)):
            for i in self.org.members[code]:
                self.strictness[i] += shift
        # Three front-line workers of the third largest (the most in others' pools, _pools).
        self.ring = [i for i in self.org.members[largest[2]]
                     if self.org.employee(i)["role"] == "worker" and self.org.employee(i)["active"]]

    def _pools(self) -> None:
        """Each client's personal suppliers; a few specialists reach fewer than five clients."""
        rng, org = self.rng, self.org
        active = set(self.active)
        eligible = {code: [i for i in ids if i in active] for code, ids in org.members.items()}
        rare_count = max(3, len(self.active) // 100)
        self.rare = sorted(rng.sample([i for i in self.active
                                       if org.employee(i)["role"] == "worker"], rare_count))
        rare = set(self.rare)
        for code in eligible:
            # Shuffled once: the first quarter are the front-line people most clients meet
            # (dispatchers, storekeepers, duty fitters), the rest are rated less often.
            eligible[code] = [i for i in eligible[code] if i not in rare]
            rng.shuffle(eligible[code])
        links = {code: ([s for s, _ in pairs] + [code], list(itertools.accumulate(
            [w for _, w in pairs] + [0.12]))) for code, pairs in SUPPLIER_LINKS.items()}
        self.pool: list[list[int]] = [[] for _ in range(len(org.employees) + 1)]
        for r in self.active:
            code = DEPARTMENTS[org.employee(r)["department_id"] - 1].code
            depts, cum = links.get(code, ([code], [1.0]))
            chosen: set[int] = set()
            for _ in range(rng.randint(5, 12)):
                members = eligible[depts[bisect.bisect(cum, rng.random() * cum[-1])
                                         if len(depts) > 1 else 0]]
                if members:
                    reach = len(members) if rng.random() < 0.3 else max(1, len(members) // 4)
                    s = members[int(rng.random() * reach)]
                    if s != r:
                        chosen.add(s)
            self.pool[r] = sorted(chosen)
        others = [i for i in self.active if i not in rare]
        for s in self.rare:
            for r in rng.sample(others, rng.randint(1, 4)):
                if r != s:
                    self.pool[r].append(s)
        activity = [0.0 if rng.random() < 0.08 else rng.choice((0.3, 0.7, 1.0, 1.0, 1.6, 2.5))
                    for _ in self.active]
        # The planted ring: the three of its department most others meet; they rate often,
        # and mostly each other.
        met = collections.Counter(x for r in self.active for x in self.pool[r])
        self.ring = sorted(self.ring, key=lambda i: (-met[i], i))[:3] \
            if len(self.ring) >= 6 else []
        ring = set(self.ring)
        for r in self.ring:  # ordinary suppliers to everyone else
            self.base[r] = min(self.base[r], 3.5)
            self.trend[r] = 0.0
            self.pool[r] = sorted(set(self.pool[r]) - ring) + [x for x in self.ring if x != r] * 6
        activity = [2.5 if r in ring else a for r, a in zip(self.active, activity, strict=True)]
        self.raters = [r for r, a in zip(self.active, activity, strict=True) if a and self.pool[r]]
        self.rater_cum = list(itertools.accumulate(
            a for r, a in zip(self.active, activity, strict=True) if a and self.pool[r]))

    def _day_counts(self) -> list[int]:
        weights = [WEEKDAY_WEIGHT[d.weekday()] for d in self.days]
        weights[-1] *= max(0, min(1, (self.now_local_seconds - SHIFT_START)
                                  / (SHIFT_END - SHIFT_START)))
        total_w = sum(weights)
        cum = list(itertools.accumulate(weights))
        marks = [round(self.total * c / total_w) for c in cum]
        return [b - a for a, b in zip([0, *marks[:-1]], marks, strict=True)]

    def generate(self, *, postgres: bool) -> Batch:
        """Every rating of the period as arrays, in time order, cooldown respected."""
        g = np.random.Generator(np.random.PCG64(self.rng.getrandbits(64)))
        n_days = len(self.days)
        counts = np.array(self._day_counts(), dtype=np.int64)
        day = np.repeat(np.arange(n_days, dtype=np.int64), counts)
        n = int(day.size)
        midnight = np.array([(d - dt.date(1970, 1, 1)).days * 86400 - self._offset(d)
                             for d in self.days], dtype=np.int64)
        limit = np.full(n_days, SHIFT_END - SHIFT_START, dtype=np.int64)
        limit[-1] = max(1, self.now_local_seconds - SHIFT_START)
        local = SHIFT_START + (g.random(n) * limit[day]).astype(np.int64)
        t_ms = (midnight[day] + local) * 1000 + g.integers(0, 1000, n)
        raters = np.array(self.raters, dtype=np.int64)
        cum = np.array(self.rater_cum, dtype=np.float64)
        rater = raters[np.searchsorted(cum, g.random(n) * cum[-1], side="right")]
        flat, offset, length = self._flat_pools()
        supplier = flat[offset[rater] + (g.random(n) * length[rater]).astype(np.int64)]

        # The cooldown: sorted by pair then time, a rating that follows the previous rating of
        # its pair within the cooldown is dropped (conservative: never two inside the window).
        key = rater * (len(self.org.employees) + 1) + supplier
        order = np.lexsort((t_ms, key))
        ks, ts = key[order], t_ms[order]
        too_soon = np.zeros(n, dtype=bool)
        too_soon[1:] = (ks[1:] == ks[:-1]) & (ts[1:] - ts[:-1] < self.cooldown * 1000)
        keep = np.ones(n, dtype=bool)
        keep[order[too_soon]] = False
        order = np.argsort(t_ms[keep], kind="stable")
        day, t_ms = day[keep][order], t_ms[keep][order]
        rater, supplier = rater[keep][order], supplier[keep][order]
        n = int(day.size)

        month_of_day = np.array([self.month_keys.index(d.strftime("%Y-%m")) for d in self.days],
                                dtype=np.int64)
        month = month_of_day[day]
        segment = self.segment_of[rater]
        mean = (self.base[supplier] + self.trend[supplier] * (day / n_days - 0.5)
                + self.strictness[rater] + self.mood[segment, month]
                + self.story[segment, self.dept_of[supplier], month])
        score = np.clip(np.floor(mean + 0.75 * g.standard_normal(n) + 0.5), 1, 5).astype(np.int64)
        if self.ring:  # the ring trades fives
            ring = np.array(self.ring, dtype=np.int64)
            score[np.isin(rater, ring) & np.isin(supplier, ring)] = 5

        roll = g.random(n)
        comment = np.full(n, len(COMMENTS) - 1, dtype=np.int64)  # the last entry is None
        for mask, first, texts in (
                ((score <= 2) & (roll < 0.14), 0, NEGATIVE_COMMENTS),
                ((score == 3) & (roll < 0.04), len(NEGATIVE_COMMENTS), NEUTRAL_COMMENTS),
                (((score == 5) & (roll < 0.05)) | ((score == 4) & (roll < 0.02)),
                 len(NEGATIVE_COMMENTS) + len(NEUTRAL_COMMENTS), POSITIVE_COMMENTS)):
            comment[mask] = first + g.integers(0, len(texts), int(mask.sum()))

        roll = g.random(n)
        neg, neg_len = self._tag_table(self.tags.negative)
        pos, pos_len = self._tag_table(self.tags.positive)
        first_tag = neg[segment, (g.random(n) * neg_len[segment]).astype(np.int64)]
        second_tag = neg[segment, (g.random(n) * neg_len[segment]).astype(np.int64)]
        praise = pos[segment, (g.random(n) * pos_len[segment]).astype(np.int64)]
        low = (score <= 2) & (roll < 0.75)
        two = low & (roll >= 0.5) & (second_tag != first_tag)
        happy = ((score == 5) & (roll < 0.3)) | ((score == 4) & (roll < 0.08))
        ids = np.arange(1, n + 1, dtype=np.int64)
        reason_rating = np.concatenate((ids[low], ids[two], ids[happy]))
        reason_tag = np.concatenate((first_tag[low], second_tag[two], praise[happy]))
        by_rating = np.lexsort((reason_tag, reason_rating))

        satisfaction_index = segment * len(self.month_keys) + month
        size = (len(SEGMENTS) + 1) * len(self.month_keys)
        sums = np.bincount(satisfaction_index, weights=score, minlength=size)
        numbers = np.bincount(satisfaction_index, minlength=size)
        satisfaction = {(seg, m): [int(sums[seg * len(self.month_keys) + k]),
                                   int(numbers[seg * len(self.month_keys) + k])]
                        for seg in range(1, len(SEGMENTS) + 1)
                        for k, m in enumerate(self.month_keys)}
        return Batch(
            postgres=postgres, t_ms=t_ms, day=day, rater=rater, supplier=supplier, score=score,
            comment=comment, rand12=g.integers(0, 4096, n, dtype=np.uint64),
            rand62=g.integers(0, 1 << 62, n, dtype=np.uint64),
            reason_rating=reason_rating[by_rating], reason_tag=reason_tag[by_rating],
            day_text=np.array([d.isoformat() for d in self.days], dtype=object),
            dept_of=self.dept_of, kiosk_of=self.kiosk_of,
            history=History(count=n, reasons=int(reason_rating.size), satisfaction=satisfaction,
                            months=self.month_keys))

    def _offset(self, day: dt.date) -> int:
        """Seconds east of UTC at the day's noon (shift hours never straddle a DST change)."""
        offset = dt.datetime(day.year, day.month, day.day, 12, tzinfo=self.tz).utcoffset()
        return int(offset.total_seconds()) if offset is not None else 0

    def _flat_pools(self) -> tuple[Any, Any, Any]:
        length = np.array([len(p) for p in self.pool], dtype=np.int64)
        offset = np.concatenate(([0], np.cumsum(length)[:-1])).astype(np.int64)
        flat = np.array([s for p in self.pool for s in p] or [0], dtype=np.int64)
        return flat, offset, length

    @staticmethod
    def _tag_table(tags: dict[int, list[int]]) -> tuple[Any, Any]:
        width = max((len(v) for v in tags.values()), default=1) or 1
        table = np.zeros((len(SEGMENTS) + 1, width), dtype=np.int64)
        length = np.ones(len(SEGMENTS) + 1, dtype=np.int64)
        for seg, ids in tags.items():
            table[seg, :len(ids)] = ids
            length[seg] = max(1, len(ids))
        return table, length


def fixed_day_texts(day_text: Any) -> Any:
    """ISO day texts ("YYYY-MM-DD") as an "S10" array."""
    return np.array([str(d) for d in day_text], dtype="S10")


COMMENTS = np.array([*NEGATIVE_COMMENTS, *NEUTRAL_COMMENTS, *POSITIVE_COMMENTS, None],
                    dtype=object)


@dataclass
class Batch:
    """The generated ratings as arrays; ``chunks`` formats them as driver rows."""

    postgres: bool
    t_ms: Any
    day: Any
    rater: Any
    supplier: Any
    score: Any
    comment: Any
    rand12: Any
    rand62: Any
    reason_rating: Any
    reason_tag: Any
    day_text: Any
    dept_of: Any
    kiosk_of: Any
    history: History

    def __len__(self) -> int:
        return int(self.day.size)

    def _uuid_hex(self, start: int, stop: int) -> str:
        """The UUIDv7s of ratings start..stop as one hex string, 32 digits each."""
        words = np.empty((stop - start, 2), dtype=">u8")
        words[:, 0] = (self.t_ms[start:stop].astype(np.uint64) << np.uint64(16)) \
            | np.uint64(0x7000) | self.rand12[start:stop]
        words[:, 1] = np.uint64(1 << 63) | self.rand62[start:stop]
        return words.tobytes().hex()

    def _created_codes(self, start: int, stop: int, postgres: bool) -> Any:
        """created_at texts as a (n, width) array of code points: "YYYY-MM-DD HH:MM:SS.mmm000"
        (+ "+00" for PostgreSQL), as UTCDateTime stores them."""
        t_ms = self.t_ms[start:stop]
        n = int(t_ms.size)
        iso = np.datetime_as_string(t_ms.astype("datetime64[ms]"), unit="ms")
        codes = iso.astype("<U23").view(np.uint32).reshape(n, 23)
        width = 29 if postgres else 26
        text = np.empty((n, width), dtype=np.uint32)
        text[:, :23] = codes
        text[:, 10] = ord(" ")
        text[:, 23:26] = ord("0")
        if postgres:
            text[:, 26:] = [ord("+"), ord("0"), ord("0")]
        return text

    def rating_rows(self, start: int, stop: int) -> list[tuple[Any, ...]]:
        """Rows (id, uuid hex, rater, supplier, their departments, score, comment, kiosk,
        created_at text, day text): created_at is repeated as received_at by the SQL."""
        n = stop - start
        hexed = self._uuid_hex(start, stop)
        uuids = [hexed[i:i + 32] for i in range(0, 32 * n, 32)]
        text = self._created_codes(start, stop, self.postgres)
        created = text.view(f"<U{text.shape[1]}").ravel().tolist()
        rater, supplier = self.rater[start:stop], self.supplier[start:stop]
        return list(zip(
            range(start + 1, stop + 1), uuids, rater.tolist(), supplier.tolist(),
            self.dept_of[rater].tolist(), self.dept_of[supplier].tolist(),
            self.score[start:stop].tolist(), COMMENTS[self.comment[start:stop]].tolist(),
            self.kiosk_of[rater].tolist(), created, self.day_text[self.day[start:stop]].tolist(),
            strict=True))

    def texts(self) -> tuple[list[str | None], Any]:
        """Texts for ``PackedInserter``: the comments (None last); and each employee's kiosk
        code padded with spaces to one width (an "S<n>" array: kiosk codes have no spaces)."""
        codes = self.kiosk_of.astype(str)
        width = max(len(c) for c in codes)
        assert all(" " not in c for c in codes)
        return COMMENTS.tolist(), np.array([c.ljust(width) for c in codes], dtype=f"S{width}")

    def packed_ratings(self, start: int, stop: int,
                       kiosk_text: Any) -> tuple[tuple[str, ...], list[Any]]:
        """Columns of ratings start..stop for ``PackedInserter.insert`` (SQLite): the last
        two, the kiosk code and the comment's text id (most ratings have none), only feed
        the expressions."""
        n = stop - start
        uuids = np.frombuffer(self._uuid_hex(start, stop).encode("ascii"), dtype="S32")
        created = self._created_codes(start, stop, False).astype(np.uint8).view("S26").ravel()
        rater, supplier = self.rater[start:stop], self.supplier[start:stop]
        day = fixed_day_texts(self.day_text)[self.day[start:stop]]
        names = (*RATING_COLUMNS, "received_at", "status")
        columns = [np.arange(start + 1, stop + 1, dtype=np.int64), uuids, rater, supplier,
                   self.dept_of[rater], self.dept_of[supplier], self.score[start:stop],
                   f"CASE WHEN {{10}} <> {len(COMMENTS) - 1} "
                   "THEN (SELECT v FROM temp.demo_text WHERE id = {10}) END",
                   "rtrim({9})", created, day, "{7}", "'ok'", kiosk_text[rater],
                   self.comment[start:stop]]
        assert len(uuids) == n
        return names, columns

    def reason_rows(self, start: int, stop: int) -> list[tuple[int, int]]:
        """(rating id, tag id) of the ratings with ids start+1..stop."""
        lo, hi = np.searchsorted(self.reason_rating, [start + 1, stop + 1])
        return list(zip(self.reason_rating[lo:hi].tolist(), self.reason_tag[lo:hi].tolist(),
                        strict=True))
