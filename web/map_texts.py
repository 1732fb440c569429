"""The living initiative map's words on the web page: the person's row and the company's map.

Kept beside ``web.texts`` (which merges them into its catalog) so that one stays readable;
the sentences the kiosk's row and the wallboard's slide say too are listed with their Qt
source, and tests/web/test_web_texts.py holds their Russian equal to the kiosk's catalog.
"""

from __future__ import annotations

# The footnote under both: the k rule of the map's cells, with the count said in its form.
MAP_K_NOTE = ("Score: the segment's mean this month, counted in blocks of at least {n} "
              "different colleague.")

MAP_RU: dict[str, str] = {
    "Your segment “{name}”": "Ваш сегмент «{name}»",
    "goal: {goal}": "цель: {goal}",
    "Any supplier": "Любой поставщик",
    "not enough ratings yet": "пока мало оценок",
    "{change} since last month": "{change} к прошлому месяцу",
    "{supplier} — {improvement}": "{supplier} — {improvement}",
    "The whole initiative map →": "Вся карта инициатив →",
    "Initiative map": "Карта инициатив",
    "No initiatives for this segment yet.": "Для этого сегмента инициатив пока нет.",
    "Segment KPI": "KPI сегмента",
    "{month}: {mean}": "{month}: {mean}",
    "getting better": "улучшается",
    "getting worse": "ухудшается",
}

MAP_RU_PLURAL: dict[str, tuple[str, str, str]] = {
    MAP_K_NOTE: (
        "Оценка — средний балл сотрудников сегмента за месяц; считается блоками, в каждом "
        "не меньше {n} разного коллеги.",
        "Оценка — средний балл сотрудников сегмента за месяц; считается блоками, в каждом "
        "не меньше {n} разных коллег.",
        "Оценка — средний балл сотрудников сегмента за месяц; считается блоками, в каждом "
        "не меньше {n} разных коллег."),
}

MAP_EN_PLURAL: dict[str, str] = {
    MAP_K_NOTE: "Score: the segment's mean this month, counted in blocks of at least {n} "
                "different colleagues.",
}

MAP_KIOSK_SOURCES: dict[str, tuple[str, str]] = {
    "Your segment “{name}”": ("SegmentRowCard", "Your segment “%1”"),
    "goal: {goal}": ("SegmentRowCard", "goal: %1"),
    "Any supplier": ("SegmentRowCard", "Any supplier"),
    "not enough ratings yet": ("SegmentRowCard", "not enough ratings yet"),
    "{change} since last month": ("SegmentRowCard", "%1 since last month"),
    **{text: ("InitiativesSlide", text) for text in (
        "Initiative map", "No initiatives for this segment yet.", "Segment KPI")},
}
