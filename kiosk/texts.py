"""Words for what the domain returns as codes: nudges, refusals, verdicts (Russian and English)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QLocale

from shared.names import gender, name_cases


def local_time(moment: dt.datetime | str | None, tz: ZoneInfo) -> str:
    """'14:42' in the plant's time zone (a date is added when it is not today)."""
    if moment is None:
        return ""
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(tz).strftime("%H:%M")


def _english() -> bool:
    return QLocale().language() == QLocale.Language.English


def date_time(moment: dt.datetime, tz: ZoneInfo, *, year: bool = True) -> str:
    """The one date format of each language: "04.03.2026 10:42" / "4 Mar 2026 10:42"."""
    local = moment.astimezone(tz)
    if _english():
        day = f"{local.day} {local:%b}" + (f" {local:%Y}" if year else "")
        return f"{day} {local:%H:%M}"
    return local.strftime("%d.%m.%Y %H:%M" if year else "%d.%m %H:%M")


def quoted(text: str) -> str:
    """Quotation marks as the language writes them: «…» in Russian, “…” in English."""
    return f"“{text}”" if _english() else f"«{text}»"


def local_moment(moment: dt.datetime | str | None, tz: ZoneInfo, now: dt.datetime) -> str:
    if moment is None:
        return ""
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    local = moment.astimezone(tz)
    if local.date() == now.astimezone(tz).date():
        return local.strftime("%H:%M")
    return date_time(local, tz, year=False)


def by_gender(name: str, *, male: str, female: str, other: str) -> str:
    """The sentence whose verb agrees with the person named (Russian past tense: "открыл" /
    "открыла"); ``other`` needs no gender, for a name that does not tell (no patronymic).

    Each caller passes three literal ``tr()`` calls of the same source with the
    disambiguations "male" and "female", so the catalogue carries all three; in English
    they read the same."""
    sex = gender(name)
    return male if sex == "m" else female if sex == "f" else other


def named(name: str, key: str = "name") -> dict[str, str]:
    """Format arguments for a name: ``{name}`` and, for Russian, ``{name_gen}``,
    ``{name_dat}``, ``{name_acc}`` (genitive, dative, accusative: ``shared.names``)."""
    return name_cases(name, key)


