"""E-mails to registrants, sent from the django-tasks queue once the registration is saved (like practices/tasks.py).

A failed sending is tried again after settings.NOTIFICATION_RETRY_DELAYS (outbox.delivery.retry_later)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from outbox.delivery import NotificationNotSent, retry_later

logger = logging.getLogger(__name__)

SUBJECTS = {
    "confirmation": "Votre inscription : {title}",
    "waiting": "Liste d'attente : {title}",
    "promoted": "Une place s'est libérée : vous êtes inscrit à « {title} »",
    "reminder": "Rappel : « {title} » commence demain",
}


def registration_email(registration_id: int, kind: str) -> EmailMessage | None:
    from trainings import ics
    from trainings.models import Registration

    registration = (
        Registration.objects.select_related("session__practice", "session__team", "session__departement")
        .filter(pk=registration_id, anonymised_at__isnull=True)
        .first()
    )
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return None
    if kind == "confirmation" and registration.status == Registration.Status.WAITING:
        kind = "waiting"
    session = registration.session
    context = {
        "registration": registration,
        "session": session,
        "kind": kind,
        "site": settings.WAGTAILADMIN_BASE_URL,
        "privacy_email": settings.PRIVACY_CONTACT_EMAIL,
        "privacy_url": settings.WAGTAILADMIN_BASE_URL + settings.PRIVACY_PAGE_PATH + "#section-vos-droits",
        "starts": timezone.localtime(session.starts_at),
        "ends": timezone.localtime(session.ends_at),
        "position": registration.waiting_position() if kind == "waiting" else None,
    }
    message = EmailMessage(
        SUBJECTS[kind].format(title=session.title),
        render_to_string("trainings/emails/registration.txt", context),
        None,
        [registration.email],
        # The From address is a no-reply one: « Répondre » writes to the team that runs the session.
        reply_to=[session.team.email]
        if session.team_id and session.team.email
        else [settings.SITE_CONTACT_EMAIL],
    )
    if registration.status == Registration.Status.CONFIRMED:
        message.attach(
            "formation.ics", ics.attachment(session), "text/calendar; charset=utf-8; method=PUBLISH"
        )
    return message


@task()
def send_registration_email(registration_id: int, kind: str, attempt: int = 1) -> bool:
    message = registration_email(registration_id, kind)
    if message is None:
        return False
    try:
        message.send()
    except Exception as error:
        logger.exception("Courriel d'inscription %s (%s) impossible", registration_id, kind)
        delay = retry_later(send_registration_email, attempt, registration_id, kind)
        raise NotificationNotSent(
            f"Inscription {registration_id} : envoi n° {attempt} impossible"
            + (f", nouvel essai dans {delay} s." if delay else ", abandon.")
        ) from error
    return True
