"""``pulse poster``: a real PDF, one page per supplier, A4/A3 portrait, the name in the text."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from shared.cli import main
from shared.db import open_database
from tests.wallboard_seed import seed

pytestmark = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils missing")
TZ = ZoneInfo("Europe/Moscow")
# A fixed clock: the plant is seeded up to late in a fixed month and the posters are asked for
# that month, so the test never depends on today's date (in a month's first days too few
# suppliers have completed a block of k clients).
NOW = dt.datetime(2026, 3, 27, 9, 0, tzinfo=dt.UTC)
MONTH = "2026-03"


@pytest.fixture
def plant(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'plant.db'}"
    db = open_database(url, upgrade=True)
    seed(db, employees=150, months=2, now=NOW, tz=TZ)
    db.dispose()
    return url


def _pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return {k.strip(): v.strip() for k, v in
            (line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)}


@pytest.mark.parametrize(("size", "points"), [("A4", "595 x 842"), ("A3", "842 x 1191")])
def test_poster_pdf(plant: str, tmp_path: Path, size: str, points: str, capsys) -> None:
    month = MONTH
    out = tmp_path / f"poster-{size}.pdf"
    assert main(["--db", plant, "poster", "--month", month, "--top", "3", "--size", size,
                 "-o", str(out)]) == 0
    info = _pdfinfo(out)
    assert info["Pages"] == "3"
    assert info["Page size"].startswith(points)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    from shared.config import load_config
    from shared.domain.posters import poster_entries
    db = open_database(plant)
    with db.read() as s:
        names = [e.supplier.full_name for e in poster_entries(s, load_config(), month, top=3)]
    db.dispose()
    for name in names:
        assert name in text
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    assert "DejaVuSans" in fonts and " yes " in fonts  # embedded
    assert "3 poster pages" in capsys.readouterr().out


def test_poster_for_a_department_and_errors(plant: str, tmp_path: Path, capsys) -> None:
    month = MONTH
    out = tmp_path / "p.pdf"
    assert main(["--db", plant, "poster", "--month", month, "--department", "Склад",
                 "-o", str(out)]) == 0
    assert _pdfinfo(out)["Pages"] == "1"
    # The best of one department, not of the company: the title says so.
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Самый привлекательный в подразделении" in text
    assert "Самый привлекательный поставщик" not in text
    assert main(["--db", plant, "poster", "--month", "2026-13", "-o", str(out)]) == 1
    assert main(["--db", plant, "poster", "--department", "Nowhere", "-o", str(out)]) == 1
    assert main(["--db", plant, "poster", "--month", "2001-01", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "YYYY-MM" in err and "no such department" in err and "nothing to put" in err
