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
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Today&apos;s mood: %1 from %n rating(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
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
        <source>How you rate your suppliers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How all clients rate those suppliers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How your clients rate you</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n rating(s) in %1 days</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n supplier(s) you rated</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not enough ratings yet (at least %n clients)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>from %n client(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dispute(s) wait for your answer</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n proposal(s) wait for your decision</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>your streak: %n day(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Supplier Pulse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
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
        <source>no local outbox</source>
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
        <source>The server cannot be reached right now. Please try again in a few minutes.</source>
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
        <source>You rate stricter than others rate the same suppliers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You rate more kindly than others rate the same suppliers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You rate the same as others rate the same suppliers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate a few suppliers to compare your ratings with others&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Nudges</name>
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
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>A dispute was escalated to you for a verdict.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A verdict was given in your dispute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Your dispute points for %1: %n.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
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
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Too many wrong PINs. This badge is locked until {time}.</source>
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
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>this week: %n rating(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
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
</TS>
