"""Every table of the product, imported here so that ``Base.metadata`` is complete."""

from shared.db.base import Base
from shared.db.models.disputes import Dispute, DisputeEvent, PointsEntry, Regulation
from shared.db.models.engagement import (
    Delivery,
    Nudge,
    Proposal,
    ProposalPoints,
    SupplierAlert,
)
from shared.db.models.fairness import FairnessExcludedRating, FairnessExclusion
from shared.db.models.map_cells import StoredMapCell
from shared.db.models.people import (
    Department,
    DepartmentPointRule,
    Employee,
    Initiative,
    KpiValue,
    ReasonTag,
    Segment,
    SupplierLink,
)
from shared.db.models.ratings import (
    Rating,
    RatingReason,
    RollupClientWeek,
    RollupDeptPairDay,
    RollupPairMonth,
    RollupRaterDay,
    RollupRaterMonth,
    RollupSupplierDay,
    RollupTagDay,
    peer_ratings,
)
from shared.db.models.system import (
    AuditAnchor,
    AuditEntry,
    Kiosk,
    PinOfflineAttempt,
    Plant,
    SiteKeyCheck,
)
from shared.db.models.tiers import MonthlyRun, StoredTier
from shared.db.models.web import WebSignIn

__all__ = [
    "AuditAnchor", "AuditEntry", "Base", "Delivery", "Department", "DepartmentPointRule", "Dispute",
    "DisputeEvent", "Employee", "FairnessExcludedRating", "FairnessExclusion", "Initiative",
    "Kiosk", "KpiValue", "MonthlyRun", "Nudge", "PinOfflineAttempt", "Plant",
    "PointsEntry", "Proposal", "Rating", "RatingReason", "ReasonTag", "Regulation",
    "RollupClientWeek", "RollupDeptPairDay", "RollupPairMonth", "RollupRaterDay",
    "RollupRaterMonth", "RollupSupplierDay", "RollupTagDay", "Segment", "SiteKeyCheck",
    "ProposalPoints", "StoredMapCell", "StoredTier", "SupplierAlert", "SupplierLink", "WebSignIn",
    "peer_ratings",
]
