"""The whole cycle through real URLs: call → applications → eligibility → assignments with conflicts → reviews →
consensus → selection 12 + 3 with paths → results published."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hub.models import (
    Application,
    Assignment,
    AuditEvent,
    Call,
    CallStatus,
    ConflictDeclaration,
    ConsensusReport,
    Outcome,
    PublicListing,
    Review,
    SupportActivity,
)

from . import builders as b

pytestmark = pytest.mark.django_db
N_APPLICATIONS = 14
MATURITY = {0: "emergence", 1: "consolidation", 3: "scale_up"}


def scores_for(i):
    """Distinct totals: C1 = 10 - i // 3, C3 = 10 - i % 3; the last application fails the C4 threshold."""
    halves = dict.fromkeys(b.CODES, 8) | {"C1": 10 - i // 3, "C3": 10 - i % 3}
    if i == N_APPLICATIONS - 1:
        halves["C4"] = 4
    return halves


def post_ok(client, url, data=None, **kwargs):
    response = client.post(url, data or {}, **kwargs)
    assert response.status_code in (200, 302), (url, response.status_code)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def apply(client, i, call):
    email = f"porteur{i}@exemple-{i}.org"
    client.post(
        reverse("hub:signup"),
        {
            "first_name": "Porteur",
            "last_name": f"N°{i}",
            "email": email,
            "password1": "un-mot-de-passe-sûr-42",
            "password2": "un-mot-de-passe-sûr-42",
            "time_zone": "Africa/Dakar",
            "organisation_name": f"Association {i}",
            "legal_form": "association",
            "country": "SN",
        },
    )
    assert client.get(b.signup_link(mail.outbox, email)).status_code == 302
    start = client.get(reverse("hub:application-start", args=[call.slug]))
    token = start.context["token"]
    response = post_ok(client, reverse("hub:application-start", args=[call.slug]), {"token": token})
    pk = int(response["Location"].split("/")[-4])
    step = lambda n: reverse("hub:application-step", args=[pk, n])  # noqa: E731
    post_ok(
        client,
        step(1),
        {
            "name": f"Association {i}",
            "legal_form": "association",
            "country": "SN",
            "city": "Dakar",
            "continuer": "1",
        },
    )
    post_ok(
        client,
        step(2),
        {
            "title": f"Pépite {i}",
            "summary_public": "Résumé public.",
            "practice": "Pratique.",
            "population": "Jeunes adultes.",
            "project_start": "2026-09-01",
            "duration_months": "12",
            "maturity": MATURITY.get(i, "emergence"),
            "continuer": "1",
        },
    )
    post_ok(
        client,
        step(3),
        {
            "evidence": "Indicateurs.",
            "innovation": "Innovation.",
            "transferability": "Essaimage.",
            "participation_ethics": "Co-construction.",
            "continuer": "1",
        },
    )
    post_ok(
        client,
        step(4),
        {
            "rh-TOTAL_FORMS": "1",
            "rh-INITIAL_FORMS": "0",
            "rh-MIN_NUM_FORMS": "0",
            "rh-MAX_NUM_FORMS": "30",
            "rh-0-role_label": "Coordination",
            "rh-0-fte": "1",
            "rh-0-months": "12",
            "continuer": "1",
        },
    )
    post_ok(
        client,
        step(5),
        {"label": "Budget", "piece": "1", "file": SimpleUploadedFile("budget.pdf", b"%PDF-1.4\n%%EOF\n")},
    )
    post_ok(client, step(5), {"public_listing_consent": "oui" if i % 2 == 0 else "non", "consentement": "1"})
    post_ok(client, reverse("hub:application-submit", args=[pk]))
    client.logout()
    return pk


def test_the_whole_cycle_through_the_site(client, clock):
    clock.set(2026, 1, 5, 10)
    call = b.make_call(status=CallStatus.DRAFT, frozen=False)
    secretariat = b.make_secretariat()
    chair = b.make_expert("chair", call, role="chair", country="CH")
    experts = [
        b.make_expert(f"expert{i}", call, country=c) for i, c in enumerate(["FR", "BE", "CA", "LB", "SN"])
    ]
    experts[4].organisation_domains = "exemple-2.org"  # auto-detected conflict with applicant 2
    experts[4].save()

    # Secretariat announces: the grid is frozen and published with its hash.
    client.force_login(secretariat)
    transition = reverse("hub:secretariat-call-transition", args=[call.slug])
    post_ok(client, transition, {"action": "announce"})
    call.refresh_from_db()
    assert call.status == CallStatus.ANNOUNCED and call.grid_hash
    assert call.grid_hash in client.get(reverse("hub:call-detail", args=[call.slug])).content.decode()
    client.logout()

    # The call opens; applicants apply.
    clock.set(2026, 2, 1, 10)
    client.force_login(secretariat)
    post_ok(client, transition, {"action": "tick"})
    client.logout()
    pks = [apply(client, i, call) for i in range(N_APPLICATIONS)]
    assert Application.objects.filter(status="submitted").count() == N_APPLICATIONS
    assert len([m for m in mail.outbox if "accusé de réception" in m.subject]) == N_APPLICATIONS

    # After the deadline: eligibility with written reasons.
    clock.set(2026, 4, 1, 10)
    client.force_login(secretariat)
    post_ok(client, transition, {"action": "tick"})
    post_ok(client, transition, {"action": "start_eligibility"})
    for pk in pks:
        post_ok(
            client,
            reverse("hub:secretariat-application", args=[pk]),
            {
                "legal_form_ok": "on",
                "hr_sufficient": "on",
                "theme_fit": "on",
                "complete": "on",
                "decision": "eligible",
            },
        )
    # Balanced, conflict-free assignments.
    post_ok(client, reverse("hub:secretariat-assignments", args=[call.slug]), {"action": "suggestion"})
    assert not Assignment.objects.filter(expert=experts[4], application_id=pks[2]).exists()
    client.logout()

    # Experts declare their conflicts on the teaser; one is conflicted on application 0.
    recusing = Assignment.objects.filter(application_id=pks[0]).order_by("id").first().expert
    for expert in [*experts, chair]:
        client.force_login(expert.user)
        for assignment in Assignment.objects.filter(expert=expert):
            level = "disqualifying" if expert == recusing and assignment.application_id == pks[0] else "none"
            post_ok(
                client,
                reverse("hub:expert-conflict", args=[assignment.application_id]),
                {"level": level, "relation": "employer" if level != "none" else ""},
            )
        client.logout()
    client.force_login(secretariat)
    post_ok(client, reverse("hub:secretariat-assignments", args=[call.slug]), {"action": "suggestion"})
    client.logout()
    for assignment in Assignment.objects.filter(status="invited"):
        client.force_login(assignment.expert.user)
        post_ok(client, reverse("hub:expert-conflict", args=[assignment.application_id]), {"level": "none"})
        client.logout()
    client.force_login(secretariat)
    post_ok(client, transition, {"action": "open_review"})
    call.refresh_from_db()
    assert call.status == CallStatus.REVIEW
    client.logout()

    # Reviews (one expert is harsher on C2 of application 5: a divergence to discuss).
    clock.set(2026, 5, 1, 10)
    harsh = Assignment.objects.filter(application_id=pks[5], status="active").order_by("id").first().expert
    for expert in [*experts, chair]:  # the chair reviews the dossiers assigned to them too
        client.force_login(expert.user)
        for assignment in Assignment.objects.filter(expert=expert, status="active"):
            i = pks.index(assignment.application_id)
            halves = scores_for(i)
            if i == 5 and expert == harsh:
                halves = halves | {"C2": 4}
            data = {f"score_{c}": f"{h / 2:g}" for c, h in halves.items()}
            data |= {f"justification_{c}": "Justification argumentée du critère." for c in b.CODES}
            post_ok(
                client,
                reverse("hub:expert-review", args=[assignment.application_id]),
                data | {"deposer": "1"},
            )
        client.logout()
    assert (
        Review.objects.filter(status="submitted").count()
        == Assignment.objects.filter(status="completed").count()
    )
    assert Assignment.objects.filter(status="completed").count() >= 3 * N_APPLICATIONS

    # After the review deadline: consensus, moderated by the chair.
    clock.set(2026, 7, 1, 10)
    client.force_login(secretariat)
    post_ok(client, transition, {"action": "tick"})
    client.logout()
    assert ConsensusReport.objects.get(application_id=pks[5]).divergence_flagged
    client.force_login(chair.user)
    ranking = client.get(reverse("hub:chair-ranking", args=[call.slug])).content.decode()
    assert "À discuter (divergence)" in ranking and "Distribution des notes" in ranking
    for i, pk in enumerate(pks):
        data = {f"score_{c}": f"{h / 2:g}" for c, h in scores_for(i).items()}
        data |= {
            "summary_for_applicant": "Synthèse du comité.",
            "strengths": "Ancrage.",
            "weaknesses": "Mesure.",
            "valider": "1",
        }
        post_ok(client, reverse("hub:consensus", args=[pk]), data)
    selection_url = reverse("hub:chair-selection", args=[call.slug])
    post_ok(client, selection_url, {"action": "deliberation"})
    post_ok(client, selection_url, {"action": "run"})
    run = call.selection_runs.get()
    assert run.result["is_complete"], run.result
    post_ok(client, selection_url, {"action": "finalise", "run": run.pk})
    client.logout()
    client.force_login(secretariat)  # the two-person rule: the secretariat confirms what the chair finalised
    post_ok(client, transition, {"action": "confirm_run"})
    client.logout()
    client.force_login(chair.user)
    post_ok(client, selection_url, {"action": "publish"})
    client.logout()

    # Published: 12 pépites, 3 laureates with their path, eligible ones listed with consent.
    call = Call.objects.get(pk=call.pk)
    assert call.status == CallStatus.RESULTS_PUBLISHED
    outcomes = dict(Outcome.objects.filter(call=call).values_list("application_id", "outcome"))
    assert list(outcomes.values()).count("laureate") == 3
    assert list(outcomes.values()).count("selected") == 9
    assert outcomes[pks[-1]] in ("listed", "not_retained")  # below the C4 threshold
    laureates = Outcome.objects.filter(call=call, outcome="laureate").order_by("rank")
    assert [o.path.maturity for o in laureates] == ["emergence", "consolidation", "scale_up"]
    assert SupportActivity.objects.filter(application__call=call).count() == 12 * 4 + 3
    results = client.get(reverse("hub:call-results", args=[call.slug])).content.decode()
    assert "Pépite 0" in results and "Parcours émergence" in results
    for pk in pks:
        application = Application.objects.get(pk=pk)
        listed = PublicListing.objects.filter(application=application).exists()
        assert listed == (
            application.status in ("laureate", "selected") or application.public_listing_consent
        )
    # Each applicant sees their result, and only theirs.
    first, second = Application.objects.get(pk=pks[0]), Application.objects.get(pk=pks[1])
    client.force_login(first.created_by)
    page = client.get(reverse("hub:application-result", args=[pks[0]])).content.decode()
    assert "Lauréate" in page and "Synthèse du comité." in page
    assert client.get(reverse("hub:application-result", args=[pks[1]])).status_code == 404
    client.force_login(second.created_by)
    assert client.get(reverse("hub:application-report", args=[pks[1]])).status_code == 200
    assert AuditEvent.objects.filter(verb="call.publish").count() == 1
    declaration = ConflictDeclaration.objects.get(level="disqualifying", application_id=pks[0])
    assert declaration.expert == recusing
    assert Assignment.objects.filter(application_id=pks[0], status="completed").count() == 3
