<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>ClockSlide</name>
    <message>
        <source>%1 ratings this month. Thank you for rating your colleagues!</source>
        <translation>Оценок в этом месяце: %1. Спасибо, что оцениваете коллег!</translation>
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
        <translation>Регламенты на пересмотр</translation>
    </message>
    <message>
        <source>No dispute points yet this month.</source>
        <translation>В этом месяце баллов по спорам ещё нет.</translation>
    </message>
    <message>
        <source>No regulation is flagged: the rules are clear.</source>
        <translation>Нет регламентов на пересмотр: правила понятны.</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>Споры</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>и ещё %1</translation>
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
</context>
<context>
    <name>MapSlide</name>
    <message>
        <source>Mean score of the clients</source>
        <translation>Средняя оценка клиентов</translation>
    </message>
    <message>
        <source>5 = delighted</source>
        <translation>5 = в восторге</translation>
    </message>
    <message>
        <source>1 = very unhappy</source>
        <translation>1 = очень недоволен</translation>
    </message>
    <message>
        <source>Arrow: client → supplier. Thicker = more ratings.</source>
        <translation>Стрелка: клиент → поставщик. Толще — больше оценок.</translation>
    </message>
    <message>
        <source>Grey: not enough ratings yet.</source>
        <translation>Серые: пока мало оценок.</translation>
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
        <source>of 5</source>
        <translation>из 5</translation>
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
        <source>Rated anonymously by colleagues at the kiosks. Printed %1.</source>
        <translation>Оценки анонимно поставлены коллегами в киосках. Напечатано %1.</translation>
    </message>
    <message>
        <source>%1 clients · %2 ratings</source>
        <translation>%1 клиентов · %2 оценок</translation>
    </message>
</context>
<context>
    <name>PosterSlide</name>
    <message>
        <source>Most attractive suppliers of the month</source>
        <translation>Самые привлекательные поставщики месяца</translation>
    </message>
    <message>
        <source>%1 colleagues rated, %2 ratings</source>
        <translation>Оценили коллег: %1, оценок: %2</translation>
    </message>
    <message>
        <source>Not enough ratings yet this month. The poster shows a supplier once %1 different colleagues rated them.</source>
        <translation>В этом месяце оценок пока мало. Поставщик попадает на плакат, когда его оценят %1 разных коллег.</translation>
    </message>
</context>
<context>
    <name>ProblemsSlide</name>
    <message>
        <source>This month</source>
        <translation>Этот месяц</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>Прошлый месяц</translation>
    </message>
    <message>
        <source>What clients ticked when they gave 1 or 2: the most frequent first.</source>
        <translation>Что отмечали клиенты, ставя 1 или 2: самые частые причины сверху.</translation>
    </message>
    <message>
        <source>What clients want improved</source>
        <translation>Что клиенты просят улучшить</translation>
    </message>
    <message>
        <source>Too few low scores this month to list reasons: good news.</source>
        <translation>Низких оценок в этом месяце слишком мало, чтобы называть причины: это хорошая новость.</translation>
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
