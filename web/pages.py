"""What the personal page shows, read in one unit of work from the domain functions.

The metrics, streak, nudges and waiting counts are the kiosk home's (``home_figures``: the
same k rules); the disputes the kiosk's "my disputes" (``disputes_for``); the company's
figures the wallboard's top suppliers of the month on completed k-blocks (``stepped_top``);
the segment's row of the living initiative map the kiosk home's (``live_segment``).
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Employee, Proposal
from shared.domain.disputes import OPEN_STATES, DisputeView, disputes_for
from shared.domain.home import HomeFigures, home_figures
from shared.domain.initiative_map import KeptRows, SegmentRow, live_segment
from shared.domain.periods import local_today, month_period
from shared.domain.proposals import pending_proposals_for
from shared.domain.public import SupplierScore
from shared.domain.public.steps import stepped_top
from shared.domain.tiers import SupplierTier, stored_supplier_tier
from shared.domain.wallboard_data import WallboardData, load_wallboard_data
from shared.names import first_name, name_cases, person_name


@dataclass(frozen=True)
class ProposalLine:
    proposal_id: int
    to_decide: bool  # False: sent by the person, waiting for someone else
    supplier: dict[str, str]  # whose work it is about: the name and its cases (name_cases)
    text: str


@dataclass(frozen=True)
class PersonalPage:
    full_name: str
    first_name: str  # the greeting's
    language: str
    home: HomeFigures
    disputes: list[DisputeView]
    proposals: list[ProposalLine]
    month: str
    top: list[SupplierScore]
    k: int
    tier: SupplierTier | None = None  # the person's supplier tier of last month (kiosk home)
    segment: SegmentRow | None = None  # their segment's row of the initiative map, if any


@dataclass(frozen=True)
class CompanyFigures:
    month: str
    top: list[SupplierScore]
    at: dt.datetime


class CompanyCache:
    """The company's figures, the same for everyone, read at most once per
    ``wallboard.refresh_seconds`` (as the wallboard reads them): ``stepped_top`` takes
    90-250 ms on the demo plant (600 people, 58 k ratings, a loaded 2-core machine), the
    person's own figures under 10 ms. Published figures move by whole k-blocks, so a page a
    minute behind the wallboard says nothing the wallboard did not."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._figures: CompanyFigures | None = None
        self._lock = threading.Lock()

    def get(self, session: Session, now: dt.datetime) -> CompanyFigures:
        month = local_today(self.config.tz, now).strftime("%Y-%m")
        ttl = dt.timedelta(seconds=self.config.wallboard.refresh_seconds)
        with self._lock:  # one reader at shift change, the others wait for its answer
            cached = self._figures
            if cached is None or cached.month != month or not (
                    cached.at <= now < cached.at + ttl):
                top, _blocks = stepped_top(session, self.config, month_period(month),
                                           self.config.wallboard.top_suppliers)
                cached = self._figures = CompanyFigures(month, top, now)
            return cached


class WallboardCache:
    """The wallboard's whole snapshot for the company page (``load_wallboard_data``: the
    same figures, k rules and blocks as the monitor), read at most once per
    ``wallboard.refresh_seconds``. It takes about a second on the demo plant, so while one
    request reads a new one the others get the previous snapshot at once."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._data: WallboardData | None = None
        self._read_at: dt.datetime | None = None
        self._lock = threading.Lock()

    def get(self, session: Session, now: dt.datetime) -> WallboardData:
        ttl = dt.timedelta(seconds=self.config.wallboard.refresh_seconds)
        data, read_at = self._data, self._read_at
        if data is not None and read_at is not None and read_at <= now < read_at + ttl \
                and data.month == local_today(self.config.tz, now).strftime("%Y-%m"):
            return data
        if data is not None and not self._lock.acquire(blocking=False):
            return data  # another request is reading the new one
        if data is None:
            self._lock.acquire()
        try:
            if self._data is data:  # not read meanwhile by the request we waited for
                self._data = load_wallboard_data(session, self.config, now=now)
                self._read_at = now
            assert self._data is not None
            return self._data
        finally:
            self._lock.release()


def _names(session: Session, ids: set[int], language: str) -> dict[int, str]:
    """Names in ``language``, each carrying the directory's gender (``PersonName``)."""
    if not ids:
        return {}
    rows = session.execute(select(Employee.id, Employee.full_name, Employee.full_name_en,
                                  Employee.gender).where(Employee.id.in_(ids)))
    return {i: person_name(en if language == "en" and en else ru, sex)
            for i, ru, en, sex in rows}


