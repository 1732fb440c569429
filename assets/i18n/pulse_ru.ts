<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>AttractScreen</name>
    <message>
        <source>Be the first to rate a colleague today</source>
        <translation>Будьте первым, кто оценит коллегу сегодня</translation>
    </message>
    <message numerus="yes">
        <source>Today: %n rating(s) so far</source>
        <translation>
            <numerusform>Сегодня уже %n оценка</numerusform>
            <numerusform>Сегодня уже %n оценки</numerusform>
            <numerusform>Сегодня уже %n оценок</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Today&apos;s mood: %1 from %n rating(s)</source>
        <translation>
            <numerusform>Настроение дня: %1 по %n оценке</numerusform>
            <numerusform>Настроение дня: %1 по %n оценкам</numerusform>
            <numerusform>Настроение дня: %1 по %n оценкам</numerusform>
        </translation>
    </message>
    <message>
        <source>Tap your badge</source>
        <translation>Приложите пропуск</translation>
    </message>
    <message>
        <source>Hold your badge to the reader to rate the colleagues who served you</source>
        <translation>Поднесите пропуск к считывателю, чтобы оценить коллег, которые вам помогли</translation>
    </message>
</context>
<context>
    <name>Brand</name>
    <message>
        <source>Supplier Pulse</source>
        <translation>Пульс поставщиков</translation>
    </message>
    <message>
        <source>RUB</source>
        <translation>₽</translation>
    </message>
    <message>
        <source>EUR</source>
        <translation>€</translation>
    </message>
    <message>
        <source>USD</source>
        <translation>$</translation>
    </message>
</context>
<context>
    <name>ClockSlide</name>
    <message>
        <source>%1 ratings this month. Thank you for rating your colleagues!</source>
        <translation>Оценок в этом месяце: %1. Спасибо, что оцениваете коллег!</translation>
    </message>
</context>
<context>
    <name>DisputeAnswerScreen</name>
    <message>
        <source>Your manager decides; the stakes double: 2 points.</source>
        <translation>Решит руководитель; ставки удваиваются: 2 балла.</translation>
    </message>
    <message>
        <source>At least {n} characters. {stakes}</source>
        <translation>Не меньше {n} символов. {stakes}</translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation>‹ Назад</translation>
    </message>
    <message>
        <source>Dispute No. {id}</source>
        <translation>Спор № {id}</translation>
    </message>
    <message>
        <source>Regulation {code}: “{title}”</source>
        <translation>Регламент {code}: «{title}»</translation>
    </message>
    <message>
        <source>Opened {when}</source>
        <translation>Открыт {when}</translation>
    </message>
    <message>
        <source>I agree (−1 point)</source>
        <translation>Соглашаюсь (−1 балл)</translation>
    </message>
    <message>
        <source>I disagree: to my manager</source>
        <translation>Возражаю: к руководителю</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Accept? You lose 1 point and {name} gains 1.</source>
        <translation>Согласиться? Вы теряете 1 балл, {name} получает 1.</translation>
    </message>
    <message>
        <source>Yes, I agree</source>
        <translation>Да, соглашаюсь</translation>
    </message>
    <message>
        <source>Why do you disagree? Your manager will read it.</source>
        <translation>Почему вы не согласны? Руководитель это прочтёт.</translation>
    </message>
    <message>
        <source>Send to my manager</source>
        <translation>Отправить руководителю</translation>
    </message>
</context>
<context>
    <name>DisputeArbitrateScreen</name>
    <message>
        <source>‹ Back</source>
        <translation>‹ Назад</translation>
    </message>
    <message>
        <source>Your verdict: dispute No. {id}</source>
        <translation>Ваше решение: спор № {id}</translation>
    </message>
    <message>
        <source>Regulation {code}: “{title}”</source>
        <translation>Регламент {code}: «{title}»</translation>
    </message>
    <message>
        <source>Opened {when}</source>
        <translation>Открыт {when}</translation>
    </message>
    <message>
        <source>{name} disagrees: “{reason}”</source>
        <translation>{name} возражает: «{reason}»</translation>
    </message>
    <message>
        <source>Give the verdict</source>
        <translation>Вынести решение</translation>
    </message>
</context>
<context>
    <name>DisputeCard</name>
    <message>
        <source>The regulation&apos;s text: {url}</source>
        <translation>Текст регламента: {url}</translation>
    </message>
</context>
<context>
    <name>DisputeFlow</name>
    <message>
        <source>Offline: your disputes are shown when the kiosk is back online. A dispute you open now is sent then.</source>
        <translation>Нет связи: ваши споры будут показаны, когда связь вернётся. Спор, открытый сейчас, будет отправлен тогда же.</translation>
    </message>
    <message>
        <source>Saved. It is sent as soon as the kiosk is back online.</source>
        <translation>Сохранено. Будет отправлено, как только вернётся связь.</translation>
    </message>
</context>
<context>
    <name>DisputeListScreen</name>
    <message>
        <source>‹ Back</source>
        <translation>‹ Назад</translation>
    </message>
    <message>
        <source>Your disputes</source>
        <translation>Ваши споры</translation>
    </message>
    <message>
        <source>Open a dispute</source>
        <translation>Открыть спор</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>You have no disputes. If you see a written regulation broken, open a dispute.</source>
        <translation>У вас нет споров. Если вы видите нарушение регламента, откройте спор.</translation>
    </message>
</context>
<context>
    <name>DisputeOpenScreen</name>
    <message>
        <source>‹ Back</source>
        <translation>‹ Назад</translation>
    </message>
    <message>
        <source>Step 1 of 3: against whom?</source>
        <translation>Шаг 1 из 3: против кого?</translation>
    </message>
    <message>
        <source>Step 2 of 3: which regulation was broken?</source>
        <translation>Шаг 2 из 3: какой регламент нарушен?</translation>
    </message>
    <message>
        <source>Step 3 of 3: what happened?</source>
        <translation>Шаг 3 из 3: что произошло?</translation>
    </message>
    <message>
        <source>Type a name…</source>
        <translation>Введите имя…</translation>
    </message>
    <message>
        <source>Type at least two letters of the name.</source>
        <translation>Введите хотя бы две буквы имени.</translation>
    </message>
    <message>
        <source>Nobody found. Check the spelling or try the other keyboard layout.</source>
        <translation>Никого не нашли. Проверьте написание или смените раскладку.</translation>
    </message>
    <message>
        <source>Against {name}, regulation {code} “{title}”.</source>
        <translation>Спор против {name_gen}, регламент {code} «{title}».</translation>
    </message>
    <message>
        <source>Briefly: when, where, what happened…</source>
        <translation>Коротко: когда, где, что произошло…</translation>
    </message>
    <message>
        <source>Open the dispute</source>
        <translation>Открыть спор</translation>
    </message>
    <message>
        <source>The regulations catalogue is empty: a dispute needs a written regulation. Please ask an administrator to import them.</source>
        <translation>Каталог регламентов пуст: для спора нужен письменный регламент. Попросите администратора загрузить регламенты.</translation>
    </message>
