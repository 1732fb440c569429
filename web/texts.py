"""The web page's words in Russian and English: a small catalog of its own.

Qt's translator (the kiosk's and the wallboard's ``.qm`` catalogs) needs a QCoreApplication
and a process-wide language, which a web server serving both languages at once has not; so
the page's few sentences live here, keyed by their English text, with Russian plural forms
(one, few, many) where a count is said. The metrics' and nudges' sentences say what the
kiosk says.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from shared.config import Config
from shared.domain.disputes import DisputeView, verdict_points
from shared.names import name_cases
from web.map_texts import MAP_EN_PLURAL, MAP_KIOSK_SOURCES, MAP_RU, MAP_RU_PLURAL

LANGUAGES = ("ru", "en")

# The verdict under the tiles: the person's mean over the counted suppliers and their other
# clients' figure, with both readings (kiosk/texts.py ``verdict_sentence``).
VERDICT_STRICTER = ("You rate these suppliers {mine}, their other clients {others}: either you "
                    "expect more, or they serve you worse than they serve others.")
VERDICT_KINDER = ("You rate these suppliers {mine}, their other clients {others}: either you "
                  "expect less, or they serve you better than they serve others.")
VERDICT_SAME = ("You rate these suppliers {mine}, their other clients {others}: you rate them "
                "as others do.")

# The five scores as the rating page names them (the kiosk shows faces).
SCORE_WORDS = {5: "Excellent", 4: "Good", 3: "So-so", 2: "Bad", 1: "Very bad"}

# English text -> Russian; plurals: English (one, other) -> Russian (one, few, many).
_RU: dict[str, str] = {
    "Supplier Pulse": "Пульс поставщиков",
    # The company page's trend and map (web/pages.py trend_chart, map_flows).
    "Trend: share of good ratings by week": "Динамика: доля хороших оценок по неделям",
    "Last week: {share}% good ratings.": "Последняя неделя: {share}% хороших оценок.",
    "A gap is a week with fewer than {k} clients.":
        "Разрыв линии — неделя, в которой было меньше {k} клиентов.",
    "Who serves whom this month": "Кто кого обслуживает в этом месяце",
    # The wallboard's impact slide (wallboard/slides/impact.py), in its words.
    "Happier clients, better results": "Довольные клиенты — лучше KPI",
    "KPI for every +10 % satisfaction with suppliers":
        "к KPI на каждые +10 % удовлетворённости поставщиками",
    "95 % interval: {low} … {high} % ({n} points)": "95 % интервал: {low} … {high} % (точек: {n})",
    "Not enough months of KPIs and ratings yet.": "Пока мало месяцев с KPI и оценками.",
    "{client} → {supplier}": "{client} → {supplier}",
    "mean {mean} · {clients} clients": "средняя {mean} · клиентов: {clients}",
    "not shown yet: too few clients for a published figure":
        "пока не показывается: мало клиентов для публикуемой цифры",
    "Departments that rate (left) and the departments they rate (right), most ratings first.":
        "Слева — подразделения, которые оценивают, справа — те, кого они оценивают; сначала "
        "самые частые.",
    # Acting on the page: rate, disputes, proposals (web/actions.py, web/server.py).
    "My page": "Моя страница",
    "Done": "Готово",
    "Not done": "Не сделано",
    "Nothing was changed.": "Ничего не изменилось.",
    "Back": "Назад",
    "Rate a supplier": "Оценить поставщика",
    "Rate another supplier": "Оценить другого поставщика",
    "Open a dispute": "Открыть спор",
    "Name or personnel number": "Фамилия или табельный номер",
    "Find": "Найти",
    "Nobody found. Try another name.": "Никого не нашлось. Попробуйте другое имя.",
    "Find the person by name.": "Найдите человека по фамилии.",
    "How does {name} serve you?": "Как вас обслуживает {name}?",
    "Excellent": "Отлично",
    "Good": "Хорошо",
    "So-so": "Так себе",
    "Bad": "Плохо",
    "Very bad": "Очень плохо",
    "What must improve?": "Что нужно улучшить?",
    "What was good?": "Что было хорошо?",
    "optional": "необязательно",
    "Comment": "Комментарий",
    "Your name is never shown with your rating.": "Ваше имя никогда не показывается рядом с "
                                                  "вашей оценкой.",
    "Send the rating: {score}": "Отправить оценку: {score}",
    "Thank you! Your rating of {name} is saved.": "Спасибо! Ваша оценка {name_gen} сохранена.",
    "The form is damaged. Open the page again and repeat.":
        "Форма повреждена. Откройте страницу заново и повторите.",
    "There is no such person in the directory.": "Такого человека нет в справочнике.",
    "This cannot be done.": "Так сделать нельзя.",
    "You cannot rate yourself.": "Себя оценить нельзя.",
    "You can no longer rate. Ask your administrator.":
        "Оценивать вам больше нельзя. Обратитесь к администратору.",
    "{name} no longer works here and cannot be rated.":
        "{name} больше не работает здесь, оценить нельзя.",
    "Choose a score from 1 to 5.": "Выберите оценку от 1 до 5.",
    "One of the reasons is no longer offered. Open the page again and choose again.":
        "Одной из причин больше нет в списке. Откройте страницу заново и выберите снова.",
    "One of the reasons does not go with this score. Open the page again and choose again.":
        "Одна из причин не подходит к этой оценке. Откройте страницу заново и выберите снова.",
    "The comment is too long: at most {max} characters.":
        "Комментарий слишком длинный: не больше {max} знаков.",
    "You have already rated {name} recently. You can rate them again from {when}.":
        "Вы недавно уже оценивали {name_acc}. Снова оценить можно с {when}.",
    "You cannot open a dispute with yourself.": "Спор с самим собой открыть нельзя.",
    "This person no longer works here.": "Этот человек здесь больше не работает.",
    "Choose a regulation from the list.": "Выберите регламент из списка.",
    "Describe what happened.": "Опишите, что произошло.",
    "The description is too long: at most {max} characters.":
        "Описание слишком длинное: не больше {max} знаков.",
    "Only someone rated higher than the other side may open a dispute with them.":
        "Открыть спор может только тот, чья оценка выше, чем у другой стороны.",
    "Only the other side can answer this dispute.": "Ответить на этот спор может только "
                                                    "другая сторона.",
    "This dispute has already been answered or decided.": "На этот спор уже ответили или "
                                                          "по нему уже вынесено решение.",
    "The days to answer this dispute are over.": "Срок ответа на этот спор истёк.",
    "There is nobody to decide this dispute. Tell the administrator.":
        "Некому рассудить этот спор. Сообщите администратору.",
    "Only the arbiter can decide this dispute.": "Решение по этому спору выносит только "
                                                 "арбитр.",
    "Choose one of the verdicts.": "Выберите одно из решений.",
    "There is no such dispute.": "Такого спора нет.",
    "This form was already sent by someone else. Open the page again.":
        "Эту форму уже отправил кто-то другой. Откройте страницу заново.",
    "There is no such dispute among yours.": "Среди ваших споров такого нет.",
    "There is no such proposal.": "Такого предложения нет.",
    "This proposal waits for someone else's decision.":
        "Это предложение ждёт решения другого человека.",
    "The note is too long: at most {max} characters.":
        "Примечание слишком длинное: не больше {max} знаков.",
    "This proposal has already been decided.": "По этому предложению уже принято решение.",
    "You admitted dispute No. {id}.": "Вы признали спор № {id}.",
    "You disagreed: dispute No. {id} goes to an arbiter.":
        "Вы не согласились: спор № {id} передан арбитру.",
    "Choose whether you admit or disagree.": "Выберите: признаёте вы или не согласны.",
    "Your verdict on dispute No. {id} is saved.": "Ваше решение по спору № {id} сохранено.",
    "The dispute": "К спору",
    "Choose whether you accept or decline.": "Выберите: принять или отклонить.",
    "You accepted the proposal.": "Вы приняли предложение.",
    "You declined the proposal.": "Вы отклонили предложение.",
    "The answer: {text}": "Ответ: {text}",
    "settled": "решён",
    "If you admit it, {initiator} gets a point and you lose one. If you disagree, an arbiter "
    "decides and the stakes double.":
        "Если вы признаёте, {initiator} получает балл, а вы теряете балл. Если не согласны, "
        "решает арбитр, и ставки удваиваются.",
    "Why you disagree": "Почему вы не согласны",
    "I admit it": "Признаю",
    "I disagree": "Не признаю",
    "Your verdict": "Ваше решение",
    "Note": "Примечание",
    "Give the verdict": "Вынести решение",
    "With: {name}": "С кем: {name}",
    "Which regulation was broken": "Какой регламент нарушен",
    "What happened": "Что произошло",
    "Open the dispute": "Открыть спор",
    "{name} is right (+2 / −2)": "В пользу {name_gen} (+2 / −2)",
    "{name} is right (−2 / +2)": "В пользу {name_gen} (−2 / +2)",
    "Both are right: the regulation is unclear ({points})":
        "Правы оба: регламент неясен ({points})",
    "Both are wrong: the regulation is unclear ({points})":
        "Неправы оба: регламент неясен ({points})",
    "Accept": "Принять",
    "Decline": "Отклонить",
    "Your note to the client": "Ваше примечание для клиента",
    "It should improve: {metric}": "Должно улучшить: {metric}",
    "Sign in": "Войти",
    "Sign out": "Выйти",
    "You are signed out.": "Вы вышли.",
    "To sign in, tap your badge at a kiosk and scan the QR code, or open the link "
    "sent to your messenger.":
        "Чтобы войти, приложите пропуск к киоску и отсканируйте QR-код или откройте ссылку, "
        "которая пришла вам в мессенджер.",
    "Sign in to Supplier Pulse on this device?": "Войти в «Пульс поставщиков» на этом устройстве?",
    "The link works once and only for a few minutes.":
        "Ссылка действует один раз и всего несколько минут.",
    "This link does not work": "Эта ссылка не работает",
    "This link is not valid. Ask for a new one at a kiosk.":
        "Ссылка недействительна. Получите новую на киоске.",
    "This link has expired. Tap your badge at a kiosk for a new one.":
        "Срок действия ссылки истёк. Приложите пропуск к киоску, чтобы получить новую.",
    "This link has already been used. Each link signs in once; ask for a new one at a kiosk.":
        "Эта ссылка уже использована. Каждая ссылка годится для одного входа; получите новую "
        "на киоске.",
    "You can no longer sign in. Ask your administrator.":
        "Вход для вас закрыт. Обратитесь к администратору.",
    "Something went wrong": "Что-то пошло не так",
    "Your company account is not in Supplier Pulse's directory. Ask your administrator.":
        "Вашей учётной записи нет в справочнике «Пульса поставщиков». Обратитесь к "
        "администратору.",
    "Too many attempts with links that do not work. Wait a minute and try again.":
        "Слишком много попыток с неработающими ссылками. Подождите минуту и попробуйте снова.",
    "The page could not be shown. Try again in a minute; if it happens again, tell the "
    "administrator.":
        "Страницу не удалось показать. Попробуйте через минуту; если повторится, сообщите "
        "администратору.",
    "Page not found": "Страница не найдена",
    "There is no such page.": "Такой страницы нет.",
    "Your session has ended. Sign in again.": "Сеанс завершён. Войдите снова.",
    "To the start": "На главную",
    "Hello, {name}!": "Здравствуйте, {name}!",
    "How you rate your suppliers": "Как вы оцениваете своих поставщиков",
    "How their other clients rate those suppliers":
        "Как этих поставщиков оценивают другие их клиенты",
    "How your clients rate you": "Как вас оценивают ваши клиенты",
    "as of yesterday": "на конец вчерашнего дня",
    VERDICT_STRICTER:
        "Вы ставите этим поставщикам {mine}, другие их клиенты — {others}: либо вы ждёте "
        "большего, либо вас они обслуживают хуже, чем других.",
    VERDICT_KINDER:
        "Вы ставите этим поставщикам {mine}, другие их клиенты — {others}: либо вы ждёте "
        "меньшего, либо вас они обслуживают лучше, чем других.",
    VERDICT_SAME:
        "Вы ставите этим поставщикам {mine}, другие их клиенты — {others}: вы оцениваете их "
        "так же, как другие.",
    "Your supplier tier for {month}: {tier}.": "Ваш уровень поставщика за {month}: {tier}.",
    "It gives: {perks}.": "Что это даёт: {perks}.",
    "gold": "золото",
    "silver": "серебро",
    "bronze": "бронза",
    "Your suppliers need ratings from more clients before you can compare.":
        "Сравнивать пока не с чем: вашим поставщикам нужны оценки от большего числа "
        "клиентов.",
    "Rate a few suppliers to compare your ratings with others'.":
        "Оцените нескольких поставщиков, чтобы сравнить свои оценки с оценками других.",
    "Notifications": "Уведомления",
    "Your disputes": "Ваши споры",
    "No. {id}": "№ {id}",
    "No open disputes.": "Открытых споров нет.",
    "Proposals": "Предложения",
    "No proposals waiting.": "Ожидающих предложений нет.",
    "A proposal on {name}'s work waits for your decision: {text}":
        "Предложение по работе {name_gen} ждёт вашего решения: {text}",
    "Your proposal on {name}'s work: {text}": "Ваше предложение по работе {name_gen}: {text}",
    "The form has expired. Open the page again and repeat.":
        "Форма устарела. Откройте страницу заново и повторите.",
    "{initiator} vs {respondent}": "{initiator} — {respondent}",
    "waits for your answer": "ждёт вашего ответа",
    "waits for your verdict": "ждёт вашего решения",
    "waits for the other side": "ждёт ответа другой стороны",
    "escalated": "передан на решение",
    "Company: best suppliers of {month}": "Компания: лучшие поставщики за {month}",
    "Not enough ratings this month yet.": "В этом месяце оценок пока недостаточно.",
    "index {index} · {clients} clients": "индекс {index} · клиентов: {clients}",
    "Figures from fewer than {k} clients are not shown.":
        "Показатели по оценкам менее чем {k} клиентов не показываются.",
    "Your rating is dropping: {now} now, {before} before.":
        "Ваша оценка снижается: сейчас {now}, было {before}.",
    "A client of yours is now rated higher than you: they may bring proposals to your "
    "manager.":
        "Оценка вашего клиента теперь выше вашей: этот клиент может вносить предложения "
        "вашему руководителю.",
    "You haven't rated your suppliers this week.":
        "На этой неделе вы ещё не оценивали своих поставщиков.",
    "You received an improvement proposal to decide.":
        "Вам поступило предложение по улучшению — нужно решение.",
    "Your improvement proposal was accepted.": "Ваше предложение по улучшению принято.",
    "Your improvement proposal was declined.": "Ваше предложение по улучшению отклонено.",
    "Alert: many low ratings for your department recently.":
        "Внимание: у вашего подразделения в последнее время много низких оценок.",
    "A dispute was opened against you.": "Против вас открыт спор.",
    "A dispute was escalated to you for a verdict.": "Спор передан вам на решение.",
    "Dispute No. {id} is settled.": "Спор № {id} завершён.",
    "You have a new notification.": "У вас новое уведомление.",
    "Language": "Язык",
    "← My figures": "← Мои показатели",
    "The company's figures →": "Показатели компании →",
    "The company in {month}": "Компания: {month}",
    "Waiting for the first ratings.": "Ждём первых оценок.",
    "Most attractive suppliers": "Самые привлекательные поставщики",
    "Most improved": "Больше всех выросли",
    "{before} → {now}": "{before} → {now}",
    "Departments: share of good ratings": "Подразделения: доля хороших оценок",
    "not shown: fewer than {k} clients": "не показывается: меньше {k} клиентов",
    "{csat}% good · {clients} clients": "хороших оценок: {csat}% · клиентов: {clients}",
    "What clients ask to improve this month": "Что клиенты просят улучшить в этом месяце",
    "{now} this month, {before} in the same days of last month":
        "в этом месяце {now}, за те же дни прошлого — {before}",
    **MAP_RU,
}

_RU_PLURAL: dict[str, tuple[str, str, str]] = {
    "{n} rating in {days} days": ("{n} оценка за {days} дн.", "{n} оценки за {days} дн.",
                                  "{n} оценок за {days} дн."),
    "{counted} of {n} supplier you rated": ("{counted} из {n} оценённого вами поставщика",
                                            "{counted} из {n} оценённых вами поставщиков",
                                            "{counted} из {n} оценённых вами поставщиков"),
    "with {n} or more other clients": ("у каждого от {n} другого клиента",
                                       "у каждого от {n} других клиентов",
                                       "у каждого от {n} других клиентов"),
    "{n} supplier you rated": ("вы оценили {n} поставщика", "вы оценили {n} поставщиков",
                               "вы оценили {n} поставщиков"),
    "from {n} client": ("от {n} клиента", "от {n} клиентов", "от {n} клиентов"),
    "Not enough ratings yet (at least {n} client)": (
        "Мало оценок: нужно от {n} клиента", "Мало оценок: нужно от {n} клиентов",
        "Мало оценок: нужно от {n} клиентов"),
    "Not enough ratings yet (at least {n} other client per supplier)": (
        "Мало оценок: нужно от {n} другого клиента у поставщика",
        "Мало оценок: нужно от {n} других клиентов у поставщика",
        "Мало оценок: нужно от {n} других клиентов у поставщика"),
    "{n} day left to answer a dispute.": ("На ответ по спору остался {n} день.",
                                          "На ответ по спору осталось {n} дня.",
                                          "На ответ по спору осталось {n} дней."),
    "{n} day left": ("остался {n} день", "осталось {n} дня", "осталось {n} дней"),
    "your streak: {n} day": ("серия: {n} день", "серия: {n} дня", "серия: {n} дней"),
    "{n} rating this month": ("{n} оценка в этом месяце", "{n} оценки в этом месяце",
                              "{n} оценок в этом месяце"),
    "Dispute No. {id} is open: the other side has {n} day to answer.": (
        "Спор № {id} открыт: у другой стороны {n} день на ответ.",
        "Спор № {id} открыт: у другой стороны {n} дня на ответ.",
        "Спор № {id} открыт: у другой стороны {n} дней на ответ."),
    **MAP_RU_PLURAL,
    "The other side sees your name and has {n} day to answer; if they disagree, an arbiter "
    "decides.": (
        "Другая сторона увидит ваше имя, и у неё будет {n} день на ответ; если она не "
        "согласится, решит арбитр.",
        "Другая сторона увидит ваше имя, и у неё будет {n} дня на ответ; если она не "
        "согласится, решит арбитр.",
        "Другая сторона увидит ваше имя, и у неё будет {n} дней на ответ; если она не "
        "согласится, решит арбитр."),
}

# English plural of the keys above ("other" form).
_EN_PLURAL: dict[str, str] = {
    "{n} rating in {days} days": "{n} ratings in {days} days",
    "{counted} of {n} supplier you rated": "{counted} of {n} suppliers you rated",
    "with {n} or more other clients": "with {n} or more other clients",
    "{n} supplier you rated": "{n} suppliers you rated",
    "from {n} client": "from {n} clients",
    "Not enough ratings yet (at least {n} client)": "Not enough ratings yet (at least {n} "
                                                    "clients)",
    "Not enough ratings yet (at least {n} other client per supplier)":
        "Not enough ratings yet (at least {n} other clients per supplier)",
    "{n} day left to answer a dispute.": "{n} days left to answer a dispute.",
    "{n} day left": "{n} days left",
    "your streak: {n} day": "your streak: {n} days",
    "{n} rating this month": "{n} ratings this month",
    "Dispute No. {id} is open: the other side has {n} day to answer.":
        "Dispute No. {id} is open: the other side has {n} days to answer.",
    "The other side sees your name and has {n} day to answer; if they disagree, an arbiter "
    "decides.":
        "The other side sees your name and has {n} days to answer; if they disagree, an "
        "arbiter decides.",
    **MAP_EN_PLURAL,
}

# Sentences the kiosk's home says too: web key -> (Qt context, source in the kiosk's catalog).
# tests/web/test_web_texts.py holds their Russian equal to assets/i18n/pulse_ru.ts.
KIOSK_SOURCES: dict[str, tuple[str, str]] = {
    "Hello, {name}!": ("HomeScreen", "Hello, {name}!"),
    "How you rate your suppliers": ("HomeScreen", "How you rate your suppliers"),
    "How their other clients rate those suppliers": (
        "HomeScreen", "How their other clients rate those suppliers"),
    "How your clients rate you": ("HomeScreen", "How your clients rate you"),
    "as of yesterday": ("HomeScreen", "as of yesterday"),
    "{n} rating in {days} days": ("HomeScreen", "%n rating(s) in %1 days"),
    "{counted} of {n} supplier you rated": ("HomeScreen", "%1 of %n supplier(s) you rated"),
    "with {n} or more other clients": ("HomeScreen", "with %n or more other clients"),
    "{n} supplier you rated": ("HomeScreen", "%n supplier(s) you rated"),
    "from {n} client": ("HomeScreen", "from %n client(s)"),
    "Not enough ratings yet (at least {n} client)": (
        "HomeScreen", "Not enough ratings yet (at least %n clients)"),
    "Not enough ratings yet (at least {n} other client per supplier)": (
        "HomeScreen", "Not enough ratings yet (at least %n other clients per supplier)"),
    "Your supplier tier for {month}: {tier}.": ("HomeScreen", "Your supplier tier for %1: %2."),
    "It gives: {perks}.": ("HomeScreen", "It gives: %1."),
    **{text: ("Tiers", text) for text in ("gold", "silver", "bronze")},
    "your streak: {n} day": ("HomeScreen", "your streak: %n day(s)"),
    **{text: ("Metrics", text) for text in (
        VERDICT_STRICTER, VERDICT_KINDER, VERDICT_SAME,
        "Your suppliers need ratings from more clients before you can compare.",
        "Rate a few suppliers to compare your ratings with others'.")},
    **{text: ("Nudges", text) for text in (
        "Your rating is dropping: {now} now, {before} before.",
        "A client of yours is now rated higher than you: they may bring proposals to your "
        "manager.",
        "You haven't rated your suppliers this week.",
        "You received an improvement proposal to decide.",
        "Your improvement proposal was accepted.",
        "Your improvement proposal was declined.",
        "Alert: many low ratings for your department recently.",
        "A dispute was opened against you.",
        "A dispute was escalated to you for a verdict.",
        "You have a new notification.")},
    "{n} day left to answer a dispute.": ("Nudges", "%n day(s) left to answer a dispute."),
    "Dispute No. {id} is settled.": ("Nudges", "Dispute No. %1 is settled."),
    # The company page's impact block says what the wallboard's impact slide says.
    **{text: ("ImpactSlide", text) for text in (
        "Happier clients, better results", "KPI for every +10 % satisfaction with suppliers",
        "Not enough months of KPIs and ratings yet.")},
    "95 % interval: {low} … {high} % ({n} points)": (
        "ImpactSlide", "95 % interval: %1 \u2026 %2 % (%3 points)"),
    **MAP_KIOSK_SOURCES,  # the initiative map's row and slide
}

_MONTHS_RU = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
              "сентябрь", "октябрь", "ноябрь", "декабрь")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def ru_plural_form(n: int) -> int:
    """0 one (1, 21, 101), 1 few (2-4, 22-24), 2 many (0, 5-20, 25-30, 11-14)."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


