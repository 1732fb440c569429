"""The product's fixed codes that the configuration names too: people's roles, nudge kinds.

They sit below everything else in ``shared`` (the configuration validates its options
against them, the database and the domain use them), so the layers only import downwards.
"""

from __future__ import annotations

ROLES = ("worker", "manager", "admin")  # employees.role

# The kinds the kiosk knows how to render (the words live in the kiosk, not here).
RATING_DROPPING = "rating_dropping"        # {now, before}
CLIENT_OVERTOOK = "client_overtook"        # {} -- anonymous: never names the client
RATE_REMINDER = "rate_reminder"            # {week}
PROPOSAL_RECEIVED = "proposal_received"    # {proposal_id}
PROPOSAL_DECIDED = "proposal_decided"      # {proposal_id, accepted, note, supplier_name(_en)}
PROPOSAL_DISCUSS = "proposal_discuss"      # {proposal_id, discuss_at, note, supplier_name(_en)}
PROPOSAL_REPLY = "proposal_reply"          # {proposal_id, reply, supplier_name(_en)}
SUPPLIER_ALERT = "supplier_alert"          # {department_id, n, n_low}
DISPUTE_OPENED = "dispute_opened"
DISPUTE_DAYS_LEFT = "dispute_days_left"
DISPUTE_ESCALATED = "dispute_escalated"
DISPUTE_VERDICT = "dispute_verdict"
POINTS_SUMMARY = "points_summary"
# To a department's head on the first job run of a month: the closed month's points of the
# department {month, department, department_en, points, wins, losses, people}.
DEPARTMENT_SUMMARY = "department_summary"
# A dispute, answer, verdict or proposal queued on an offline kiosk that the server refused
# at sync: {what: dispute_open|dispute_action|proposal, code, params, action?, dispute_id?,
# supplier_name?, supplier_name_en?} -- the person was told "saved, sent when back online".
OFFLINE_REFUSED = "offline_refused"

KINDS = (RATING_DROPPING, CLIENT_OVERTOOK, RATE_REMINDER, PROPOSAL_RECEIVED, PROPOSAL_DECIDED,
         PROPOSAL_DISCUSS, PROPOSAL_REPLY, SUPPLIER_ALERT, DISPUTE_OPENED, DISPUTE_DAYS_LEFT,
         DISPUTE_ESCALATED, DISPUTE_VERDICT, POINTS_SUMMARY, DEPARTMENT_SUMMARY,
         OFFLINE_REFUSED)