</context>
<context>
    <name>Disputes</name>
    <message numerus="yes">
        <source>Waiting for your answer: %n day(s) left.</source>
        <translation>
            <numerusform>Ждём вашего ответа: остался %n день.</numerusform>
            <numerusform>Ждём вашего ответа: осталось %n дня.</numerusform>
            <numerusform>Ждём вашего ответа: осталось %n дней.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Waiting for {name}&apos;s answer: %n day(s) left.</source>
        <translation>
            <numerusform>Ждём ответа {name_gen}: остался %n день.</numerusform>
            <numerusform>Ждём ответа {name_gen}: осталось %n дня.</numerusform>
            <numerusform>Ждём ответа {name_gen}: осталось %n дней.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rejected by {name}: your verdict is needed.</source>
        <comment>male</comment>
        <translation>{name} не согласен: нужно ваше решение.</translation>
    </message>
    <message>
        <source>Rejected by {name}: your verdict is needed.</source>
        <comment>female</comment>
        <translation>{name} не согласна: нужно ваше решение.</translation>
    </message>
    <message>
        <source>Rejected by {name}: your verdict is needed.</source>
        <translation>{name} возражает: нужно ваше решение.</translation>
    </message>
    <message>
        <source>Rejected: a manager will give the verdict.</source>
        <translation>Отклонён: решение вынесет руководитель.</translation>
    </message>
    <message>
        <source>Accepted by {respondent}.</source>
        <comment>male</comment>
        <translation>{respondent} согласился.</translation>
    </message>
    <message>
        <source>Accepted by {respondent}.</source>
        <comment>female</comment>
        <translation>{respondent} согласилась.</translation>
    </message>
    <message>
        <source>Accepted by {respondent}.</source>
        <translation>Согласие получено от {respondent_gen}.</translation>
    </message>
    <message>
        <source>Not answered in time: {initiator} was right.</source>
        <translation>Ответа не было вовремя: спор решён в пользу {initiator_gen}.</translation>
    </message>
    <message>
        <source>Verdict: {initiator} was right.</source>
        <translation>Решение: в пользу {initiator_gen}.</translation>
    </message>
    <message>
        <source>Verdict: {respondent} was right.</source>
        <translation>Решение: в пользу {respondent_gen}.</translation>
    </message>
    <message>
        <source>Verdict: both were right; the regulation will be revised.</source>
        <translation>Решение: правы оба; регламент будет доработан.</translation>
    </message>
    <message>
        <source>Verdict: both were wrong; the regulation will be revised.</source>
        <translation>Решение: неправы оба; регламент будет доработан.</translation>
    </message>
    <message>
        <source>You opened it against {name}</source>
        <translation>Вы открыли спор против {name_gen}</translation>
    </message>
    <message>
        <source>{name} opened it against you</source>
        <comment>male</comment>
        <translation>{name} открыл спор против вас</translation>
    </message>
    <message>
        <source>{name} opened it against you</source>
        <comment>female</comment>
        <translation>{name} открыла спор против вас</translation>
    </message>
    <message>
        <source>{name} opened it against you</source>
        <translation>Спор против вас открыт по заявлению {name_gen}</translation>
    </message>
    <message>
        <source>{initiator} against {respondent}: you decide</source>
        <translation>{initiator} — {respondent}: решаете вы</translation>
    </message>
    <message>
        <source>You cannot open a dispute against yourself.</source>
        <translation>Нельзя открыть спор против самого себя.</translation>
    </message>
    <message>
        <source>Here only someone rated higher than this colleague may open a dispute against them.</source>
        <translation>Открыть спор против этого коллеги может только тот, чья оценка выше.</translation>
    </message>
    <message numerus="yes">
        <source>Too few people have rated you, your team or your department yet to compare (at least %n clients).</source>
        <translation>
            <numerusform>Пока слишком мало людей оценили вас, вашу команду и ваш отдел, чтобы сравнивать (нужно не меньше %n клиента).</numerusform>
            <numerusform>Пока слишком мало людей оценили вас, вашу команду и ваш отдел, чтобы сравнивать (нужно не меньше %n клиентов).</numerusform>
            <numerusform>Пока слишком мало людей оценили вас, вашу команду и ваш отдел, чтобы сравнивать (нужно не меньше %n клиентов).</numerusform>
        </translation>
    </message>
    <message>
        <source>This person is not active any more.</source>
        <translation>Этот сотрудник больше не активен.</translation>
    </message>
    <message>
        <source>This regulation is no longer in force.</source>
        <translation>Этот регламент больше не действует.</translation>
    </message>
    <message>
        <source>This person is no longer in the directory.</source>
        <translation>Этого сотрудника больше нет в справочнике.</translation>
    </message>
    <message>
        <source>This dispute no longer exists.</source>
        <translation>Этого спора больше нет.</translation>
    </message>
    <message>
        <source>Only the person the dispute is against can answer it.</source>
        <translation>Ответить может только тот, против кого открыт спор.</translation>
    </message>
    <message>
        <source>Only the manager the dispute was escalated to can give the verdict.</source>
        <translation>Решение выносит только руководитель, которому передан спор.</translation>
    </message>
    <message>
        <source>This dispute has already moved on.</source>
        <translation>Этот спор уже перешёл на другой этап.</translation>
    </message>
    <message>
        <source>The time to answer is over: the dispute is resolved in the initiator&apos;s favour.</source>
        <translation>Время на ответ вышло: спор решён в пользу инициатора.</translation>
    </message>
    <message>
        <source>Please write what happened.</source>
        <translation>Напишите, что произошло.</translation>
    </message>
    <message>
        <source>The text is too long; please shorten it.</source>
        <translation>Текст слишком длинный, сократите его.</translation>
    </message>
    <message>
        <source>No manager can decide this dispute yet. Please ask an administrator.</source>
        <translation>Пока некому решить этот спор. Обратитесь к администратору.</translation>
    </message>
    <message>
        <source>This dispute was already opened.</source>
        <translation>Этот спор уже открыт.</translation>
    </message>
    <message>
        <source>This cannot be done now.</source>
        <translation>Сейчас это сделать нельзя.</translation>
    </message>
    <message numerus="yes">
        <source>Dispute opened. {name} has %n day(s) to answer.</source>
        <translation>
            <numerusform>Спор открыт. У {name_gen} на ответ %n день.</numerusform>
            <numerusform>Спор открыт. У {name_gen} на ответ %n дня.</numerusform>
            <numerusform>Спор открыт. У {name_gen} на ответ %n дней.</numerusform>
        </translation>
    </message>
    <message>
        <source>You accepted the dispute: 1 point goes to {name}.</source>
        <translation>Вы согласились: 1 балл получает {name}.</translation>
    </message>
    <message>
        <source>You rejected the dispute: your manager will decide.</source>
        <translation>Вы не согласились: решит ваш руководитель.</translation>
    </message>
    <message>
        <source>Verdict given. The points have been credited.</source>
        <translation>Решение вынесено. Баллы начислены.</translation>
    </message>
    <message>
        <source>{name} is right (+2 / −2)</source>
        <translation>В пользу {name_gen} (+2 / −2)</translation>
    </message>
    <message>
        <source>{name} is right (−2 / +2)</source>
        <translation>В пользу {name_gen} (−2 / +2)</translation>
    </message>
    <message>
        <source>Both are right: the regulation is unclear ({points})</source>
        <translation>Правы оба: регламент неясен ({points})</translation>
    </message>
    <message>
        <source>Both are wrong: the regulation is unclear ({points})</source>
        <translation>Неправы оба: регламент неясен ({points})</translation>
    </message>
</context>
<context>
    <name>DisputesSlide</name>
    <message>
        <source>Dispute points by department this month</source>
        <translation>Баллы споров по отделам за месяц</translation>
    </message>
    <message>
        <source>Regulations flagged for revision</source>
        <translation>Регламенты на доработку</translation>
    </message>
    <message>
        <source>No dispute points yet this month.</source>
        <translation>В этом месяце баллов по спорам ещё нет.</translation>
    </message>
    <message>
        <source>No regulation is flagged: the rules are clear.</source>
        <translation>Нет регламентов на доработку: правила понятны.</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>Споры</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>и ещё %1</translation>
    </message>
    <message>
        <source>Most points: %1.</source>
        <translation>Больше всех баллов: %1.</translation>
    </message>
    <message>
        <source>Most lost: %1.</source>
        <translation>Больше всех потеряли: %1.</translation>
    </message>
    <message>
        <source>Results of %1: %2</source>
        <translation>Итоги %1: %2</translation>
    </message>
</context>
<context>
    <name>Faces</name>
    <message>
        <source>Very unhappy</source>
        <translation>Очень плохо</translation>
    </message>
    <message>
        <source>Unhappy</source>
        <translation>Плохо</translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation>Нормально</translation>
    </message>
    <message>
        <source>Happy</source>
        <translation>Хорошо</translation>
    </message>
    <message>
        <source>Delighted</source>
        <translation>Отлично</translation>
    </message>
