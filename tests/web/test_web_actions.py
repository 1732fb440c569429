"""Acting on the web page (issue 19 point 3): rate a supplier, answer, arbitrate and open a
dispute, decide a proposal, through the kiosk's own domain calls.

Driven through Starlette's TestClient over the real application on both databases with a
fixed clock: the kiosk's rules hold (cooldown, reasons of the score's polarity, idempotent
UUIDs, the answer's deadline, only the arbiter decides, only the decider decides), every
form needs its session's CSRF token, and bad input gets a clear page and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid as uuid_mod

import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from shared.config import Config
from shared.db import Database
from shared.db.models import (
    Dispute,
    Employee,
    Nudge,
    Proposal,
    Rating,
    RatingReason,
    ReasonTag,
    Regulation,
)
from shared.domain.disputes import open_dispute
from shared.domain.web_sign_in import LINK_PATH, issue_link
from tests.engage_factory import department, person, set_head, utc
from web.server import create_app

NOW = utc(2026, 3, 20, 10)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def plant(db: Database) -> dict[str, int]:
    """M heads the warehouse, A works for M; S supplies A; C is a client elsewhere. A
    regulation, a "must improve" reason and a praise one for everyone."""
    with db.write() as s:
        store, office = department(s, "Склад"), department(s, "Бухгалтерия")
        m = person(s, "M1", store)
        set_head(s, store, m)
        a = person(s, "A1", store, manager_id=m)
        sup = person(s, "S1", office)
        c = person(s, "C1", office)
        for emp_id, name in ((m, "Орлов Марк Юрьевич"), (a, "Смирнова Анна Сергеевна"),
                             (sup, "Кузнецов Сергей Иванович"), (c, "Попова Вера Павловна")):
            s.get(Employee, emp_id).full_name = name  # type: ignore[union-attr]
        regulation = Regulation(code="REG-7", title="Выдача инструмента", active=True)
        s.add(regulation)
        s.add_all([ReasonTag(code="slow", polarity="negative", label_ru="Медленно",
                             label_en="Slow", active=True),
                   ReasonTag(code="polite", polarity="positive", label_ru="Вежливо",
                             label_en="Polite", active=True)])
        s.flush()
        return {"m": m, "a": a, "s": sup, "c": c, "regulation": regulation.id}


@pytest.fixture
def app(db: Database, config: Config, clock: Clock) -> Starlette:
    return create_app(config, db, clock=clock)


def signed_in(app: Starlette, db: Database, config: Config, employee_id: int) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    with db.write() as s:
        token = issue_link(s, config, employee_id=employee_id, issued_by="test", now=NOW).token
    assert client.post(LINK_PATH + token).status_code == 303
    return client


def field(page: str, name: str) -> str:
    # (the CSRF token is in every form, and in the sign-out button's address)
    found = re.search(rf'name="{name}" value="([^"]+)"|[?]{name}=([^"&]+)', page)
    assert found is not None, f"no {name} in the page"
    return found.group(1) or found.group(2)


def count(db: Database, model: type) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_rating_a_supplier_follows_the_kiosks_rules_and_its_uuid_is_idempotent(
        db: Database, config: Config, plant: dict[str, int], app: Starlette,
        clock: Clock) -> None:
    client = signed_in(app, db, config, plant["a"])
    assert 'href="/rate"' in client.get("/").text
    found = client.get("/rate", params={"q": "кузнец"}).text
    assert f'href="/rate/{plant["s"]}"' in found and "Кузнецов Сергей Иванович" in found
    card = client.get(f"/rate/{plant['s']}").text
    assert "Как вас обслуживает Кузнецов Сергей Иванович?" in card
    assert 'id="rate-form"' not in card  # a score first, as the kiosk's faces
    form = client.get(f"/rate/{plant['s']}", params={"score": 2}).text
    assert "Медленно" in form and "Вежливо" not in form  # the score's polarity only
    sent = {"csrf": field(form, "csrf"), "uuid": field(form, "uuid"), "score": "2",
            "reason": "slow", "comment": "Ждал инструмент 40 минут"}
    done = client.post(f"/rate/{plant['s']}", data=sent)
    assert done.status_code == 200 and "Спасибо! Ваша оценка Кузнецова Сергея Ивановича " \
                                      "сохранена." in done.text
    again = client.post(f"/rate/{plant['s']}", data=sent)  # a double tap, a reload
    assert again.status_code == 200 and "Спасибо" in again.text
    with db.read() as s:
        rating = s.execute(select(Rating)).scalar_one()
        assert (rating.rater_id, rating.supplier_id, rating.score, rating.kiosk_id,
                rating.comment) == (plant["a"], plant["s"], 2, "web", "Ждал инструмент 40 минут")
        assert rating.uuid == uuid_mod.UUID(sent["uuid"]) and rating.created_at == NOW
        assert s.scalar(select(func.count()).select_from(RatingReason)) == 1
    # The cooldown: the card says when, and a new form's rating is refused.
    clock.now = NOW + dt.timedelta(hours=1)
    card = client.get(f"/rate/{plant['s']}")
    assert card.status_code == 400 and "Вы недавно уже оценивали Кузнецова Сергея " \
                                       "Ивановича." in card.text
    refused = client.post(f"/rate/{plant['s']}", data={**sent, "uuid": str(uuid_mod.uuid4())})
    assert refused.status_code == 400 and "Ничего не изменилось." in refused.text
    assert count(db, Rating) == 1


def test_bad_rating_input_gets_a_clear_page_and_changes_nothing(
        db: Database, config: Config, plant: dict[str, int], app: Starlette) -> None:
    client = signed_in(app, db, config, plant["a"])
    form = client.get(f"/rate/{plant['s']}", params={"score": 5}).text
    good = {"csrf": field(form, "csrf"), "uuid": field(form, "uuid"), "score": "5"}
    url = f"/rate/{plant['s']}"
    for data, status, words in [
            ({**good, "csrf": ""}, 403, "Форма устарела"),
            ({**good, "csrf": "0" * 32}, 403, "Форма устарела"),
            ({**good, "csrf": "подделка"}, 403, "Форма устарела"),
            ({**good, "uuid": "not-a-uuid"}, 400, "Форма повреждена"),
            ({**good, "score": "7"}, 400, "Выберите оценку от 1 до 5."),
            ({**good, "score": "пять"}, 400, "Выберите оценку от 1 до 5."),
            ({**good, "reason": "slow"}, 400, "не подходит к этой оценке"),
            ({**good, "reason": "made-up"}, 400, "больше нет в списке"),
            ({**good, "comment": "x" * (config.rating.comment_max_length + 1)}, 400,
             "Комментарий слишком длинный")]:
        response = client.post(url, data=data)
        assert response.status_code == status and words in response.text, data
        assert "Traceback" not in response.text
    assert client.post(f"/rate/{plant['a']}", data=good).status_code == 400  # oneself
    assert "Себя оценить нельзя." in client.get(f"/rate/{plant['a']}").text
    assert client.get("/rate/999999").status_code == 404
    for huge in ("/rate/99999999999", "/disputes/99999999999", "/rate/2147483648"):
        assert client.get(huge).status_code == 404  # beyond the integers: no page, no query
    assert client.post("/rate/99999999999", data=good).status_code == 404
    picker = client.get("/disputes/new", params={"respondent": "99999999999"})
    assert picker.status_code == 200 and 'id="people"' in picker.text  # whom with, again
    assert client.get(url, params={"score": "9"}).status_code == 400
    anonymous = TestClient(app, follow_redirects=False)
    assert anonymous.post(url, data=good).status_code == 403
    assert anonymous.get("/rate").status_code == 303
    assert count(db, Rating) == 0


def _dispute(db: Database, config: Config, plant: dict[str, int], days_ago: int = 1) -> int:
    """C opens a dispute with A (A's manager M arbitrates)."""
    with db.write() as s:
        return open_dispute(s, config, initiator_id=plant["c"], respondent_id=plant["a"],
                            regulation_id=plant["regulation"],
                            description="Инструмент не выдан к началу смены",
                            now=NOW - dt.timedelta(days=days_ago)).dispute_id


def test_a_dispute_answered_disagreeing_goes_to_the_arbiter_who_decides_it(
        db: Database, config: Config, plant: dict[str, int], app: Starlette) -> None:
    dispute_id = _dispute(db, config, plant)
    respondent = signed_in(app, db, config, plant["a"])
    assert f'href="/disputes/{dispute_id}"' in respondent.get("/").text
    page = respondent.get(f"/disputes/{dispute_id}").text
    assert 'id="answer-form"' in page and "осталось 6 дней" in page
    done = respondent.post(f"/disputes/{dispute_id}/answer",
                           data={"csrf": field(page, "csrf"), "answer": "reject",
                                 "reason": "Инструмент был на складе"})
    assert done.status_code == 200 and f"спор № {dispute_id} передан арбитру" in done.text
    again = respondent.post(f"/disputes/{dispute_id}/answer",
                            data={"csrf": field(page, "csrf"), "answer": "accept"})
    assert again.status_code == 400 and "уже ответили" in again.text
    arbiter = signed_in(app, db, config, plant["m"])
    page = arbiter.get(f"/disputes/{dispute_id}").text
    assert 'id="verdict-form"' in page and "В пользу Поповой Веры Павловны (+2 / −2)" in page
    assert "Ответ: Инструмент был на складе" in page
    bad = arbiter.post(f"/disputes/{dispute_id}/verdict",
                       data={"csrf": field(page, "csrf"), "verdict": "nobody"})
    assert bad.status_code == 400 and "Выберите одно из решений." in bad.text
    done = arbiter.post(f"/disputes/{dispute_id}/verdict",
                        data={"csrf": field(page, "csrf"), "verdict": "initiator_right",
                              "note": "Выдача по журналу не отмечена"})
    assert done.status_code == 200 and f"Ваше решение по спору № {dispute_id}" in done.text
    with db.read() as s:
        dispute = s.get(Dispute, dispute_id)
        assert dispute is not None and dispute.state == "initiator_right"
        assert dispute.reject_reason == "Инструмент был на складе"


def test_a_dispute_admitted_and_the_refusals_of_answers(
        db: Database, config: Config, plant: dict[str, int], app: Starlette) -> None:
    dispute_id = _dispute(db, config, plant)
    overdue = _dispute(db, config, plant, days_ago=8)  # not yet closed by the nightly job
    initiator = signed_in(app, db, config, plant["c"])
    page = initiator.get(f"/disputes/{dispute_id}").text
    assert 'id="answer-form"' not in page and "ждёт ответа другой стороны" in page
    refused = initiator.post(f"/disputes/{dispute_id}/answer",
                             data={"csrf": field(initiator.get("/").text, "csrf"),
                                   "answer": "accept"})
    assert refused.status_code == 400 and "только другая сторона" in refused.text
    stranger = signed_in(app, db, config, plant["s"])
    assert stranger.get(f"/disputes/{dispute_id}").status_code == 404
    respondent = signed_in(app, db, config, plant["a"])
    page = respondent.get(f"/disputes/{dispute_id}").text
    csrf = field(page, "csrf")
    assert respondent.post(f"/disputes/{dispute_id}/answer",
                           data={"csrf": csrf, "answer": "maybe"}).status_code == 400
    assert respondent.post(f"/disputes/{dispute_id}/answer",
                           data={"answer": "accept"}).status_code == 403
    late = respondent.post(f"/disputes/{overdue}/answer",
                           data={"csrf": csrf, "answer": "accept"})
    assert late.status_code == 400 and "Срок ответа на этот спор истёк." in late.text
    with db.read() as s:
        assert s.get(Dispute, overdue).state == "open"  # type: ignore[union-attr]
        assert s.get(Dispute, dispute_id).state == "open"  # type: ignore[union-attr]
    done = respondent.post(f"/disputes/{dispute_id}/answer",
                           data={"csrf": csrf, "answer": "accept"})
    assert done.status_code == 200 and f"Вы признали спор № {dispute_id}." in done.text
    with db.read() as s:
        assert s.get(Dispute, dispute_id).state == "accepted"  # type: ignore[union-attr]


def test_opening_a_dispute_on_the_web_is_the_kiosks_and_its_uuid_is_idempotent(
        db: Database, config: Config, plant: dict[str, int], app: Starlette) -> None:
    client = signed_in(app, db, config, plant["c"])
    found = client.get("/disputes/new", params={"q": "смирнова"}).text
    assert f'href="/disputes/new?respondent={plant["a"]}"' in found
    form = client.get("/disputes/new", params={"respondent": plant["a"]}).text
    assert "REG-7 · Выдача инструмента" in form and "7 дней на ответ" in form
    sent = {"csrf": field(form, "csrf"), "uuid": field(form, "uuid"),
            "respondent": str(plant["a"]), "regulation": str(plant["regulation"]),
            "description": "Инструмент не выдан"}
    for data, words in [({**sent, "description": "  "}, "Опишите, что произошло."),
                        ({**sent, "regulation": ""}, "Выберите регламент из списка."),
                        ({**sent, "regulation": "999"}, "Выберите регламент из списка."),
                        ({**sent, "respondent": str(plant["c"])}, "с самим собой"),
                        ({**sent, "uuid": "x"}, "Форма повреждена")]:
        response = client.post("/disputes/new", data=data)
        assert response.status_code == 400 and words in response.text, data
    assert count(db, Dispute) == 0
    done = client.post("/disputes/new", data=sent)
    assert done.status_code == 200 and "у другой стороны 7 дней на ответ" in done.text
    assert client.post("/disputes/new", data=sent).status_code == 200  # sent twice: one
    with db.read() as s:
        dispute = s.execute(select(Dispute)).scalar_one()
        assert (dispute.initiator_id, dispute.respondent_id, dispute.state, dispute.kiosk_id,
                dispute.uuid) == (plant["c"], plant["a"], "open", "web",
                                  uuid_mod.UUID(sent["uuid"]))
        assert dispute.deadline_at == NOW + dt.timedelta(days=config.disputes.answer_days)
        kinds = list(s.scalars(select(Nudge.kind).where(Nudge.employee_id == plant["a"])))
        assert kinds == ["dispute_opened"]
    assert client.get("/disputes/new", params={"respondent": plant["c"]}).status_code == 400


def _proposal(db: Database, plant: dict[str, int]) -> int:
    with db.write() as s:
        proposal = Proposal(uuid=uuid_mod.uuid4(), client_id=plant["c"], supplier_id=plant["a"],
                            decider_id=plant["m"], what_should_change="Выдавать инструмент с 7:45",
                            improves_metric="время простоя", status="pending", created_at=NOW)
        s.add(proposal)
        s.flush()
        return proposal.id


def test_deciding_a_proposal_with_a_note(db: Database, config: Config, plant: dict[str, int],
                                         app: Starlette) -> None:
    proposal_id = _proposal(db, plant)
    stranger = signed_in(app, db, config, plant["s"])
    refused = stranger.post(f"/proposals/{proposal_id}/decide",
                            data={"csrf": field(stranger.get("/").text, "csrf"),
                                  "decision": "accept"})
    assert refused.status_code == 400 and "ждёт решения другого человека" in refused.text
    decider = signed_in(app, db, config, plant["m"])
    page = decider.get("/").text
    assert f'id="decide-{proposal_id}"' in page and "Выдавать инструмент с 7:45" in page
    url, csrf = f"/proposals/{proposal_id}/decide", field(page, "csrf")
    assert decider.post(url, data={"csrf": csrf, "decision": "later"}).status_code == 400
    too_long = decider.post(url, data={"csrf": csrf, "decision": "decline", "note": "x" * 301})
    assert too_long.status_code == 400 and "Примечание слишком длинное" in too_long.text
    assert decider.post(url, data={"decision": "accept"}).status_code == 403
    with db.read() as s:
        assert s.get(Proposal, proposal_id).status == "pending"  # type: ignore[union-attr]
    done = decider.post(url, data={"csrf": csrf, "decision": "decline",
                                   "note": "Смена начинается в 8:00"})
    assert done.status_code == 200 and "Вы отклонили предложение." in done.text
    again = decider.post(url, data={"csrf": csrf, "decision": "accept"})
    assert again.status_code == 400 and "уже принято решение" in again.text
    with db.read() as s:
        proposal = s.get(Proposal, proposal_id)
        assert proposal is not None and proposal.status == "declined"
        assert proposal.decision_note == "Смена начинается в 8:00"
        assert proposal.decided_by_id == plant["m"]
        assert s.scalar(select(Nudge.kind).where(Nudge.employee_id == plant["c"])) \
            == "proposal_decided"


def test_the_forms_speak_english_to_an_english_speaker(
        db: Database, config: Config, plant: dict[str, int], app: Starlette) -> None:
    with db.write() as s:
        emp = s.get(Employee, plant["a"])
        assert emp is not None
        emp.language = "en"
    client = signed_in(app, db, config, plant["a"])
    form = client.get(f"/rate/{plant['s']}", params={"score": 5}).text
    assert '<html lang="en">' in form and "Polite" in form and "What was good?" in form
    done = client.post(f"/rate/{plant['s']}", data={
        "csrf": field(form, "csrf"), "uuid": field(form, "uuid"), "score": "5",
        "reason": "polite"})
    assert "Thank you! Your rating of Кузнецов Сергей Иванович is saved." in done.text
