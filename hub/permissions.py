"""The one access gate of the hub.

Every surface (views, templates, exports, notifications, aggregates) asks these functions what a user may see.
Conventions: a role that cannot use a page at all gets 403; an application the user may not know about
(someone else's, or one the expert is conflicted on) gets 404, so its existence is not revealed.
"""

from django.http import Http404

from .models import (
    Application,
    Assignment,
    CallMembership,
    CallStatus,
    ConflictDeclaration,
    Expert,
    Review,
)

SECRETARIAT_GROUP = "Secrétariat PositiveHub"
COMMITTEE_GROUP = "Comité PositiveHub"
REVIEW_PHASES = (
    CallStatus.REVIEW,
    CallStatus.CONSENSUS,
    CallStatus.DELIBERATION,
    CallStatus.RESULTS_PUBLISHED,
    CallStatus.ARCHIVED,
)
VISIBLE_ASSIGNMENT_STATUSES = (Assignment.Status.ACTIVE, Assignment.Status.COMPLETED)
EDITING_ROLES = ("owner", "editor")


def _groups(user):
    if not hasattr(user, "_hub_groups"):
        user._hub_groups = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
    return user._hub_groups


def is_secretariat(user):
    return user.is_authenticated and (user.is_superuser or SECRETARIAT_GROUP in _groups(user))


