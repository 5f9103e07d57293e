"""What happens when people write, report and moderate: statuses, the decisions log, e-mails.

Views check who may act (community/permissions.py), then call these functions. Page-cache purges follow every
saved thread or reply (community/signals.py)."""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import throttle
from community.models import Follow, Mail, Member, ModerationDecision, Reply, Report, Status, Thread
from community.permissions import MODERATORS_GROUP
from community.text import clean_text, mask_contacts
from safety.distress import expresses_distress

logger = logging.getLogger(__name__)
Action = ModerationDecision.Action
UNFOLLOW_SALT = "community.unfollow"
CONFIRM_SALT = "community.confirm-email"


# --- rate limits ----------------------------------------------------------------------------------------------


def over_rate_limit(keys: Iterable[tuple[str, int]], window: int = 3600) -> bool:
    """Count one more action under each (key, limit) with the atomic counter; True when any went over its limit.
    Every key is counted, so that a member blocked by their own limit still counts for their address."""
    over = False
    for key, limit in keys:
        over = throttle.count(key, window) > limit or over
    return over


# --- writing ----------------------------------------------------------------------------------------------------


def approved_posts_needed() -> int:
    return getattr(settings, "COMMUNITY_APPROVED_POSTS_BEFORE_DIRECT", 2)


def published_count(member: Member) -> int:
    return (
        Thread.objects.filter(author=member, status=Status.PUBLISHED).count()
        + Reply.objects.filter(author=member, status=Status.PUBLISHED).count()
    )


def first_status(
    member: Member, text: str, *, speaks_for_practice: bool = False
) -> tuple[str, bool, bool, str]:
    """(status, distress, masked, text) for a new or edited post. Distress and masked contacts are never
    published automatically; a support team or moderator answering in its role, and trusted members, publish at
    once; the first posts of a new member wait for a moderator."""
    text, masked = mask_contacts(clean_text(text))
    distress = expresses_distress(text)
    if distress or masked:
        return Status.PENDING, distress, masked, text
    if speaks_for_practice or member.trusted or published_count(member) >= approved_posts_needed():
        return Status.PUBLISHED, False, False, text
    return Status.PENDING, False, False, text


def create_thread(
    member: Member,
    practice: Any,
    *,
    kind: str,
    title: str,
    body: str,
    submission_key: uuid.UUID | None = None,
) -> tuple[Thread, bool]:
    """The new thread and whether it was created (False: the same form was sent twice)."""
    if submission_key:
        existing = Thread.objects.filter(submission_key=submission_key, author=member).first()
        if existing:
            return existing, False
    title, title_masked = mask_contacts(clean_text(title))
    status, distress, masked, body = first_status(member, f"{title}\n{body}")
    body = body.split("\n", 1)[1] if "\n" in body else ""
    now = timezone.now()
    thread = Thread(
        practice=practice,
        kind=kind,
        title=title,
        body=body.strip(),
        author=member,
        status=status,
        distress=distress,
        masked_contact=masked or title_masked,
        submission_key=submission_key,
        created_at=now,
        updated_at=now,
        published_at=now if status == Status.PUBLISHED else None,
    )
    if title_masked and thread.status == Status.PUBLISHED:
        thread.status, thread.published_at = Status.PENDING, None
    try:
        with transaction.atomic():
            thread.save()
            Follow.objects.get_or_create(thread=thread, member=member)
    except IntegrityError:  # double submission racing the check above
        return Thread.objects.get(submission_key=submission_key), False
    _after_writing(thread)
    return thread, True


def create_reply(
    member: Member,
    thread: Thread,
    *,
    body: str,
    submission_key: uuid.UUID | None = None,
    as_team: Any = None,
    as_moderator: bool = False,
) -> tuple[Reply, bool]:
    if submission_key:
        existing = Reply.objects.filter(submission_key=submission_key, author=member).first()
        if existing:
            return existing, False
    status, distress, masked, body = first_status(
        member, body, speaks_for_practice=bool(as_team) or as_moderator
    )
    now = timezone.now()
    reply = Reply(
        thread=thread,
        body=body,
        author=member,
        status=status,
        distress=distress,
        masked_contact=masked,
        submission_key=submission_key,
        as_team=as_team,
        as_moderator=as_moderator,
        created_at=now,
        updated_at=now,
    )
    try:
        with transaction.atomic():
            reply.save()
    except IntegrityError:
        return Reply.objects.get(submission_key=submission_key), False
    _after_writing(reply)
    return reply, True


