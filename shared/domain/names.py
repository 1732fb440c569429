"""Short department names for places with little room (the wallboard's map, rankings, ticker).

A department's own short name (``departments.short_name``, from the directory) wins; without
one, ``short_department_name`` makes one from the full name, keeping what tells departments
apart. Two shops differ by their number at the end ("Трубопрокатный цех №1" / "№2"), so the
tail is never what is cut:

1. a name within ``limit`` characters stays as it is;
2. an explanation in brackets goes ("Цех №1 (трубоэлектросварочный)" -> "Цех №1");
3. the words between the first and the last are shortened as Russian offices write them, up
   to the consonants after their first vowel ("Служба главного механика" -> "Служба гл.
   механика", "Отдел технического контроля" -> "Отдел техн. контроля");
4. what is still too long loses its middle, "…" in its place, the tail kept.
"""

from __future__ import annotations

import re

SHORT_LIMIT = 22  # characters: one line at 30 px bold in a third of a 1080p screen
VOWELS = set("аеёиоуыэюяaeiouy")
_BRACKETS = re.compile(r"\s*\([^)]*\)")


def _abbreviate(word: str) -> str:
    """'главного' -> 'гл.', 'технического' -> 'техн.'; short words and numbers stay."""
    if len(word) <= 5 or any(ch.isdigit() for ch in word) or not word.isalpha():
        return word
    lower = word.lower()
    first = next((i for i, ch in enumerate(lower) if ch in VOWELS), None)
    if first is None:
        return word
    end = first + 1
    while end < len(lower) and lower[end] in VOWELS:  # "Производственная": past the "и"
        end += 1
    while end < len(lower) and lower[end] not in VOWELS:
        end += 1
    cut = word[:end]
    if len(cut) + 1 >= len(word):
        return word
    return cut + "."


def _tail(words: list[str]) -> str:
    """The distinguishing end of a name: its last word, with the number before it if the
    last word is one ("No. 1")."""
    if len(words) >= 2 and any(ch.isdigit() for ch in words[-1]) and len(words[-1]) <= 2:
        return " ".join(words[-2:])
    return words[-1] if words else ""


def middle_elide(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters: the start and the tail kept, "…" between."""
    if len(text) <= limit:
        return text
    tail = _tail(text.split())
    if len(tail) + 4 > limit:
        return text[:limit - 1].rstrip() + "\u2026"
    head = text[:limit - len(tail) - 2].rstrip()
    return f"{head}\u2026 {tail}"


def short_department_name(name: str, limit: int = SHORT_LIMIT) -> str:
    """A department's name shortened to ``limit`` characters, its distinguishing tail kept."""
    name = " ".join(name.split())
    if len(name) <= limit:
        return name
    bare = _BRACKETS.sub("", name).strip() or name
    if len(bare) <= limit:
        return bare
    words = bare.split()
    if len(words) >= 2:  # the middle words first, then the first one too
        for first in (words[0], _abbreviate(words[0])):
            shortened = " ".join([first, *(_abbreviate(w) for w in words[1:-1]), words[-1]])
            if len(shortened) <= limit:
                return shortened
        bare = shortened
    return middle_elide(bare, limit)


def department_short(name: str, short: str | None) -> str:
    """The short name shown: the directory's own, else one made from ``name``."""
    return short.strip() if short and short.strip() else short_department_name(name)


__all__ = ["SHORT_LIMIT", "department_short", "middle_elide", "short_department_name"]


def short_person_name(full_name: str) -> str:
    """Surname and initials: 'Волкова Вера Олеговна' -> 'Волкова В. О.' (a list of people
    in one line); a single word is kept as it is."""
    words = full_name.split()
    if len(words) < 2:
        return " ".join(words)
    return " ".join([words[0], *(f"{w[0]}." for w in words[1:3])])
