"""Plain builders for hub tests: each creates only what a test needs, through the models."""

import datetime as dt
import uuid
import zoneinfo
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from hub.demo import GRID  # the published grid of the demo call
from hub.models import (
    Application,
    ApplicationStatus,
    Assignment,
    Call,
    CallMembership,
    CallStatus,
    ConflictDeclaration,
    ConsensusReport,
    ConsensusScore,
    Criterion,
    CriterionScore,
    Expert,
    HubProfile,
    Organisation,
    OrganisationMember,
    Priority,
    Review,
    StaffingLine,
    SupportPath,
)
from hub.permissions import COMMITTEE_GROUP, SECRETARIAT_GROUP
from hub.services.grid import freeze_grid

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
PASSWORD = "mot-de-passe-de-test-42"

CODES = [g[0] for g in GRID]


def signup_link(outbox, email):
    """The path of the account-opening link in the last sign-up mail sent to `email`."""
    import re

    message = [m for m in outbox if m.to == [email]][-1]
    return re.search(r"https?://[^/\s]+(/positivehub/inscription/confirmer/\S+/)", message.body).group(1)


def paris(*args):
    return dt.datetime(*args, tzinfo=PARIS)


def make_call(year=2026, status=CallStatus.REVIEW, frozen=True, n_selected=12, n_laureates=3, **fields):
    theme, _ = Priority.objects.get_or_create(
        code="pair-aidance", defaults={"title": "Pair-aidance", "order": 1}
    )
    defaults = dict(
        slug=f"appel-{year}",
        title=f"Appel à pépites {year}",
        theme=theme,
        opens_at=paris(year, 1, 15, 9),
        closes_at=paris(year, 3, 31, 18),
        review_opens_at=paris(year, 4, 15, 9),
        review_deadline=paris(year, 6, 30, 18),
        consensus_deadline=paris(year, 7, 15, 18),
        overall_threshold=Decimal(60),
        min_hr_fte=Decimal(1),
        n_selected=n_selected,
        n_laureates=n_laureates,
    )
    defaults.update(fields)
    call = Call.objects.create(year=year, status=CallStatus.DRAFT, **defaults)
    for order, (code, label, weight, threshold, tie) in enumerate(GRID):
        Criterion.objects.create(
            call=call,
            code=code,
            label=label,
            weight=weight,
            threshold_half=threshold,
            tie_break_rank=tie,
            order=order,
        )
    for order, (code, title, maturity) in enumerate(
        [
            ("emergence", "Parcours émergence", "emergence"),
            ("consolidation", "Parcours consolidation", "consolidation"),
            ("changement-echelle", "Parcours changement d'échelle", "scale_up"),
        ]
    ):
        SupportPath.objects.create(
            call=call, code=code, title=title, maturity=maturity, capacity=1, order=order
        )
    if frozen:
        freeze_grid(call, now=paris(year - 1, 12, 1))
    Call.objects.filter(pk=call.pk).update(status=status)
    call.refresh_from_db()
    return call


def make_user(username, *groups, email=None, tz="Europe/Paris", **fields):
    user = get_user_model().objects.create_user(
        username=username, email=email or f"{username}@example.org", password=PASSWORD, **fields
    )
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    HubProfile.objects.create(user=user, time_zone=tz)
    return user


def make_secretariat(username="secretariat"):
    return make_user(username, SECRETARIAT_GROUP)


def make_expert(username, call=None, role=CallMembership.Role.EXPERT, signed=True, country="FR", **fields):
    user = make_user(username, COMMITTEE_GROUP, first_name=username.capitalize(), last_name="Experte")
    expert = Expert.objects.create(
        user=user, country=country, charter_signed_at=paris(2026, 1, 1) if signed else None, **fields
    )
    if call is not None:
        CallMembership.objects.create(call=call, expert=expert, role=role)
    return expert


def make_applicant(
    username, org_name=None, legal_form="association", country="FR", tz="Europe/Paris", email_domain=""
):
    user = make_user(username, tz=tz)
    organisation = Organisation.objects.create(
        name=org_name or f"Association {username}",
        legal_form=legal_form,
        country=country,
        city="Lyon",
        email_domain=email_domain,
    )
    OrganisationMember.objects.create(organisation=organisation, user=user)
    return user, organisation