def get_expert(user):
    """The committee member behind a user, or None (cached on the user object)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_hub_expert"):
        user._hub_expert = (
            Expert.objects.filter(user=user).first() if COMMITTEE_GROUP in _groups(user) else None
        )
    return user._hub_expert


def is_expert(user):
    return get_expert(user) is not None


def is_chair(user, call):
    expert = get_expert(user)
    return bool(
        expert
        and CallMembership.objects.filter(
            call=call,
            expert=expert,
            is_active=True,
            role__in=(CallMembership.Role.CHAIR, CallMembership.Role.VICE_CHAIR),
        ).exists()
    )


def is_applicant(user):
    return user.is_authenticated and user.hub_memberships.exists()


# --- Conflicts -----------------------------------------------------------------------------------------------


def blocking_conflicts():
    """Declarations that keep an expert away from an application (anything but 'none' or a waiver)."""
    return ConflictDeclaration.objects.exclude(level=ConflictDeclaration.Level.NONE).exclude(
        resolution=ConflictDeclaration.Resolution.WAIVED
    )


def conflicted_application_ids(expert):
    if expert is None:
        return set()
    return set(blocking_conflicts().filter(expert=expert).values_list("application_id", flat=True))


def has_conflict(expert, application):
    return expert is not None and blocking_conflicts().filter(expert=expert, application=application).exists()


# --- Applicants ----------------------------------------------------------------------------------------------


def applications_for_applicant(user):
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(organisation__members__user=user).distinct()


def get_own_application(user, pk, *, editable_roles_only=False):
    queryset = applications_for_applicant(user)
    if editable_roles_only:
        queryset = queryset.filter(
            organisation__members__user=user, organisation__members__role__in=EDITING_ROLES
        )
    try:
        return queryset.select_related("call", "organisation").get(pk=pk)
    except Application.DoesNotExist:
        raise Http404("Candidature introuvable.") from None


def may_edit_application(user, application):
    """Owners and editors of the organisation change an application; a « Lecteur » only reads it."""
    from .models import OrganisationMember

    return (
        user.is_authenticated
        and OrganisationMember.objects.filter(
            organisation_id=application.organisation_id, user=user, role__in=EDITING_ROLES
        ).exists()
    )


def get_attachment(user, application_pk, attachment_pk):
    """An attachment for its organisation's members or the secretariat; 404 for anyone else (experts never
    see attachments, design G8)."""
    from .models import Attachment

    attachments = Attachment.objects.select_related("application").filter(
        pk=attachment_pk, application_id=application_pk
    )
    if not is_secretariat(user):
        attachments = attachments.filter(application__in=applications_for_applicant(user))
    attachment = attachments.first()
    if attachment is None:
        raise Http404("Pièce jointe introuvable.")
    return attachment


# --- Experts -------------------------------------------------------------------------------------------------


def applications_for_expert(user, call=None):
    """Applications whose (pseudonymised) content the expert may read: active assignment, no conflict,
    call sealed until the review phase."""
    expert = get_expert(user)
    if expert is None:
        return Application.objects.none()
    queryset = Application.objects.filter(
        assignments__expert=expert,
        assignments__status__in=VISIBLE_ASSIGNMENT_STATUSES,
        call__status__in=REVIEW_PHASES,
    ).exclude(pk__in=blocking_conflicts().filter(expert=expert).values("application_id"))
    if call is not None:
        queryset = queryset.filter(call=call)
    return queryset.distinct()


def get_expert_application(user, pk):
    try:
        return applications_for_expert(user).select_related("call").get(pk=pk)
    except Application.DoesNotExist:
        raise Http404("Dossier introuvable.") from None


def get_teaser_assignment(user, application_pk):
    """The invitation an expert answers with a conflict declaration; 404 once a blocking conflict is known."""
    expert = get_expert(user)
    if expert is None:
        raise Http404("Dossier introuvable.")
    assignment = (
        Assignment.objects.select_related("application__call")
        .filter(expert=expert, application_id=application_pk)
        .exclude(status__in=(Assignment.Status.RECUSED, Assignment.Status.DECLINED))
        .first()
    )
    if assignment is None or has_conflict(expert, assignment.application):
        raise Http404("Dossier introuvable.")
    return assignment


def own_review(user, application):
    expert = get_expert(user)
    if expert is None:
        return None
    return Review.objects.filter(assignment__expert=expert, assignment__application=application).first()


def has_submitted_own_review(user, application):
    review = own_review(user, application)
    return review is not None and review.status == Review.Status.SUBMITTED


# --- Chair and secretariat -----------------------------------------------------------------------------------


def get_chair_application(user, call, pk):
    """The chair sees every application of the call except those they are conflicted on (404)."""
    application = Application.objects.filter(call=call, pk=pk).select_related("call", "organisation").first()
    if application is None or has_conflict(get_expert(user), application):
        raise Http404("Dossier introuvable.")
    return application


def awaiting_own_review_ids(user, call=None):
    """Applications the user is an assigned expert on and has not submitted her review for: there she sees no
    other review, median or total, whatever her other roles (chair, vice-chair)."""
    expert = get_expert(user)
    if expert is None:
        return set()
    assignments = (
        Assignment.objects.filter(expert=expert)
        .exclude(status__in=(Assignment.Status.DECLINED, Assignment.Status.RECUSED))
        .exclude(review__status=Review.Status.SUBMITTED)
    )
    if call is not None:
        assignments = assignments.filter(application__call=call)
    return set(assignments.values_list("application_id", flat=True))


def chair_blind_ids(user, call):
    """What a chair may not look into on the call: her conflicts (not even the application) and the
    applications awaiting her own review (no other reviews, aggregates or exports of them)."""
    return conflicted_application_ids(get_expert(user)) | awaiting_own_review_ids(user, call)


def can_see_all_reviews(user, application):
    """Chair (not conflicted, own review in if she is also assigned) and secretariat see every review."""
    if is_secretariat(user):
        return True
    return (
        is_chair(user, application.call)
        and not has_conflict(get_expert(user), application)
        and application.pk not in awaiting_own_review_ids(user, application.call)
    )


# --- Reviews and aggregates (blind until one's own review is in) -----------------------------------------------


def counted_reviews(application):
    """Submitted reviews that count: not excluded, and not by an expert now conflicted."""
    return (
        Review.objects.filter(assignment__application=application, status=Review.Status.SUBMITTED)
        .exclude(
            assignment__expert_id__in=blocking_conflicts().filter(application=application).values("expert_id")
        )
        .select_related("assignment__expert__user")
        .order_by("assignment_id")
    )


def letters_by_application(application_ids):
    """Stable 'Expert A/B/C' labels, by order of assignment, for many applications in one query."""
    letters = {}
    for application_id, expert_id in (
        Assignment.objects.filter(application_id__in=application_ids)
        .order_by("application_id", "id")
        .values_list("application_id", "expert_id")
    ):
        labels = letters.setdefault(application_id, {})
        index = len(labels)
        labels[expert_id] = f"Expert {chr(ord('A') + index % 26)}{'' if index < 26 else index // 26}"
    return letters


def expert_letters(application):
    return letters_by_application([application.pk]).get(application.pk, {})


def visible_reviews(user, application):
    """Reviews a user may read, each as (label, review). Experts: nothing from others until their own review
    is submitted, then pseudonymised labels; conflicted users: nothing."""
    if can_see_all_reviews(user, application):
        return [
            (f"{r.assignment.expert} ({expert_letters(application)[r.assignment.expert_id]})", r)
            for r in counted_reviews(application)
        ]
    expert = get_expert(user)
    if expert is None or has_conflict(expert, application):
        return []
    if not has_submitted_own_review(user, application):
        return []
    letters = expert_letters(application)
    return [(letters.get(r.assignment.expert_id, "Expert"), r) for r in counted_reviews(application)]


def may_see_aggregates(user, application):
    if can_see_all_reviews(user, application):
        return True
    expert = get_expert(user)
    return bool(
        expert and not has_conflict(expert, application) and has_submitted_own_review(user, application)
    )


def may_join_consensus(user, application):
    if (
        is_chair(user, application.call)
        and not has_conflict(get_expert(user), application)
        and application.pk not in awaiting_own_review_ids(user, application.call)
    ):
        return True
    expert = get_expert(user)
    return bool(
        expert
        and not has_conflict(expert, application)
        and Assignment.objects.filter(
            application=application, expert=expert, status__in=VISIBLE_ASSIGNMENT_STATUSES
        ).exists()
        and has_submitted_own_review(user, application)
    )


def chair_calls(user):
    expert = get_expert(user)
    if expert is None:
        return []
    return [
        m.call
        for m in CallMembership.objects.filter(
            expert=expert,
            is_active=True,
            role__in=(CallMembership.Role.CHAIR, CallMembership.Role.VICE_CHAIR),
        ).select_related("call")
    ]
