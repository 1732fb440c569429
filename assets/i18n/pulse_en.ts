<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AttractScreen</name>
    <message>
        <source>Be the first to rate a colleague today</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Today: %n rating(s) so far</source>
        <translation>
            <numerusform>Today: %n rating so far</numerusform>
            <numerusform>Today: %n ratings so far</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Today&apos;s mood: %1 from %n rating(s)</source>
        <translation>
            <numerusform>Today&apos;s mood: %1 from %n rating</numerusform>
            <numerusform>Today&apos;s mood: %1 from %n ratings</numerusform>
        </translation>
    </message>
    <message>
        <source>Tap your badge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold your badge to the reader to rate the colleagues who served you</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Brand</name>
    <message>
        <source>Supplier Pulse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RUB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EUR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USD</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClockSlide</name>
    <message>
        <source>%1 ratings this month. Thank you for rating your colleagues!</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DisputeAnswerScreen</name>
    <message>
        <source>Your manager decides; the stakes double: 2 points.</source>
        <translation>Your manager decides; the stakes double: 2 points.</translation>
    </message>
    <message>
        <source>At least {n} characters. {stakes}</source>
        <translation>At least {n} characters. {stakes}</translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispute No. {id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regulation {code}: “{title}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I agree (−1 point)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I disagree: to my manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept? You lose 1 point and {name} gains 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes, I agree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why do you disagree? Your manager will read it.</source>
        <translation>Why do you disagree? Your manager will read it.</translation>
    </message>
    <message>
        <source>Send to my manager</source>
        <translation>Send to my manager</translation>
    </message>
</context>
<context>
    <name>DisputeArbitrateScreen</name>
    <message>
        <source>‹ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your verdict: dispute No. {id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regulation {code}: “{title}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} disagrees: “{reason}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the verdict</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DisputeCard</name>
    <message>
        <source>The regulation&apos;s text: {url}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DisputeFlow</name>
    <message>
        <source>Offline: your disputes are shown when the kiosk is back online. A dispute you open now is sent then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. It is sent as soon as the kiosk is back online.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DisputeListScreen</name>
    <message>
        <source>‹ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your disputes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a dispute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have no disputes. If you see a written regulation broken, open a dispute.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DisputeOpenScreen</name>
    <message>
        <source>‹ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step 1 of 3: against whom?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step 2 of 3: which regulation was broken?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step 3 of 3: what happened?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a name…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type at least two letters of the name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody found. Check the spelling or try the other keyboard layout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Against {name}, regulation {code} “{title}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Briefly: when, where, what happened…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the dispute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The regulations catalogue is empty: a dispute needs a written regulation. Please ask an administrator to import them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Disputes</name>
    <message numerus="yes">
        <source>Waiting for your answer: %n day(s) left.</source>
        <translation>
            <numerusform>Waiting for your answer: %n day left.</numerusform>
            <numerusform>Waiting for your answer: %n days left.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Waiting for {name}&apos;s answer: %n day(s) left.</source>
        <translation>
            <numerusform>Waiting for {name}&apos;s answer: %n day left.</numerusform>
            <numerusform>Waiting for {name}&apos;s answer: %n days left.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rejected by {name}: your verdict is needed.</source>
        <comment>male</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected by {name}: your verdict is needed.</source>
        <comment>female</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected by {name}: your verdict is needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected: a manager will give the verdict.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted by {respondent}.</source>
        <comment>male</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted by {respondent}.</source>
        <comment>female</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted by {respondent}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not answered in time: {initiator} was right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict: {initiator} was right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict: {respondent} was right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict: both were right; the regulation will be revised.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict: both were wrong; the regulation will be revised.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You opened it against {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} opened it against you</source>
        <comment>male</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} opened it against you</source>
        <comment>female</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} opened it against you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{initiator} against {respondent}: you decide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You cannot open a dispute against yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Here only someone rated higher than this colleague may open a dispute against them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Too few people have rated you, your team or your department yet to compare (at least %n clients).</source>
        <translation>
            <numerusform>Too few people have rated you, your team or your department yet to compare (at least %n client).</numerusform>
            <numerusform>Too few people have rated you, your team or your department yet to compare (at least %n clients).</numerusform>
        </translation>
    </message>
    <message>
        <source>This person is not active any more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This regulation is no longer in force.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This person is no longer in the directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This dispute no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the person the dispute is against can answer it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the manager the dispute was escalated to can give the verdict.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This dispute has already moved on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time to answer is over: the dispute is resolved in the initiator&apos;s favour.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please write what happened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text is too long; please shorten it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No manager can decide this dispute yet. Please ask an administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This dispute was already opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This cannot be done now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Dispute opened. {name} has %n day(s) to answer.</source>
        <translation>
            <numerusform>Dispute opened. {name} has %n day to answer.</numerusform>
            <numerusform>Dispute opened. {name} has %n days to answer.</numerusform>
        </translation>
    </message>
    <message>
        <source>You accepted the dispute: 1 point goes to {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You rejected the dispute: your manager will decide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict given. The points have been credited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is right (+2 / −2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is right (−2 / +2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both are right: the regulation is unclear ({points})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both are wrong: the regulation is unclear ({points})</source>
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
    <message>
        <source>Most points: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most lost: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Faces</name>
    <message>
        <source>Very unhappy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unhappy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Happy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delighted</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Figures</name>
    <message>
        <source>Index: the mean score, corrected for strict and lenient raters and drawn toward the plant&apos;s mean while ratings are few; suppliers are ranked by it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Hello, {name}!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate a supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Proposals to decide (%n)</source>
        <translation>
            <numerusform>Proposals to decide (%n)</numerusform>
            <numerusform>Proposals to decide (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>How you rate your suppliers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How their other clients rate those suppliers</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n supplier(s) you rated</source>
        <translation>
            <numerusform>%1 of %n supplier you rated</numerusform>
            <numerusform>%1 of %n suppliers you rated</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>with %n or more other clients</source>
        <translation>
            <numerusform>with %n or more other clients</numerusform>
            <numerusform>with %n or more other clients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not enough ratings yet (at least %n other clients per supplier)</source>
        <translation>
            <numerusform>Not enough ratings yet (at least %n other client per supplier)</numerusform>
            <numerusform>Not enough ratings yet (at least %n other clients per supplier)</numerusform>
        </translation>
    </message>
    <message>
        <source>How your clients rate you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your supplier tier for %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It gives: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Answers to your proposals (%n)</source>
        <translation>
            <numerusform>Answer to your proposal (%n)</numerusform>
            <numerusform>Answers to your proposals (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rating(s) in %1 days</source>
        <translation>
            <numerusform>%n rating in %1 days</numerusform>
            <numerusform>%n ratings in %1 days</numerusform>
        </translation>
    </message>
    <message>
        <source>as of yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n supplier(s) you rated</source>
        <translation>
            <numerusform>%n supplier you rated</numerusform>
            <numerusform>%n suppliers you rated</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not enough ratings yet (at least %n clients)</source>
        <translation>
            <numerusform>Not enough ratings yet (at least %n client)</numerusform>
            <numerusform>Not enough ratings yet (at least %n clients)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>from %n client(s)</source>
        <translation>
            <numerusform>from %n client</numerusform>
            <numerusform>from %n clients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dispute(s) wait for your answer</source>
        <translation>
            <numerusform>%n dispute waits for your answer</numerusform>
            <numerusform>%n disputes wait for your answer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n proposal(s) wait for your decision</source>
        <translation>
            <numerusform>%n proposal waits for your decision</numerusform>
            <numerusform>%n proposals wait for your decision</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 and %n more</numerusform>
            <numerusform>%1 and %n more</numerusform>
        </translation>
    </message>
    <message>
        <source>Counted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Your page on your phone: scan the code. It works once and for %n minute(s).</source>
        <translation>
            <numerusform>Your page on your phone: scan the code. It works once and for %n minute.</numerusform>
            <numerusform>Your page on your phone: scan the code. It works once and for %n minutes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>your streak: %n day(s)</source>
        <translation>
            <numerusform>your streak: %n day</numerusform>
            <numerusform>your streak: %n days</numerusform>
        </translation>
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
    <message>
        <source>Plant-wide: %1 % on client KPIs for every +10 % satisfaction with suppliers (95 % interval %2 … %3 %).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initiatives with the strongest effect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Effect on the segment&apos;s KPI for +10 % satisfaction with the suppliers it names (+ = better); money at the KPI&apos;s value per unit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Not measurable yet (%n month(s) of KPIs and ratings).</source>
        <translation>
            <numerusform>Not measurable yet (%n month of KPIs and ratings).</numerusform>
            <numerusform>Not measurable yet (%n months of KPIs and ratings).</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 % per +10 % satisfaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈ %1 million roubles a year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈ %1 thousand roubles a year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any supplier</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InfluenceOffer</name>
    <message>
        <source>Propose an improvement</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InitiativesPdf</name>
    <message>
        <source>Any supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not enough ratings yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>better</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>worse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>goal: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initiative map, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initiative map — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1. Score: the mean the segment&apos;s people gave the supplier department this month, counted in blocks of at least %2 different colleagues; page %3 of %4; printed %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What suppliers must improve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supplier department</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segment KPI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company initiative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No initiatives for this segment yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InitiativesSlide</name>
    <message>
        <source>Initiative map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(continued)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>goal: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No initiatives for this segment yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not enough ratings yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score: the segment&apos;s mean this month, counted in blocks of at least %1 different colleagues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What suppliers must improve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supplier department</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segment KPI</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Supplier Pulse</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Offline — %n rating(s) will sync</source>
        <translation>
            <numerusform>Offline — %n rating will sync</numerusform>
            <numerusform>Offline — %n ratings will sync</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline — ratings are saved here</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n rating(s) will sync</source>
        <translation>
            <numerusform>%n rating will sync</numerusform>
            <numerusform>%n ratings will sync</numerusform>
        </translation>
    </message>
    <message>
        <source>One moment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log out</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>No touch for a while: logging out in %n s. Touch the screen to stay.</source>
        <translation>
            <numerusform>No touch for a while: logging out in %n s. Touch the screen to stay.</numerusform>
            <numerusform>No touch for a while: logging out in %n s. Touch the screen to stay.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MaintenanceScreen</name>
    <message>
        <source>Maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ratings waiting to sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reachable ({kind})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NOT reachable ({kind})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exit the kiosk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapSlide</name>
    <message>
        <source>Weakest links this month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No link stands below the others yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circle: the department&apos;s mean score from its clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrow: client → supplier, thicker = more ratings. Grey lines: the other busy links.</source>
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
    <name>MessageScreen</name>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hello!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This badge can&apos;t be used here yet. Please ask your manager or HR to register it for Supplier Pulse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot be reached right now. Ratings are saved on this kiosk and sent when it is back; anything else, please try again in a few minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sorry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong. Please try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Metrics</name>
    <message>
        <source>You rate these suppliers {mine}, their other clients {others}: either you expect more, or they serve you worse than they serve others.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You rate these suppliers {mine}, their other clients {others}: either you expect less, or they serve you better than they serve others.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You rate these suppliers {mine}, their other clients {others}: you rate them as others do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your suppliers need ratings from more clients before you can compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate a few suppliers to compare your ratings with others&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MonthReportPdf</name>
    <message>
        <source>No. {id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>awaiting answer</source>
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
    <message numerus="yes">
        <source>Pool “{pool}”: %n point(s) = {money}.</source>
        <translation>
            <numerusform>Pool “{pool}”: %n point = {money}.</numerusform>
            <numerusform>Pool “{pool}”: %n points = {money}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Pool “{pool}”: %n point(s).</source>
        <translation>
            <numerusform>Pool “{pool}”: %n point.</numerusform>
            <numerusform>Pool “{pool}”: %n points.</numerusform>
        </translation>
    </message>
    <message>
        <source>Disputes carried over to next month: {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No.</source>
        <comment>dispute</comment>
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
        <source>Departments: {departments}. Points in total: {points}; wins: {wins}; losses: {losses}. Disputes carried over: {carried}.</source>
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
        <source>Improvement proposals: reward points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No proposal was rewarded this month.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Department</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Implemented</source>
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
<context>
    <name>Nudges</name>
    <message>
        <source>Dispute No. %1 was accepted by the respondent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispute No. %1 was not answered in time: the initiator was right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict in dispute No. %1: the initiator was right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict in dispute No. %1: the respondent was right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict in dispute No. %1: both were right; the regulation will be revised.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict in dispute No. %1: both were wrong; the regulation will be revised.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispute No. %1 is settled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your points: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your proposal sent while the kiosk was offline was not filed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What you did in dispute No. %1 while the kiosk was offline was not applied: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dispute you opened while the kiosk was offline was not opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client answered your decision on the proposal about {name}: “{reply}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your improvement proposal about {name} was accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your improvement proposal about {name} was declined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The manager&apos;s note: “{note}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your rating is dropping: {now} now, {before} before.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A client of yours is now rated higher than you: they may bring proposals to your manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You haven&apos;t rated your suppliers this week.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You received an improvement proposal to decide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your improvement proposal was accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your proposal about {name}: the manager invites you to discuss it on {date} at {time}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your improvement proposal was declined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert: many low ratings for your department recently.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A dispute was opened against you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) left to answer a dispute.</source>
        <translation>
            <numerusform>%n day left to answer a dispute.</numerusform>
            <numerusform>%n days left to answer a dispute.</numerusform>
        </translation>
    </message>
    <message>
        <source>A dispute was escalated to you for a verdict.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Points of %2 for %1: %n.</source>
        <translation>
            <numerusform>Points of %2 for %1: %n.</numerusform>
            <numerusform>Points of %2 for %1: %n.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Your dispute points for %1: %n.</source>
        <translation>
            <numerusform>Your dispute points for %1: %n.</numerusform>
            <numerusform>Your dispute points for %1: %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>You have a new notification.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <source>Space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Erase</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Hello, {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please enter your PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Wrong PIN. %n attempt(s) left.</source>
        <translation>
            <numerusform>Wrong PIN. %n attempt left.</numerusform>
            <numerusform>Wrong PIN. %n attempts left.</numerusform>
        </translation>
    </message>
    <message>
        <source>Too many wrong PINs. This badge is locked until {time}.</source>
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
        <source>What clients say</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thank you from your colleagues!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>index, of 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rated anonymously by colleagues at the kiosks. Index: the mean score, corrected for strict raters and for few ratings. Printed %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most attractive in the department</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Among the department&apos;s most attractive</source>
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
        <source>Most attractive suppliers</source>
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
    <message>
        <source>Best suppliers of %1: this month&apos;s are not decided yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinciplesSlide</name>
    <message>
        <source>The programme&apos;s four principles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The programme&apos;s principles</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProblemsSlide</name>
    <message>
        <source>What clients ticked when they gave 1 or 2: the most frequent first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What clients want improved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reason is listed here once %1 different colleagues have ticked it this month.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too few low scores this month to list reasons: good news.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProposalDecideScreen</name>
    <message>
        <source>Mon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fri</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sun</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An improvement proposal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About {supplier}, proposed by {client}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Improves {client}&apos;s metric: {metric}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your note to {client}:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, sent with your answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Or talk it over:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invite to discuss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decline</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{supplier} earns %n point(s) for it; {client} is told it was accepted.</source>
        <translation>
            <numerusform>{supplier} earns %n point for it; {client} is told it was accepted.</numerusform>
            <numerusform>{supplier} earns %n points for it; {client} is told it was accepted.</numerusform>
        </translation>
    </message>
    <message>
        <source>No points; {client} is told it was declined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark implemented</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Accepted. When the change is in place, mark it: {supplier} earns %n more point(s).</source>
        <translation>
            <numerusform>Accepted. When the change is in place, mark it: {supplier} earns %n more point.</numerusform>
            <numerusform>Accepted. When the change is in place, mark it: {supplier} earns %n more points.</numerusform>
        </translation>
    </message>
    <message>
        <source>Accepted. When the change is in place, mark it: the date is recorded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProposalFormScreen</name>
    <message>
        <source>‹ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Propose an improvement to {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A proposal is signed: {name}&apos;s manager sees that it comes from you. Your ratings stay anonymous.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What should change?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For example: bring the tools to the line before the shift…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which of your metrics does it improve?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something else…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name the metric…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the proposal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}&apos;s manager will accept or decline it; you will see the decision here after your badge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProposalListScreen</name>
    <message>
        <source>Accepted: mark it implemented when the change is in place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proposals to decide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing waits for your decision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About {supplier}, from {client}  ·  improves: {metric}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProposalReplyScreen</name>
    <message>
        <source>The manager invites you to discuss it on {date} at {time}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The manager accepted it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The manager declined it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note: “{note}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‹ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer to your proposal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About {supplier}: “{what}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your answer (once)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the answer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Proposals</name>
    <message>
        <source>Your own rating ({mine}) is higher than {name}&apos;s ({theirs}): you may propose an improvement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Too few clients rated you recently, so your rating over %n days counts.</source>
        <translation>
            <numerusform>Too few clients rated you recently, so your rating over %n day counts.</numerusform>
            <numerusform>Too few clients rated you recently, so your rating over %n days counts.</numerusform>
        </translation>
    </message>
    <message>
        <source>Too few clients rated you yet, so your team&apos;s rating counts as yours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too few clients rated you and your team yet, so the rating of {unit} counts as yours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your own rating ({mine}) is not higher than {name}&apos;s ({theirs}) yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Not enough people have rated you, your team or your department yet: proposals open when at least %n clients have rated one of them.</source>
        <translation>
            <numerusform>Not enough people have rated you, your team or your department yet: proposals open when at least %n client has rated one of them.</numerusform>
            <numerusform>Not enough people have rated you, your team or your department yet: proposals open when at least %n clients have rated one of them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not enough people have rated {name} yet to compare (at least %n clients).</source>
        <translation>
            <numerusform>Not enough people have rated {name} yet to compare (at least %n client).</numerusform>
            <numerusform>Not enough people have rated {name} yet to compare (at least %n clients).</numerusform>
        </translation>
    </message>
    <message>
        <source>Your badge is not active: proposals are closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not active any more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The text is too long (at most %n characters).</source>
        <translation>
            <numerusform>The text is too long (at most %n character).</numerusform>
            <numerusform>The text is too long (at most %n characters).</numerusform>
        </translation>
    </message>
    <message>
        <source>You cannot propose an improvement to yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This person is no longer in the directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write what should change and choose a metric.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody can decide this proposal yet: there is no manager or administrator to send it to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This proposal was already sent about someone else. Start again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This proposal no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the manager it was sent to can decide it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This proposal was already decided.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a time in the future for the discussion.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have already answered this decision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This proposal has no answer yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an accepted proposal can be marked implemented.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This proposal is already marked implemented.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This cannot be done now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Accepted: {supplier} earned %n point(s); {client} will see the decision.</source>
        <translation>
            <numerusform>Accepted: {supplier} earned %n point; {client} will see the decision.</numerusform>
            <numerusform>Accepted: {supplier} earned %n points; {client} will see the decision.</numerusform>
        </translation>
    </message>
    <message>
        <source>Declined: no points; {client} will see the decision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invitation sent: {client} will see the time and your note.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Marked implemented: {supplier} earned %n more point(s).</source>
        <translation>
            <numerusform>Marked implemented: {supplier} earned %n more point.</numerusform>
            <numerusform>Marked implemented: {supplier} earned %n more points.</numerusform>
        </translation>
    </message>
    <message>
        <source>Marked implemented: the date is recorded.</source>
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
    <name>RateScreen</name>
    <message>
        <source>‹ Choose someone else</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How did {name} serve you?</source>
        <comment>male</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How did {name} serve you?</source>
        <comment>female</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How did {name} serve you?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One moment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swipe the card right for 5, left for 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What should {name} improve?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What did {name} do well?</source>
        <comment>male</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What did {name} do well?</source>
        <comment>female</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What did {name} do well?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comment: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your comment (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send rating</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Refusals</name>
    <message>
        <source>You rated {name} at {last}; next rating from {next}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You cannot rate yourself. Pick a colleague who served you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not active any more and cannot be rated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your account is not active, so you cannot rate. Please ask HR.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The comment is too long; please shorten it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This person is no longer in the directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This rating cannot be accepted.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SegmentRowCard</name>
    <message>
        <source>Your segment “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>goal: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not enough ratings yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 since last month</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SupplierPicker</name>
    <message>
        <source>‹ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My suppliers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By department</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a name…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‹ Departments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a department</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have no own suppliers yet: search by name or browse by department.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type at least two letters of the name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody found. Check the spelling or try the other keyboard layout.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThanksScreen</name>
    <message>
        <source>Thank you!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You rated {name}: {score} — {face}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Your streak: %n day(s)</source>
        <extracomment>after each paint cycle of the screen (benchmarks measure up to the first one)</extracomment>
        <translation>
            <numerusform>Your streak: %n day</numerusform>
            <numerusform>Your streak: %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>this week: %n rating(s)</source>
        <translation>
            <numerusform>this week: %n rating</numerusform>
            <numerusform>this week: %n ratings</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved on this kiosk: it is sent as soon as the server answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept, but not counted: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not accept this rating: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your rating is anonymous: nobody sees who gave it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate someone else</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish</source>
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
    <name>Tiers</name>
    <message>
        <source>gold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>silver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bronze</source>
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
