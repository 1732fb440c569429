#!/usr/bin/env python3
"""Screenshots of the personal web page with Debian's chromium, headless, into docs/screenshots/.

    PULSE_DATA_DIR=demo-data python scripts/web_screenshots.py [--employee PERSONNEL_NO]

Signs an employee in on the configured database (default: the one most rated this month
with a dispute open), saves the page's HTML (self-contained: inline style, no script, no
external file) and has chromium draw it at phone size (390x844) and desktop width
(1280x900), in Russian and English: web-personal.png, web-personal-en.png,
web-personal-desktop.png; and the company page at phone size (web-company.png) and whole
on a desktop, as tall as it is (web-company-desktop.png). The forms' pages (rate,
disputes, proposals) are drawn by tests/web/test_web_browser.py with WEB_SCREENSHOTS set.

The living initiative map, scrolled to (tests/web/browser.py drives chromium for that): a
segment member's row on their page (default: a worker of the segment whose initiatives name
the most supplier departments; --segment-employee) at phone size in both languages and on a
desktop, web-personal-segment{,-en,-desktop}.png; the company's map at phone size and on a
desktop, web-company-map{,-desktop}.png, and at phone size a segment with a cell below k this
month, web-company-map-below-k.png.
"""

from __future__ import annotations

import argparse
import base64
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = {"": (390, 844), "-desktop": (1280, 900)}


def pick_employee(s, config) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from shared.db.models import Dispute, Rating
    open_disputes = select(Dispute.respondent_id).where(Dispute.state == "open")
    row = s.execute(select(Rating.supplier_id, func.count(func.distinct(Rating.rater_id)))
                    .where(Rating.supplier_id.in_(open_disputes))
                    .group_by(Rating.supplier_id)
                    .order_by(func.count(func.distinct(Rating.rater_id)).desc())).first()
    if row is None:
        row = s.execute(select(Rating.supplier_id, func.count())
                        .group_by(Rating.supplier_id).order_by(func.count().desc())).first()
    if row is None:
        raise SystemExit("no ratings in the database: load the demo first (pulse demo)")
    return int(row[0])


def pick_segment_member(s) -> int:  # type: ignore[no-untyped-def]
    """An active worker of the segment whose initiatives name the most supplier departments."""
    from sqlalchemy import func, select

    from shared.db.models import Employee, Initiative
    segment = s.execute(select(Initiative.segment_id)
                        .group_by(Initiative.segment_id)
                        .order_by(func.count(func.distinct(Initiative.supplier_department_id))
                                  .desc(), Initiative.segment_id)).scalar()
    if segment is None:
        raise SystemExit("no initiative map in the database: load the demo first (pulse demo)")
    return int(s.execute(select(Employee.id).where(Employee.segment_id == segment,
                                                   Employee.active.is_(True),
                                                   Employee.role == "worker")
                         .order_by(Employee.personnel_no)).scalars().first())


def shot_at(browser: str, page: Path, html: str, selector: str | None, target: Path,
            size: tuple[int, int], closest: str = "*") -> None:
    """The page at ``size``, scrolled so that the element at ``selector`` (its ``closest``
    ancestor, and the heading just before that) is at the top: a file's #fragment is not
    scrolled to by --screenshot. No ``selector``: the whole page, as tall as it is."""
    from tests.web.browser import Browser

    page.write_text(html, encoding="utf-8")
    b = Browser(browser)
    try:
        width, height = size
        b.send("Emulation.setScrollbarsHidden", hidden=True)
        b.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
               deviceScaleFactor=1, mobile=width < 600)
        b.open(page.as_uri())
        if selector is None:
            b.screenshot(target, width, height)
            print(target)
            return
        b.evaluate(f"(() => {{ let e = document.querySelector({selector!r}).closest("
                   f"{closest!r}); const h = e.previousElementSibling;"
                   " if (h && /^H[1-3]$/.test(h.tagName)) e = h;"
                   " window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 8);"
                   " })()")
        data = b.send("Page.captureScreenshot", format="png")["data"]
        target.write_bytes(base64.b64decode(data))
    finally:
        b.close()
    print(target)


