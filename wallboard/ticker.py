"""Words for the ticker's public news (the snapshot has codes and parameters only)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from shared.domain.wallboard_data import TickerItem
from wallboard.slides.base import pick, short_person


def ticker_text(item: TickerItem, language: str) -> str:
    """One line of news; empty for a kind this version does not know."""
    p = item.params
    locale = QLocale(QLocale.Language.Russian if language == "ru" else QLocale.Language.English)
    if item.kind == "new_top_supplier":
        return (QCoreApplication.translate(
            "Ticker", "New most attractive supplier of the month: %1 (%2)")
                .replace("%1", short_person(pick(p["name"], p.get("name_en"), language)))
                .replace("%2", pick(p["department"], p.get("department_en"), language)))
    if item.kind == "department_streak":
        return (QCoreApplication.translate("Ticker", "%1: satisfaction up %2 weeks in a row")
                .replace("%1", pick(p["department"], p.get("department_en"), language))
                .replace("%2", str(p["weeks"])))
    if item.kind == "ratings_this_week":
        text = QCoreApplication.translate("Ticker", "%1 ratings given this week. Thank you!")
        return text.replace("%1", locale.toString(int(p["count"])))
    if item.kind == "best_department":
        return (QCoreApplication.translate(
            "Ticker", "Best rated department this month: %1, %2 % satisfied clients")
                .replace("%1", pick(p["department"], p.get("department_en"), language))
                .replace("%2", str(round(100 * float(p["csat"])))))
    return ""