def number(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return "—"
    return QLocale().toString(float(value), "f", decimals)


def verdict_sentence(verdict: str | None, *, withheld: bool = False, mine: float | None = None,
                     others: float | None = None) -> str:
    """The comparison of E's ratings of the counted suppliers (``mine``) with what their
    other clients give them (``others``), with both readings the programme offers
    (``withheld``: the person rated, but metric 2 may not be shown yet)."""
    if verdict == "stricter":
        return QCoreApplication.translate(
            "Metrics", "You rate these suppliers {mine}, their other clients {others}: "
            "either you expect more, or they serve you worse than they serve others."
        ).format(mine=number(mine), others=number(others))
    if verdict == "kinder":
        return QCoreApplication.translate(
            "Metrics", "You rate these suppliers {mine}, their other clients {others}: "
            "either you expect less, or they serve you better than they serve others."
        ).format(mine=number(mine), others=number(others))
    if verdict == "same":
        return QCoreApplication.translate(
            "Metrics", "You rate these suppliers {mine}, their other clients {others}: "
            "you rate them as others do."
        ).format(mine=number(mine), others=number(others))
    if withheld:
        return QCoreApplication.translate(
            "Metrics", "Your suppliers need ratings from more clients before you can compare."
        )
    return QCoreApplication.translate(
        "Metrics", "Rate a few suppliers to compare your ratings with others'."
    )


def refusal_sentence(
    reason: str | None, params: dict[str, Any], supplier_name: str, tz: ZoneInfo
) -> str:
    """Why a rating cannot be given now, in words for the card."""
    if reason == "cooldown":
        return QCoreApplication.translate(
            "Refusals", "You rated {name} at {last}; next rating from {next}."
        ).format(
            **named(supplier_name),
            last=local_time(params.get("last_at"), tz),
            next=local_time(params.get("next_at"), tz),
        )
    if reason == "self":
        return QCoreApplication.translate(
            "Refusals", "You cannot rate yourself. Pick a colleague who served you."
        )
    if reason == "inactive_supplier":
        return QCoreApplication.translate(
            "Refusals", "{name} is not active any more and cannot be rated."
        ).format(name=supplier_name)
    if reason == "inactive_rater":
        return QCoreApplication.translate(
            "Refusals", "Your account is not active, so you cannot rate. Please ask HR."
        )
    if reason == "comment_too_long":
        return QCoreApplication.translate("Refusals", "The comment is too long; please shorten it.")
    if reason == "unknown_person":
        return QCoreApplication.translate("Refusals", "This person is no longer in the directory.")
    return QCoreApplication.translate("Refusals", "This rating cannot be accepted.")


def signed_points(points: int) -> str:
    """+2, 0, −1 (a real minus sign, as on the dispute buttons)."""
    return f"{points:+d}".replace("-", "\u2212") if points else "0"


def dispute_outcome_sentence(params: dict[str, Any]) -> str:
    """How a dispute ended for this person (accepted, not answered in time, or the verdict)
    and the points it moved for them: the ``dispute_verdict`` nudge."""
    state = str(params.get("state", ""))
    translate = QCoreApplication.translate
    outcomes = {
        "accepted": translate("Nudges", "Dispute No. %1 was accepted by the respondent."),
        "expired": translate("Nudges", "Dispute No. %1 was not answered in time: the "
                             "initiator was right."),
        "initiator_right": translate("Nudges", "Verdict in dispute No. %1: the initiator was "
                                     "right."),
        "respondent_right": translate("Nudges", "Verdict in dispute No. %1: the respondent "
                                      "was right."),
        "both_right": translate("Nudges", "Verdict in dispute No. %1: both were right; the "
                                "regulation will be revised."),
        "both_wrong": translate("Nudges", "Verdict in dispute No. %1: both were wrong; the "
                                "regulation will be revised."),
    }
    outcome = outcomes.get(state, translate("Nudges", "Dispute No. %1 is settled."))
    points = translate("Nudges", "Your points: %1.").replace(
        "%1", signed_points(int(params.get("points", 0) or 0)))
    return f"{outcome.replace('%1', str(params.get('dispute_id', '')))} {points}"


def offline_refused_sentence(params: dict[str, Any]) -> str:
    """A dispute, answer, verdict or proposal made on an offline kiosk ("saved, sent when back
    online") that the server refused at sync, with the refusal's reason in words."""
    # The screens' refusal words import this module: imported here, not at the top.
    from kiosk.screens import dispute_texts, proposal_texts
    translate = QCoreApplication.translate
    what, code = params.get("what"), params.get("code")
    details = dict(params.get("params") or {})
    if what == "proposal":
        name = (params.get("supplier_name_en") if QLocale().language()
                == QLocale.Language.English else None) or params.get("supplier_name") or ""
        reason = proposal_texts.refusal_sentence(code, details, name)
        return translate("Nudges", "Your proposal sent while the kiosk was offline was not "
                         "filed: %1").replace("%1", reason)
    reason = dispute_texts.refusal_sentence(code, details)
    if what == "dispute_action":
        return translate("Nudges", "What you did in dispute No. %1 while the kiosk was offline "
                         "was not applied: %2").replace("%1", str(params.get("dispute_id", ""))
                                                        ).replace("%2", reason)
    return translate("Nudges", "The dispute you opened while the kiosk was offline was not "
                     "opened: %1").replace("%1", reason)


def tier_name(code: str) -> str:
    """A tier's name in words (the configured names gold/silver/bronze are translated; any
    other configured name is shown as written)."""
    names = {"gold": QCoreApplication.translate("Tiers", "gold"),
             "silver": QCoreApplication.translate("Tiers", "silver"),
             "bronze": QCoreApplication.translate("Tiers", "bronze")}
    return names.get(code, code)


def proposal_answer_sentence(kind: str, params: dict[str, Any]) -> str:
    """The decider's answer to a client's proposal (with the note), or the client's reply."""
    translate = QCoreApplication.translate
    english = QLocale().language() == QLocale.Language.English
    name = str((params.get("supplier_name_en") if english else None)
               or params.get("supplier_name") or "")
    if kind == "proposal_reply":
        return translate("Nudges", "The client answered your decision on the proposal about "
                         "{name}: “{reply}”").format(name=name, reply=params.get("reply", ""))
    if kind == "proposal_discuss":
        date, _, time = str(params.get("discuss_local", "")).partition(" ")
        text = translate("Nudges", "Your proposal about {name}: the manager invites you to "
                         "discuss it on {date} at {time}.").format(name=name, date=date,
                                                                   time=time)
    elif params.get("accepted"):
        text = translate("Nudges", "Your improvement proposal about {name} was accepted."
                         ).format(name=name) if name else \
            translate("Nudges", "Your improvement proposal was accepted.")
    else:
        text = translate("Nudges", "Your improvement proposal about {name} was declined."
                         ).format(name=name) if name else \
            translate("Nudges", "Your improvement proposal was declined.")
    note = params.get("note")
    if note:
        text += " " + translate("Nudges", "The manager's note: “{note}”").format(note=note)
    return text


def nudge_sentence(kind: str, params: dict[str, Any]) -> str:
    """One nudge in words (the engage domain stores only its kind and parameters)."""
    if kind == "rating_dropping":
        return QCoreApplication.translate(
            "Nudges", "Your rating is dropping: {now} now, {before} before."
        ).format(now=number(params.get("now")), before=number(params.get("before")))
    if kind == "client_overtook":
        return QCoreApplication.translate(
            "Nudges",
            "A client of yours is now rated higher than you: they may bring "
            "proposals to your manager.",
        )
    if kind == "rate_reminder":
        return QCoreApplication.translate("Nudges", "You haven't rated your suppliers this week.")
    if kind == "proposal_received":
        return QCoreApplication.translate(
            "Nudges", "You received an improvement proposal to decide."
        )
    if kind in ("proposal_decided", "proposal_discuss", "proposal_reply"):
        return proposal_answer_sentence(kind, params)
    if kind == "supplier_alert":
        return QCoreApplication.translate(
            "Nudges", "Alert: many low ratings for your department recently."
        )
    if kind == "dispute_opened":
        return QCoreApplication.translate("Nudges", "A dispute was opened against you.")
    if kind == "dispute_days_left":
        days = int(params.get("days", 0))
        return QCoreApplication.translate(
            "Nudges", "%n day(s) left to answer a dispute.", None, days
        )
    if kind == "dispute_escalated":
        return QCoreApplication.translate("Nudges", "A dispute was escalated to you for a verdict.")
    if kind == "dispute_verdict":
        return dispute_outcome_sentence(params)
    if kind == "offline_refused":
        return offline_refused_sentence(params)
    if kind == "department_summary":
        english = QLocale().language() == QLocale.Language.English
        name = str((params.get("department_en") if english else None)
                   or params.get("department") or "")
        return QCoreApplication.translate(
            "Nudges", "Points of %2 for %1: %n.", None, int(params.get("points", 0))
        ).replace("%1", str(params.get("month", ""))).replace("%2", name)
    if kind == "points_summary":
        points = int(params.get("points", 0))
        return QCoreApplication.translate(
            "Nudges", "Your dispute points for %1: %n.", None, points
        ).replace("%1", str(params.get("month", "")))
    return QCoreApplication.translate("Nudges", "You have a new notification.")
