"""Issue 18, rules that cannot be bent: the call's minimum of counted reviews, the consensus deadline with the
chair's documented extension, and French labels on the results tables. Through the site, as people do it."""

import datetime as dt
import html

import pytest
from django.core import mail
from django.utils import timezone

from hub.exceptions import HubError
from hub.models import Assignment, AuditEvent, CallMembership, CallStatus, ConsensusReport
from hub.services import selection
from tests import factories

from . import builders as b

CONSENSUS_DATA = {f"score_{c}": "4" for c in b.CODES} | {
    "summary_for_applicant": "Synthèse du comité.",
    "strengths": "Ancrage.",
    "weaknesses": "Mesure.",
}


def consensus_call():
    """A call in its consensus phase: P-101 has 3 counted reviews, P-102 only 2 (the call asks for 3)."""
    call = b.make_call(status=CallStatus.CONSENSUS)
    chair = b.make_expert("chair", call, role=CallMembership.Role.CHAIR)
    experts = [b.make_expert(f"expert{i}", call) for i in range(4)]
    apps = []
    for n, reviewers in ((1, experts[:3]), (2, experts[:2])):
        user, org = b.make_applicant(f"porteur{n}")
        app = b.make_application(call, org, user, status="reviewed", n=n)
        for expert in reviewers:
            b.make_review(b.make_assignment(app, expert), 8)
        apps.append(app)
    return call, chair, experts, apps


@pytest.mark.django_db(transaction=True)
def test_an_application_short_of_reviews_stays_out_until_the_chair_adds_an_expert(visitor, clock):
    factories.restore_migration_data()
    clock.set(2026, 7, 1, 10)  # review deadline passed (30 June), consensus until 15 July
    call, chair, experts, (full, short) = consensus_call()
    president = visitor(chair.user)
    ranking_url = f"/positivehub/presidence/{call.slug}/"
    page = president.get(ranking_url).text
    assert "Évaluations manquantes" in page
    section, table = page.split("Évaluations manquantes", 1)[1].split("Dossiers classés", 1)
    assert short.pseudonym in section and "2 sur 3" in section and full.pseudonym not in section
    assert short.pseudonym not in table and full.pseudonym in table

    response = president.post(
        f"/positivehub/comite/dossiers/{short.pk}/consensus/", CONSENSUS_DATA | {"valider": "1"}
    )
    assert "n'a que 2 évaluations comptées sur les 3 que l'appel exige" in html.unescape(response.text)
    assert not ConsensusReport.objects.filter(application=short, status="agreed").exists()

    # The chair invites a fourth expert on the short application, from the ranking page.
    late = experts[3]
    response = president.post(
        f"/positivehub/presidence/{call.slug}/dossiers/{short.pk}/affecter/",
        {f"q{short.pk}-expert": late.pk},
        form_page=ranking_url,
    )
    assert "est invité sur" in response.text
    assignment = Assignment.objects.get(application=short, expert=late)
    assert assignment.due_at == clock.now + dt.timedelta(days=14) <= call.consensus_deadline
    invitation = [m for m in mail.outbox if m.to == [late.user.email]][-1]
    assert "15 juillet 2026" in invitation.body
    reviewer = visitor(late.user)
    reviewer.post(f"/positivehub/comite/dossiers/{short.pk}/conflit/", {"level": "none"})
    data = (
        {f"score_{c}": "4" for c in b.CODES}
        | {f"justification_{c}": "Justification argumentée du critère." for c in b.CODES}
        | {"deposer": "1"}
    )
    response = reviewer.post(f"/positivehub/comite/dossiers/{short.pk}/evaluation/", data)
    assert "Votre évaluation est déposée" in response.text
    reviewer.close()

    assert "Évaluations manquantes" not in president.get(ranking_url).text
    response = president.post(
        f"/positivehub/comite/dossiers/{short.pk}/consensus/", CONSENSUS_DATA | {"valider": "1"}
    )
    assert ConsensusReport.objects.filter(application=short, status="agreed").exists(), response.text[:3000]
    president.close()


