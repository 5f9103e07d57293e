"""Demo content for the PositiveHub: a call in its review phase and a past call with published results.

`load_demo()` is idempotent (a second run changes nothing); `demo_logins()` lists one login per role."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from .models import (
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
    EligibilityCheck,
    Expert,
    HubProfile,
    NotificationLog,
    Organisation,
    OrganisationMember,
    Priority,
    Review,
    StaffingLine,
    SupportPath,
)
from .permissions import COMMITTEE_GROUP, SECRETARIAT_GROUP

DEMO_PASSWORD = "demo-PositiveHub-2026"
SECRETARIAT_USERNAME = "demo-secretariat"
APPLICANT_USERNAME = "porteur01@example.org"
GRID = [
    ("C1", "Pertinence au thème de l'année et au besoin en santé mentale", 20, 6, 3),
    ("C2", "Impact observé ou attendu, preuves et indicateurs", 25, 6, 1),
    ("C3", "Caractère innovant et prometteur de la pratique (« pépite »)", 15, None, None),
    ("C4", "Faisabilité et ressources humaines suffisantes sur toute la durée", 20, 6, 2),
    ("C5", "Transférabilité et essaimage dans l'espace francophone", 10, None, None),
    ("C6", "Participation des personnes concernées, éthique, inclusion", 10, None, None),
]
N_PAST = 15


def demo_logins():
    """(role label, username, password) for the lead's `demo_logins` command."""
    return [
        ("PositiveHub — secrétariat", SECRETARIAT_USERNAME, DEMO_PASSWORD),
        ("PositiveHub — présidente du comité", "demo-presidente", DEMO_PASSWORD),
        ("PositiveHub — expert du comité", "demo-expert1", DEMO_PASSWORD),
        ("PositiveHub — porteur de projet", APPLICANT_USERNAME, DEMO_PASSWORD),
    ]


def _data():
    path = Path(settings.BASE_DIR) / "fixtures" / "hub_demo.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _user(username, *, first="", last="", email=None, groups=(), tz="Europe/Paris"):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "email": email or username}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    HubProfile.objects.get_or_create(user=user, defaults={"time_zone": tz, "is_demo": True})
    return user


def _call(year, slug_theme, texts, now, status, dates):
    theme = Priority.objects.get(code=slug_theme)
    call, created = Call.objects.get_or_create(
        year=year,
        defaults={
            "slug": f"appel-{year}",
            "title": f"Appel à pépites {year} (démonstration)",
            "theme": theme,
            "intro": texts.get("intro", ""),
            "white_paper_url": texts.get("white_paper_url", ""),
            "congress": texts.get("congress", ""),
            "status": CallStatus.DRAFT,
            **dates,
            "overall_threshold": Decimal(60),
            "min_hr_fte": Decimal("1.00"),
            "theme_decision_note": "Thème choisi par vote du comité scientifique (démonstration).",
        },
    )
    if created:
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
        from .services.grid import freeze_grid

        freeze_grid(call, now=dates["opens_at"] - dt.timedelta(days=30))
        Call.objects.filter(pk=call.pk).update(status=status)
        call.refresh_from_db()
    return call, created


def _paths(call, data):
    for order, (code, title, maturity, description) in enumerate(data["paths"]):
        SupportPath.objects.get_or_create(
            call=call,
            code=code,
            defaults={
                "title": title,
                "maturity": maturity,
                "description": description,
                "capacity": 1,
                "order": order,
            },
        )


