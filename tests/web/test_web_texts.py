"""The web page's words: Russian plural forms, and the kiosk's sentences said alike.

The web page cannot use Qt's translator (web/texts.py says why), so the sentences the
kiosk's home says too are held equal to the kiosk's catalog here, form by form.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from web.texts import _EN_PLURAL, _RU, _RU_PLURAL, KIOSK_SOURCES, Texts, ru_plural_form

CATALOG = Path(__file__).resolve().parents[2] / "assets" / "i18n" / "pulse_ru.ts"


def _kiosk_russian() -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for context in ET.parse(CATALOG).getroot():
        name = context.findtext("name") or ""
        for message in context.findall("message"):
            tr = message.find("translation")
            assert tr is not None
            forms = [f.text or "" for f in tr.findall("numerusform")] or [tr.text or ""]
            out[(name, message.findtext("source") or "")] = forms
    return out


def _placeholders_out(text: str) -> str:
    return re.sub(r"\{\w+\}|%n|%\d", "#", text)


@pytest.mark.parametrize("key", sorted(KIOSK_SOURCES))
def test_the_kiosks_sentences_read_the_same_on_the_web(key: str) -> None:
    kiosk = _kiosk_russian()[KIOSK_SOURCES[key]]
    web = list(_RU_PLURAL[key]) if key in _RU_PLURAL else [_RU[key]]
    if len(kiosk) == 3 and len(web) == 1:
        web = web * 3
    assert [_placeholders_out(w) for w in web] == [_placeholders_out(k) for k in kiosk]


@pytest.mark.parametrize(("n", "form"), [(0, 2), (1, 0), (2, 1), (4, 1), (5, 2), (11, 2),
                                         (12, 2), (14, 2), (21, 0), (22, 1), (25, 2),
                                         (101, 0), (111, 2)])
def test_russian_plural_forms(n: int, form: int) -> None:
    assert ru_plural_form(n) == form


def test_every_plural_has_both_languages() -> None:
    assert set(_RU_PLURAL) == set(_EN_PLURAL)
    ru, en = Texts("ru"), Texts("en")
    assert ru.n("from {n} client", 21) == "от 21 клиента"
    assert en.n("from {n} client", 1) == "from 1 client"
    assert en.n("from {n} client", 2) == "from 2 clients"
    assert ru.number(4.25, 2) == "4,25" and en.number(4.25, 2) == "4.25"
    assert ru.month("2026-03") == "март 2026 г." and en.month("2026-03") == "March 2026"


def test_the_verdict_says_both_figures_and_both_readings_and_the_tier_its_month() -> None:
    ru, en = Texts("ru"), Texts("en")
    assert ru.verdict("stricter", withheld=False, mine=3.5, others=4.3) == (
        "Вы ставите этим поставщикам 3,5, другие их клиенты — 4,3: либо вы ждёте большего, "
        "либо вас они обслуживают хуже, чем других.")
    assert en.verdict("same", withheld=False, mine=4.0, others=4.1) == (
        "You rate these suppliers 4.0, their other clients 4.1: you rate them as others do.")
    assert en.verdict(None, withheld=True).startswith("Your suppliers need ratings")
    assert ru.n("{counted} of {n} supplier you rated", 4, counted=3) == (
        "3 из 4 оценённых вами поставщиков")
    assert en.n("{counted} of {n} supplier you rated", 1, counted=1) == "1 of 1 supplier you rated"
    assert ru.tier("2026-02", "gold", "") == "Ваш уровень поставщика за февраль: золото."
    assert en.tier("2026-02", "silver", "a parking place") == (
        "Your supplier tier for February: silver. It gives: a parking place.")


def test_the_maps_change_kpi_and_k_note_in_both_languages() -> None:
    ru, en = Texts("ru"), Texts("en")
    assert ru.change(0.42) == "▲ +0,4" and en.change(-0.26) == "▼ −0.3"
    assert ru.change(0.04) == "◆ 0,0" and en.change(-0.04) == "◆ 0.0"
    assert ru.kpi(12.5) == "12,5" and en.kpi(1.80) == "1.8" and en.kpi(95.0) == "95"
    assert en.kpi(-3.25) == "−3.25" and ru.kpi(1234.4) == "1234"
    assert ru.month_name("2026-02") == "февраль" and en.month_name("2026-11") == "November"
    note = "Score: the segment's mean this month, counted in blocks of at least {n} different " \
           "colleague."
    assert ru.n(note, 21).endswith("не меньше 21 разного коллеги.")
    assert ru.n(note, 5).endswith("не меньше 5 разных коллег.")
    assert en.n(note, 5).endswith("at least 5 different colleagues.")