class Texts:
    """The words of one page in one language."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else "ru"

    def __call__(self, message: str, /, **params: Any) -> str:
        words = _RU.get(message, message) if self.language == "ru" else message
        return words.format(**params) if params else words

    def n(self, message: str, n: int, /, **params: Any) -> str:
        """A sentence with a count ``{n}`` in the right plural form."""
        if self.language == "ru":
            forms = _RU_PLURAL.get(message)
            words = forms[ru_plural_form(n)] if forms else message
        else:
            words = message if n == 1 else _EN_PLURAL.get(message, message)
        return words.format(n=n, **params)

    def number(self, value: float | None, decimals: int = 1) -> str:
        """A figure as people of the language write it (Russian: a decimal comma)."""
        if value is None:
            return "—"
        text = f"{value:.{decimals}f}"
        return text.replace(".", ",") if self.language == "ru" else text

    def change(self, delta: float) -> str:
        """A mean score's change as the kiosk's row and the wallboard's map say it:
        ``▲ +0,4``, ``▼ −0,3``, ``◆ 0,0``."""
        arrow = "\u25b2" if delta > 0.05 else "\u25bc" if delta < -0.05 else "\u25c6"
        sign = "+" if round(delta, 1) > 0 else "−" if round(delta, 1) < 0 else ""
        return f"{arrow} {sign}{self.number(abs(delta))}"

    def kpi(self, value: float) -> str:
        """A KPI's value as the wallboard's map writes it: two decimals under 10, one under
        1000, none above; no trailing zeros."""
        decimals = 2 if abs(value) < 10 else 1 if abs(value) < 1000 else 0
        text = self.number(abs(value), decimals)
        text = text.rstrip("0").rstrip(".,") if decimals else text
        return ("−" if value < 0 and text.strip("0") else "") + text

    def month_name(self, month: str) -> str:
        """``2026-02`` -> ``февраль`` / ``February`` (standalone, as the wallboard's map)."""
        return (_MONTHS_RU if self.language == "ru" else _MONTHS_EN)[int(month[5:7]) - 1]

    def day(self, day: dt.date | None) -> str:
        """``2026-03-02`` -> ``02.03.2026`` / ``2 Mar 2026``."""
        if day is None:
            return ""
        if self.language == "ru":
            return day.strftime("%d.%m.%Y")
        return f"{day.day} {_MONTHS_EN[day.month - 1][:3]} {day.year}"

    def month(self, month: str) -> str:
        """``2026-03`` -> ``март 2026 г.`` / ``March 2026``."""
        year, number = month.split("-")
        if self.language == "ru":
            return f"{_MONTHS_RU[int(number) - 1]} {year} г."
        return f"{_MONTHS_EN[int(number) - 1]} {year}"

    def verdict(self, verdict: str | None, *, withheld: bool, mine: float | None = None,
                others: float | None = None) -> str:
        """The kiosk's comparison of the person's mean over the counted suppliers (``mine``)
        with their other clients' (``others``), both readings (kiosk/texts.py
        ``verdict_sentence``)."""
        sentence = {"stricter": VERDICT_STRICTER, "kinder": VERDICT_KINDER,
                    "same": VERDICT_SAME}.get(verdict or "")
        if sentence:
            return self(sentence, mine=self.number(mine), others=self.number(others))
        if withheld:
            return self("Your suppliers need ratings from more clients before you can compare.")
        return self("Rate a few suppliers to compare your ratings with others'.")

    def tier(self, month: str, tier: str, perks: str) -> str:
        """The supplier's tier of last month and what it gives, as the kiosk home says it
        (the month's name alone, as Qt's standalone month name)."""
        names = _MONTHS_RU if self.language == "ru" else _MONTHS_EN
        text = self("Your supplier tier for {month}: {tier}.",
                    month=names[int(month[5:]) - 1], tier=self(tier))
        return text + (" " + self("It gives: {perks}.", perks=perks) if perks else "")

    def verdict_choices(self, view: DisputeView, config: Config) -> list[tuple[str, str]]:
        """The arbiter's four verdicts with the points they move, as the kiosk words them
        (kiosk/screens/dispute_texts.py ``verdict_label``)."""
        initiator, respondent = view.names(self.language)

        def pair(points: tuple[int, int]) -> str:
            return " / ".join(f"+{p}" if p > 0 else f"−{-p}" if p < 0 else "0"
                              for p in points)
        return [
            ("initiator_right", self("{name} is right (+2 / −2)", **name_cases(initiator))),
            ("respondent_right", self("{name} is right (−2 / +2)", **name_cases(respondent))),
            ("both_right", self("Both are right: the regulation is unclear ({points})",
                                points=pair(verdict_points("both_right", config)))),
            ("both_wrong", self("Both are wrong: the regulation is unclear ({points})",
                                points=pair(verdict_points("both_wrong", config)))),
        ]

    def nudge(self, kind: str, params: dict[str, Any]) -> str:
        """A nudge in words, as the kiosk says it (kiosk/texts.py ``nudge_sentence``)."""
        simple = {
            "client_overtook": "A client of yours is now rated higher than you: they may bring "
                               "proposals to your manager.",
            "rate_reminder": "You haven't rated your suppliers this week.",
            "proposal_received": "You received an improvement proposal to decide.",
            "supplier_alert": "Alert: many low ratings for your department recently.",
            "dispute_opened": "A dispute was opened against you.",
            "dispute_escalated": "A dispute was escalated to you for a verdict.",
        }
        if kind in simple:
            return self(simple[kind])
        if kind == "rating_dropping":
            return self("Your rating is dropping: {now} now, {before} before.",
                        now=self.number(params.get("now")),
                        before=self.number(params.get("before")))
        if kind == "proposal_decided":
            return self("Your improvement proposal was accepted." if params.get("accepted")
                        else "Your improvement proposal was declined.")
        if kind == "dispute_days_left":
            return self.n("{n} day left to answer a dispute.", int(params.get("days", 0)))
        if kind == "dispute_verdict":
            return self("Dispute No. {id} is settled.", id=params.get("dispute_id", ""))
        return self("You have a new notification.")
