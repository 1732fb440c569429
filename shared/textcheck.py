"""Text that decodes but is wrong (mojibake), and characters a value may not carry.

Both are checked by ``shared.csvin`` for every importer (files and JSON records alike);
they live here, apart from the CSV mechanics, because they are about text, not CSV.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

__all__ = ["Garbled", "clean_cell", "garbled_text"]


@dataclass(frozen=True)
class Garbled:
    """Where garbled text shows (line 0: the whole text) and ``detail``/``sample`` params."""

    line: int
    params: dict[str, Any]


# A file can decode cleanly and still be garbage: UTF-8 that someone once opened as cp1251
# and saved again ("РРІР°РЅРѕРІ" for "Иванов"), a KOI8-R, DOS (cp866) or Western file taken
# for cp1251 by the fallback, UTF-16 without its byte-order mark, or text already damaged
# by a decoder that replaced what it could not read. Imported, such names match nobody
# and cannot be fixed afterwards, so the file is refused with the first line that shows it.

_RUSSIAN = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
_VOWELS = frozenset("аеёиоуыэюяАЕЁИОУЫЭЮЯ")
# cp1251's Serbian and Macedonian letters and typographic signs, as DOS or Mac Cyrillic
# text shows through it ("€ванов", "ЏҐва®ўЁз"). Not the Ukrainian and Belarusian letters
# (і, ї, є, ґ, ў): a name may be spelled with them.
_ODD = frozenset("ЂЃѓЉЊЌЋЏђљњќћџ€‚„†‡‰‹›™•¤¦§©¬®°±µ¶·")
_TOKEN = re.compile(r'[^\s,;"]+')
_LATIN_CYRILLIC = re.compile(r"[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")
_INVERTED_CASE = re.compile(r"[а-яё][А-ЯЁ]")


def _as_single_bytes(token: str, encoding: str) -> bytes | None:
    """The bytes a single-byte decoder turned into ``token`` (code points below 256 that
    the code page leaves undefined stand for themselves, as Windows passes them through)."""
    out = bytearray()
    for ch in token:
        try:
            out += ch.encode(encoding)
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out.append(ord(ch))
    return bytes(out)


def _double_encoded(token: str) -> str | None:
    """The code page through which UTF-8 ``token`` was once misread, if it was."""
    if token.isascii():
        return None
    for encoding in ("cp1252", "cp1251"):
        raw = _as_single_bytes(token, encoding)
        if raw is None or raw.isascii():
            continue
        try:
            fixed = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if fixed != token and any(ch.isalpha() and not ch.isascii() for ch in fixed):
            return encoding
    return None


def garbled_text(text: str, encoding: str) -> Garbled | None:
    """Where and how decoded ``text`` is not what its author typed (line 0: the whole
    text), or None if it looks like real text. ``encoding``: how it was decoded."""
    if text.count("\x00") > len(text) // 10:
        return Garbled(0, {"detail": "UTF-16 without a byte-order mark",
                           "sample": text[:20].replace("\x00", "")})
    lines = text.splitlines()
    cyrillic_words = inverted = odd = 0
    letters = vowels = 0
    first: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(lines, start=1):
        for token in _TOKEN.findall(line):
            if token.isascii():
                continue
            if "\ufffd" in token:
                return Garbled(number, {
                    "detail": "U+FFFD replacement characters: it was already misread once",
                    "sample": token})
            if encoding.startswith("utf-8"):
                misread = _double_encoded(token)
                if misread:
                    return Garbled(number, {
                        "detail": f"UTF-8 once read as {misread} and saved again",
                        "sample": token})
                continue
            # Decoded by the single-byte fallback (cp1251): was it really cp1251?
            russian = [ch for ch in token if ch in _RUSSIAN]
            if _LATIN_CYRILLIC.search(token) and re.search(r"[A-Za-z]{2}", token):
                return Garbled(number, {
                    "detail": f"Latin text with Cyrillic letters: not {encoding}, maybe "
                              "Western latin-1", "sample": token})
            if not russian:
                continue
            cyrillic_words += 1
            first.setdefault("cyrillic", (number, token))
            if not token.isupper():  # abbreviations (ОТК, ЦЗЛ) have few vowels by nature
                letters += len(russian)
                vowels += sum(ch in _VOWELS for ch in russian)
            if _INVERTED_CASE.search(token):
                inverted += 1
                first.setdefault("inverted", (number, token))
            if any(ch in _ODD for ch in token):
                odd += 1
                first.setdefault("odd", (number, token))
    if not cyrillic_words:
        return None
    if inverted >= 2 and inverted * 10 >= cyrillic_words * 3 or \
            letters >= 60 and vowels * 100 < letters * 28:
        number, sample = first.get("inverted", first["cyrillic"])
        return Garbled(number, {
            "detail": f"KOI8-R or another Cyrillic code page read as {encoding}",
            "sample": sample})
    if odd >= 2 and odd * 20 >= cyrillic_words:
        number, sample = first["odd"]
        return Garbled(number, {
            "detail": f"DOS (cp866) or Mac Cyrillic text read as {encoding}", "sample": sample})
    return None


# Characters a value may not carry: invisible on screen (two names that look equal differ,
# a search never finds them), reordering what is shown (bidi controls: the "Trojan source"
# trick), or breaking storage (NUL: PostgreSQL refuses it, SQLite keeps it). Spaces of
# other widths (no-break, thin, figure) and a tab become a plain space: they look the same
# and nobody means the difference. Line breaks stay: a quoted cell may hold paragraphs.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
_KEPT_CONTROLS = frozenset("\n\r")


def clean_cell(value: str) -> tuple[str, tuple[int, str] | None]:
    """(the value with odd spaces made plain and stripped, the first refused character as
    (1-based position, the character) or None)."""
    if value.isascii() and value.isprintable():
        return value, None
    out = []
    for position, ch in enumerate(value, start=1):
        category = unicodedata.category(ch)
        if ch == "\t" or category == "Zs":
            out.append(" ")
        elif category in _REFUSED_CATEGORIES and ch not in _KEPT_CONTROLS:
            return value, (position, ch)
        else:
            out.append(ch)
    return "".join(out).strip(), None
