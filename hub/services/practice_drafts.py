"""A selected pépite becomes, in one action, a draft good-practice page (feeding the registry).

TODO(lead): the `practices` models are written concurrently. Wire the field mapping below once
`practices.models.PracticePage` and `SupportTeam` exist (see hub/README.md). Imports are lazy on purpose."""

from hub.exceptions import HubError
from hub.models import ApplicationStatus

from . import audit

DRAFTABLE = (ApplicationStatus.LAUREATE, ApplicationStatus.SELECTED, ApplicationStatus.LISTED)


class PracticeModelsUnavailable(HubError):
    pass


def practice_draft_data(application):
    """What the hub knows, ready for levels 1 and 2 of a practice page and its support team."""
    return {
        "title": application.title,
        "summary": application.summary_public,
        "level_1": {"practice": application.practice, "population": application.population},
        "level_2": {"evidence": application.evidence, "innovation": application.innovation,
                    "transferability": application.transferability,
                    "participation_ethics": application.participation_ethics},
        "support_team": {"name": application.organisation.name, "country": application.organisation.country,
                         "city": application.organisation.city, "website": application.organisation.website},
    }


def create_practice_draft(application, user):
    if application.status not in DRAFTABLE:
        raise HubError("Seules les pépites sélectionnées ou référencées deviennent des fiches de bonne pratique.")
    try:
        from practices import models as practice_models  # noqa: F401
    except ImportError as error:  # pragma: no cover - depends on the practices app
        raise PracticeModelsUnavailable("Le registre des bonnes pratiques n'est pas disponible.") from error
    if not hasattr(practice_models, "PracticePage"):
        raise PracticeModelsUnavailable("Le modèle de fiche de bonne pratique n'existe pas encore.")
    data = practice_draft_data(application)
    # TODO(lead): create the PracticePage as a draft under the practice index with `data`, propose the
    # organisation as SupportTeam, save a revision with `user`, and return the page.
    audit.record("practice.draft_requested", actor=user, call=application.call, target=application,
                 payload={"title": data["title"]})
    raise PracticeModelsUnavailable("La création de la fiche sera branchée quand le modèle sera prêt.")