def edit_post(post: Thread | Reply, *, body: str, title: str | None = None) -> None:
    """An edited post goes through the same checks as a new one (a published post may go back to moderation)."""
    speaks = isinstance(post, Reply) and (post.as_team_id is not None or post.as_moderator)
    text = f"{clean_text(title)}\n{body}" if title is not None else body
    status, distress, masked, text = first_status(post.author, text, speaks_for_practice=speaks)
    if isinstance(post, Thread) and title is not None:
        post.title, _, text = text.partition("\n")
    was_published = post.status == Status.PUBLISHED
    post.body, post.status, post.distress, post.masked_contact = text.strip(), status, distress, masked
    post.updated_at = timezone.now()
    post.save()
    if status == Status.PENDING:
        notify_moderators(post)
    elif not was_published:
        after_publication(post)


def _after_writing(post: Thread | Reply) -> None:
    if post.status == Status.PUBLISHED:
        after_publication(post)
    else:
        notify_moderators(post)


def after_publication(post: Thread | Reply) -> None:
    """Followers hear of a reply once both it and its thread are public: a team may answer a thread still waiting
    for moderation, and its answer is sent when the thread is approved."""
    if isinstance(post, Thread):
        if post.published_at is None:
            post.published_at = timezone.now()
            Thread.objects.filter(pk=post.pk).update(published_at=post.published_at)
            for reply in post.replies.published().select_related("author", "as_team"):
                notify_followers(reply)
        return
    if post.thread.status == Status.PUBLISHED:
        notify_followers(post)


# --- moderation -------------------------------------------------------------------------------------------------


def subject_of(post: Thread | Reply) -> str:
    if isinstance(post, Thread):
        return f"Fil « {post.title} » de {post.author.pseudonym}"[:250]
    return f"Réponse de {post.author.pseudonym} dans « {post.thread.title} »"[:250]


def record(
    user: Any,
    action: str,
    *,
    post: Thread | Reply | None = None,
    member: Member | None = None,
    reason: str = "",
) -> ModerationDecision:
    return ModerationDecision.objects.create(
        moderator=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        thread=post if isinstance(post, Thread) else None,
        reply=post if isinstance(post, Reply) else None,
        member=member or (post.author if post else None),
        subject=subject_of(post) if post else (member.pseudonym if member else ""),
        reason=reason,
    )


def approve(user: Any, post: Thread | Reply) -> None:
    was_published = post.status == Status.PUBLISHED
    post.status, post.needs_review = Status.PUBLISHED, False
    post.save(update_fields=["status", "needs_review"])
    record(user, Action.APPROVE, post=post)
    if not was_published:
        after_publication(post)


def reject(user: Any, post: Thread | Reply, reason: str) -> None:
    post.status, post.needs_review = Status.REJECTED, False
    post.save(update_fields=["status", "needs_review"])
    decision = record(user, Action.REJECT, post=post, reason=reason)
    send_to_member(
        post.author,
        "Votre message n'a pas été publié",
        "community/emails/rejected.txt",
        {"post": post, "reason": reason, "is_thread": isinstance(post, Thread)},
        key=["rejected", decision.pk],
    )


def hide(user: Any, post: Thread | Reply, reason: str = "") -> None:
    post.status, post.needs_review = Status.HIDDEN, False
    post.save(update_fields=["status", "needs_review"])
    record(user, Action.HIDE, post=post, reason=reason)


def ban(user: Any, member: Member, reason: str, post: Thread | Reply | None = None) -> None:
    """The member can no longer write; their posts still waiting are refused, their published ones hidden."""
    member.banned_at, member.ban_reason = timezone.now(), reason
    member.save(update_fields=["banned_at", "ban_reason"])
    for model in (Thread, Reply):
        for item in model.objects.filter(author=member, status__in=[Status.PENDING, Status.PUBLISHED]):
            item.status = Status.REJECTED if item.status == Status.PENDING else Status.HIDDEN
            item.needs_review = False
            item.save(update_fields=["status", "needs_review"])
    record(user, Action.BAN, post=post, member=member, reason=reason)