def _application(call, org, user, index, *, title, maturity, status, consent=True, suffix=""):
    reference = f"PH{call.year}-{index:04d}"
    application, created = Application.objects.get_or_create(
        reference=reference,
        defaults={
            "call": call,
            "organisation": org,
            "created_by": user,
            "pseudonym": f"P-{100 + index}",
            "status": status,
            "title": title + suffix,
            "summary_public": f"{title} : une pratique de terrain présentée pour la démonstration.",
            "practice": "Description de la pratique (texte de démonstration).",
            "population": "Personnes vivant avec un trouble psychique et leurs proches.",
            "evidence": "Indicateurs suivis depuis trois ans ; évaluation externe en cours.",
            "innovation": "Une organisation du soutien entre pairs encore rare dans la région.",
            "transferability": "Guide de mise en œuvre et formation des équipes partenaires.",
            "participation_ethics": "Comité de pilotage où siègent des personnes concernées.",
            "project_start": dt.date(call.year, 9, 1),
            "duration_months": 24,
            "maturity": maturity,
            "public_listing_consent": consent,
            "submitted_at": call.closes_at - dt.timedelta(days=3),
        },
    )
    if created:
        StaffingLine.objects.create(
            application=application,
            role_label="Coordination du projet",
            fte=Decimal("1.00"),
            months=24,
            funding_source="Fonds propres",
        )
        StaffingLine.objects.create(
            application=application,
            role_label="Pair-aidant salarié",
            fte=Decimal("0.50"),
            months=24,
            funding_source="Subvention régionale",
        )
        from .services.applications import snapshot

        data, digest = snapshot(application)
        Application.objects.filter(pk=application.pk).update(submitted_snapshot=data, snapshot_hash=digest)
    return application, created


def _halves(index, expert_index=0):
    """Deterministic demo scores; distinct totals for the first applications."""
    halves = {c: 7 for c, *_ in GRID}
    halves["C1"] = 10 - index // 3
    halves["C3"] = 10 - index % 3
    halves["C2"] = max(2, 8 - (index * 7 + expert_index * 3) % 5)
    return halves


def _review(assignment, halves, submitted, at):
    review, created = Review.objects.get_or_create(
        assignment=assignment, defaults={"grid_hash": assignment.application.call.grid_hash}
    )
    if created:
        for criterion in assignment.application.call.criteria.all():
            CriterionScore.objects.create(
                review=review,
                criterion=criterion,
                score_half=halves[criterion.code],
                justification="Justification de démonstration, argumentée.",
            )
        if submitted:
            Review.objects.filter(pk=review.pk).update(status=Review.Status.SUBMITTED, submitted_at=at)
            Assignment.objects.filter(pk=assignment.pk).update(status=Assignment.Status.COMPLETED)
    return review


@transaction.atomic
def load_demo(now=None, stdout=None):
    now = now or timezone.now()
    data = _data()
    for order, (code, title) in enumerate(data["priorities"], start=1):
        Priority.objects.get_or_create(code=code, defaults={"title": title, "order": order})
    secretariat = _user(
        SECRETARIAT_USERNAME,
        first="Secrétariat",
        last="PositiveHub",
        email="secretariat@example.org",
        groups=[SECRETARIAT_GROUP],
    )
    year = timezone.localdate(now).year
    current, created_current = _call(
        year,
        data["current_call"]["theme"],
        data["current_call"],
        now,
        CallStatus.REVIEW,
        {
            "opens_at": now - dt.timedelta(days=120),
            "closes_at": now - dt.timedelta(days=45),
            "review_opens_at": now - dt.timedelta(days=30),
            "review_deadline": now + dt.timedelta(days=21),
            "consensus_deadline": now + dt.timedelta(days=40),
        },
    )
    _paths(current, data)
    experts = {}
    for position, (username, first, last, affiliation, country, role) in enumerate(data["experts"]):
        user = _user(
            username, first=first, last=last, email=f"{username}@example.org", groups=[COMMITTEE_GROUP]
        )
        expert, _ = Expert.objects.get_or_create(
            user=user,
            defaults={
                "affiliation": affiliation,
                "country": country,
                "languages": "français",
                "charter_signed_at": now - dt.timedelta(days=60),
                # Demo people (example.org): all but the last agreed to be named on the committee page.
                "public_consent": position < len(data["experts"]) - 1,
            },
        )
        CallMembership.objects.get_or_create(call=current, expert=expert, defaults={"role": role})
        experts[username] = expert
    applications = []
    for index, (name, legal_form, country, city, domain, title, maturity) in enumerate(
        data["organisations"], 1
    ):
        org, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "legal_form": legal_form,
                "country": country,
                "city": city,
                "email_domain": domain,
                "is_demo": True,
                "website": f"https://{domain}",
            },
        )
        user = _user(
            f"porteur{index:02d}@example.org",
            first="Porteur",
            last=f"n° {index}",
            tz="Africa/Dakar" if country in ("SN", "CI", "TG") else "Europe/Paris",
        )
        OrganisationMember.objects.get_or_create(organisation=org, user=user)
        status = ApplicationStatus.IN_REVIEW
        if index == 29:
            status = ApplicationStatus.INELIGIBLE
        application, created = _application(
            current, org, user, index, title=title, maturity=maturity, status=status, consent=index % 4 != 0
        )
        if created:
            EligibilityCheck.objects.create(
                application=application,
                legal_form_ok=True,
                hr_sufficient=index != 29,
                theme_fit=True,
                complete=True,
                decision="ineligible" if index == 29 else "eligible",
                checked_by=secretariat,
                checked_at=current.closes_at + dt.timedelta(days=5),
                reason="Le plan de ressources humaines ne couvre que 6 mois sur 24." if index == 29 else "",
            )
        applications.append(application)
    if created_current:
        _assign_and_review(current, applications, experts, data, secretariat, now)
    _past_call(data, year - 1, experts, secretariat, now)
    _open_call(data, year + 1, now)
    from .signals import call_changed

    for call in Call.objects.all():  # statuses were set with update(): the public hub pages are purged here
        call_changed(Call, call)
    return current


