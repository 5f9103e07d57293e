"""Background work (django-tasks, bundled with Wagtail): the request is saved first, emails follow.

With the database backend (settings.TASKS) a failed email is tried again later by the worker, after the delays
of settings.NOTIFICATION_RETRY_DELAYS; the periodic `send_pending_notifications` command is the safety net after
the last retry (or when tasks run in the request, without a queue).
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from outbox.delivery import NotificationNotSent, retry_later

logger = logging.getLogger(__name__)


def send_training_request_emails(request_id):
    """Send the team's and the requester's emails; record the attempt. Returns True when sent."""
    from practices.models import TrainingRequest

    training_request = TrainingRequest.objects.select_related("team", "practice", "departement").get(
        pk=request_id
    )
    if training_request.notified_at or training_request.anonymised_at:
        return True
    team = training_request.team
    team_recipients = sorted({team.email, *team.memberships.values_list("user__email", flat=True)} - {""})
    context = {"request": training_request, "team": team, **data_rights_context()}
    try:
        if team_recipients:
            EmailMessage(
                f"Nouvelle demande {training_request.reference} : {training_request.get_kind_display()}",
                render_to_string("practices/emails/request_to_team.txt", context),
                None,
                team_recipients,
                reply_to=[training_request.email],  # « Répondre » writes to the requester
            ).send()
        EmailMessage(
            f"Votre demande {training_request.reference} a bien été transmise",
            render_to_string("practices/emails/request_receipt.txt", context),
            None,
            [training_request.email],
            # The From address is a no-reply one: « Répondre » writes to the team the request is addressed to.
            reply_to=team_reply_to(team) or [settings.SITE_CONTACT_EMAIL],
        ).send()
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


def data_rights_context():
    """What every mail to a requester says about their data: where to write, and the page that says it all."""
    return {
        "site": settings.WAGTAILADMIN_BASE_URL,
        "privacy_email": settings.PRIVACY_CONTACT_EMAIL,
        "privacy_url": settings.WAGTAILADMIN_BASE_URL + settings.PRIVACY_PAGE_PATH + "#section-vos-droits",
    }


def team_reply_to(team):
    """Where a requester's « Répondre » should go: the team's address, or else its members' own."""
    if team.email:
        return [team.email]
    return sorted(set(team.memberships.exclude(user__email="").values_list("user__email", flat=True)))


@task()
def notify_training_request(request_id, attempt=1):
    if send_training_request_emails(request_id):
        return True
    delay = retry_later(notify_training_request, attempt, request_id)
    raise NotificationNotSent(
        f"Demande {request_id} : envoi n° {attempt} impossible, "
        + (f"nouvel essai dans {delay} s." if delay else "reprise par send_pending_notifications.")
    )


@task()
def notify_editors_of_team_change(team_id, user_id, changed_fields, attempt=1):
    from django.contrib.auth import get_user_model

    from practices.models import SupportTeam

    team = SupportTeam.objects.get(pk=team_id)
    user = get_user_model().objects.get(pk=user_id)
    recipients = list(
        get_user_model()
        .objects.filter(groups__name="Éditeurs", is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return 0
    body = render_to_string(
        "practices/emails/team_changed.txt",
        {"team": team, "user": user, "fields": changed_fields, "site": settings.WAGTAILADMIN_BASE_URL},
    )
    try:
        return send_mail(f"Fiche mise à jour : {team.name}", body, None, recipients)
    except Exception as error:  # noqa: BLE001 — the change is already live; only the email waits
        delay = retry_later(notify_editors_of_team_change, attempt, team_id, user_id, changed_fields)
        raise NotificationNotSent(
            f"Fiche {team_id} : courriel aux éditeurs, envoi n° {attempt} impossible"
            + (f", nouvel essai dans {delay} s." if delay else ", abandon.")
        ) from error


FOLLOW_UP_EMAILS = {
    "status": ("practices/emails/request_status.txt", "Votre demande {reference} : {status}"),
    "link": ("practices/emails/request_link.txt", "Le lien de suivi de votre demande {reference}"),
}


@task()
def notify_requester(request_id, kind, attempt=1):
    """Tell the requester that the status changed (with the team's message), or re-send the follow-up link."""
    from practices.models import TrainingRequest

    training_request = (
        TrainingRequest.objects.select_related("team", "practice")
        .filter(pk=request_id, anonymised_at__isnull=True)
        .first()
    )
    if training_request is None:
        return False
    template, subject = FOLLOW_UP_EMAILS[kind]
    entries = training_request.follow_up_entries()
    reply_to = team_reply_to(training_request.team)
    context = {
        "request": training_request,
        "team": training_request.team,
        "last": entries[-1] if entries else None,
        "can_reply": bool(reply_to),
        **data_rights_context(),
    }
    message = EmailMessage(
        subject.format(
            reference=training_request.reference, status=training_request.get_status_display().lower()
        ),
        render_to_string(template, context),
        None,
        [training_request.email],
        reply_to=reply_to or [settings.SITE_CONTACT_EMAIL],
    )
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 — the change is saved; only the email waits
        delay = retry_later(notify_requester, attempt, request_id, kind)
        raise NotificationNotSent(
            f"Demande {request_id} : courriel de suivi, envoi n° {attempt} impossible"
            + (f", nouvel essai dans {delay} s." if delay else ", abandon.")
        ) from error
    return True
