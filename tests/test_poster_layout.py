"""Poster PDFs: the words in the poster's language, every quote printed whole above the footer."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from shared.domain.posters import PosterEntry
from shared.domain.public import SupplierScore

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")

A4_HEIGHT_PT = 842.0
FOOTER_RULE_PT = (1414.0 - 100.0) / 1414.0 * A4_HEIGHT_PT

QUOTES = ("Сертификаты готовы заранее, отгрузили без задержек, всё по списку.",
          "Запчасти привезли раньше обещанного и помогли со сборкой узла.",
          "Объяснил, как оформить заявку, и сам проверил, что она дошла до склада.")


def _entry(name: str, quotes: tuple[str, ...], rank: int = 2) -> PosterEntry:
    supplier = SupplierScore(7, "00007", name, "Konstantinopolskaia Aleksandra Vladimirovna", 3,
                             "Служба главного механика", "Chief mechanic service", False, 61,
                             25, 4.6, 0.92, 4.5, None, False)
    return PosterEntry(supplier, "2026-11", rank, (0, 0, 5, 17, 39), quotes, None)


def _words(pdf: Path) -> list[tuple[str, float, float]]:
    """Every word on the page with its top and bottom in points (``pdftotext -bbox``)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [(w, float(y0), float(y1)) for y0, y1, w in re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
        html)]


def _write(tmp_path: Path, entry: PosterEntry, language: str) -> Path:
    from shared.qt.poster import ensure_gui_application, write_posters
    ensure_gui_application()
    out = tmp_path / f"poster-{language}.pdf"
    write_posters([entry], out, language=language, printed=dt.date(2026, 11, 28))
    return out


@pytest.mark.parametrize("language", ["ru", "en"])
def test_quotes_are_printed_whole_above_the_footer(tmp_path: Path, language: str) -> None:
    # A three-part Russian name takes two lines; the quotes below it used to get boxes a
    # few units high (printed at 20 px and cut) and the second one ran over the footer.
    out = _write(tmp_path, _entry("Константинопольская Александра Владимировна", QUOTES),
                 language)
    words = _words(out)
    quote_words = {w for q in QUOTES for w in q.split()}
    printed = [(w, y0, y1) for w, y0, y1 in words if w in quote_words]
    shown = [q for q in QUOTES if all(w in {p[0] for p in printed} for w in q.split())]
    assert len(shown) >= 2, shown
    assert list(QUOTES[:len(shown)]) == shown  # in order, none skipped
    for word, top, bottom in printed:
        assert bottom < FOOTER_RULE_PT, (word, bottom)
        # 26 logical px on a 1414-high page is a 15.5 pt font: readable on a wall.
        assert bottom - top >= 14.0, (word, bottom - top)


def test_poster_words_follow_the_poster_language(tmp_path: Path) -> None:
    entry = _entry("Иванова Анна Петровна", QUOTES[:1], rank=1)
    ru = subprocess.run(["pdftotext", str(_write(tmp_path, entry, "ru")), "-"],
                        capture_output=True, text=True, check=True).stdout
    en = subprocess.run(["pdftotext", str(_write(tmp_path, entry, "en")), "-"],
                        capture_output=True, text=True, check=True).stdout
    assert "Самый привлекательный поставщик" in ru and "из 5" in ru and "Ноябрь 2026" in ru
    assert "Most attractive" not in ru and "clients" not in ru and "What clients say" not in ru
    assert "Most attractive supplier" in en and "of 5" in en and "November 2026" in en
