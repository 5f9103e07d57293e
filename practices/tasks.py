"""Background work (django-tasks, bundled with Wagtail): the request is saved first, emails follow."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


def send_training_request_emails(request_id):
    """Send the team's and the requester's emails; record the attempt. Returns True when sent."""
    from practices.models import TrainingRequest

    training_request = TrainingRequest.objects.select_related("team", "practice", "departement").get(pk=request_id)
    if training_request.notified_at or training_request.anonymised_at:
        return True
    team = training_request.team
    team_recipients = sorted(
        {team.email, *team.memberships.values_list("user__email", flat=True)} - {""}
    )
    context = {"request": training_request, "team": team, "site": settings.WAGTAILADMIN_BASE_URL}
    try:
        if team_recipients:
            send_mail(
                f"Nouvelle demande : {training_request.get_kind_display()}",
                render_to_string("practices/emails/request_to_team.txt", context),
                None,
                team_recipients,
            )
        send_mail(
            "Votre demande a bien été transmise",
            render_to_string("practices/emails/request_receipt.txt", context),
            None,
            [training_request.email],
        )
    except Exception:  # noqa: BLE001 — any mail failure: keep the request, count the attempt, retry later
        logger.exception("Envoi des courriels de la demande %s impossible", request_id)
        TrainingRequest.objects.filter(pk=request_id).update(
            notification_attempts=training_request.notification_attempts + 1
        )
        return False
    TrainingRequest.objects.filter(pk=request_id).update(
        notified_at=timezone.now(), notification_attempts=training_request.notification_attempts + 1
    )
    return True


@task()
def notify_training_request(request_id):
    return send_training_request_emails(request_id)


@task()
def notify_editors_of_team_change(team_id, user_id, changed_fields):
    from django.contrib.auth import get_user_model

    from practices.models import SupportTeam

    team = SupportTeam.objects.get(pk=team_id)
    user = get_user_model().objects.get(pk=user_id)
    recipients = list(
        get_user_model().objects.filter(groups__name="Éditeurs", is_active=True).exclude(email="").values_list("email", flat=True)
    )
    if not recipients:
        return 0
    body = render_to_string(
        "practices/emails/team_changed.txt",
        {"team": team, "user": user, "fields": changed_fields, "site": settings.WAGTAILADMIN_BASE_URL},
    )
    return send_mail(f"Fiche mise à jour : {team.name}", body, None, recipients)
