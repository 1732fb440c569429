"""Russian -> Latin transliteration of names (GOST R 52535.1-2006 / ICAO Doc 9303, as in passports).

The passport system is the one people already see on their own documents
("Белов Андрей Викторович" -> "Belov Andrei Viktorovich"), so English screens and
posters spell a name as its owner does. Letters outside Cyrillic pass through.
"""

from __future__ import annotations

__all__ = ["transliterate"]

_TABLE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    # Ukrainian/Belarusian letters that occur in Russian personnel files.
    "і": "i", "ї": "i", "є": "ie", "ў": "u", "ґ": "g",
    "№": "No.",
}


def transliterate(text: str) -> str:
    """Transliterate, keeping case: 'Щукин' -> 'Shchukin', 'ЩУКИН' -> 'SHCHUKIN'."""
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        low = ch.lower()
        latin = _TABLE.get(low)
        if latin is None:
            out.append(ch)
            continue
        if ch == low or not latin:
            out.append(latin)
            continue
        # An upper-case letter: all caps if its neighbours are capitals too (an all-caps word).
        nxt = text[i + 1] if i + 1 < n else ""
        prev = text[i - 1] if i else ""
        all_caps = (nxt.isalpha() and nxt.isupper()) or (
            not (nxt.isalpha()) and prev.isalpha() and prev.isupper())
        out.append(latin.upper() if all_caps else latin.capitalize())
    return "".join(out)
