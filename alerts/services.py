"""Subscribing, confirming, unsubscribing, and telling subscribers what changed in a practice.

What subscribers are told is the difference between the practice as last told (`PracticeState`) and as now
published: the evidence level, the publications, the support teams and the training sessions. The check runs after
the commit of a publication, of a change of support team, or of a new training session.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from alerts.models import UNCONFIRMED_DAYS, AlertMail, PracticeState, Subscription

CONFIRMATION_EVERY = datetime.timedelta(minutes=10)  # one confirmation mail per address and practice at most


def site_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(url: str) -> str:
    return url if url.startswith("http") else site_url() + url


def unsubscribe_url(subscription: Subscription) -> str:
    return site_url() + reverse("alerts:unsubscribe", args=[subscription.token])


# --- what a practice shows ---------------------------------------------------------------------------------------


def state_of(practice: Any) -> dict[str, Any]:
    from practices.models import PracticeSupport
    from trainings.models import TrainingSession

    level = practice.evidence_level
    sessions = TrainingSession.objects.filter(practice=practice, starts_at__gte=timezone.now()).order_by(
        "starts_at", "pk"
    )
    return {
        "level": {"code": level.code, "name": level.name} if level else None,
        "publications": sorted(f"{p.title} ({p.year})" for p in practice.publications.all()),
        "teams": sorted(
            PracticeSupport.objects.filter(practice=practice, team__isnull=False).values_list(
                "team__name", flat=True
            )
        ),
        "sessions": {
            str(s.pk): f"{s.title}, le {timezone.localtime(s.starts_at):%d/%m/%Y}" for s in sessions
        },
    }


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What changed, in plain French sentences, in the order a reader cares about."""
    lines = []
    old, new = before.get("level"), after.get("level")
    if old != new:
        if new and old:
            lines.append(
                f"Le niveau de preuve change : il passe de {old['code']} ({old['name']}) à {new['code']} "
                f"({new['name']})."
            )
        elif new:
            lines.append(f"La pratique a maintenant un niveau de preuve : {new['code']} ({new['name']}).")
        else:
            lines.append("Le niveau de preuve est retiré, en attendant une nouvelle évaluation.")
    for title in sorted(set(after.get("publications", [])) - set(before.get("publications", []))):
        lines.append(f"Nouvelle publication : « {title} ».")
    for name in sorted(set(after.get("teams", [])) - set(before.get("teams", []))):
        lines.append(f"Nouvelle équipe d'appui : {name}.")
    for name in sorted(set(before.get("teams", [])) - set(after.get("teams", []))):
        lines.append(f"L'équipe d'appui {name} n'accompagne plus cette pratique.")
    opened = set(after.get("sessions", {})) - set(before.get("sessions", {}))
    for pk in sorted(opened, key=lambda k: after["sessions"][k]):
        lines.append(f"Nouvelle session de formation : {after['sessions'][pk]}.")
    return lines


def remember(practice: Any) -> None:
    """Record what the practice shows now, if nothing is recorded yet (the first subscriber's starting point)."""
    PracticeState.objects.get_or_create(practice_id=practice.pk, defaults={"state": state_of(practice)})


def check(practice_id: int) -> int:
    """Compare the practice as published with what subscribers were told; mail each confirmed subscriber the
    changes. Returns the number of mails queued."""
    from practices.models import PracticePage

    practice = (
        PracticePage.objects.live().public().filter(pk=practice_id).select_related("evidence_level").first()
    )
    if practice is None:
        return 0
    after = state_of(practice)
    with transaction.atomic():
        row = PracticeState.objects.select_for_update().filter(practice_id=practice_id).first()
        if row is None:  # nobody follows it yet: nothing to tell
            return 0
        lines = changes(row.state, after)
        # sessions that started since are forgotten quietly; only what is new is told
        row.state, row.updated_at = after, timezone.now()
        row.save(update_fields=["state", "updated_at"])
        if not lines:
            return 0
        digest = hashlib.sha256(json.dumps(after, sort_keys=True).encode()).hexdigest()[:16]
        queued = 0
        for subscription in Subscription.objects.filter(practice_id=practice_id, confirmed_at__isnull=False):
            queue(
                subscription,
                f"Du nouveau : {practice.title}",
                "alerts/emails/alert.txt",
                {"practice": practice, "practice_url": absolute(practice.url), "lines": lines},
                key=["alert", subscription.pk, digest],
            )
            queued += 1
    return queued


# --- mails -------------------------------------------------------------------------------------------------------


def queue(
    subscription: Subscription, subject: str, template: str, context: dict, *, key: list[Any]
) -> AlertMail:
    from alerts import tasks

    unsubscribe = unsubscribe_url(subscription)
    body = render_to_string(template, {"site": site_url(), "unsubscribe_url": unsubscribe, **context})
    digest = hashlib.sha256(json.dumps([template, *key], default=str).encode()).hexdigest()
    try:
        with transaction.atomic():
            mail = AlertMail.objects.create(
                key=digest,
                subscription=subscription,
                subject=" ".join(subject.split())[:255],
                body=body.strip() + "\n",
                headers={
                    "List-Unsubscribe": f"<{unsubscribe}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
    except IntegrityError:
        return AlertMail.objects.get(key=digest)
    mail_id = mail.pk
    transaction.on_commit(lambda: tasks.enqueue(mail_id))
    return mail


# --- subscribing -------------------------------------------------------------------------------------------------


def subscribe(email: str, practice: Any) -> None:
    """Ask for a subscription: a confirmation mail, at most one per CONFIRMATION_EVERY. Says nothing of whether
    the address already follows the practice (the page shown is the same)."""
    email = email.strip().lower()
    now = timezone.now()
    subscription, _ = Subscription.objects.get_or_create(email=email, practice=practice)
    if subscription.confirmed_at:
        return
    if subscription.confirmation_sent_at and now - subscription.confirmation_sent_at < CONFIRMATION_EVERY:
        return
    Subscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=now)
    queue(
        subscription,
        f"Confirmez : suivre « {practice.title} »",
        "alerts/emails/confirm.txt",
        {
            "practice": practice,
            "confirm_url": site_url() + reverse("alerts:confirm", args=[subscription.token]),
            "days": UNCONFIRMED_DAYS,
        },
        key=["confirm", subscription.pk, now.isoformat()],
    )


def confirm(subscription: Subscription) -> None:
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
        remember(subscription.practice)


def forget_unconfirmed(now: datetime.datetime | None = None) -> int:
    limit = (now or timezone.now()) - datetime.timedelta(days=UNCONFIRMED_DAYS)
    deleted, _ = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=limit).delete()
    return deleted