@pytest.mark.django_db
def test_selection_refuses_an_agreed_application_that_lost_its_reviews(clock):
    clock.set(2026, 7, 1, 10)
    call, chair, experts, (full, short) = consensus_call()
    b.make_consensus(full, 8)
    b.make_consensus(short, 8, reviews=False)  # agreed before a review was excluded, say
    expected = f"Évaluations insuffisantes \\(3 requises\\) pour : {short.pseudonym}"
    with pytest.raises(HubError, match=expected):
        selection.run_selection(call, chair.user)


@pytest.mark.django_db
def test_the_consensus_deadline_holds_unless_the_chair_extends_it_with_a_reason(client, clock):
    call, chair, experts, (full, short) = consensus_call()
    clock.set(2026, 7, 16, 10)  # the day after the consensus deadline
    client.force_login(chair.user)
    url = f"/positivehub/comite/dossiers/{full.pk}/consensus/"
    response = client.post(url, CONSENSUS_DATA | {"valider": "1"})
    assert "Le consensus est clos depuis le 15 juillet 2026 à 18:00" in response.content.decode()
    assert "Synthèse du comité." in response.content.decode()  # what was typed is kept
    assert not ConsensusReport.objects.filter(application=full, status="agreed").exists()

    extend = f"/positivehub/presidence/{call.slug}/consensus/prolonger/"
    response = client.post(extend, {"until": "2026-07-25T18:00", "reason": ""})
    assert "Le motif est obligatoire." in response.content.decode()
    response = client.post(extend, {"until": "2026-07-10T18:00", "reason": "Trop tôt."})
    assert "postérieure" in response.content.decode()
    response = client.post(
        extend,
        {"until": "2026-07-25T18:00", "reason": "Deux experts malades ; décision du bureau du 16 juillet."},
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.effective_consensus_deadline == b.paris(2026, 7, 25, 18)
    event = AuditEvent.objects.get(verb="call.consensus_extend")
    assert event.payload["reason"].startswith("Deux experts malades") and event.actor == chair.user
    ranking = client.get(f"/positivehub/presidence/{call.slug}/").content.decode()
    assert "prolongée : Deux experts malades" in ranking
    client.post(url, CONSENSUS_DATA | {"valider": "1"})
    assert ConsensusReport.objects.filter(application=full, status="agreed").exists()


@pytest.mark.django_db
def test_results_tables_show_french_labels_never_codes(client, clock):
    clock.set(2026, 7, 20, 10)
    call = b.make_call(status=CallStatus.DELIBERATION, n_selected=2, n_laureates=1)
    chair = b.make_expert("chair", call, role=CallMembership.Role.CHAIR)
    for n, halves in ((1, 10), (2, 8), (3, 2)):
        user, org = b.make_applicant(f"porteur{n}", country="SN")
        app = b.make_application(
            call, org, user, n=n, maturity="scale_up" if n == 1 else "emergence", consent=n != 3
        )
        b.make_consensus(app, halves)
    client.force_login(chair.user)
    selection_url = f"/positivehub/presidence/{call.slug}/selection/"
    client.post(selection_url, {"action": "run"})
    page = client.get(selection_url).content.decode()
    table = page.split("Résultat du calcul", 1)[1].split("</table>", 1)[0]
    assert "Lauréate (parcours renforcé)" in table and "Non retenue" in table
    assert "Parcours changement d&#x27;échelle" in table
    for code in (">laureate<", ">not_retained<", ">selected<", "changement-echelle"):
        assert code not in table
    run = call.selection_runs.get()
    selection.finalise_run(run, chair.user)
    selection.confirm_run(run, b.make_secretariat())
    selection.publish_results(call, chair.user)
    client.logout()
    public = client.get(f"/positivehub/{call.slug}/resultats/").content.decode()
    assert "Lauréate (Parcours changement d&#x27;échelle)" in public and "(Sénégal)" in public
    assert "changement-echelle" not in public and "(SN)" not in public


@pytest.mark.django_db(transaction=True)
def test_an_ineligibility_decision_can_be_appealed_once_and_is_decided_by_someone_else(visitor):
    factories.restore_migration_data()
    now = timezone.now()
    call = b.make_call(
        year=now.year,
        status=CallStatus.ELIGIBILITY,
        opens_at=now - dt.timedelta(days=60),
        closes_at=now - dt.timedelta(days=5),
        review_opens_at=now + dt.timedelta(days=10),
        review_deadline=now + dt.timedelta(days=40),
    )
    user, org = b.make_applicant("ana")
    application = b.make_application(call, org, user, status="submitted")
    first, second = b.make_secretariat("premiere"), b.make_secretariat("seconde")
    from hub.services import applications as service

    service.decide_eligibility(
        application, first, decision="ineligible", reason="Le plan RH ne couvre pas la durée."
    )
    ana = visitor(user)
    detail = f"/positivehub/candidature/{application.pk}/"
    assert "Contester cette décision" in ana.get(detail).text
    appeal_url = detail + "recours/"
    response = ana.post(appeal_url, {"reason": ""})
    assert "Expliquez en quelques lignes" in html.unescape(response.text)
    response = ana.post(appeal_url, {"reason": "Le plan compte 2 ETP sur 24 mois : voir l'étape 4 « RH »."})
    assert "Votre recours est déposé" in response.text
    application.refresh_from_db()
    assert application.status == "appeal_pending"
    assert "Contester cette décision" not in ana.get(detail).text  # once only
    receipt = [m for m in mail.outbox if "recours" in m.subject][-1]
    assert "voir l'étape 4 « RH »." in receipt.body

    page = f"/positivehub/secretariat/dossiers/{application.pk}/"
    author = visitor(first)
    assert "Vous avez pris la première décision" in html.unescape(author.get(page).text)
    author.post(page, {"action": "recours", "upheld": "oui", "note": "Je me déjuge."})
    application.refresh_from_db()
    assert application.status == "appeal_pending"  # the first decider cannot decide the appeal

    other = visitor(second)
    other.post(
        page,
        {
            "action": "recours",
            "upheld": "oui",
            "note": "Le plan couvre bien 48 mois-personne : erreur de lecture.",
        },
    )
    application.refresh_from_db()
    assert application.status == "eligible"
    assert application.eligibility.appeal_decided_by == second and application.eligibility.appeal_upheld
    decision = [m for m in mail.outbox if "décision sur votre recours" in m.subject][-1]
    assert "Votre recours est accepté" in decision.body and "erreur de lecture" in decision.body
    for one in (ana, author, other):
        one.close()


@pytest.mark.django_db
def test_the_chair_sees_a_far_shorter_review_and_an_inconsistent_recommendation(client, clock):
    from hub.models import Review

    call = b.make_call(status=CallStatus.REVIEW)
    chair = b.make_expert("chair", call, role=CallMembership.Role.CHAIR)
    user, org = b.make_applicant("porteur")
    app = b.make_application(call, org, user, status="in_review")
    long_text = "Justification détaillée, appuyée sur les indicateurs fournis et les entretiens. " * 3
    reviews = [
        b.make_review(b.make_assignment(app, b.make_expert(f"expert{i}", call)), 8, justification=long_text)
        for i in range(2)
    ]
    brief = b.make_review(b.make_assignment(app, b.make_expert("brief", call)), 9, justification="Bien.")
    Review.objects.filter(pk=reviews[0].pk).update(recommendation="not_select")  # 80/100, threshold 60
    Review.objects.filter(pk=brief.pk).update(recommendation="select")
    client.force_login(chair.user)
    page = client.get(f"/positivehub/presidence/{call.slug}/dossiers/{app.pk}/").content.decode()
    page = html.unescape(page)
    assert page.count("À vérifier") == 2
    assert "Évaluation très courte : 30 caractères de justification" in page
    assert "Recommande de ne pas sélectionner avec une note de 80/100." in page
    ranking = html.unescape(client.get(f"/positivehub/presidence/{call.slug}/").content.decode())
    assert "2 évaluations à vérifier" in ranking