def trust(user: Any, member: Member) -> None:
    member.trusted = True
    member.save(update_fields=["trusted"])
    record(user, Action.TRUST, member=member)


def set_thread_flag(user: Any, thread: Thread, action: str) -> None:
    field, value = {
        Action.PIN: ("pinned", True),
        Action.UNPIN: ("pinned", False),
        Action.CLOSE: ("closed", True),
        Action.REOPEN: ("closed", False),
    }[action]
    setattr(thread, field, value)
    thread.save(update_fields=[field])
    record(user, action, post=thread)


def report(member: Member, post: Thread | Reply, reason: str = "") -> bool:
    """Record a member's report (once per member and post); past the threshold the post is hidden until a
    moderator looks at it. Returns False when this member had already reported it."""
    target = {"thread": post} if isinstance(post, Thread) else {"reply": post}
    try:
        with transaction.atomic():
            Report.objects.create(reporter=member, reason=reason, **target)
    except IntegrityError:
        return False
    type(post).objects.filter(pk=post.pk).update(report_count=F("report_count") + 1)
    post.refresh_from_db(fields=["report_count", "status"])
    threshold = getattr(settings, "COMMUNITY_REPORTS_TO_HIDE", 3)
    if post.status == Status.PUBLISHED and post.report_count >= threshold:
        post.status, post.needs_review = Status.HIDDEN, True
        post.save(update_fields=["status", "needs_review"])
        record(None, Action.AUTO_HIDE, post=post, reason=f"{post.report_count} signalements")
        notify_moderators(post, reported=True)
    return True


# --- e-mails ----------------------------------------------------------------------------------------------------


def site_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def queue_mail(
    user: Any,
    subject: str,
    template: str,
    context: dict,
    *,
    key: Iterable[Any],
    about: Member | None = None,
    headers: dict | None = None,
) -> Mail | None:
    """Render the mail, save it once per `key` and queue it after the commit (community/tasks.py): what the person
    did is saved whatever happens to the mail server, the mail is recorded as sent only once it is sent, and the
    same key never gives a second mail."""
    from community import tasks

    if user is None or not user.email:
        return None
    digest = hashlib.sha256(json.dumps([template, *key], default=str).encode()).hexdigest()
    body = render_to_string(template, {"site": site_url(), **context})
    try:
        with transaction.atomic():
            mail = Mail.objects.create(
                key=digest,
                template=template.rsplit("/", 1)[-1].removesuffix(".txt"),
                to_user=user,
                about=about,
                to_email=user.email,
                subject=" ".join(subject.split())[:255],
                body=body.strip() + "\n",
                headers=headers or {},
            )
    except IntegrityError:
        mail = Mail.objects.get(key=digest)
        if mail.status == Mail.Status.SENT:
            return mail
    mail_id = mail.pk
    transaction.on_commit(lambda: tasks.enqueue(mail_id))
    return mail


def send_to_member(member: Member, subject: str, template: str, context: dict, *, key: Iterable[Any]) -> None:
    queue_mail(
        member.user, subject, template, {"member": member, **context}, key=[member.pk, *key], about=member
    )


def moderators_to_alert(practice_id: int) -> list[Any]:
    """The community moderators and the members of the practice's support teams who have an e-mail address."""
    User = get_user_model()
    users = User.objects.filter(is_active=True).exclude(email="")
    group = users.filter(groups__name=MODERATORS_GROUP)
    team = users.filter(team_memberships__team__practice_links__practice_id=practice_id)
    return list((group | team).distinct().order_by("email", "pk"))


def notify_moderators(post: Thread | Reply, *, reported: bool = False) -> None:
    thread = post.thread
    if post.distress:
        subject = f"Urgent : un message exprime une détresse ({thread.practice.title})"
    elif reported:
        subject = f"Message masqué après signalements ({thread.practice.title})"
    else:
        subject = f"Nouveau message à modérer ({thread.practice.title})"
    kind = "thread" if isinstance(post, Thread) else "reply"
    reason = "reported" if reported else "distress" if post.distress else "new"
    for user in moderators_to_alert(thread.practice_id):
        queue_mail(
            user,
            subject,
            "community/emails/to_moderators.txt",
            {
                "post": post,
                "thread": thread,
                "reported": reported,
                "queue_url": reverse("community:moderation"),
            },
            key=[
                "moderators",
                user.pk,
                kind,
                post.pk,
                reason,
                post.updated_at,
                post.report_count if reported else 0,
            ],
            about=post.author,
        )