</context>
<context>
    <name>Figures</name>
    <message>
        <source>Index: the mean score, corrected for strict and lenient raters and drawn toward the plant&apos;s mean while ratings are few; suppliers are ranked by it.</source>
        <translation>Индекс — средняя оценка с поправкой на строгость оценивающих, подтянутая к средней по заводу, пока оценок мало; по нему строится рейтинг.</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Hello, {name}!</source>
        <translation>Здравствуйте, {name}!</translation>
    </message>
    <message>
        <source>Rate a supplier</source>
        <translation>Оценить поставщика</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>Обслуживание</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>Споры</translation>
    </message>
    <message numerus="yes">
        <source>Proposals to decide (%n)</source>
        <translation>
            <numerusform>Предложения на решение (%n)</numerusform>
            <numerusform>Предложения на решение (%n)</numerusform>
            <numerusform>Предложения на решение (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>How you rate your suppliers</source>
        <translation>Как вы оцениваете своих поставщиков</translation>
    </message>
    <message>
        <source>How their other clients rate those suppliers</source>
        <translation>Как этих поставщиков оценивают другие их клиенты</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n supplier(s) you rated</source>
        <translation>
            <numerusform>%1 из %n оценённого вами поставщика</numerusform>
            <numerusform>%1 из %n оценённых вами поставщиков</numerusform>
            <numerusform>%1 из %n оценённых вами поставщиков</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>with %n or more other clients</source>
        <translation>
            <numerusform>у каждого от %n другого клиента</numerusform>
            <numerusform>у каждого от %n других клиентов</numerusform>
            <numerusform>у каждого от %n других клиентов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not enough ratings yet (at least %n other clients per supplier)</source>
        <translation>
            <numerusform>Мало оценок: нужно от %n другого клиента у поставщика</numerusform>
            <numerusform>Мало оценок: нужно от %n других клиентов у поставщика</numerusform>
            <numerusform>Мало оценок: нужно от %n других клиентов у поставщика</numerusform>
        </translation>
    </message>
    <message>
        <source>How your clients rate you</source>
        <translation>Как вас оценивают ваши клиенты</translation>
    </message>
    <message>
        <source>Your supplier tier for %1: %2.</source>
        <translation>Ваш уровень поставщика за %1: %2.</translation>
    </message>
    <message>
        <source>It gives: %1.</source>
        <translation>Что это даёт: %1.</translation>
    </message>
    <message numerus="yes">
        <source>Answers to your proposals (%n)</source>
        <translation>
            <numerusform>Ответы на ваши предложения (%n)</numerusform>
            <numerusform>Ответы на ваши предложения (%n)</numerusform>
            <numerusform>Ответы на ваши предложения (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rating(s) in %1 days</source>
        <translation>
            <numerusform>%n оценка за %1 дн.</numerusform>
            <numerusform>%n оценки за %1 дн.</numerusform>
            <numerusform>%n оценок за %1 дн.</numerusform>
        </translation>
    </message>
    <message>
        <source>as of yesterday</source>
        <translation>на конец вчерашнего дня</translation>
    </message>
    <message numerus="yes">
        <source>%n supplier(s) you rated</source>
        <translation>
            <numerusform>вы оценили %n поставщика</numerusform>
            <numerusform>вы оценили %n поставщиков</numerusform>
            <numerusform>вы оценили %n поставщиков</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not enough ratings yet (at least %n clients)</source>
        <translation>
            <numerusform>Мало оценок: нужно от %n клиента</numerusform>
            <numerusform>Мало оценок: нужно от %n клиентов</numerusform>
            <numerusform>Мало оценок: нужно от %n клиентов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>from %n client(s)</source>
        <translation>
            <numerusform>от %n клиента</numerusform>
            <numerusform>от %n клиентов</numerusform>
            <numerusform>от %n клиентов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dispute(s) wait for your answer</source>
        <translation>
            <numerusform>%n спор ждёт вашего ответа</numerusform>
            <numerusform>%n спора ждут вашего ответа</numerusform>
            <numerusform>%n споров ждут вашего ответа</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n proposal(s) wait for your decision</source>
        <translation>
            <numerusform>%n предложение ждёт вашего решения</numerusform>
            <numerusform>%n предложения ждут вашего решения</numerusform>
            <numerusform>%n предложений ждут вашего решения</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 и ещё %n</numerusform>
            <numerusform>%1 и ещё %n</numerusform>
            <numerusform>%1 и ещё %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Counted: %1</source>
        <translation>Учтены: %1</translation>
    </message>
    <message numerus="yes">
        <source>Your page on your phone: scan the code. It works once and for %n minute(s).</source>
        <translation>
            <numerusform>Ваша страница в телефоне: отсканируйте код. Он действует один раз и %n минуту.</numerusform>
            <numerusform>Ваша страница в телефоне: отсканируйте код. Он действует один раз и %n минуты.</numerusform>
            <numerusform>Ваша страница в телефоне: отсканируйте код. Он действует один раз и %n минут.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>your streak: %n day(s)</source>
        <translation>
            <numerusform>серия: %n день</numerusform>
            <numerusform>серия: %n дня</numerusform>
            <numerusform>серия: %n дней</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImpactSlide</name>
    <message>
        <source>Each dot: one segment&apos;s change from the previous month, in %. Across: satisfaction with suppliers; up: the segment&apos;s KPI (up = better).</source>
        <translation>Каждая точка — изменение сегмента к прошлому месяцу, в %. По горизонтали: удовлетворённость поставщиками; по вертикали: KPI сегмента (вверх — лучше).</translation>
    </message>
    <message>
        <source>Happier clients, better results</source>
        <translation>Довольные клиенты — лучше KPI</translation>
    </message>
    <message>
        <source>Not enough months of KPIs and ratings yet.</source>
        <translation>Пока мало месяцев с KPI и оценками.</translation>
    </message>
    <message>
        <source>KPI for every +10 % satisfaction with suppliers</source>
        <translation>к KPI на каждые +10 % удовлетворённости поставщиками</translation>
    </message>
    <message>
        <source>95 % interval: %1 … %2 % (%3 points)</source>
        <translation>95 % интервал: %1 … %2 % (точек: %3)</translation>
    </message>
    <message>
        <source>Plant-wide: %1 % on client KPIs for every +10 % satisfaction with suppliers (95 % interval %2 … %3 %).</source>
        <translation>По заводу: %1 % к KPI клиентов на каждые +10 % удовлетворённости поставщиками (95 % интервал %2 … %3 %).</translation>
    </message>
    <message>
        <source>Initiatives with the strongest effect</source>
        <translation>Инициативы с самым сильным эффектом</translation>
    </message>
    <message>
        <source>Effect on the segment&apos;s KPI for +10 % satisfaction with the suppliers it names (+ = better); money at the KPI&apos;s value per unit.</source>
        <translation>Эффект на KPI сегмента при росте удовлетворённости названными поставщиками на 10 % (+ — лучше); деньги — по стоимости единицы KPI.</translation>
    </message>
    <message numerus="yes">
        <source>Not measurable yet (%n month(s) of KPIs and ratings).</source>
        <translation>
            <numerusform>Эффект пока не измерить: KPI и оценки есть за %n месяц.</numerusform>
            <numerusform>Эффект пока не измерить: KPI и оценки есть за %n месяца.</numerusform>
            <numerusform>Эффект пока не измерить: KPI и оценки есть за %n месяцев.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 % per +10 % satisfaction</source>
        <translation>%1 % на каждые +10 % удовлетворённости</translation>
    </message>
    <message>
        <source>≈ %1 million roubles a year</source>
        <translation>≈ %1 млн ₽ в год</translation>
    </message>
    <message>
        <source>≈ %1 thousand roubles a year</source>
        <translation>≈ %1 тыс. ₽ в год</translation>
    </message>
    <message>
        <source>any supplier</source>
        <translation>любые поставщики</translation>
    </message>
</context>
<context>
    <name>InfluenceOffer</name>
    <message>
        <source>Propose an improvement</source>
        <translation>Предложить улучшение</translation>
    </message>
</context>
<context>
    <name>InitiativesPdf</name>
    <message>
        <source>Any supplier</source>
        <translation>Любой поставщик</translation>
    </message>
    <message>
        <source>not enough ratings yet</source>
        <translation>пока мало оценок</translation>
    </message>
    <message>
        <source>better</source>
        <translation>лучше</translation>
    </message>
    <message>
        <source>worse</source>
        <translation>хуже</translation>
    </message>
    <message>
        <source>goal: %1</source>
        <translation>цель: %1</translation>
    </message>
    <message>
        <source>Initiative map, %1</source>
        <translation>Карта инициатив, %1</translation>
    </message>
    <message>
        <source>Initiative map — %1</source>
        <translation>Карта инициатив — %1</translation>
    </message>
    <message>
        <source>%1. Score: the mean the segment&apos;s people gave the supplier department this month, counted in blocks of at least %2 different colleagues; page %3 of %4; printed %5</source>
        <translation>%1. Оценка — средний балл, который сотрудники сегмента поставили подразделению-поставщику за месяц; считается блоками, в каждом не меньше %2 разных коллег; страница %3 из %4; напечатано %5</translation>
    </message>
    <message>
        <source>What suppliers must improve</source>
        <translation>Что улучшить поставщику</translation>
    </message>
    <message>
        <source>Supplier department</source>
        <translation>Подразделение-поставщик</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Оценка</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Изменение</translation>
    </message>
    <message>
        <source>Segment KPI</source>
        <translation>KPI сегмента</translation>
    </message>
    <message>
        <source>Company initiative</source>
        <translation>Инициатива компании</translation>
    </message>
    <message>
        <source>No initiatives for this segment yet.</source>
        <translation>Для этого сегмента инициатив пока нет.</translation>
    </message>
</context>
<context>
    <name>InitiativesSlide</name>
    <message>
        <source>Initiative map</source>
        <translation>Карта инициатив</translation>
    </message>
    <message>
        <source>(continued)</source>
        <translation>(продолжение)</translation>
    </message>
    <message>
        <source>goal: %1</source>
        <translation>цель: %1</translation>
    </message>
    <message>
        <source>Any supplier</source>
        <translation>Любой поставщик</translation>
    </message>
    <message>
        <source>No initiatives for this segment yet.</source>
        <translation>Для этого сегмента инициатив пока нет.</translation>
    </message>
    <message>
        <source>not enough ratings yet</source>
        <translation>пока мало оценок</translation>
    </message>
    <message>
        <source>Score: the segment&apos;s mean this month, counted in blocks of at least %1 different colleagues</source>
        <translation>Оценка — средний балл сотрудников сегмента за месяц; считается блоками, в каждом не меньше %1 разных коллег</translation>
    </message>
    <message>
        <source>What suppliers must improve</source>
        <translation>Что улучшить поставщику</translation>
    </message>
    <message>
        <source>Supplier department</source>
        <translation>Подразделение-поставщик</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Оценка</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Изменение</translation>
    </message>
    <message>
        <source>Segment KPI</source>
        <translation>KPI сегмента</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Supplier Pulse</source>
        <translation>Пульс поставщиков</translation>
    </message>
    <message numerus="yes">
        <source>Offline — %n rating(s) will sync</source>
        <translation>
            <numerusform>Нет связи — %n оценка ждёт отправки</numerusform>
            <numerusform>Нет связи — %n оценки ждут отправки</numerusform>
            <numerusform>Нет связи — %n оценок ждут отправки</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline — ratings are saved here</source>
        <translation>Нет связи — оценки сохраняются</translation>
    </message>
    <message numerus="yes">
        <source>%n rating(s) will sync</source>
        <translation>
            <numerusform>%n оценка ждёт отправки</numerusform>
            <numerusform>%n оценки ждут отправки</numerusform>
            <numerusform>%n оценок ждут отправки</numerusform>
        </translation>
    </message>
    <message>
        <source>One moment…</source>
        <translation>Минутку…</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Выйти</translation>
    </message>
    <message numerus="yes">
        <source>No touch for a while: logging out in %n s. Touch the screen to stay.</source>
        <translation>
            <numerusform>Экран давно не трогали: выход через %n с. Коснитесь экрана, чтобы остаться.</numerusform>
            <numerusform>Экран давно не трогали: выход через %n с. Коснитесь экрана, чтобы остаться.</numerusform>
            <numerusform>Экран давно не трогали: выход через %n с. Коснитесь экрана, чтобы остаться.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MaintenanceScreen</name>
    <message>
        <source>Maintenance</source>
        <translation>Обслуживание</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>База данных</translation>
    </message>
    <message>
        <source>Ratings waiting to sync</source>
        <translation>Оценки, ждущие отправки</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Версия</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Последняя синхронизация</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>Киоск</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>проверка…</translation>
    </message>
    <message>
        <source>reachable ({kind})</source>
        <translation>доступна ({kind})</translation>
    </message>
    <message>
        <source>NOT reachable ({kind})</source>
        <translation>НЕ доступна ({kind})</translation>
    </message>
    <message>
        <source>never</source>
        <translation>ещё не было</translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation>‹ Назад</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Проверить снова</translation>
    </message>
    <message>
        <source>Exit the kiosk</source>
        <translation>Закрыть киоск</translation>
    </message>
</context>
<context>
    <name>MapSlide</name>
    <message>
        <source>Weakest links this month</source>
        <translation>Самые слабые связи месяца</translation>
    </message>
    <message>
        <source>No link stands below the others yet.</source>
        <translation>Пока ни одна связь не отстаёт от остальных.</translation>
    </message>
    <message>
        <source>Circle: the department&apos;s mean score from its clients</source>
        <translation>Кружок — средняя оценка отдела от его клиентов</translation>
    </message>
    <message>
        <source>Arrow: client → supplier, thicker = more ratings. Grey lines: the other busy links.</source>
        <translation>Стрелка: клиент → поставщик, толще — больше оценок. Серые линии — другие частые связи.</translation>
    </message>
    <message>
        <source>Who serves whom, and how well</source>
        <translation>Кто кого обслуживает</translation>
    </message>
    <message>
        <source>%1 departments, %2 client-supplier links this month</source>
        <translation>Отделов: %1, связей клиент–поставщик за месяц: %2</translation>
    </message>
</context>
<context>
    <name>MessageScreen</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Hello!</source>
        <translation>Здравствуйте!</translation>
    </message>
    <message>
        <source>This badge can&apos;t be used here yet. Please ask your manager or HR to register it for Supplier Pulse.</source>
        <translation>Этот пропуск пока нельзя использовать здесь. Попросите руководителя или отдел кадров подключить его к «Пульсу поставщиков».</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Нет связи</translation>
    </message>
    <message>
        <source>The server cannot be reached right now. Ratings are saved on this kiosk and sent when it is back; anything else, please try again in a few minutes.</source>
        <translation>Сервер сейчас недоступен. Оценки сохраняются на этом киоске и уйдут, когда связь вернётся; остальное попробуйте сделать через несколько минут.</translation>
    </message>
    <message>
        <source>Sorry</source>
        <translation>Извините</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again.</source>
        <translation>Что-то пошло не так. Попробуйте ещё раз.</translation>
    </message>
</context>
<context>
    <name>Metrics</name>
    <message>
        <source>You rate these suppliers {mine}, their other clients {others}: either you expect more, or they serve you worse than they serve others.</source>
        <translation>Вы ставите этим поставщикам {mine}, другие их клиенты — {others}: либо вы ждёте большего, либо вас они обслуживают хуже, чем других.</translation>
    </message>
    <message>
        <source>You rate these suppliers {mine}, their other clients {others}: either you expect less, or they serve you better than they serve others.</source>
        <translation>Вы ставите этим поставщикам {mine}, другие их клиенты — {others}: либо вы ждёте меньшего, либо вас они обслуживают лучше, чем других.</translation>
    </message>
    <message>
        <source>You rate these suppliers {mine}, their other clients {others}: you rate them as others do.</source>
        <translation>Вы ставите этим поставщикам {mine}, другие их клиенты — {others}: вы оцениваете их так же, как другие.</translation>
    </message>
    <message>
        <source>Your suppliers need ratings from more clients before you can compare.</source>
        <translation>Сравнивать пока не с чем: вашим поставщикам нужны оценки от большего числа клиентов.</translation>
    </message>
    <message>
        <source>Rate a few suppliers to compare your ratings with others&apos;.</source>
        <translation>Оцените нескольких поставщиков, чтобы сравнить свои оценки с оценками других.</translation>
    </message>
</context>
<context>
    <name>MonthReportPdf</name>
    <message>
        <source>No. {id}</source>
        <translation>№ {id}</translation>
    </message>
    <message>
        <source>awaiting answer</source>
        <translation>ждёт ответа</translation>
    </message>
    <message>
        <source>with the manager</source>
        <translation>у руководителя</translation>
    </message>
    <message>
        <source>both right</source>
        <translation>правы оба</translation>
    </message>
    <message>
        <source>both wrong</source>
        <translation>неправы оба</translation>
    </message>
    <message>
        <source>No conversion rule: points only.</source>
        <translation>Правило пересчёта не задано: только баллы.</translation>
    </message>
    <message>
        <source>Rule: {rate} per point; the department&apos;s fines fund its bonuses.</source>
        <translation>Правило: {rate} за балл; штрафы подразделения покрывают его премии.</translation>
    </message>
    <message>
        <source>Rule: common pool “{pool}” fed by the fines, {rate} per point.</source>
        <translation>Правило: общий фонд «{pool}» из штрафов, {rate} за балл.</translation>
    </message>
    <message>
        <source>Rule: common pool “{pool}” fed by the fines&apos; points.</source>
        <translation>Правило: общий фонд «{pool}» из штрафных баллов.</translation>
    </message>
    <message>
        <source>Employee</source>
        <translation>Сотрудник</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>Таб. №</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Баллы</translation>
    </message>
    <message>
        <source>Wins</source>
        <translation>Выигр.</translation>
    </message>
    <message>
        <source>Losses</source>
        <translation>Проигр.</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>Премия</translation>
    </message>
    <message>
        <source>Fine</source>
        <translation>Штраф</translation>
    </message>
    <message>
        <source>Department total: points {points}, wins {wins}, losses {losses}.</source>
        <translation>Итого по подразделению: баллов {points}, выигрышей {wins}, проигрышей {losses}.</translation>
    </message>
    <message>
        <source>money left over</source>
        <translation>остаток средств</translation>
    </message>
    <message>
        <source>the department pays the difference</source>
        <translation>разницу доплачивает подразделение</translation>
    </message>
    <message>
        <source>fines and bonuses are even</source>
        <translation>штрафы и премии равны</translation>
    </message>
    <message>
        <source>Bonuses {bonuses}; fines {fines}; balance {balance} ({note}).</source>
        <translation>Премии {bonuses}; штрафы {fines}; баланс {balance} ({note}).</translation>
    </message>
    <message numerus="yes">
        <source>Pool “{pool}”: %n point(s) = {money}.</source>
        <translation>
            <numerusform>Фонд «{pool}»: %n балл = {money}.</numerusform>
            <numerusform>Фонд «{pool}»: %n балла = {money}.</numerusform>
            <numerusform>Фонд «{pool}»: %n баллов = {money}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Pool “{pool}”: %n point(s).</source>
        <translation>
            <numerusform>Фонд «{pool}»: %n балл.</numerusform>
            <numerusform>Фонд «{pool}»: %n балла.</numerusform>
            <numerusform>Фонд «{pool}»: %n баллов.</numerusform>
        </translation>
    </message>
    <message>
        <source>Disputes carried over to next month: {n}</source>
        <translation>Споры, переходящие на следующий месяц: {n}</translation>
    </message>
    <message>
        <source>No.</source>
        <comment>dispute</comment>
        <translation>№</translation>
    </message>
    <message>
        <source>Regulation</source>
        <translation>Регламент</translation>
    </message>
    <message>
        <source>Initiator</source>
        <translation>Инициатор</translation>
    </message>
    <message>
        <source>Respondent</source>
        <translation>Ответчик</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Открыт</translation>
    </message>
    <message>
        <source>Dispute points: {month}</source>
        <translation>Баллы по спорам: {month}</translation>
    </message>
    <message>
        <source>Departments: {departments}. Points in total: {points}; wins: {wins}; losses: {losses}. Disputes carried over: {carried}.</source>
        <translation>Подразделений: {departments}. Всего баллов: {points}; выигрышей: {wins}; проигрышей: {losses}. Переходящих споров: {carried}.</translation>
    </message>
    <message>
        <source>No dispute points this month.</source>
        <translation>В этом месяце баллов по спорам нет.</translation>
    </message>
    <message>
        <source>Regulations flagged for revision</source>
        <translation>Регламенты на доработку</translation>
    </message>
    <message>
        <source>No regulation was flagged this month.</source>
        <translation>В этом месяце ни один регламент не отмечен.</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>Споры</translation>
    </message>
    <message>
        <source>Improvement proposals: reward points</source>
        <translation>Предложения по улучшению: баллы</translation>
    </message>
    <message>
        <source>No proposal was rewarded this month.</source>
        <translation>В этом месяце баллов за предложения не начислено.</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Поставщик</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Подразделение</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Принято</translation>
    </message>
    <message>
        <source>Implemented</source>
        <translation>Внедрено</translation>
    </message>
    <message>
        <source>Dispute points, {month}</source>
        <translation>Баллы по спорам, {month}</translation>
    </message>
    <message>
        <source>Made {when}</source>
        <translation>Сформирован {when}</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>Стр. {page} из {pages}</translation>
    </message>
</context>
<context>
    <name>Nudges</name>
    <message>
        <source>Dispute No. %1 was accepted by the respondent.</source>
        <translation>Спор № %1 признан ответчиком.</translation>
    </message>
    <message>
        <source>Dispute No. %1 was not answered in time: the initiator was right.</source>
        <translation>По спору № %1 не было ответа вовремя: прав инициатор.</translation>
    </message>
    <message>
        <source>Verdict in dispute No. %1: the initiator was right.</source>
        <translation>Решение по спору № %1: прав инициатор.</translation>
    </message>
    <message>
        <source>Verdict in dispute No. %1: the respondent was right.</source>
        <translation>Решение по спору № %1: прав ответчик.</translation>
    </message>
    <message>
        <source>Verdict in dispute No. %1: both were right; the regulation will be revised.</source>
        <translation>Решение по спору № %1: правы оба; регламент будет доработан.</translation>
    </message>
    <message>
        <source>Verdict in dispute No. %1: both were wrong; the regulation will be revised.</source>
        <translation>Решение по спору № %1: неправы оба; регламент будет доработан.</translation>
    </message>
    <message>
        <source>Dispute No. %1 is settled.</source>
        <translation>Спор № %1 завершён.</translation>
    </message>
    <message>
        <source>Your points: %1.</source>
        <translation>Ваши баллы: %1.</translation>
    </message>
    <message>
        <source>Your proposal sent while the kiosk was offline was not filed: %1</source>
        <translation>Ваше предложение, отправленное, когда киоск был без связи, не подано: %1</translation>
    </message>
    <message>
        <source>What you did in dispute No. %1 while the kiosk was offline was not applied: %2</source>
        <translation>Ваше действие по спору № %1, сделанное, когда киоск был без связи, не принято: %2</translation>
    </message>
    <message>
        <source>The dispute you opened while the kiosk was offline was not opened: %1</source>
        <translation>Спор, открытый вами, когда киоск был без связи, не открыт: %1</translation>
    </message>
    <message>
        <source>The client answered your decision on the proposal about {name}: “{reply}”</source>
        <translation>Клиент ответил на ваше решение по предложению (поставщик: {name}): «{reply}»</translation>
    </message>
    <message>
        <source>Your improvement proposal about {name} was accepted.</source>
        <translation>Ваше предложение по улучшению (поставщик: {name}) принято.</translation>
    </message>
    <message>
        <source>Your improvement proposal about {name} was declined.</source>
        <translation>Ваше предложение по улучшению (поставщик: {name}) отклонено.</translation>
    </message>
    <message>
        <source>The manager&apos;s note: “{note}”</source>
        <translation>Комментарий руководителя: «{note}»</translation>
    </message>
    <message>
        <source>Your rating is dropping: {now} now, {before} before.</source>
        <translation>Ваша оценка снижается: сейчас {now}, было {before}.</translation>
    </message>
    <message>
        <source>A client of yours is now rated higher than you: they may bring proposals to your manager.</source>
        <translation>Оценка вашего клиента теперь выше вашей: этот клиент может вносить предложения вашему руководителю.</translation>
    </message>
    <message>
        <source>You haven&apos;t rated your suppliers this week.</source>
        <translation>На этой неделе вы ещё не оценивали своих поставщиков.</translation>
    </message>
    <message>
        <source>You received an improvement proposal to decide.</source>
        <translation>Вам поступило предложение по улучшению — нужно решение.</translation>
    </message>
    <message>
        <source>Your improvement proposal was accepted.</source>
        <translation>Ваше предложение по улучшению принято.</translation>
    </message>
    <message>
        <source>Your proposal about {name}: the manager invites you to discuss it on {date} at {time}.</source>
        <translation>Ваше предложение по улучшению (поставщик: {name}): руководитель приглашает вас обсудить его {date} в {time}.</translation>
    </message>
    <message>
        <source>Your improvement proposal was declined.</source>
        <translation>Ваше предложение по улучшению отклонено.</translation>
    </message>
    <message>
        <source>Alert: many low ratings for your department recently.</source>
        <translation>Внимание: у вашего подразделения в последнее время много низких оценок.</translation>
    </message>
    <message>
        <source>A dispute was opened against you.</source>
        <translation>Против вас открыт спор.</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) left to answer a dispute.</source>
        <translation>
            <numerusform>На ответ по спору остался %n день.</numerusform>
            <numerusform>На ответ по спору осталось %n дня.</numerusform>
            <numerusform>На ответ по спору осталось %n дней.</numerusform>
        </translation>
    </message>
    <message>
        <source>A dispute was escalated to you for a verdict.</source>
        <translation>Спор передан вам на решение.</translation>
    </message>
    <message numerus="yes">
        <source>Points of %2 for %1: %n.</source>
        <translation>
            <numerusform>Баллы подразделения «%2» за %1: %n.</numerusform>
            <numerusform>Баллы подразделения «%2» за %1: %n.</numerusform>
            <numerusform>Баллы подразделения «%2» за %1: %n.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Your dispute points for %1: %n.</source>
        <translation>
            <numerusform>Ваши баллы по спорам за %1: %n.</numerusform>
            <numerusform>Ваши баллы по спорам за %1: %n.</numerusform>
            <numerusform>Ваши баллы по спорам за %1: %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>You have a new notification.</source>
        <translation>У вас новое уведомление.</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <source>Space</source>
        <translation>Пробел</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Erase</source>
        <translation>Стереть</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Hello, {name}</source>
        <translation>Здравствуйте, {name}</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Please enter your PIN.</source>
        <translation>Введите ПИН-код.</translation>
    </message>
    <message numerus="yes">
        <source>Wrong PIN. %n attempt(s) left.</source>
        <translation>
            <numerusform>Неверный ПИН-код. Осталась %n попытка.</numerusform>
            <numerusform>Неверный ПИН-код. Осталось %n попытки.</numerusform>
            <numerusform>Неверный ПИН-код. Осталось %n попыток.</numerusform>
        </translation>
    </message>
    <message>
        <source>Too many wrong PINs. This badge is locked until {time}.</source>
        <translation>Слишком много неверных ПИН-кодов. Пропуск заблокирован до {time}.</translation>
    </message>
</context>
<context>
    <name>Poster</name>
    <message>
        <source>Most attractive supplier</source>
        <translation>Самый привлекательный поставщик</translation>
    </message>
    <message>
        <source>Among the most attractive suppliers</source>
        <translation>Среди самых привлекательных поставщиков</translation>
    </message>
    <message>
        <source>What clients say</source>
        <translation>Что говорят клиенты</translation>
    </message>
    <message>
        <source>Thank you from your colleagues!</source>
        <translation>Спасибо от коллег!</translation>
    </message>
    <message>
        <source>index, of 5</source>
        <translation>индекс, из 5</translation>
    </message>
    <message>
        <source>Rated anonymously by colleagues at the kiosks. Index: the mean score, corrected for strict raters and for few ratings. Printed %1.</source>
        <translation>Коллеги оценивали анонимно в киосках. Индекс — средняя оценка с поправкой на строгость оценивающих; при малом числе оценок — ближе к средней заводской. Напечатано %1.</translation>
    </message>
    <message>
        <source>Most attractive in the department</source>
        <translation>Самый привлекательный в подразделении</translation>
    </message>
    <message>
        <source>Among the department&apos;s most attractive</source>
        <translation>Среди самых привлекательных в подразделении</translation>
    </message>
    <message>
        <source>%1 clients · %2 ratings</source>
        <translation>клиентов: %1 · оценок: %2</translation>
    </message>
</context>
<context>
    <name>PosterSlide</name>
    <message>
        <source>Most attractive suppliers</source>
        <translation>Самые привлекательные</translation>
    </message>
    <message>
        <source>%1 colleagues rated, %2 ratings</source>
        <translation>Оценили коллег: %1, оценок: %2</translation>
    </message>
    <message>
        <source>Not enough ratings yet this month. The poster shows a supplier once %1 different colleagues rated them.</source>
        <translation>В этом месяце оценок пока мало. Поставщик попадает на плакат, когда его оценят %1 разных коллег.</translation>
    </message>
    <message>
        <source>Best suppliers of %1: this month&apos;s are not decided yet</source>
        <translation>Самые привлекательные за %1: итоги этого месяца ещё впереди</translation>
    </message>
</context>
<context>
    <name>PrinciplesSlide</name>
    <message>
        <source>The programme&apos;s four principles</source>
        <translation>Четыре принципа программы</translation>
    </message>
    <message>
        <source>The programme&apos;s principles</source>
        <translation>Принципы программы</translation>
    </message>
</context>
<context>
    <name>ProblemsSlide</name>
    <message>
        <source>What clients ticked when they gave 1 or 2: the most frequent first.</source>
        <translation>Что отмечали клиенты, ставя 1 или 2: самые частые причины сверху.</translation>
    </message>
    <message>
        <source>What clients want improved</source>
        <translation>Что клиенты просят улучшить</translation>
    </message>
    <message>
        <source>A reason is listed here once %1 different colleagues have ticked it this month.</source>
        <translation>Причина появится здесь, когда её в этом месяце отметят %1 разных коллег.</translation>
    </message>
    <message>
        <source>Too few low scores this month to list reasons: good news.</source>
        <translation>Низких оценок в этом месяце слишком мало, чтобы называть причины: это хорошая новость.</translation>
    </message>
</context>
<context>
    <name>ProposalDecideScreen</name>
    <message>
        <source>Mon</source>
        <translation>Пн</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>Вт</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>Ср</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>Чт</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>Пт</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>Сб</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>Вс</translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation>‹ Назад</translation>
    </message>
    <message>
        <source>An improvement proposal</source>
        <translation>Предложение по улучшению</translation>
    </message>
    <message>
        <source>About {supplier}, proposed by {client}</source>
        <translation>О работе {supplier_gen}; предлагает {client}</translation>
    </message>
    <message>
        <source>Improves {client}&apos;s metric: {metric}</source>
        <translation>Улучшит метрику {client_gen}: {metric}</translation>
    </message>
    <message>
        <source>Your note to {client}:</source>
        <translation>Комментарий (увидит {client}):</translation>
    </message>
    <message>
        <source>optional, sent with your answer</source>
        <translation>необязательно, уйдёт вместе с ответом</translation>
    </message>
    <message>
        <source>Or talk it over:</source>
        <translation>Или обсудить лично:</translation>
    </message>
    <message>
        <source>Invite to discuss</source>
        <translation>Пригласить обсудить</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Принять</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Отклонить</translation>
    </message>
    <message numerus="yes">
        <source>{supplier} earns %n point(s) for it; {client} is told it was accepted.</source>
        <translation>
            <numerusform>{supplier} получит %n балл; {client} узнает, что предложение принято.</numerusform>
            <numerusform>{supplier} получит %n балла; {client} узнает, что предложение принято.</numerusform>
            <numerusform>{supplier} получит %n баллов; {client} узнает, что предложение принято.</numerusform>
        </translation>
    </message>
    <message>
        <source>No points; {client} is told it was declined.</source>
        <translation>Без баллов; {client} узнает, что предложение отклонено.</translation>
    </message>
    <message>
        <source>Mark implemented</source>
        <translation>Отметить как внедрённое</translation>
    </message>
    <message numerus="yes">
        <source>Accepted. When the change is in place, mark it: {supplier} earns %n more point(s).</source>
        <translation>
            <numerusform>Предложение принято. Когда изменение будет внедрено, отметьте это: {supplier} получит ещё %n балл.</numerusform>
            <numerusform>Предложение принято. Когда изменение будет внедрено, отметьте это: {supplier} получит ещё %n балла.</numerusform>
            <numerusform>Предложение принято. Когда изменение будет внедрено, отметьте это: {supplier} получит ещё %n баллов.</numerusform>
        </translation>
    </message>
    <message>
        <source>Accepted. When the change is in place, mark it: the date is recorded.</source>
        <translation>Предложение принято. Когда изменение будет внедрено, отметьте это: дата внедрения сохранится.</translation>
    </message>
</context>
<context>
    <name>ProposalFormScreen</name>
    <message>
        <source>‹ Back</source>
        <translation>‹ Назад</translation>
    </message>
    <message>
        <source>Propose an improvement to {name}</source>
        <translation>Предложение по улучшению для {name_gen}</translation>
    </message>
    <message>
        <source>A proposal is signed: {name}&apos;s manager sees that it comes from you. Your ratings stay anonymous.</source>
        <translation>Предложение подписано: руководитель {name_gen} увидит, что оно от вас. Ваши оценки остаются анонимными.</translation>
    </message>
    <message>
        <source>What should change?</source>
        <translation>Что нужно изменить?</translation>
    </message>
    <message>
        <source>For example: bring the tools to the line before the shift…</source>
        <translation>Например: привозить инструмент на линию до начала смены…</translation>
    </message>
    <message>
        <source>Which of your metrics does it improve?</source>
        <translation>Какую из ваших метрик это улучшит?</translation>
    </message>
    <message>
        <source>Something else…</source>
        <translation>Другое…</translation>
    </message>
    <message>
        <source>Name the metric…</source>
        <translation>Назовите метрику…</translation>
    </message>
    <message>
        <source>Send the proposal</source>
        <translation>Отправить предложение</translation>
    </message>
    <message>
        <source>Sent!</source>
        <translation>Отправлено!</translation>
    </message>
    <message>
        <source>{name}&apos;s manager will accept or decline it; you will see the decision here after your badge.</source>
        <translation>Руководитель {name_gen} примет или отклонит его; решение вы увидите здесь, когда снова приложите пропуск.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
</context>
<context>
    <name>ProposalListScreen</name>
    <message>
        <source>Accepted: mark it implemented when the change is in place</source>
        <translation>Принято: когда изменение будет внедрено, отметьте это</translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation>‹ Назад</translation>
    </message>
    <message>
        <source>Proposals to decide</source>
        <translation>Предложения на решение</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Nothing waits for your decision.</source>
        <translation>Решений от вас ничего не ждёт.</translation>
    </message>
    <message>
        <source>About {supplier}, from {client}  ·  improves: {metric}</source>
        <translation>О работе {supplier_gen}, от {client_gen}  ·  улучшит: {metric}</translation>
    </message>
</context>
<context>
    <name>ProposalReplyScreen</name>
    <message>
        <source>The manager invites you to discuss it on {date} at {time}.</source>
        <translation>Руководитель приглашает вас обсудить его {date} в {time}.</translation>
    </message>
    <message>
        <source>The manager accepted it.</source>
        <translation>Руководитель его принял.</translation>
    </message>
    <message>
        <source>The manager declined it.</source>
        <translation>Руководитель его отклонил.</translation>
    </message>
    <message>
        <source>Note: “{note}”</source>
        <translation>Комментарий: «{note}»</translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation>‹ Назад</translation>
    </message>
    <message>
        <source>The answer to your proposal</source>
        <translation>Ответ на ваше предложение</translation>
    </message>
    <message>
        <source>About {supplier}: “{what}”</source>
        <translation>Поставщик: {supplier}. Ваше предложение: «{what}»</translation>
    </message>
    <message>
        <source>Your answer (once)</source>
        <translation>Ваш ответ (один раз)</translation>
    </message>
    <message>
        <source>Send the answer</source>
        <translation>Отправить ответ</translation>
    </message>
</context>
<context>
    <name>Proposals</name>
    <message>
        <source>Your own rating ({mine}) is higher than {name}&apos;s ({theirs}): you may propose an improvement.</source>
        <translation>Ваша оценка ({mine}) выше, чем у {name_gen} ({theirs}): вы можете предложить улучшение.</translation>
    </message>
    <message numerus="yes">
        <source>Too few clients rated you recently, so your rating over %n days counts.</source>
        <translation>
            <numerusform>За последнее время вас оценило мало клиентов, поэтому учитывается ваша оценка за %n день.</numerusform>
            <numerusform>За последнее время вас оценило мало клиентов, поэтому учитывается ваша оценка за %n дня.</numerusform>
            <numerusform>За последнее время вас оценило мало клиентов, поэтому учитывается ваша оценка за %n дней.</numerusform>
        </translation>
    </message>
    <message>
        <source>Too few clients rated you yet, so your team&apos;s rating counts as yours.</source>
        <translation>Вас пока оценило мало клиентов, поэтому ваша оценка — оценка вашей команды.</translation>
    </message>
    <message>
        <source>Too few clients rated you and your team yet, so the rating of {unit} counts as yours.</source>
        <translation>Вас и вашу команду пока оценило мало клиентов, поэтому ваша оценка — оценка подразделения «{unit}».</translation>
    </message>
    <message>
        <source>Your own rating ({mine}) is not higher than {name}&apos;s ({theirs}) yet.</source>
        <translation>Ваша оценка ({mine}) пока не выше, чем у {name_gen} ({theirs}).</translation>
    </message>
    <message numerus="yes">
        <source>Not enough people have rated you, your team or your department yet: proposals open when at least %n clients have rated one of them.</source>
        <translation>
            <numerusform>Пока мало оценок у вас, у вашей команды и у вашего отдела: предлагать улучшения можно, когда кого-то из них оценит хотя бы %n клиент.</numerusform>
            <numerusform>Пока мало оценок у вас, у вашей команды и у вашего отдела: предлагать улучшения можно, когда кого-то из них оценят хотя бы %n клиента.</numerusform>
            <numerusform>Пока мало оценок у вас, у вашей команды и у вашего отдела: предлагать улучшения можно, когда кого-то из них оценят хотя бы %n клиентов.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not enough people have rated {name} yet to compare (at least %n clients).</source>
        <translation>
            <numerusform>Сравнивать пока рано: {name_acc} оценило мало клиентов (нужен хотя бы %n).</numerusform>
            <numerusform>Сравнивать пока рано: {name_acc} оценило мало клиентов (нужно хотя бы %n).</numerusform>
            <numerusform>Сравнивать пока рано: {name_acc} оценило мало клиентов (нужно хотя бы %n).</numerusform>
        </translation>
    </message>
    <message>
        <source>Your badge is not active: proposals are closed.</source>
        <translation>Ваш пропуск не активен: предложения закрыты.</translation>
    </message>
    <message>
        <source>{name} is not active any more.</source>
        <translation>{name} больше не работает.</translation>
    </message>
    <message numerus="yes">
        <source>The text is too long (at most %n characters).</source>
        <translation>
            <numerusform>Текст слишком длинный (не больше %n знака).</numerusform>
            <numerusform>Текст слишком длинный (не больше %n знаков).</numerusform>
            <numerusform>Текст слишком длинный (не больше %n знаков).</numerusform>
        </translation>
    </message>
    <message>
        <source>You cannot propose an improvement to yourself.</source>
        <translation>Нельзя предложить улучшение самому себе.</translation>
    </message>
    <message>
        <source>This person is no longer in the directory.</source>
        <translation>Этого человека больше нет в справочнике.</translation>
    </message>
    <message>
        <source>Write what should change and choose a metric.</source>
        <translation>Напишите, что нужно изменить, и выберите метрику.</translation>
    </message>
    <message>
        <source>Nobody can decide this proposal yet: there is no manager or administrator to send it to.</source>
        <translation>Пока некому решить это предложение: нет руководителя или администратора, которому его отправить.</translation>
    </message>
    <message>
        <source>This proposal was already sent about someone else. Start again.</source>
        <translation>Это предложение уже отправлено о другом человеке. Начните заново.</translation>
    </message>
    <message>
        <source>This proposal no longer exists.</source>
        <translation>Этого предложения больше нет.</translation>
    </message>
    <message>
        <source>Only the manager it was sent to can decide it.</source>
        <translation>Решить его может только руководитель, которому оно отправлено.</translation>
    </message>
    <message>
        <source>This proposal was already decided.</source>
        <translation>По этому предложению уже принято решение.</translation>
    </message>
    <message>
        <source>Choose a time in the future for the discussion.</source>
        <translation>Выберите для обсуждения время в будущем.</translation>
    </message>
    <message>
        <source>You have already answered this decision.</source>
        <translation>Вы уже ответили на это решение.</translation>
    </message>
    <message>
        <source>This proposal has no answer yet.</source>
        <translation>На это предложение ещё не ответили.</translation>
    </message>
    <message>
        <source>Only an accepted proposal can be marked implemented.</source>
        <translation>Внедрённым можно отметить только принятое предложение.</translation>
    </message>
    <message>
        <source>This proposal is already marked implemented.</source>
        <translation>Это предложение уже отмечено как внедрённое.</translation>
    </message>
    <message>
        <source>This cannot be done now.</source>
        <translation>Сейчас это сделать нельзя.</translation>
    </message>
    <message numerus="yes">
        <source>Accepted: {supplier} earned %n point(s); {client} will see the decision.</source>
        <translation>
            <numerusform>Принято: {supplier} получает %n балл; {client} увидит решение.</numerusform>
            <numerusform>Принято: {supplier} получает %n балла; {client} увидит решение.</numerusform>
            <numerusform>Принято: {supplier} получает %n баллов; {client} увидит решение.</numerusform>
        </translation>
    </message>
    <message>
        <source>Declined: no points; {client} will see the decision.</source>
        <translation>Отклонено, без баллов; {client} увидит решение.</translation>
    </message>
    <message>
        <source>Invitation sent: {client} will see the time and your note.</source>
        <translation>Приглашение отправлено: {client} увидит время и ваш комментарий.</translation>
    </message>
    <message numerus="yes">
        <source>Marked implemented: {supplier} earned %n more point(s).</source>
        <translation>
            <numerusform>Отмечено как внедрённое: {supplier} получает ещё %n балл.</numerusform>
            <numerusform>Отмечено как внедрённое: {supplier} получает ещё %n балла.</numerusform>
            <numerusform>Отмечено как внедрённое: {supplier} получает ещё %n баллов.</numerusform>
        </translation>
    </message>
    <message>
        <source>Marked implemented: the date is recorded.</source>
        <translation>Отмечено как внедрённое: дата сохранена.</translation>
    </message>
</context>
<context>
    <name>RankingsSlide</name>
    <message>
        <source>Most attractive suppliers</source>
        <translation>Самые привлекательные поставщики</translation>
    </message>
    <message>
        <source>Most improved since last month</source>
        <translation>Больше всех выросли за месяц</translation>
    </message>
    <message>
        <source>Satisfied clients by department, %</source>
        <translation>Довольные клиенты по отделам, %</translation>
    </message>
    <message>
        <source>Rankings of the month</source>
        <translation>Рейтинги месяца</translation>
    </message>
    <message>
        <source>Not enough ratings yet this month: a supplier appears here once %1 different colleagues rated them.</source>
        <translation>В этом месяце оценок пока мало: поставщик появится здесь, когда его оценят %1 разных коллег.</translation>
    </message>
    <message>
        <source>Nobody to compare with last month yet.</source>
        <translation>Пока не с кем сравнить прошлый месяц.</translation>
    </message>
</context>
<context>
    <name>RateScreen</name>
    <message>
        <source>‹ Choose someone else</source>
        <translation>‹ Выбрать другого</translation>
    </message>
    <message>
        <source>How did {name} serve you?</source>
        <comment>male</comment>
        <translation>Как вас обслужил {name}?</translation>
    </message>
    <message>
        <source>How did {name} serve you?</source>
        <comment>female</comment>
        <translation>Как вас обслужила {name}?</translation>
    </message>
    <message>
        <source>How did {name} serve you?</source>
        <translation>Как вас обслуживает {name}?</translation>
    </message>
    <message>
        <source>One moment…</source>
        <translation>Минутку…</translation>
    </message>
    <message>
        <source>Swipe the card right for 5, left for 1</source>
        <translation>Смахните карточку вправо — 5, влево — 1</translation>
    </message>
    <message>
        <source>What should {name} improve?</source>
        <translation>Что стоит улучшить {name_dat}?</translation>
    </message>
    <message>
        <source>What did {name} do well?</source>
        <comment>male</comment>
        <translation>Что {name} сделал хорошо?</translation>
    </message>
    <message>
        <source>What did {name} do well?</source>
        <comment>female</comment>
        <translation>Что {name} сделала хорошо?</translation>
    </message>
    <message>
        <source>What did {name} do well?</source>
        <translation>Что у {name_gen} получилось хорошо?</translation>
    </message>
    <message>
        <source>Comment: {text}</source>
        <translation>Комментарий: {text}</translation>
    </message>
    <message>
        <source>Add a comment</source>
        <translation>Добавить комментарий</translation>
    </message>
    <message>
        <source>Your comment (optional)</source>
        <translation>Ваш комментарий (необязательно)</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Пропустить</translation>
    </message>
    <message>
        <source>Send rating</source>
        <translation>Отправить оценку</translation>
    </message>
</context>
<context>
    <name>Refusals</name>
    <message>
        <source>You rated {name} at {last}; next rating from {next}.</source>
        <translation>Вы оценили {name_acc} в {last}; следующая оценка — с {next}.</translation>
    </message>
    <message>
        <source>You cannot rate yourself. Pick a colleague who served you.</source>
        <translation>Себя оценить нельзя. Выберите коллегу, который вам помог.</translation>
    </message>
    <message>
        <source>{name} is not active any more and cannot be rated.</source>
        <translation>{name} больше не работает, оценить нельзя.</translation>
    </message>
    <message>
        <source>Your account is not active, so you cannot rate. Please ask HR.</source>
        <translation>Ваша учётная запись не активна, оценивать нельзя. Обратитесь в отдел кадров.</translation>
    </message>
    <message>
        <source>The comment is too long; please shorten it.</source>
        <translation>Комментарий слишком длинный, сократите его.</translation>
    </message>
    <message>
        <source>This person is no longer in the directory.</source>
        <translation>Этого сотрудника больше нет в справочнике.</translation>
    </message>
    <message>
        <source>This rating cannot be accepted.</source>
        <translation>Эту оценку нельзя принять.</translation>
    </message>
</context>
<context>
    <name>SegmentRowCard</name>
    <message>
        <source>Your segment “%1”</source>
        <translation>Ваш сегмент «%1»</translation>
    </message>
    <message>
        <source>goal: %1</source>
        <translation>цель: %1</translation>
    </message>
    <message>
        <source>Any supplier</source>
        <translation>Любой поставщик</translation>
    </message>
    <message>
        <source>not enough ratings yet</source>
        <translation>пока мало оценок</translation>
    </message>
    <message>
        <source>%1 since last month</source>
        <translation>%1 к прошлому месяцу</translation>
    </message>
</context>
<context>
    <name>SupplierPicker</name>
    <message>
        <source>‹ Back</source>
        <translation>‹ Назад</translation>
    </message>
    <message>
        <source>My suppliers</source>
        <translation>Мои поставщики</translation>
    </message>
    <message>
        <source>Search by name</source>
        <translation>Поиск по имени</translation>
    </message>
    <message>
        <source>By department</source>
        <translation>По подразделениям</translation>
    </message>
    <message>
        <source>Type a name…</source>
        <translation>Введите имя…</translation>
    </message>
    <message>
        <source>‹ Departments</source>
        <translation>‹ Подразделения</translation>
    </message>
    <message>
        <source>Choose a department</source>
        <translation>Выберите подразделение</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>You have no own suppliers yet: search by name or browse by department.</source>
        <translation>У вас пока нет своих поставщиков: найдите по имени или выберите подразделение.</translation>
    </message>
    <message>
        <source>Type at least two letters of the name.</source>
        <translation>Введите хотя бы две буквы имени.</translation>
    </message>
    <message>
        <source>Nobody found. Check the spelling or try the other keyboard layout.</source>
        <translation>Никого не нашли. Проверьте написание или смените раскладку.</translation>
    </message>
</context>
<context>
    <name>ThanksScreen</name>
    <message>
        <source>Thank you!</source>
        <translation>Спасибо!</translation>
    </message>
    <message>
        <source>You rated {name}: {score} — {face}.</source>
        <translation>Вы оценили {name_acc}: {score} — «{face}».</translation>
    </message>
    <message numerus="yes">
        <source>Your streak: %n day(s)</source>
        <extracomment>after each paint cycle of the screen (benchmarks measure up to the first one)</extracomment>
        <translation>
            <numerusform>Ваша серия: %n день</numerusform>
            <numerusform>Ваша серия: %n дня</numerusform>
            <numerusform>Ваша серия: %n дней</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>this week: %n rating(s)</source>
        <translation>
            <numerusform>за неделю: %n оценка</numerusform>
            <numerusform>за неделю: %n оценки</numerusform>
            <numerusform>за неделю: %n оценок</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved on this kiosk: it is sent as soon as the server answers.</source>
        <translation>Сохранено на этом киоске: оценка уйдёт на сервер, как только он ответит.</translation>
    </message>
    <message>
        <source>Kept, but not counted: {why}</source>
        <translation>Сохранено, но не засчитано: {why}</translation>
    </message>
    <message>
        <source>The server did not accept this rating: {why}</source>
        <translation>Сервер не принял эту оценку: {why}</translation>
    </message>
    <message>
        <source>Your rating is anonymous: nobody sees who gave it.</source>
        <translation>Оценка анонимна: никто не видит, кто её поставил.</translation>
    </message>
    <message>
        <source>Rate someone else</source>
        <translation>Оценить ещё кого-то</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Завершить</translation>
    </message>
</context>
<context>
    <name>Ticker</name>
    <message>
        <source>New most attractive supplier of the month: %1 (%2)</source>
        <translation>Новый самый привлекательный поставщик месяца: %1 (%2)</translation>
    </message>
    <message>
        <source>%1: satisfaction up %2 weeks in a row</source>
        <translation>%1: удовлетворённость растёт %2 недели подряд</translation>
    </message>
    <message>
        <source>%1 ratings given this week. Thank you!</source>
        <translation>За эту неделю поставлено оценок: %1. Спасибо!</translation>
    </message>
    <message>
        <source>Best rated department this month: %1, %2 % satisfied clients</source>
        <translation>Лучший отдел месяца: %1, довольных клиентов %2 %</translation>
    </message>
</context>
<context>
    <name>Tiers</name>
    <message>
        <source>gold</source>
        <translation>золото</translation>
    </message>
    <message>
        <source>silver</source>
        <translation>серебро</translation>
    </message>
    <message>
        <source>bronze</source>
        <translation>бронза</translation>
    </message>
</context>
<context>
    <name>TrendSlide</name>
    <message>
        <source>Upper chart: satisfied clients (4-5), % per week. Lower chart: ratings per week.</source>
        <translation>Вверху: доля довольных клиентов (4–5), % за неделю. Внизу: число оценок за неделю.</translation>
    </message>
    <message>
        <source>Satisfaction week by week</source>
        <translation>Удовлетворённость по неделям</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <source>Production</source>
        <translation>Производство</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Службы</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>Офис</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>Ремонт</translation>
    </message>
    <message>
        <source>Management</source>
        <translation>Управление</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Качество</translation>
    </message>
    <message>
        <source>Logistics</source>
        <translation>Логистика</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Прочие</translation>
    </message>
</context>
<context>
    <name>WaitingSlide</name>
    <message>
        <source>Supplier Pulse</source>
        <translation>Пульс поставщиков</translation>
    </message>
    <message>
        <source>Loading the latest ratings…</source>
        <translation>Загружаем свежие оценки…</translation>
    </message>
    <message>
        <source>The wallboard is connecting to the database.</source>
        <translation>Монитор подключается к базе данных.</translation>
    </message>
    <message>
        <source>Waiting for the first ratings</source>
        <translation>Ждём первых оценок</translation>
    </message>
    <message>
        <source>Rate the colleagues who serve you at the kiosk: tap your badge and pick a face. The first results appear here.</source>
        <translation>Оцените коллег, которые вас обслуживают: приложите пропуск к киоску и выберите лицо. Первые результаты появятся здесь.</translation>
    </message>
</context>
<context>
    <name>WallboardWindow</name>
    <message>
        <source>Print this month&apos;s poster (P)</source>
        <translation>Напечатать плакат месяца (P)</translation>
    </message>
    <message>
        <source>Cannot reach the database — reconnecting…</source>
        <translation>Нет связи с базой данных — переподключаемся…</translation>
    </message>
    <message>
        <source>Data as of %1 — reconnecting…</source>
        <translation>Данные на %1 — переподключаемся…</translation>
    </message>
    <message>
        <source>The wallboard is resting outside office hours. Back at %1.</source>
        <translation>Монитор отдыхает в нерабочее время. Снова включится: %1.</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Пауза</translation>
    </message>
    <message>
        <source>Playing</source>
        <translation>Показ продолжается</translation>
    </message>
    <message>
        <source>No supplier has enough ratings for a poster yet.</source>
        <translation>Пока ни у одного поставщика нет достаточно оценок для плаката.</translation>
    </message>
    <message>
        <source>The poster could not be written: see the log.</source>
        <translation>Не удалось сохранить плакат: см. журнал.</translation>
    </message>
    <message>
        <source>Poster saved: %1</source>
        <translation>Плакат сохранён: %1</translation>
    </message>
</context>
</TS>
