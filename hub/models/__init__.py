"""Hub models, split by area; every name is re-exported here."""

from .applications import (
    CONTENT_FIELDS,
    Application,
    ApplicationStatus,
    Attachment,
    EligibilityCheck,
    FormToken,
    StaffingLine,
)
from .audit import AuditEvent, NotificationLog
from .calibration import CalibrationExample, CalibrationScore
from .call import DEFAULT_ANCHORS, Call, CallStatus, Criterion, Priority, SupportPath
from .choices import COUNTRIES, ELIGIBLE_LEGAL_FORMS, REFERENCE_TIME_ZONE, TIME_ZONES, LegalForm, Maturity
from .people import CallMembership, Expert, HubProfile, Organisation, OrganisationMember
from .reviews import Assignment, ConflictDeclaration, ConsensusReport, ConsensusScore, CriterionScore, Review
from .selection import Outcome, Override, PublicListing, SelectionRun, SupportActivity, TieBreakVote

__all__ = [
    "CONTENT_FIELDS",
    "COUNTRIES",
    "DEFAULT_ANCHORS",
    "ELIGIBLE_LEGAL_FORMS",
    "REFERENCE_TIME_ZONE",
    "TIME_ZONES",
    "Application",
    "ApplicationStatus",
    "Assignment",
    "Attachment",
    "AuditEvent",
    "CalibrationExample",
    "CalibrationScore",
    "Call",
    "CallMembership",
    "CallStatus",
    "ConflictDeclaration",
    "ConsensusReport",
    "ConsensusScore",
    "Criterion",
    "CriterionScore",
    "EligibilityCheck",
    "Expert",
    "FormToken",
    "HubProfile",
    "LegalForm",
    "Maturity",
    "NotificationLog",
    "Organisation",
    "OrganisationMember",
    "Outcome",
    "Override",
    "Priority",
    "PublicListing",
    "Review",
    "SelectionRun",
    "StaffingLine",
    "SupportActivity",
    "SupportPath",
    "TieBreakVote",
]