def unfollow_token(follow: Follow) -> str:
    return signing.dumps([follow.pk, follow.member_id], salt=UNFOLLOW_SALT, compress=True)


def notify_followers(reply: Reply) -> None:
    thread = reply.thread
    follows = (
        Follow.objects.filter(thread=thread)
        .exclude(member=reply.author)
        .select_related("member__user")
        .exclude(member__user__email="")
    )
    for follow in follows:
        unsubscribe = site_url() + reverse("community:unfollow", args=[unfollow_token(follow)])
        queue_mail(
            follow.member.user,
            f"Nouvelle réponse : {thread.title}",
            "community/emails/new_reply.txt",
            {"reply": reply, "thread": thread, "member": follow.member, "unsubscribe_url": unsubscribe},
            key=["reply", reply.pk, follow.member_id],
            about=reply.author,
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )


def confirmation_token(member: Member) -> str:
    return signing.dumps([member.pk, member.user.email], salt=CONFIRM_SALT, compress=True)


def send_confirmation(member: Member) -> None:
    link = site_url() + reverse("community:confirm", args=[confirmation_token(member)])
    send_to_member(
        member,
        "Confirmez votre adresse pour participer aux échanges",
        "community/emails/confirm.txt",
        {"link": link},
        key=["confirm", timezone.now()],  # each request for a link is its own mail
    )


def staff_member(user: Any) -> Member:
    """A member profile for a support team member or moderator, named after them (made unique)."""
    base = (user.get_full_name() or user.get_username())[:34]
    pseudonym, n = base, 1
    while Member.objects.filter(pseudonym__iexact=pseudonym).exists():
        n += 1
        pseudonym = f"{base} ({n})"
    now = timezone.now()
    member, _ = Member.objects.get_or_create(
        user=user,
        defaults={
            "pseudonym": pseudonym,
            "email_verified_at": now,
            "consent_given_at": now,
            "consent_version": "professionnel",
            "trusted": True,
        },
    )
    return member


# --- personal data ------------------------------------------------------------------------------------------------


def export_member(member: Member) -> dict:
    def post_data(p: Thread | Reply) -> dict:
        return {
            "message": p.body,
            "état": p.get_status_display(),
            "écrit le": p.created_at.isoformat(),
            "modifié le": p.updated_at.isoformat(),
        }

    return {
        "pseudonyme": member.pseudonym,
        "adresse électronique": member.user.email,
        "inscrit le": member.created_at.isoformat(),
        "adresse confirmée le": member.email_verified_at.isoformat() if member.email_verified_at else None,
        "accord donné le": member.consent_given_at.isoformat() if member.consent_given_at else None,
        "accord retiré le": member.consent_withdrawn_at.isoformat() if member.consent_withdrawn_at else None,
        "version du texte accepté": member.consent_version,
        "fils": [
            {
                "titre": t.title,
                "type": t.get_kind_display(),
                "bonne pratique": t.practice.title,
                **post_data(t),
            }
            for t in member.threads.select_related("practice").order_by("created_at")
        ],
        "réponses": [
            {"fil": r.thread.title, **post_data(r)}
            for r in member.replies.select_related("thread").order_by("created_at")
        ],
        "fils suivis": [f.thread.title for f in member.follows.select_related("thread")],
        "réponses marquées utiles": [m.reply_id for m in member.useful_marks.all()],
        "votes": [
            {"sondage": v.poll.question, "réponse": v.choice.label}
            for v in member.poll_votes.select_related("poll", "choice")
        ],
        "signalements": [{"motif": r.reason, "le": r.created_at.isoformat()} for r in member.reports.all()],
    }


def erase_member(member: Member) -> None:
    """Delete the account and everything the member wrote (their threads with the replies in them)."""
    user = member.user
    with transaction.atomic():
        member.delete()
        if not (user.is_staff or user.is_superuser or user.team_memberships.exists()):
            user.delete()
