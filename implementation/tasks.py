"""E-mails about applications to become a support team, sent from the django-tasks queue."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from outbox.delivery import NotificationNotSent, retry_later
from practices.roles import EDITORS

SUBJECTS = {
    "received": "Votre candidature pour devenir équipe d'appui est reçue",
    "accepted": "Votre candidature est acceptée : bienvenue parmi les équipes d'appui",
    "more": "Votre candidature : des compléments sont demandés",
    "declined": "Votre candidature pour devenir équipe d'appui",
}


def password_link(email: str) -> str:
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        return ""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.WAGTAILADMIN_BASE_URL + reverse("password_reset_confirm", args=[uid, token])


@task()
def notify_application(application_id: int, kind: str, attempt: int = 1) -> int:
    from implementation.models import SupportTeamApplication

    application = SupportTeamApplication.objects.select_related("practice", "support_team").get(
        pk=application_id
    )
    context = {
        "application": application,
        "kind": kind,
        "site": settings.WAGTAILADMIN_BASE_URL,
        "password_link": password_link(application.contact_email) if kind == "accepted" else "",
        "username": get_user_model()
        .objects.filter(email__iexact=application.contact_email)
        .values_list("username", flat=True)
        .first()
        if kind == "accepted"
        else "",
    }
    messages = [
        EmailMessage(
            SUBJECTS[kind],
            render_to_string("implementation/emails/application.txt", context),
            None,
            [application.contact_email],
            # « Répondez simplement à ce courriel » (more information asked): replies go to the CRES team.
            reply_to=[settings.SITE_CONTACT_EMAIL],
        )
    ]
    if kind == "received":
        editors = list(
            get_user_model()
            .objects.filter(groups__name=EDITORS, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if editors:
            messages.append(
                EmailMessage(
                    f"Nouvelle candidature d'équipe d'appui : {application.team_name}",
                    render_to_string("implementation/emails/application_to_editors.txt", context),
                    None,
                    editors,
                    reply_to=[application.contact_email],
                )
            )
    try:
        for message in messages:
            message.send()
    except Exception as error:
        delay = retry_later(notify_application, attempt, application_id, kind)
        raise NotificationNotSent(
            f"Candidature {application_id} : envoi n° {attempt} impossible"
            + (f", nouvel essai dans {delay} s." if delay else ", abandon.")
        ) from error
    return len(messages)
