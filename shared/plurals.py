"""A count with its noun in English for command-line and log text: "1 error", "3 errors".

Never "error(s)" (issue 15: no bracketed endings anywhere); the screens use Qt's numerus
forms (``tr(..., n)``) and the messenger ``shared.integrations.messages``, not this.
"""

from __future__ import annotations

__all__ = ["counted"]


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun in the form the number needs (``many`` defaults to ``one + "s"``)."""
    return f"{n} {one if abs(n) == 1 else (many or one + 's')}"
