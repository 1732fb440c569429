<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>MonthReportPdf</name>
    <message>
        <source>waiting for the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with the manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>both right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>both wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No conversion rule: points only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule: {rate} per point; the department&apos;s fines fund its bonuses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule: common pool “{pool}” fed by the fines, {rate} per point.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule: common pool “{pool}” fed by the fines&apos; points.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Employee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Losses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Department total: points {points}, wins {wins}, losses {losses}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Departments: {departments}. Points in total: {points}; wins: {wins}; losses: {losses}. Disputes carried over: {carried}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>money left over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the department pays the difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fines and bonuses are even</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bonuses {bonuses}; fines {fines}; balance {balance} ({note}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool “{pool}”: {points} points = {money}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool “{pool}”: {points} points.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disputes carried over to next month: {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regulation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initiator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Respondent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispute points: {month}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dispute points this month.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regulations flagged for revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No regulation was flagged this month.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispute points, {month}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
