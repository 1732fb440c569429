<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ClockSlide</name>
    <message>
        <source>%1 ratings this month. Thank you for rating your colleagues!</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DisputesSlide</name>
    <message>
        <source>Dispute points by department this month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regulations flagged for revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dispute points yet this month.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No regulation is flagged: the rules are clear.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImpactSlide</name>
    <message>
        <source>Each dot: one segment&apos;s change from the previous month, in %. Across: satisfaction with suppliers; up: the segment&apos;s KPI (up = better).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Happier clients, better results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough months of KPIs and ratings yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KPI for every +10 % satisfaction with suppliers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>95 % interval: %1 … %2 % (%3 points)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapSlide</name>
    <message>
        <source>Mean score of the clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>5 = delighted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 = very unhappy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrow: client → supplier. Thicker = more ratings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grey: not enough ratings yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who serves whom, and how well</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 departments, %2 client-supplier links this month</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Poster</name>
    <message>
        <source>Most attractive supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Among the most attractive suppliers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>of 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What clients say</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thank you from your colleagues!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rated anonymously by colleagues at the kiosks. Printed %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 clients · %2 ratings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PosterSlide</name>
    <message>
        <source>Most attractive suppliers of the month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 colleagues rated, %2 ratings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough ratings yet this month. The poster shows a supplier once %1 different colleagues rated them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProblemsSlide</name>
    <message>
        <source>This month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What clients ticked when they gave 1 or 2: the most frequent first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What clients want improved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too few low scores this month to list reasons: good news.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RankingsSlide</name>
    <message>
        <source>Most attractive suppliers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most improved since last month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Satisfied clients by department, %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rankings of the month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough ratings yet this month: a supplier appears here once %1 different colleagues rated them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody to compare with last month yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ticker</name>
    <message>
        <source>New most attractive supplier of the month: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: satisfaction up %2 weeks in a row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ratings given this week. Thank you!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best rated department this month: %1, %2 % satisfied clients</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrendSlide</name>
    <message>
        <source>Upper chart: satisfied clients (4-5), % per week. Lower chart: ratings per week.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Satisfaction week by week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Production</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Management</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WaitingSlide</name>
    <message>
        <source>Supplier Pulse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the latest ratings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The wallboard is connecting to the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the first ratings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate the colleagues who serve you at the kiosk: tap your badge and pick a face. The first results appear here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WallboardWindow</name>
    <message>
        <source>Print this month&apos;s poster (P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach the database — reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data as of %1 — reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The wallboard is resting outside office hours. Back at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No supplier has enough ratings for a poster yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The poster could not be written: see the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Poster saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