def make_application(
    call,
    organisation,
    user,
    status=ApplicationStatus.DRAFT,
    complete=True,
    n=None,
    maturity="emergence",
    consent=True,
    title=None,
):
    n = n or Application.objects.count() + 1
    application = Application.objects.create(
        call=call,
        organisation=organisation,
        created_by=user,
        creation_token=uuid.uuid4(),
        reference=f"PH{call.year}-{n:04d}",
        pseudonym=f"P-{100 + n}",
        status=status,
    )
    if complete:
        for name in (
            "practice",
            "population",
            "evidence",
            "innovation",
            "transferability",
            "participation_ethics",
        ):
            setattr(application, name, f"Texte détaillé pour {name}.")
        application.title = title or f"Pratique numéro {n}"
        application.summary_public = "Un groupe de pair-aidance en sortie d'hospitalisation."
        application.project_start = dt.date(call.year, 9, 1)
        application.duration_months = 12
        application.maturity = maturity
        application.public_listing_consent = consent
        application.save()
        StaffingLine.objects.create(
            application=application, role_label="Coordinatrice", fte=Decimal("1.00"), months=12
        )
    return application


def make_assignment(application, expert, status=Assignment.Status.ACTIVE, by=None):
    by = by or expert.user
    return Assignment.objects.create(
        application=application,
        expert=expert,
        assigned_by=by,
        assigned_at=paris(2026, 4, 1),
        due_at=application.call.review_deadline,
        status=status,
    )


def make_review(
    assignment, halves=None, submitted=True, justification="Justification argumentée du critère."
):
    """Creates a review directly (setup shortcut); `halves` maps code → 0–10 or is an int for all."""
    halves = halves if halves is not None else 8
    if isinstance(halves, int):
        halves = dict.fromkeys(CODES, halves)
    review = Review.objects.create(assignment=assignment, grid_hash=assignment.application.call.grid_hash)
    for criterion in assignment.application.call.criteria.all():
        CriterionScore.objects.create(
            review=review,
            criterion=criterion,
            score_half=halves.get(criterion.code),
            justification=justification,
        )
    if submitted:
        Review.objects.filter(pk=review.pk).update(
            status=Review.Status.SUBMITTED, submitted_at=paris(2026, 5, 1)
        )
        Assignment.objects.filter(pk=assignment.pk).update(status=Assignment.Status.COMPLETED)
        review.refresh_from_db()
    return review


def make_consensus(application, halves, agreed=True, reviews=True):
    """An agreed consensus, as the rules allow it: the application first gets the call's minimum of counted
    reviews (extra reviewers scoring like the consensus) when it has fewer."""
    if isinstance(halves, int):
        halves = dict.fromkeys(CODES, halves)
    if reviews:
        from hub.services.quorum import counted_review_counts

        call = application.call
        have = counted_review_counts(call, [application.pk]).get(application.pk, 0)
        for i in range(have, call.min_reviews_per_application):
            name = f"relecteur{i}"
            expert = Expert.objects.filter(user__username=name).first() or make_expert(name)
            make_review(make_assignment(application, expert), dict(halves))
    report = ConsensusReport.objects.create(
        application=application,
        status=ConsensusReport.Status.AGREED if agreed else ConsensusReport.Status.DRAFT,
        summary_for_applicant="Synthèse du comité.",
        strengths="Ancrage local.",
        weaknesses="Évaluation à outiller.",
    )
    for criterion in application.call.criteria.all():
        ConsensusScore.objects.create(report=report, criterion=criterion, score_half=halves[criterion.code])
    if agreed:
        Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.CONSENSUS_DONE)
        application.refresh_from_db()
    return report


def declare(
    expert,
    application,
    level=ConflictDeclaration.Level.DISQUALIFYING,
    resolution=ConflictDeclaration.Resolution.RECUSED,
):
    return ConflictDeclaration.objects.create(
        expert=expert,
        application=application,
        level=level,
        relation="employer",
        declared_at=paris(2026, 4, 2),
        resolution=resolution,
    )


def make_published_call(applicant, organisation, chair_user, year=2025):
    """A past call with published results, and one selected application of `applicant`."""
    from hub.models import Outcome, PublicListing, SelectionRun

    call = make_call(year=year, status=CallStatus.RESULTS_PUBLISHED, results_published_at=paris(year, 9, 1))
    application = make_application(
        call,
        organisation,
        applicant,
        status=ApplicationStatus.CONSENSUS_DONE,
        n=900,
        title="Pratique sélectionnée l'an dernier",
    )
    make_consensus(application, 8)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.SELECTED)
    run = SelectionRun.objects.create(
        call=call,
        computed_at=paris(year, 8, 1),
        computed_by=chair_user,
        algorithm_version="t",
        inputs={},
        inputs_hash="0" * 64,
        result={},
        result_hash="1" * 64,
        is_final=True,
    )
    Outcome.objects.create(
        call=call,
        application=application,
        outcome="selected",
        rank=1,
        total_score=80,
        selection_run=run,
        decided_by=chair_user,
        decided_at=paris(year, 9, 1),
    )
    PublicListing.objects.create(
        application=application,
        slug=f"{year}-pratique",
        badge="pepite",
        public_title=application.title,
        organisation_name=organisation.name,
        country=organisation.country,
        published_at=paris(year, 9, 1),
    )
    application.refresh_from_db()
    return call, application
