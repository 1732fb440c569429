"""Words for disputes on the kiosk: states, refusals and outcomes (Russian and English)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from kiosk.screens.proposal_texts import refusal_sentence as influence_refusal
from kiosk.texts import by_gender, named, signed_points
from shared.domain.disputes import DisputeChange, DisputeView

translate = QCoreApplication.translate


def names(view: DisputeView) -> tuple[str, str]:
    """(initiator, respondent) in the screen's language: English names on English screens,
    where the directory has them."""
    return view.names("en" if QLocale().language() == QLocale.Language.English else "ru")


def state_sentence(view: DisputeView) -> str:
    """Where the dispute stands, from this person's side."""
    initiator, respondent = names(view)
    if view.state == "open":
        if view.role == "respondent":
            return translate("Disputes", "Waiting for your answer: %n day(s) left.", "",
                             view.days_left or 0)
        return translate("Disputes", "Waiting for {name}'s answer: %n day(s) left.", "",
                         view.days_left or 0).format(**named(respondent))
    if view.state == "escalated":
        if view.role == "arbiter":
            name = respondent
            return by_gender(
                name, male=translate("Disputes", "Rejected by {name}: your verdict is needed.",
                                     "male"),
                female=translate("Disputes", "Rejected by {name}: your verdict is needed.",
                                 "female"),
                other=translate("Disputes", "Rejected by {name}: your verdict is needed.")
            ).format(**named(name))
        return translate("Disputes", "Rejected: a manager will give the verdict.")
    if view.state == "accepted":
        name = respondent
        return by_gender(
            name, male=translate("Disputes", "Accepted by {respondent}.", "male"),
            female=translate("Disputes", "Accepted by {respondent}.", "female"),
            other=translate("Disputes", "Accepted by {respondent}.")
        ).format(**named(name, "respondent"))
    # Who was right: "в пользу" + the genitive reads naturally and needs no gender.
    texts = {
        "expired": translate("Disputes", "Not answered in time: {initiator} was right."),
        "initiator_right": translate("Disputes", "Verdict: {initiator} was right."),
        "respondent_right": translate("Disputes", "Verdict: {respondent} was right."),
        "both_right": translate("Disputes", "Verdict: both were right; the regulation will "
                                "be revised."),
        "both_wrong": translate("Disputes", "Verdict: both were wrong; the regulation will "
                                "be revised."),
    }
    return texts.get(view.state, view.state).format(
        **named(initiator, "initiator"), **named(respondent, "respondent"))


def role_sentence(view: DisputeView) -> str:
    initiator, respondent = names(view)
    if view.role == "initiator":
        return translate("Disputes", "You opened it against {name}").format(
            **named(respondent))
    if view.role == "respondent":
        name = initiator
        return by_gender(
            name, male=translate("Disputes", "{name} opened it against you", "male"),
            female=translate("Disputes", "{name} opened it against you", "female"),
            other=translate("Disputes", "{name} opened it against you")).format(**named(name))
    return translate("Disputes", "{initiator} against {respondent}: you decide").format(
        **named(initiator, "initiator"), **named(respondent, "respondent"))


def refusal_sentence(code: str | None, params: dict[str, Any], name: str = "") -> str:
    if code == "not_higher_rating":
        # Why, as the proposal screens say it: whose figures, on which basis.
        reason = params.get("reason")
        if reason == "client_not_rated_enough":  # the proposals' sentence speaks of proposals
            why = translate("Disputes", "Too few people have rated you, your team or your "
                            "department yet to compare (at least %n clients).", "",
                            int(params.get("k", 0)))
        else:
            why = influence_refusal(reason, params, name) if reason else ""
        return (translate("Disputes", "Here only someone rated higher than this colleague may "
                          "open a dispute against them.") + " " + why).strip()
    texts = {
        "self": translate("Disputes", "You cannot open a dispute against yourself."),
        "not_higher_rating": translate("Disputes", "Here only someone rated higher than this "
                                       "colleague may open a dispute against them."),
        "inactive": translate("Disputes", "This person is not active any more."),
        "unknown_regulation": translate("Disputes", "This regulation is no longer in force."),
        "unknown_employee": translate("Disputes", "This person is no longer in the directory."),
        "unknown_dispute": translate("Disputes", "This dispute no longer exists."),
        "not_respondent": translate("Disputes", "Only the person the dispute is against can "
                                    "answer it."),
        "not_arbiter": translate("Disputes", "Only the manager the dispute was escalated to can "
                                 "give the verdict."),
        "wrong_state": translate("Disputes", "This dispute has already moved on."),
        "deadline_passed": translate("Disputes", "The time to answer is over: the dispute is "
                                     "resolved in the initiator's favour."),
        "empty_description": translate("Disputes", "Please write what happened."),
        "description_too_long": translate("Disputes", "The text is too long; please shorten "
                                          "it."),
        "no_arbiter": translate("Disputes", "No manager can decide this dispute yet. Please "
                                "ask an administrator."),
        "duplicate": translate("Disputes", "This dispute was already opened."),
    }
    return texts.get(code or "", translate("Disputes", "This cannot be done now."))


def outcome_sentence(action: str, change: DisputeChange, person_id: int, other_name: str,
                     answer_days: int) -> str:
    """What just happened, for the person who did it."""
    if action == "open":
        return translate("Disputes", "Dispute opened. {name} has %n day(s) to answer.", "",
                         answer_days).format(**named(other_name))
    if action == "accept":
        return translate("Disputes", "You accepted the dispute: 1 point goes to {name}.").format(
            **named(other_name))
    if action == "reject":
        return translate("Disputes", "You rejected the dispute: your manager will decide.")
    return translate("Disputes", "Verdict given. The points have been credited.")


def verdict_label(verdict: str, view: DisputeView,
                  both_points: dict[str, tuple[int, int]] | None = None) -> str:
    """A verdict button; "both right/wrong" carry their points (``disputes.both_*_points``,
    (initiator, respondent)), so the arbiter sees what the choice moves."""
    both = both_points or {}
    initiator, respondent = names(view)

    def pair(verdict: str) -> str:
        a, b = both.get(verdict, (0, 0))
        return f"{signed_points(a)} / {signed_points(b)}"
    texts = {
        "initiator_right": translate("Disputes", "{name} is right (+2 / −2)").format(
            **named(initiator)),
        "respondent_right": translate("Disputes", "{name} is right (−2 / +2)").format(
            **named(respondent)),
        "both_right": translate("Disputes", "Both are right: the regulation is unclear "
                                "({points})").format(points=pair("both_right")),
        "both_wrong": translate("Disputes", "Both are wrong: the regulation is unclear "
                                "({points})").format(points=pair("both_wrong")),
    }
    return texts[verdict]
