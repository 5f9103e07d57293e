"""Applicants' side beyond the happy path: late edits keep what was typed, requests for information,
withdrawal; and the exports."""

import pytest
from django.urls import reverse

from hub.exceptions import DeadlinePassed
from hub.models import AuditEvent, CallStatus
from hub.services import applications as application_service
from hub.services import exports, selection

from . import builders as b

pytestmark = pytest.mark.django_db


def test_editing_after_the_deadline_keeps_what_was_typed_and_says_when_it_closed(client, open_call, clock):
    user, org = b.make_applicant("ana", tz="Asia/Beirut")
    application = b.make_application(open_call, org, user, complete=False)
    clock.set(2026, 4, 1, 9)
    client.force_login(user)
    response = client.post(
        reverse("hub:application-step", args=[application.pk, 2]),
        {"title": "Titre tapé trop tard", "brouillon": "1"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Titre tapé trop tard" in content
    assert "31 mars 2026 à 19:00 (Asia/Beirut)" in content
    application.refresh_from_db()
    assert application.title == ""


def test_request_for_information_then_resubmission_before_its_deadline(open_call, clock, mailoutbox):
    user, org = b.make_applicant("ana")
    application = b.make_application(open_call, org, user)
    clock.set(2026, 3, 1, 10)
    application_service.submit_application(application, user)
    secretariat = b.make_secretariat()
    application_service.decide_eligibility(
        application,
        secretariat,
        decision="more_info",
        reason="Précisez le financement du poste de pair-aidant.",
        info_deadline=b.paris(2026, 4, 15, 18),
    )
    application.refresh_from_db()
    assert application.status == "info_requested" and application.is_editable
    assert "15 avril 2026" in mailoutbox[-1].body
    clock.set(2026, 4, 10, 10)  # after the call closed, before the information deadline
    application_service.submit_application(application, user)
    application.refresh_from_db()
    assert application.status == "submitted"
    assert AuditEvent.objects.filter(verb="application.resubmit").exists()


def test_resubmission_after_the_information_deadline_is_refused(open_call, clock):
    user, org = b.make_applicant("ana")
    application = b.make_application(open_call, org, user, status="submitted")
    application_service.decide_eligibility(
        application,
        b.make_secretariat(),
        decision="more_info",
        reason="Pièce manquante.",
        info_deadline=b.paris(2026, 4, 15, 18),
    )
    clock.set(2026, 4, 15, 18)
    with pytest.raises(DeadlinePassed):
        application_service.submit_application(application, user)


def test_applicant_withdraws_before_review(client, open_call, clock):
    user, org = b.make_applicant("ana")
    application = b.make_application(open_call, org, user, status="submitted")
    client.force_login(user)
    response = client.post(reverse("hub:application-withdraw", args=[application.pk]), follow=True)
    assert "Votre candidature est retirée." in response.content.decode()
    application.refresh_from_db()
    assert application.status == "withdrawn" and application.withdrawn_at


def test_review_after_the_deadline_through_the_site_is_refused_in_french(client, world, clock):
    clock.set(world["call"].review_deadline)
    client.force_login(world["users"]["expert_assigned"])
    data = {f"score_{c}": "3" for c in b.CODES} | {f"justification_{c}": "Argument." for c in b.CODES}
    response = client.post(reverse("hub:expert-review", args=[world["app_a"].pk]), data | {"deposer": "1"})
    assert "la date limite était le 30 juin 2026 à 18:00" in response.content.decode()


@pytest.fixture
def published(db, clock):
    call = b.make_call(status=CallStatus.DELIBERATION, n_selected=1, n_laureates=1)
    chair = b.make_expert("chair", call, role="chair")
    apps = []
    for i, (halves, consent) in enumerate([(10, True), (7, False), (6, True)], start=1):
        user, org = b.make_applicant(f"porteur{i}", f"Organisation secrète {i}")
        application = b.make_application(
            call, org, user, n=i, consent=consent, title=f"Titre confidentiel {i}"
        )
        b.make_consensus(application, halves)
        apps.append(application)
    run = selection.run_selection(call, chair.user)
    selection.finalise_run(run, chair.user)
    selection.confirm_run(run, b.make_secretariat("secretariat-confirmation"))
    selection.publish_results(call, chair.user)
    return call, chair, apps, run


def test_public_results_csv_is_anonymised_and_carries_the_inputs_hash(client, published):
    call, _, apps, run = published
    content = client.get(reverse("hub:call-results-csv", args=[call.slug])).content.decode()
    assert run.inputs_hash in content
    assert all(a.pseudonym in content for a in apps)
    assert "Titre confidentiel 1" in content and "Titre confidentiel 3" in content
    assert "Titre confidentiel 2" not in content and "Organisation secrète 2" not in content  # no consent


def test_public_results_page_lists_the_laureate_with_its_path_and_the_consented_pepites(client, published):
    call, _, apps, _ = published
    page = client.get(reverse("hub:call-results", args=[call.slug])).content.decode()
    assert "Titre confidentiel 1" in page and "Parcours émergence" in page
    assert "Titre confidentiel 3" in page and "Titre confidentiel 2" not in page


def test_audit_log_export_lists_every_transition(client, published):
    call, *_ = published
    client.force_login(b.make_secretariat())
    content = client.get(reverse("hub:export-audit", args=[call.slug])).content.decode()
    for verb in (
        "selection.run",
        "selection.finalise",
        "selection.confirm",
        "call.publish",
        "application.make_laureate",
    ):
        assert verb in content


def test_feedback_report_download_has_consensus_scores_and_band(client, published):
    _, _, apps, _ = published
    client.force_login(apps[2].created_by)
    text = client.get(reverse("hub:application-report", args=[apps[2].pk])).content.decode()
    assert "Pépite référencée" in text and "C1 " in text and ": 3 sur 5" in text
    assert "Classement" in text
    assert exports.applications_csv(apps[2].call).count("PH2026-") == 3