def open_call_dates(now):
    """Dates relative to today: the demo's open call is open whenever the demo is loaded."""
    return {
        "opens_at": now - dt.timedelta(days=7),
        "closes_at": now + dt.timedelta(days=60),
        "review_opens_at": now + dt.timedelta(days=67),
        "review_deadline": now + dt.timedelta(days=110),
        "consensus_deadline": now + dt.timedelta(days=130),
    }


def _open_call(data, year, now):
    """An open call a new user can apply to (sign up, then « Déposer une candidature »). Loaded again after
    its deadline, and still without any submitted application, it is opened again with fresh dates."""
    texts = data.get("open_call", data["current_call"])
    call, created = _call(year, texts["theme"], texts, now, CallStatus.OPEN, open_call_dates(now))
    _paths(call, data)
    if (
        not created
        and not call.accepts_applications(now)
        and call.title.endswith("(démonstration)")
        and not call.applications.exclude(status=ApplicationStatus.DRAFT).exists()
    ):
        Call.objects.filter(pk=call.pk).update(status=CallStatus.OPEN, **open_call_dates(now))
        call.refresh_from_db()
    return call


def demo_open_call():
    return (
        Call.objects.filter(status=CallStatus.OPEN, title__endswith="(démonstration)")
        .order_by("-year")
        .first()
    )


def _assign_and_review(call, applications, experts, data, secretariat, now):
    from .services.assignments import suggest_assignments

    for username, org_index in data["conflicts"]:
        ConflictDeclaration.objects.create(
            expert=experts[username],
            application=applications[org_index],
            level="disqualifying",
            relation="colleague",
            details="Collaboration récente (démonstration).",
            declared_at=now,
            resolution="recused",
            resolved_at=now,
        )
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(status=ApplicationStatus.ELIGIBLE)
    Application.objects.filter(pk=applications[28].pk).update(status=ApplicationStatus.INELIGIBLE)
    for application, chosen in suggest_assignments(call).items():
        for expert in chosen:
            Assignment.objects.create(
                application=application,
                expert=expert,
                assigned_by=secretariat,
                assigned_at=call.review_opens_at - dt.timedelta(days=5),
                due_at=call.review_deadline,
                status=Assignment.Status.ACTIVE,
            )
    Application.objects.filter(call=call, status=ApplicationStatus.ELIGIBLE).update(
        status=ApplicationStatus.IN_REVIEW
    )
    username, org_index = data["pending_conflict"]
    pending = Assignment.objects.filter(expert=experts[username], application=applications[org_index]).first()
    if pending is None:
        pending = Assignment.objects.filter(expert=experts[username]).order_by("id").first()
    Assignment.objects.filter(pk=pending.pk).update(status=Assignment.Status.INVITED)
    ConflictDeclaration.objects.create(
        expert=pending.expert,
        application=pending.application,
        level="potential",
        relation="partner",
        details="Partenariat ponctuel il y a quatre ans (démonstration).",
        declared_at=now,
    )
    # Partial reviews: about two thirds submitted, a few drafts, the rest not started.
    expert_index = {e.pk: i for i, e in enumerate(experts.values())}
    for position, assignment in enumerate(
        Assignment.objects.filter(application__call=call, status="active")
        .select_related("application")
        .order_by("id")
    ):
        index = int(assignment.application.reference[-4:])
        if position % 6 == 5:
            continue
        _review(
            assignment,
            _halves(index, expert_index[assignment.expert_id]),
            submitted=position % 6 != 4,
            at=now - dt.timedelta(days=position % 20),
        )


