from practices.models.geography import Departement, Region
from practices.models.pages import (
    LEVEL_TITLES,
    PracticeIndexPage,
    PracticeOutcome,
    PracticePage,
    PracticePageTag,
    Publication,
)
from practices.models.requests import TeamMembership, TrainingRequest
from practices.models.support_teams import (
    PracticeSupport,
    SupportTeam,
    SupportTeamContact,
    SupportTeamIndexPage,
)
from practices.models.taxonomy import Condition, EvidenceLevel, TargetPublic

__all__ = [
    "LEVEL_TITLES",
    "Condition",
    "Departement",
    "EvidenceLevel",
    "PracticeIndexPage",
    "PracticeOutcome",
    "PracticePage",
    "PracticePageTag",
    "PracticeSupport",
    "Publication",
    "Region",
    "SupportTeam",
    "SupportTeamContact",
    "SupportTeamIndexPage",
    "TargetPublic",
    "TeamMembership",
    "TrainingRequest",
]
