"""Messenger texts for nudges and supplier alerts, in Russian and English (plain Python).

Domain code stores a nudge as a kind and parameters; the kiosk renders them with
Qt's ``tr()``. Messages leaving the plant for a messenger are rendered here instead
(no Qt in the job runner), from the same kinds and parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LANGUAGES = ("ru", "en")


def plural_ru(n: int, one: str, few: str, many: str) -> str:
    """Russian plural form: 1 день, 2 дня, 5 дней, 21 день, 11 дней."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def _plural_en(n: int, one: str, many: str) -> str:
    return one if abs(n) == 1 else many


VERDICTS = {
    "ru": {"accepted": "принят ответчиком", "expired": "без ответа в срок",
           "initiator_right": "прав инициатор", "respondent_right": "прав ответчик",
           "both_right": "правы оба", "both_wrong": "не правы оба"},
    "en": {"accepted": "accepted by the respondent", "expired": "no answer in time",
           "initiator_right": "the initiator is right",
           "respondent_right": "the respondent is right",
           "both_right": "both are right", "both_wrong": "both are wrong"},
}

TEMPLATES: dict[str, dict[str, str]] = {
    "ru": {
        "rating_dropping": "Ваша оценка снижается: {before} → {now} за последние 30 дней.",
        "client_overtook": "Оценка одного из ваших клиентов теперь выше вашей: он может "
                           "приносить предложения вашему руководителю.",
        "rate_reminder": "Вы ещё не оценили своих поставщиков на этой неделе.",
        "proposal_received": "Вам поступило предложение об улучшении № {proposal_id}.",
        "proposal_accepted": "Ваше предложение № {proposal_id} принято.",
        "proposal_declined": "Ваше предложение № {proposal_id} отклонено.",
        "proposal_discuss": "Руководитель приглашает обсудить ваше предложение № {proposal_id}: "
                            "{discuss_local}.",
        "proposal_reply": "Клиент ответил на ваше решение по предложению № {proposal_id}: "
                          "«{reply}»",
        "note": " Комментарий: «{note}»",
        "supplier_alert": "Тревога: «{department}» — {n_low} из {n} последних оценок низкие (1–2).",
        "supplier_alert_closed": "«{department}»: оценки восстановились, тревога снята.",
        "dispute_opened": "Против вас открыт спор № {dispute_id}. Ответьте на киоске.",
        "dispute_days_left": "Спор № {dispute_id}: на ответ {days_text}.",
        "dispute_escalated": "Спор № {dispute_id} передан вам на решение.",
        "dispute_verdict": "Спор № {dispute_id} решён: {verdict}. Баллы: {points_signed}.",
        "points_summary": "Итог месяца {month}: {points_text}.",
        "department_summary": "Итоги месяца {month}, «{department}»: {points_text}; "
                              "выигрышей: {wins}, проигрышей: {losses}.",
        "offline_refused_dispute_open": "Спор, открытый вами на киоске без связи, не принят "
                                        "сервером. Причина — на киоске.",
        "offline_refused_dispute_action": "Ваше действие по спору № {dispute_id}, сделанное на "
                                          "киоске без связи, не принято сервером. Причина — "
                                          "на киоске.",
        "offline_refused_proposal": "Ваше предложение, отправленное с киоска без связи, не "
                                    "принято сервером. Причина — на киоске.",
        "unknown": "Уведомление «{kind}».",
    },
    "en": {
        "rating_dropping": "Your rating is dropping: {before} → {now} over the last 30 days.",
        "client_overtook": "One of your clients is now rated higher than you: they may bring "
                           "improvement proposals to your manager.",
        "rate_reminder": "You haven't rated your suppliers this week.",
        "proposal_received": "You received improvement proposal No. {proposal_id}.",
        "proposal_accepted": "Your proposal No. {proposal_id} was accepted.",
        "proposal_declined": "Your proposal No. {proposal_id} was declined.",
        "proposal_discuss": "The manager invites you to discuss your proposal No. "
                            "{proposal_id}: {discuss_local}.",
        "proposal_reply": "The client answered your decision on proposal No. {proposal_id}: "
                          "\"{reply}\"",
        "note": " Note: \"{note}\"",
        "supplier_alert": "Alert: \"{department}\" — {n_low} of the last {n} ratings are low "
                          "(1–2).",
        "supplier_alert_closed": "\"{department}\": ratings recovered, the alert is closed.",
        "dispute_opened": "A dispute No. {dispute_id} was opened against you. "
                          "Answer it at a kiosk.",
        "dispute_days_left": "Dispute No. {dispute_id}: {days_text} left to answer.",
        "dispute_escalated": "Dispute No. {dispute_id} was escalated to you for a verdict.",
        "dispute_verdict": "Dispute No. {dispute_id} is decided: {verdict}. "
                           "Points: {points_signed}.",
        "points_summary": "Your result for {month}: {points_text}.",
        "department_summary": "{department}, results for {month}: {points_text}; won: {wins}, "
                              "lost: {losses}.",
        "offline_refused_dispute_open": "The dispute you opened on an offline kiosk was not "
                                        "accepted by the server. The kiosk says why.",
        "offline_refused_dispute_action": "What you did in dispute No. {dispute_id} on an "
                                          "offline kiosk was not accepted by the server. The "
                                          "kiosk says why.",
        "offline_refused_proposal": "Your proposal sent from an offline kiosk was not accepted "
                                    "by the server. The kiosk says why.",
        "unknown": "Notification \"{kind}\".",
    },
}


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def format_message(kind: str, params: Mapping[str, Any], language: str = "ru", *,
                   recipient: str | None = None) -> str:
    """The messenger text of a nudge kind (or ``supplier_alert_closed``) with its parameters.

    ``params`` may carry resolved names (e.g. ``department``); a missing one shows as "?".
    ``recipient`` (a name) is put in front, as a channel message needs to say whom it is for.
    """
    lang = language if language in LANGUAGES else "ru"
    table = TEMPLATES[lang]
    values = _Defaults({k: _number(v) for k, v in params.items()})
    values["kind"] = kind
    key = kind
    if kind == "proposal_decided":
        key = "proposal_accepted" if params.get("accepted") else "proposal_declined"
    if kind == "offline_refused":
        key = f"offline_refused_{params.get('what')}"
    if "days" in params:
        days = int(params["days"])
        values["days_text"] = (f"{days} {plural_ru(days, 'день', 'дня', 'дней')}" if lang == "ru"
                               else f"{days} {_plural_en(days, 'day', 'days')}")
    if "points" in params:
        points = int(params["points"])
        values["points_signed"] = f"{points:+d}"
        values["points_text"] = (
            f"{points:+d} {plural_ru(points, 'балл', 'балла', 'баллов')}" if lang == "ru"
            else f"{points:+d} {_plural_en(points, 'point', 'points')}")
    if lang == "en" and params.get("department_en"):
        values["department"] = str(params["department_en"])
    if "state" in params:
        values["verdict"] = VERDICTS[lang].get(str(params["state"]), str(params["state"]))
    template = table.get(key, table["unknown"])
    text = template.format_map(values)
    if kind in ("proposal_decided", "proposal_discuss") and params.get("note"):
        text += table["note"].format_map(values)  # the decider's note travels with it
    return f"{recipient}: {text}" if recipient else text


def sign_in_link_line(url: str, hours: int, language: str = "ru") -> str:
    """The line a personal message ends with: a single-use sign-in link to the person's web
    page (``shared.domain.web_sign_in.issue_link``) and how long it works."""
    if language == "en":
        return (f"Open your page: {url} (the link works once and for {hours} "
                f"{_plural_en(hours, 'hour', 'hours')}).")
    return (f"Ваша страница: {url} (ссылка действует один раз и {hours} "
            f"{plural_ru(hours, 'час', 'часа', 'часов')}).")
