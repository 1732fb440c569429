"""The words: no bracketed endings, English plural forms filled, one glossary (docs/glossary.md)."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from shared.names import declined, gender, name_cases

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "assets" / "i18n"

# Russian words the glossary forbids (docs/glossary.md), as regular expressions.
FORBIDDEN_RU = {
    r"\bочк(о|а|и|ов|ам|ами|ах|у)\b": "points are баллы",
    r"на пересмотр": "a regulation goes на доработку",
    r"Лучш(ий|ие|его|их) поставщик": "the award is «Самый привлекательный поставщик»",
}
BRACKETED_ENDING = re.compile(r"\w\((а|на|ла|ы|и|ен|ёл|ся|ась|сь|s|es)\)", re.IGNORECASE)


def _translations(language: str) -> list[tuple[str, str, list[str]]]:
    """(context, source, [translation or numerus forms]) of one catalogue."""
    tree = ET.parse(CATALOGS / f"pulse_{language}.ts")
    found = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = [f.text or "" for f in translation.findall("numerusform")]
            found.append((name, message.findtext("source") or "",
                          forms if message.get("numerus") == "yes" else [translation.text or ""]))
    return found


def test_no_bracketed_endings_in_russian() -> None:
    bad = [(c, t) for c, _s, forms in _translations("ru") for t in forms
           if BRACKETED_ENDING.search(t)]
    assert not bad, bad


def test_russian_follows_the_glossary() -> None:
    bad = [(c, t, why) for c, _s, forms in _translations("ru") for t in forms
           for pattern, why in FORBIDDEN_RU.items() if re.search(pattern, t, re.IGNORECASE)]
    assert not bad, bad


def test_every_english_plural_has_both_forms_and_no_bracket() -> None:
    messages = [(c, s, forms) for c, s, forms in _translations("en") if "%n" in s]
    assert messages
    bad = [(c, s) for c, s, forms in messages
           if len(forms) != 2 or not all(f.strip() for f in forms)
           or any(BRACKETED_ENDING.search(f) for f in forms) or any("%n" not in f for f in forms)]
    assert not bad, bad


def test_russian_placeholders_come_from_the_source() -> None:
    """A translation may use ``{x}`` or a case of it (``{x_gen}``, ``{x_dat}``, ``{x_acc}``)
    only when the source has ``{x}``: anything else fails at ``format`` on screen."""
    field = re.compile(r"\{(\w+)\}")
    bad = []
    for context, source, forms in _translations("ru"):
        allowed = set(field.findall(source))
        for text in forms:
            for name in field.findall(text):
                base = re.sub(r"_(gen|dat|acc)$", "", name)
                if name not in allowed and base not in allowed:
                    bad.append((context, source, name))
    assert not bad, bad


@pytest.mark.parametrize(("full_name", "expected"), [
    ("Волкова Вера Олеговна", "f"), ("Кузнецов Борис Ильич", "m"),
    ("Лукина Анна Ильинична", "f"), ("Алиев Рустам Гасан оглы", "m"),
    ("Алиева Лейла Гасан кызы", "f"), ("Smith John", None), ("Иванов", None)])
def test_gender_from_the_patronymic(full_name: str, expected: str | None) -> None:
    assert gender(full_name) == expected


def test_names_in_the_case_the_sentence_needs() -> None:
    assert declined("Волкова Вера Олеговна", "gen") == "Волковой Веры Олеговны"
    assert declined("Волкова Вера Олеговна", "dat") == "Волковой Вере Олеговне"
    assert declined("Кузнецов Борис Ильич", "gen") == "Кузнецова Бориса Ильича"
    assert declined("Кузнецов Борис Ильич", "acc") == "Кузнецова Бориса Ильича"
    # Foreign and unknown names stay as written.
    assert declined("Smith John", "gen") == "Smith John"
    assert name_cases("Smith John", "client") == {
        "client": "Smith John", "client_gen": "Smith John", "client_dat": "Smith John",
        "client_acc": "Smith John"}


_BRACKETED = re.compile(r"[a-zа-яё]\((s|es|а|на|о|ы|и)\)")


def _strings_outside_catalogue_calls(tree: ast.AST) -> list[tuple[int, str]]:
    """The string constants a person may read (not docstrings, not the source texts of
    ``tr()`` / ``translate()``, whose numerus sources write "%n point(s)" for Qt)."""
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else \
                func.id if isinstance(func, ast.Name) else ""
            if name in ("tr", "translate"):
                exempt.update(id(n) for n in ast.walk(node))
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                exempt.add(id(body[0].value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in exempt]


def test_no_bracketed_endings_in_the_code() -> None:
    """Issue 15, "no '(а)', '(на)' or '(s)' anywhere": command-line output, log lines and
    configuration errors count with ``shared.plurals.counted``; the screens use Qt's
    numerus forms (and the catalogue tests above check their translations)."""
    root = Path(__file__).resolve().parent.parent
    found = []
    for package in ("shared", "kiosk", "wallboard", "web"):
        for path in sorted((root / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found += [(str(path.relative_to(root)), line, text)
                      for line, text in _strings_outside_catalogue_calls(tree)
                      if _BRACKETED.search(text) and "%n" not in text]  # a Qt numerus source
    assert not found, found


def test_counted_nouns() -> None:
    from shared.plurals import counted
    assert [counted(n, "error") for n in (0, 1, 2, -1)] == \
        ["0 errors", "1 error", "2 errors", "-1 error"]
    assert counted(1, "entry", "entries") == "1 entry" and counted(5, "entry", "entries") == \
        "5 entries"


def test_the_directory_gender_comes_first() -> None:
    """A name carrying the directory's gender (``person_name``) answers with it; without one
    (None, or a plain string) the patronymic tells. The caches keep the two apart."""
    from shared.names import parse_gender, person_name
    assert gender("Ким Саша") is None
    assert gender(person_name("Ким Саша", "f")) == "f"
    assert gender(person_name("Ким Саша", None)) is None
    assert gender(person_name("Волкова Вера Олеговна", None)) == "f"
    # A patronymic the rules do not read (Uzbek, without -вна or кызы).
    odd = "Шарипова Дильноза Бахтиёр"
    assert declined(odd, "gen") == odd  # no gender: left as written
    assert declined(person_name(odd, "f"), "gen") == "Шариповой Дильнозы Бахтиёр"
    assert declined(odd, "gen") == odd  # the plain string still: not the cached female form
    assert [parse_gender(v) for v in ("М", "муж.", "Ж", "female", " f ", "x", "")] == \
        ["m", "m", "f", "f", "f", None, None]


def test_an_english_greeting_finds_the_first_name_in_either_order() -> None:
    """HR systems export transliterated names in the Russian order ("Mikheev Ivan Petrovich"):
    an English greeting said "Hello, Mikheev!"; the patronymic tells the order."""
    from shared.names import first_name
    assert first_name("Mikheev Ivan Petrovich", "en") == "Ivan"
    assert first_name("Orlova Natalia Pavlovna", "en") == "Natalia"
    assert first_name("Aliyev Rashid Mamed ogly", "en") == "Rashid"
    assert first_name("John Smith", "en") == "John"
    assert first_name("Михеев Иван Петрович", "ru") == "Иван"
    assert first_name("Anna", "en") == "Anna" and first_name("", "en") == ""
