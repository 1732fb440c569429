"""Every sentence the web page says has its Russian: the templates' ``t("...")`` and
``t.n("...")``, the refusals' words (web/actions.py) and the outcome pages' (web/server.py)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from web import actions
from web.texts import _EN_PLURAL, _RU, _RU_PLURAL, SCORE_WORDS

WEB = Path(__file__).resolve().parents[2] / "web"


def _template_sentences() -> set[str]:
    found: set[str] = set()
    for page in (WEB / "templates").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        found |= set(re.findall(r'\bt\("((?:[^"\\]|\\.)*)"', text))
        found |= set(re.findall(r"\bt\('((?:[^'\\]|\\.)*)'", text))
        found |= {f"n:{s}" for s in re.findall(r'\bt\.n\("((?:[^"\\]|\\.)*)"', text)}
    return found


def _server_sentences() -> set[str]:
    """String constants handed to ``outcome``/``page`` as a message, title or label."""
    tree = ast.parse((WEB / "server.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("outcome", "_dispute_write"):
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) \
                        and " " in arg.value:
                    found.add(arg.value)
                if isinstance(arg, ast.IfExp):
                    found |= {b.value for b in (arg.body, arg.orelse)
                              if isinstance(b, ast.Constant) and isinstance(b.value, str)}
        if isinstance(node, ast.keyword) and node.arg in ("title", "again_label") \
                and isinstance(node.value, ast.Constant) and node.value.value:
            found.add(node.value.value)
    return found


def test_every_sentence_of_the_pages_has_its_russian() -> None:
    sentences = _template_sentences()
    assert len(sentences) > 80  # the scan found the templates' words
    missing = sorted(s for s in sentences
                     if (s[2:] not in _RU_PLURAL if s.startswith("n:") else s not in _RU))
    assert missing == []


def test_every_refusal_and_outcome_has_its_russian() -> None:
    words = [*actions.RATING_REFUSALS.values(), *actions.DISPUTE_REFUSALS.values(),
             *actions.PROPOSAL_REFUSALS.values(), *SCORE_WORDS.values(), *_server_sentences()]
    assert len(words) > 40
    missing = sorted(w for w in words if w not in _RU and w not in _RU_PLURAL)
    assert missing == []
    assert set(_RU_PLURAL) == set(_EN_PLURAL)


def test_every_rating_refusal_has_its_words_on_the_page() -> None:
    """The rules' one vocabulary (shared.domain.rating_rules.Refusal) is worded on the page, so
    a refusal the rules add never reaches a person as a bare code."""
    from shared.domain.rating_rules import Refusal

    assert {r.value for r in Refusal} <= set(actions.RATING_REFUSALS)
