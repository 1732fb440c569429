#!/usr/bin/env python3
"""Screenshots of the personal web page with Debian's chromium, headless, into docs/screenshots/.

    PULSE_DATA_DIR=demo-data python scripts/web_screenshots.py [--employee PERSONNEL_NO]

Signs an employee in on the configured database (default: the one most rated this month
with a dispute open), saves the page's HTML (self-contained: inline style, no script, no
external file) and has chromium draw it at phone size (390x844) and desktop width
(1280x900), in Russian and English: web-personal.png, web-personal-en.png,
web-personal-desktop.png; and the company page at phone size (web-company.png) and whole
on a desktop (web-company-desktop.png). The forms' pages (rate, disputes, proposals) are
drawn by tests/web/test_web_browser.py with WEB_SCREENSHOTS set.
"""

from __future__ import annotations

import argparse
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


def shot(browser: str, page: Path, html: str, target: Path, size: tuple[int, int]) -> None:
    page.write_text(html, encoding="utf-8")
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--window-size={size[0]},{size[1]}", f"--screenshot={target}",
                    page.as_uri()], check=True, capture_output=True, timeout=120)
    print(target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employee", metavar="PERSONNEL_NO")
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
                # The whole page on a desktop: the trend and the map under the rankings.
                shot(browser, Path(tmp) / "company.html", company,
                     out / "web-company-desktop.png", (1280, 3800))
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
            s.get(Employee, employee_id).language = language  # type: ignore[union-attr]
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