def shot(browser: str, page: Path, html: str, target: Path, size: tuple[int, int]) -> None:
    page.write_text(html, encoding="utf-8")
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--window-size={size[0]},{size[1]}", f"--screenshot={target}",
                    page.as_uri()], check=True, capture_output=True, timeout=120)
    print(target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employee", metavar="PERSONNEL_NO")
    parser.add_argument("--segment-employee", metavar="PERSONNEL_NO")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("chromium not found (apt-get install chromium)")
    from sqlalchemy import select
    from starlette.testclient import TestClient

    from shared.config import load_config
    from shared.db import open_database
    from shared.db.models import Employee
    from shared.domain.web_sign_in import LINK_PATH, issue_link
    from web.server import create_app
    config = load_config()
    db = open_database(config.database_url(), upgrade=True, audit_key=config.secret_bytes())
    out = Path(args.out)
    with db.write() as s:
        if args.employee:
            employee_id = s.scalar(select(Employee.id)
                                   .where(Employee.personnel_no == args.employee))
            if employee_id is None:
                raise SystemExit(f"no employee {args.employee}")
        else:
            employee_id = pick_employee(s, config)
        person = s.get(Employee, employee_id)
        assert person is not None
        language = person.language
        if args.segment_employee:
            member = s.scalar(select(Employee.id)
                              .where(Employee.personnel_no == args.segment_employee))
            if member is None:
                raise SystemExit(f"no employee {args.segment_employee}")
        else:
            member = pick_segment_member(s)
        member_language = s.get(Employee, member).language  # type: ignore[union-attr]
    with tempfile.TemporaryDirectory() as tmp:
        for lang, suffix in (("ru", ""), ("en", "-en")):
            with db.write() as s:
                s.get(Employee, employee_id).language = lang  # type: ignore[union-attr]
                token = issue_link(s, config, employee_id=employee_id,
                                   issued_by="scripts/web_screenshots.py").token
            with TestClient(create_app(config, db)) as client:
                html = client.post(LINK_PATH + token).text
                company = client.get("/company").text
            page = Path(tmp) / f"page{suffix}.html"
            page.write_text(html, encoding="utf-8")
            if not suffix:
                shot(browser, Path(tmp) / "company.html", company, out / "web-company.png",
                     SIZES[""])
                # The whole page on a desktop, as tall as it is.
                shot_at(browser, Path(tmp) / "company.html", company, None,
                        out / "web-company-desktop.png", (1280, 900))
                # A segment whose cell is below k this month (if the map has one).
                if 'class="fig"><span class="muted">' in company:
                    shot_at(browser, Path(tmp) / "company.html", company,
                            ".segment .fig span.muted", out / "web-company-map-below-k.png",
                            SIZES[""], closest=".segment")
            for size_suffix, (w, h) in SIZES.items():
                if lang == "en" and size_suffix:
                    continue
                target = out / f"web-personal{suffix}{size_suffix}.png"
                subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                                "--hide-scrollbars", f"--window-size={w},{h}",
                                f"--screenshot={target}", page.as_uri()],
                               check=True, capture_output=True, timeout=120)
                print(target)
            with db.write() as s:
                s.get(Employee, member).language = lang  # type: ignore[union-attr]
                token = issue_link(s, config, employee_id=member,
                                   issued_by="scripts/web_screenshots.py").token
            with TestClient(create_app(config, db)) as client:
                html = client.post(LINK_PATH + token).text
            sizes = [("", SIZES[""])] + ([] if suffix else [("-desktop", SIZES["-desktop"])])
            for size_suffix, size in sizes:
                shot_at(browser, Path(tmp) / "segment.html", html, "#segment",
                        out / f"web-personal-segment{suffix}{size_suffix}.png", size)
                if not suffix:
                    shot_at(browser, Path(tmp) / "map.html", company, "#initiatives",
                            out / f"web-company-map{size_suffix}.png", size)
        with db.write() as s:
            s.get(Employee, employee_id).language = language  # type: ignore[union-attr]
            s.get(Employee, member).language = member_language  # type: ignore[union-attr]
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
