"""A generated call at the size of a real one, for `make bench` (bench/hub_bench.py) and the query-count tests:
n applications, n experts, k reviews each, conflicts, consensus, then (step by step) the selection and the
publication. Rows are written with bulk_create; the rules' own services run the selection and the publication.
Everyone generated is on example.org and flagged as demo data."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

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

PATHS = [
    ("emergence", "Parcours émergence", "emergence"),
    ("consolidation", "Parcours consolidation", "consolidation"),
    ("changement-echelle", "Parcours changement d'échelle", "scale_up"),
]
COUNTRIES = ["FR", "BE", "CA", "CH", "SN", "CI", "MA", "TN", "LB", "HT"]
MATURITIES = ["emergence", "consolidation", "scale_up"]


@dataclass
class GeneratedCall:
    call: Call
    chair: Any
    secretariat: Any
    experts: list[Expert] = field(default_factory=list)
    applicants: list[Any] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)
    pending_assignment: Assignment | None = None


def _users(prefix: str, n: int, password: str | None) -> list[Any]:
    User = get_user_model()
    users = [
        User(
            username=f"{prefix}{i}@example.org",
            email=f"{prefix}{i}@example.org",
            first_name=f"Prénom{i}",
            last_name=f"{prefix.capitalize()}",
        )
        for i in range(n)
    ]
    for user in users:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
    User.objects.bulk_create(users)
    users = list(
        User.objects.filter(username__startswith=prefix, username__endswith="@example.org").order_by("pk")
    )
    HubProfile.objects.bulk_create([HubProfile(user=u, is_demo=True) for u in users])
    return users


def generate_call(
    n_applications: int = 500,
    n_experts: int = 30,
    reviews_per_application: int = 3,
    *,
    year: int = 2040,
    password: str | None = None,
    seed: int = 18,
) -> GeneratedCall:
    """A call in its review phase: every application is eligible and reviewed `reviews_per_application` times
    (by experts without a conflict), except one assignment left to score; about 5 % of (expert, application)
    pairs carry a declared conflict. Call `to_deliberation()` then `publish()` for the later phases."""
    rng = random.Random(seed)
    tag = f"b{year}-"
    now = timezone.now()
    theme, _ = Priority.objects.get_or_create(
        code="pair-aidance", defaults={"title": "Pair-aidance", "order": 1}
    )
    call = Call.objects.create(
        year=year,
        slug=f"appel-{year}",
        title=f"Appel à pépites {year} (généré)",
        theme=theme,
        status=CallStatus.DRAFT,
        opens_at=now - dt.timedelta(days=120),
        closes_at=now - dt.timedelta(days=60),
        review_opens_at=now - dt.timedelta(days=50),
        review_deadline=now + dt.timedelta(days=10),
        consensus_deadline=now + dt.timedelta(days=30),
        overall_threshold=Decimal(60),
        n_selected=12,
        n_laureates=3,
    )
    criteria = Criterion.objects.bulk_create(
        [
            Criterion(call=call, code=c, label=lab, weight=w, threshold_half=t, tie_break_rank=r, order=i)
            for i, (c, lab, w, t, r) in enumerate(GRID)
        ]
    )
    SupportPath.objects.bulk_create(
        [
            SupportPath(call=call, code=c, title=t, maturity=m, capacity=1, order=i)
            for i, (c, t, m) in enumerate(PATHS)
        ]
    )
    from hub.services.grid import freeze_grid

    freeze_grid(call, now=now - dt.timedelta(days=130))
    Call.objects.filter(pk=call.pk).update(status=CallStatus.REVIEW)
    call.refresh_from_db()

    committee, _ = Group.objects.get_or_create(name=COMMITTEE_GROUP)
    secretariat_group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    expert_users = _users(f"{tag}expert", n_experts + 1, password)
    committee.user_set.add(*expert_users)
    experts = Expert.objects.bulk_create(
        [
            Expert(
                user=u,
                affiliation=f"Institut {i}",
                country=COUNTRIES[i % len(COUNTRIES)],
                charter_signed_at=now - dt.timedelta(days=100),
                public_consent=i % 4 != 0,
            )
            for i, u in enumerate(expert_users)
        ]
    )
    chair_expert, experts = experts[0], experts[1:]
    CallMembership.objects.bulk_create(
        [CallMembership(call=call, expert=chair_expert, role=CallMembership.Role.CHAIR)]
        + [CallMembership(call=call, expert=e) for e in experts]
    )
    (secretariat,) = _users(f"{tag}secretariat", 1, password)
    secretariat_group.user_set.add(secretariat)

    n_orgs = max(1, n_applications // 5)
    applicants = _users(f"{tag}porteur", n_orgs, password)
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Association générée {i}",
                legal_form="association",
                country=COUNTRIES[i % len(COUNTRIES)],
                city=f"Ville {i}",
                website=f"https://org{i}.example.org/",
                is_demo=True,
            )
            for i in range(n_orgs)
        ]
    )
    OrganisationMember.objects.bulk_create(
        [OrganisationMember(organisation=o, user=u) for o, u in zip(organisations, applicants, strict=True)]
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                call=call,
                organisation=organisations[i % n_orgs],
                created_by=applicants[i % n_orgs],
                reference=f"PH{year}-{i + 1:04d}",
                pseudonym=f"P-{i + 1:04d}",
                status=ApplicationStatus.IN_REVIEW,
                title=f"Pratique générée numéro {i + 1}",
                summary_public=f"Résumé public de la pratique {i + 1} : entraide entre pairs.",
                practice="Description de la pratique.",
                population="Personnes vivant avec un trouble psychique.",
                evidence="Indicateurs suivis.",
                innovation="Une approche nouvelle.",
                transferability="Un guide d'essaimage.",
                participation_ethics="Co-construite avec les personnes concernées.",
                project_start=dt.date(year, 9, 1),
                duration_months=24,
                maturity=MATURITIES[i % 3],
                public_listing_consent=i % 3 != 0,
                submitted_at=now - dt.timedelta(days=61),
            )
            for i in range(n_applications)
        ]
    )
    StaffingLine.objects.bulk_create(
        [
            StaffingLine(application=a, role_label="Coordination", fte=Decimal(1), months=24)
            for a in applications
        ]
    )
    conflicts, assignments = [], []
    for index, application in enumerate(applications):
        chosen = [
            experts[(index * reviews_per_application + k) % len(experts)]
            for k in range(reviews_per_application)
        ]
        others = [e for e in experts if e not in chosen]
        if others and rng.random() < 0.3:
            conflicts.append(
                ConflictDeclaration(
                    expert=rng.choice(others),
                    application=application,
                    level=ConflictDeclaration.Level.DISQUALIFYING,
                    relation=ConflictDeclaration.Relation.COLLEAGUE,
                    declared_at=now - dt.timedelta(days=49),
                )
            )
        for expert in chosen:
            assignments.append(
                Assignment(
                    application=application,
                    expert=expert,
                    assigned_by=secretariat,
                    assigned_at=now - dt.timedelta(days=50),
                    due_at=call.review_deadline,
                    status=Assignment.Status.COMPLETED,
                )
            )
    ConflictDeclaration.objects.bulk_create(conflicts)
    assignments = Assignment.objects.bulk_create(assignments)
    pending = assignments[0]
    Assignment.objects.filter(pk=pending.pk).update(status=Assignment.Status.ACTIVE)
    reviews = Review.objects.bulk_create(
        [
            Review(
                assignment=a,
                grid_hash=call.grid_hash,
                status=Review.Status.SUBMITTED,
                submitted_at=now - dt.timedelta(days=20),
                recommendation=Review.Recommendation.DISCUSS,
                comment_for_applicant="Une pratique prometteuse.",
            )
            for a in assignments
            if a.pk != pending.pk
        ]
    )
    scores = []
    for review in reviews:
        base = 4 + (review.assignment.application_id * 7) % 6
        for criterion in criteria:
            scores.append(
                CriterionScore(
                    review=review,
                    criterion=criterion,
                    score_half=min(10, max(0, base + rng.choice((-1, 0, 0, 1)))),
                    justification="Justification argumentée du critère, appuyée sur le dossier.",
                )
            )
    CriterionScore.objects.bulk_create(scores, batch_size=2000)
    pending.status = Assignment.Status.ACTIVE  # the object kept for the caller says what the row says
    return GeneratedCall(
        call=call,
        chair=chair_expert.user,
        secretariat=secretariat,
        experts=experts,
        applicants=applicants,
        applications=applications,
        pending_assignment=pending,
    )


def to_deliberation(generated: GeneratedCall) -> None:
    """Consensus for every application (the median of its reviews, rounded), then the deliberation, with the
    pending review submitted so that every application has its minimum of counted reviews."""
    call = generated.call
    pending = generated.pending_assignment
    if pending is not None:
        review = Review.objects.create(
            assignment=pending,
            grid_hash=call.grid_hash,
            status=Review.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        CriterionScore.objects.bulk_create(
            [
                CriterionScore(review=review, criterion=c, score_half=6, justification="Justifié.")
                for c in call.criteria.all()
            ]
        )
        Assignment.objects.filter(pk=pending.pk).update(status=Assignment.Status.COMPLETED)
    halves: dict[tuple[int, int], list[int]] = {}
    for app_id, criterion_id, half in CriterionScore.objects.filter(
        review__assignment__application__call=call, review__status=Review.Status.SUBMITTED
    ).values_list("review__assignment__application_id", "criterion_id", "score_half"):
        if half is not None:
            halves.setdefault((app_id, criterion_id), []).append(half)
    reports = ConsensusReport.objects.bulk_create(
        [
            ConsensusReport(
                application=a,
                status=ConsensusReport.Status.AGREED,
                agreed_at=timezone.now(),
                agreed_by=generated.chair,
                strengths="Ancrage territorial.",
                weaknesses="Évaluation à outiller.",
                summary_for_applicant="Une pratique solide.",
            )
            for a in generated.applications
        ]
    )
    criteria = list(call.criteria.all())
    ConsensusScore.objects.bulk_create(
        [
            ConsensusScore(
                report=r,
                criterion=c,
                score_half=sorted(halves.get((r.application_id, c.pk), [6]))[
                    len(halves.get((r.application_id, c.pk), [6])) // 2
                ],
            )
            for r in reports
            for c in criteria
        ],
        batch_size=2000,
    )
    Application.objects.filter(call=call).update(status=ApplicationStatus.CONSENSUS_DONE)
    Call.objects.filter(pk=call.pk).update(status=CallStatus.DELIBERATION)
    call.refresh_from_db()


def publish(generated: GeneratedCall) -> None:
    """Selection, finalisation, the secretariat's confirmation and the publication, through the services.
    Ties at the cut lines are settled by recorded committee votes first, as the rules require."""
    from hub.services import selection

    call = generated.call
    chair_expert = Expert.objects.get(user=generated.chair)
    by_pseudonym = {a.pseudonym: a for a in generated.applications}
    run = selection.run_selection(call, generated.chair)
    for _ in range(10):  # a vote or a path decision can reveal the next one
        if run.result.get("is_complete"):
            break
        for group in run.result.get("unresolved_ties", []):
            for position, pseudonym in enumerate(group, start=1):
                selection.record_tie_vote(
                    call,
                    generated.chair,
                    by_pseudonym[pseudonym],
                    position=position,
                    minutes="Vote du comité à main levée (généré).",
                    voters=[chair_expert],
                )
        for pseudonym in run.result.get("path_decisions_needed", []):
            selection.record_override(
                call,
                generated.chair,
                by_pseudonym[pseudonym],
                kind="path",
                path=call.paths.order_by("order").first(),
                justification="Choix du comité (généré).",
            )
        run = selection.run_selection(call, generated.chair)
    selection.finalise_run(run, generated.chair)
    selection.confirm_run(run, generated.secretariat)
    selection.publish_results(call, generated.chair)
    call.refresh_from_db()


# The pages a person uses, by phase of the call: (label, url name, who, arguments). Shared by bench/hub_bench.py
# (p50 timings) and tests/hub/test_generated_call.py (query counts that do not grow with the call's size).
def _app(g: GeneratedCall) -> Application:
    assert g.pending_assignment is not None
    return g.pending_assignment.application


REVIEW_PAGES: list[tuple[str, str, str, Any]] = [
    ("tableau de bord du porteur", "hub:applicant-dashboard", "applicant", lambda g: []),
    ("dossiers de l'expert", "hub:expert-dashboard", "expert", lambda g: []),
    ("formulaire de notation", "hub:expert-review", "expert", lambda g: [_app(g).pk]),
    (
        "classement et diagnostic de sévérité (présidence)",
        "hub:chair-ranking",
        "chair",
        lambda g: [g.call.slug],
    ),
    ("conflits (présidence)", "hub:chair-conflicts", "chair", lambda g: [g.call.slug]),
    ("candidatures (secrétariat)", "hub:secretariat-call", "secretariat", lambda g: [g.call.slug]),
    ("affectations (secrétariat)", "hub:secretariat-assignments", "secretariat", lambda g: [g.call.slug]),
    (
        "évaluations manquantes (secrétariat)",
        "hub:secretariat-follow-up",
        "secretariat",
        lambda g: [g.call.slug],
    ),
]
DELIBERATION_PAGES: list[tuple[str, str, str, Any]] = [
    ("sélection (présidence)", "hub:chair-selection", "chair", lambda g: [g.call.slug]),
]
PUBLISHED_PAGES: list[tuple[str, str, str, Any]] = [
    ("résultats publics", "hub:call-results", "anonymous", lambda g: [g.call.slug]),
    ("liste des pépites", "hub:pepite-list", "anonymous", lambda g: []),
    (
        "page d'une pépite",
        "hub:pepite-detail",
        "anonymous",
        lambda g: [g.call.outcomes.filter(outcome="laureate").first().application.listing.slug],
    ),
    ("résultat du porteur", "hub:application-result", "applicant", lambda g: [g.applications[0].pk]),
    ("accompagnement (secrétariat)", "hub:secretariat-support", "secretariat", lambda g: [g.call.slug]),
]
EXPORTS: list[tuple[str, str, str, Any]] = [
    ("export des candidatures (CSV)", "hub:export-applications", "secretariat", lambda g: [g.call.slug]),
    ("export du journal (CSV)", "hub:export-audit", "secretariat", lambda g: [g.call.slug]),
    ("matrice des notes (CSV)", "hub:export-matrix", "chair", lambda g: [g.call.slug]),
    ("résultats publics (CSV)", "hub:call-results-csv", "anonymous", lambda g: [g.call.slug]),
]


def person(g: GeneratedCall, who: str) -> Any:
    return {
        "applicant": g.applications[0].created_by,
        "expert": g.pending_assignment.expert.user if g.pending_assignment else None,
        "chair": g.chair,
        "secretariat": g.secretariat,
        "anonymous": None,
    }[who]