def personal_page(session: Session, config: Config, employee_id: int,
                  now: dt.datetime, company: CompanyCache | None = None,
                  segment_rows: KeptRows | None = None) -> PersonalPage:
    """The signed-in person's page at ``now`` (``company``: the figures for all, cached;
    ``segment_rows``: the segments' rows of the map, kept as long as those)."""
    person = session.get(Employee, employee_id)
    assert person is not None  # the session was checked against an active employee
    language = person.language if person.language in ("ru", "en") else \
        config.site.default_language
    today = local_today(config.tz, now)
    home = home_figures(session, config, employee_id, today=today, now=now, nudge_limit=10)
    disputes = [d for d in disputes_for(session, config, employee_id=employee_id, now=now)
                if d.state in OPEN_STATES]
    deciding = pending_proposals_for(session, employee_id)
    sent = session.execute(select(Proposal.id, Proposal.supplier_id, Proposal.what_should_change)
                           .where(Proposal.client_id == employee_id,
                                  Proposal.status == "pending")
                           .order_by(Proposal.created_at, Proposal.id)).all()
    names = _names(session, {p.supplier_id for p in deciding} | {s for _i, s, _t in sent},
                   language)
    proposals = [ProposalLine(p.id, True, name_cases(names.get(p.supplier_id, "")),
                              p.what_should_change) for p in deciding]
    proposals += [ProposalLine(i, False, name_cases(names.get(s, "")), t) for i, s, t in sent]
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    # As the kiosk home: the monthly tier export's, as `pulse jobs run` stored it.
    tier = stored_supplier_tier(session, config, employee_id, last_month)
    figures = (company or CompanyCache(config)).get(session, now)
    segment = live_segment(session, config, employee_id, now, kept=segment_rows,
                           keep=dt.timedelta(seconds=config.wallboard.refresh_seconds))
    name = (person.full_name_en if language == "en" and person.full_name_en
            else person.full_name)
    return PersonalPage(name, first_name(name, language), language, home, disputes, proposals,
                        figures.month, figures.top, config.site.k_anonymity, tier, segment)


# --- the company page's trend and map (issue 19 point 4) ------------------------------------

@dataclass(frozen=True)
class TrendChart:
    """The company's weekly share of good ratings as an inline SVG's lines (no script): a
    withheld week (fewer than k clients) is a gap, never a guess."""

    width: int
    height: int
    segments: list[str]  # each "x,y x,y ...": consecutive weeks with a figure
    dots: list[tuple[float, float]]
    first: dt.date | None
    last: dt.date | None
    latest: float | None  # the last week's share (0..1), None when withheld
    weeks: int


def trend_chart(data: WallboardData, width: int = 600, height: int = 180) -> TrendChart | None:
    """The company-wide series of ``data.trend`` drawn in a ``width`` x ``height`` box with
    room for the axis labels; None without weeks."""
    series = next((s for s in data.trend if s.group is None), None)
    if series is None or not series.weeks:
        return None
    # From the first week with ratings (a young plant's empty months are not a trend).
    start = next((i for i, n in enumerate(series.volume) if n), len(series.weeks) - 1)
    weeks, shares = series.weeks[start:], series.csat[start:]
    left, right, top, bottom = 40.0, 10.0, 10.0, 24.0
    count = len(weeks)
    step = (width - left - right) / max(count - 1, 1)

    def y(share: float) -> float:
        return round(top + (1.0 - share) * (height - top - bottom), 1)

    segments: list[str] = []
    dots: list[tuple[float, float]] = []
    current: list[str] = []
    for i, share in enumerate(shares):
        if share is None:
            if current:
                segments.append(" ".join(current))
            current = []
            continue
        x = round(left + i * step, 1)
        current.append(f"{x},{y(share)}")
        dots.append((x, y(share)))
    if current:
        segments.append(" ".join(current))
    return TrendChart(width, height, segments, dots, weeks[0], weeks[-1], shares[-1], count)


@dataclass(frozen=True)
class MapFlow:
    """One arrow of the wallboard's map: a client department's ratings of a supplier one."""

    client: str
    supplier: str
    n: int
    clients: int
    mean: float | None  # None: withheld (fewer than k clients)


def map_flows(data: WallboardData, language: str, limit: int = 15) -> list[MapFlow]:
    """The map's arrows with the most ratings this month, in the page's language (the
    wallboard draws them as a graph; a phone reads them as a list)."""
    names = {n.department_id: (n.name_en if language == "en" and n.name_en else n.name)
             for n in data.map_nodes}
    edges = sorted(data.map_edges, key=lambda e: (-e.n, e.client_department_id,
                                                  e.supplier_department_id))[:limit]
    return [MapFlow(names.get(e.client_department_id, "?"),
                    names.get(e.supplier_department_id, "?"), e.n, e.clients,
                    None if e.withheld else e.mean) for e in edges]