def _past_call(data, year, experts, secretariat, now):
    past_now = now - dt.timedelta(days=300)
    call, created = _call(
        year,
        data["past_call"]["theme"],
        data["past_call"],
        past_now,
        CallStatus.DELIBERATION,
        {
            "opens_at": past_now - dt.timedelta(days=150),
            "closes_at": past_now - dt.timedelta(days=90),
            "review_opens_at": past_now - dt.timedelta(days=80),
            "review_deadline": past_now - dt.timedelta(days=30),
            "consensus_deadline": past_now - dt.timedelta(days=15),
        },
    )
    _paths(call, data)
    if not created:
        return call
    chair = experts["demo-presidente"]
    CallMembership.objects.get_or_create(
        call=call, expert=chair, defaults={"role": CallMembership.Role.CHAIR}
    )
    maturities = {0: "emergence", 1: "consolidation", 3: "scale_up"}
    reviewers = [e for username, e in experts.items() if username != "demo-presidente"]
    for expert in reviewers[:3]:
        CallMembership.objects.get_or_create(call=call, expert=expert)
    for i, (name, *_rest) in enumerate(data["organisations"][:N_PAST]):
        org = Organisation.objects.get(name=name)
        user = org.members.first().user
        application, _ = _application(
            call,
            org,
            user,
            500 + i,
            title=f"Pratique {i + 1} de l'appel {year}",
            maturity=maturities.get(i, "emergence"),
            status=ApplicationStatus.CONSENSUS_DONE,
            consent=i % 3 != 2,
        )
        report = ConsensusReport.objects.create(
            application=application,
            status=ConsensusReport.Status.AGREED,
            agreed_at=past_now,
            agreed_by=chair.user,
            strengths="Ancrage territorial et participation des personnes concernées.",
            weaknesses="Indicateurs d'impact encore à consolider.",
            summary_for_applicant="Le comité salue une pratique solide ; l'évaluation d'impact reste à renforcer.",
        )
        halves = _halves(i) | {"C2": 8}  # distinct totals: no tie left for the committee in the demo
        for criterion in call.criteria.all():
            ConsensusScore.objects.create(
                report=report, criterion=criterion, score_half=halves[criterion.code]
            )
        # The call's minimum of counted reviews, as the rules require before a consensus.
        for expert in reviewers[: call.min_reviews_per_application]:
            assignment = Assignment.objects.create(
                application=application,
                expert=expert,
                assigned_by=secretariat,
                assigned_at=call.review_opens_at,
                due_at=call.review_deadline,
                status=Assignment.Status.ACTIVE,
            )
            _review(assignment, halves, submitted=True, at=call.review_deadline - dt.timedelta(days=3))
    from .services import selection

    last_mail = NotificationLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        run = selection.run_selection(call, chair.user, now=past_now)
        selection.finalise_run(run, chair.user, now=past_now)
        selection.confirm_run(run, secretariat, now=past_now)
        selection.publish_results(call, chair.user, now=past_now)
    # The past call's result mails are history, not news: none of them waits in the queue.
    NotificationLog.objects.filter(pk__gt=last_mail).delete()
    return call
