<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>MonthReportPdf</name>
    <message>
        <source>waiting for the answer</source>
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
        <translation>Правило пересчёта не задано: только очки.</translation>
    </message>
    <message>
        <source>Rule: {rate} per point; the department&apos;s fines fund its bonuses.</source>
        <translation>Правило: {rate} за очко; штрафы подразделения покрывают его премии.</translation>
    </message>
    <message>
        <source>Rule: common pool “{pool}” fed by the fines, {rate} per point.</source>
        <translation>Правило: общий фонд «{pool}» из штрафов, {rate} за очко.</translation>
    </message>
    <message>
        <source>Rule: common pool “{pool}” fed by the fines&apos; points.</source>
        <translation>Правило: общий фонд «{pool}» из штрафных очков.</translation>
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
        <translation>Очки</translation>
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
        <translation>Итого по подразделению: очков {points}, выигрышей {wins}, проигрышей {losses}.</translation>
    </message>
    <message>
        <source>Departments: {departments}. Points in total: {points}; wins: {wins}; losses: {losses}. Disputes carried over: {carried}.</source>
        <translation>Подразделений: {departments}. Всего очков: {points}; выигрышей: {wins}; проигрышей: {losses}. Переходящих споров: {carried}.</translation>
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
    <message>
        <source>Pool “{pool}”: {points} points = {money}.</source>
        <translation>Фонд «{pool}»: очков {points} = {money}.</translation>
    </message>
    <message>
        <source>Pool “{pool}”: {points} points.</source>
        <translation>Фонд «{pool}»: очков {points}.</translation>
    </message>
    <message>
        <source>Disputes carried over to next month: {n}</source>
        <translation>Споры, переходящие на следующий месяц: {n}</translation>
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
        <translation>Очки по спорам: {month}</translation>
    </message>
    <message>
        <source>No dispute points this month.</source>
        <translation>В этом месяце очков по спорам нет.</translation>
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
        <source>Dispute points, {month}</source>
        <translation>Очки по спорам, {month}</translation>
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
</TS>
