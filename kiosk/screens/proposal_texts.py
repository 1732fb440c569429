"""Words for the right to influence and for proposals on the kiosk (Russian and English)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from kiosk.texts import named, number
from shared.domain.influence import InfluenceDecision

translate = QCoreApplication.translate


def _unit(params: dict[str, Any]) -> str:
    """The department that decided, in the kiosk's language."""
    english = QLocale().language() == QLocale.Language.English
    return str((params.get("unit_name_en") if english else None) or params.get("unit_name")
               or "")


def influence_sentence(decision: InfluenceDecision, supplier_name: str) -> str:
    """Why this person may, or may not yet, propose an improvement to this supplier, and
    which basis decided their own rating (their own, over a longer window, their team's or
    a department's: SPEC 5)."""
    p = decision.params
    mine, theirs = number(p.get("client_mean"), 2), number(p.get("supplier_mean"), 2)
    if decision.allowed:
        return (basis_sentence(p) + " " + translate(
            "Proposals", "Your own rating ({mine}) is higher than {name}'s ({theirs}): you may "
            "propose an improvement.").format(mine=mine, theirs=theirs,
                                              **named(supplier_name))).strip()
    return refusal_sentence(decision.reason, p, supplier_name)


def basis_sentence(params: dict[str, Any]) -> str:
    """What stands for the person's own rating when too few clients rated them (empty when
    it is their own figure of the usual window)."""
    basis = params.get("basis")
    if basis == "own_long":
        return translate("Proposals", "Too few clients rated you recently, so your rating "
                         "over %n days counts.", "", int(params.get("days", 0)))
    if basis == "team":
        return translate("Proposals", "Too few clients rated you yet, so your team's rating "
                         "counts as yours.")
    if basis == "department":
        return translate("Proposals", "Too few clients rated you and your team yet, so the "
                         "rating of {unit} counts as yours.").format(unit=_unit(params))
    return ""


def refusal_sentence(code: str | None, params: dict[str, Any], supplier_name: str = "") -> str:
    """A refused influence check, filing or decision, in words (never an error box)."""
    if code == "not_higher":
        return (basis_sentence(params) + " " + translate(
            "Proposals", "Your own rating ({mine}) is not higher than {name}'s ({theirs}) "
            "yet.").format(mine=number(params.get("client_mean"), 2),
                           theirs=number(params.get("supplier_mean"), 2),
                           **named(supplier_name))).strip()
    if code == "client_not_rated_enough":
        return translate("Proposals", "Not enough people have rated you, your team or your "
                         "department yet: proposals open when at least %n clients have rated "
                         "one of them.", "", int(params.get("k", 0)))
    if code == "supplier_not_rated_enough":
        return translate("Proposals", "Not enough people have rated {name} yet to compare "
                         "(at least %n clients).", "", int(params.get("k", 0))).format(
            **named(supplier_name))
    if code == "inactive":
        if params.get("who") == "client":
            return translate("Proposals", "Your badge is not active: proposals are closed.")
        return translate("Proposals", "{name} is not active any more.").format(name=supplier_name)
    if code == "too_long":
        return translate("Proposals", "The text is too long (at most %n characters).", "",
                         int(params.get("max", 0)))
    texts = {
        "self": translate("Proposals", "You cannot propose an improvement to yourself."),
        "unknown_person": translate("Proposals", "This person is no longer in the directory."),
        "empty_text": translate("Proposals", "Write what should change and choose a metric."),
        "no_decider": translate("Proposals", "Nobody can decide this proposal yet: there is no "
                                "manager or administrator to send it to."),
        "uuid_conflict": translate("Proposals", "This proposal was already sent about someone "
                                   "else. Start again."),
        "not_found": translate("Proposals", "This proposal no longer exists."),
        "not_decider": translate("Proposals", "Only the manager it was sent to can decide it."),
        "already_decided": translate("Proposals", "This proposal was already decided."),
        "bad_time": translate("Proposals", "Choose a time in the future for the discussion."),
        "already_replied": translate("Proposals", "You have already answered this decision."),
        "not_answered": translate("Proposals", "This proposal has no answer yet."),
        "not_accepted": translate("Proposals", "Only an accepted proposal can be marked "
                                  "implemented."),
        "already_implemented": translate("Proposals", "This proposal is already marked "
                                         "implemented."),
    }
    return texts.get(code or "", translate("Proposals", "This cannot be done now."))


def decided_sentence(accepted: bool, supplier_name: str, client_name: str, points: int) -> str:
    if accepted:
        return translate("Proposals", "Accepted: {supplier} earned %n point(s); {client} will "
                         "see the decision.", "", points).format(
            **named(supplier_name, "supplier"), **named(client_name, "client"))
    return translate("Proposals", "Declined: no points; {client} will see the decision.").format(
        **named(client_name, "client"))


def invited_sentence(client_name: str) -> str:
    return translate("Proposals", "Invitation sent: {client} will see the time and your "
                     "note.").format(**named(client_name, "client"))


def implemented_sentence(supplier_name: str, points: int) -> str:
    """After "Mark implemented": what was recorded, and the points it gave (if any)."""
    if points > 0:
        return translate("Proposals", "Marked implemented: {supplier} earned %n more "
                         "point(s).", "", points).format(**named(supplier_name, "supplier"))
    return translate("Proposals", "Marked implemented: the date is recorded.")
