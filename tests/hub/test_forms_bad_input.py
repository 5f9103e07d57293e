"""Every form tried with bad input: French message, form redisplayed with what was typed, never a 500."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hub.models import Application, Attachment, CriterionScore, StaffingLine

from . import builders as b

pytestmark = pytest.mark.django_db
SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def applicant(client, open_call, clock):
    clock.set(2026, 2, 1, 10)
    user, org = b.make_applicant("ana")
    application = b.make_application(open_call, org, user, complete=False)
    client.force_login(user)
    return user, org, application


def test_signup_with_an_ineligible_kind_of_organisation_is_refused_and_keeps_the_input(client, db):
    response = client.post(
        reverse("hub:signup"),
        {
            "first_name": "Léa",
            "last_name": "Martin",
            "email": "lea@example.org",
            "password1": "un-mot-de-passe-sûr-42",
            "password2": "un-mot-de-passe-sûr-42",
            "time_zone": "Africa/Dakar",
            "organisation_name": "Boutique Léa",
            "legal_form": "commercial",
            "country": "SN",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "n&#x27;est pas éligible au PositiveHub" in content
    assert 'value="Boutique Léa"' in content and 'value="lea@example.org"' in content
    assert 'aria-describedby="id_legal_form_erreurs"' in content and 'aria-invalid="true"' in content


def test_signup_creates_an_applicant_with_the_minimum_data(client, db, mailoutbox):
    response = client.post(
        reverse("hub:signup"),
        {
            "first_name": "Léa",
            "last_name": "Martin",
            "email": "Lea@Example.org",
            "password1": "un-mot-de-passe-sûr-42",
            "password2": "un-mot-de-passe-sûr-42",
            "time_zone": "America/Toronto",
            "organisation_name": "Les Pairs",
            "legal_form": "association",
            "country": "CA",
        },
    )
    assert response.status_code == 200 and "Vérifiez votre messagerie" in response.content.decode()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="lea@example.org")
    assert not user.is_active
    response = client.get(b.signup_link(mailoutbox, "lea@example.org"))
    assert response.status_code == 302 and response["Location"] == reverse("hub:applicant-dashboard")
    user.refresh_from_db()
    assert user.is_active
    assert user.hub_profile.time_zone == "America/Toronto"
    assert user.hub_memberships.get().organisation.name == "Les Pairs"


def test_organisation_step_refuses_an_ineligible_kind(client, applicant):
    _, org, application = applicant
    response = client.post(
        reverse("hub:application-step", args=[application.pk, 1]),
        {"name": "Nouvelle société", "legal_form": "individual", "country": "FR", "brouillon": "1"},
    )
    assert response.status_code == 200
    assert "n&#x27;est pas éligible" in response.content.decode()
    org.refresh_from_db()
    assert org.legal_form == "association" and 'value="Nouvelle société"' in response.content.decode()


def test_a_draft_saves_with_missing_fields_and_the_submission_lists_what_is_missing(client, applicant):
    _, _, application = applicant
    response = client.post(
        reverse("hub:application-step", args=[application.pk, 2]),
        {"title": "Pair-aidance en sortie d'hospitalisation", "brouillon": "1"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.title == "Pair-aidance en sortie d'hospitalisation"
    response = client.post(reverse("hub:application-submit", args=[application.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Champ à remplir : description de la pratique." in content
    assert "Le plan de ressources humaines est vide." in content
    assert "Répondez à la question sur le référencement public." in content
    assert "Étape 5 sur 5" in content
    application.refresh_from_db()
    assert application.status == "draft"


def test_bad_date_and_duration_redisplay_everything_typed(client, applicant):
    _, _, application = applicant
    response = client.post(
        reverse("hub:application-step", args=[application.pk, 2]),
        {
            "title": "Mon titre",
            "practice": "Une description longue",
            "project_start": "31/02/2026",
            "duration_months": "-3",
            "brouillon": "1",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Mon titre" in content and "Une description longue" in content
    assert "Saisissez une date valide" in content or "date valide" in content
    application.refresh_from_db()
    assert application.title == ""


@pytest.mark.parametrize(
    "fte, months, message",
    [
        ("0", "12", "L&#x27;effort doit être supérieur à zéro."),
        ("-1", "12", "L&#x27;effort doit être supérieur à zéro."),
        ("0,5", "0", "Le nombre de mois doit être supérieur à zéro."),
        ("0,5", "-4", "Le nombre de mois doit être supérieur à zéro."),
    ],
)
def test_staffing_plan_with_zero_or_negative_effort_is_refused(client, applicant, fte, months, message):
    _, _, application = applicant
    response = client.post(
        reverse("hub:application-step", args=[application.pk, 4]),
        {
            "rh-TOTAL_FORMS": "1",
            "rh-INITIAL_FORMS": "0",
            "rh-MIN_NUM_FORMS": "0",
            "rh-MAX_NUM_FORMS": "30",
            "rh-0-role_label": "Coordinatrice",
            "rh-0-fte": fte,
            "rh-0-months": months,
            "brouillon": "1",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert message in content and 'value="Coordinatrice"' in content
    assert not StaffingLine.objects.filter(application=application).exists()


def test_insufficient_human_resources_block_the_submission(client, applicant):
    _, _, application = applicant
    b.make_application  # noqa: B018 - the complete builder is not used: fill the fields through the model
    for name in (
        "title",
        "summary_public",
        "practice",
        "population",
        "evidence",
        "innovation",
        "transferability",
        "participation_ethics",
    ):
        setattr(application, name, "Texte")
    application.project_start, application.duration_months, application.maturity = (
        "2026-09-01",
        24,
        "emergence",
    )
    application.public_listing_consent = True
    application.save()
    StaffingLine.objects.create(application=application, role_label="Bénévole", fte="0.20", months=24)
    response = client.post(reverse("hub:application-submit", args=[application.pk]))
    assert "ne couvrent pas le minimum de l&#x27;appel (24 mois-personne" in response.content.decode()


def test_attachment_that_is_not_a_pdf_by_content_is_refused(client, applicant):
    _, _, application = applicant
    fake = SimpleUploadedFile("budget.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("hub:application-step", args=[application.pk, 5]),
        {"label": "Budget prévisionnel", "file": fake, "piece": "1"},
    )
    content = response.content.decode()
    assert "n&#x27;est pas un PDF" in content and 'value="Budget prévisionnel"' in content
    assert not Attachment.objects.exists()


def test_attachment_over_10_mb_is_refused(client, applicant):
    _, _, application = applicant
    big = SimpleUploadedFile(
        "gros.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), content_type="application/pdf"
    )
    response = client.post(
        reverse("hub:application-step", args=[application.pk, 5]),
        {"label": "Rapport", "file": big, "piece": "1"},
    )
    assert "Le fichier dépasse 10 Mo." in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_real_pdf_is_attached_with_its_hash(client, applicant):
    _, _, application = applicant
    pdf = SimpleUploadedFile("budget.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        reverse("hub:application-step", args=[application.pk, 5]),
        {"label": "Budget", "file": pdf, "piece": "1"},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert len(attachment.sha256) == 64 and attachment.original_name == "budget.pdf"
    download = client.get(reverse("hub:attachment-download", args=[application.pk, attachment.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_text_with_html_or_scripts_is_escaped_everywhere(client, applicant):
    user, _, application = applicant
    client.post(
        reverse("hub:application-step", args=[application.pk, 2]),
        {"title": SCRIPT, "summary_public": "<b>gras</b>", "brouillon": "1"},
    )
    application.refresh_from_db()
    assert application.title == SCRIPT  # stored as typed
    for url in (
        reverse("hub:application-detail", args=[application.pk]),
        reverse("hub:application-step", args=[application.pk, 2]),
        reverse("hub:applicant-dashboard"),
    ):
        content = client.get(url).content.decode()
        assert SCRIPT not in content and "&lt;script&gt;" in content


def test_double_click_on_start_creates_one_application(client, applicant):
    _, _, _ = applicant
    token = str(uuid.uuid4())
    before = Application.objects.count()
    url = reverse("hub:application-start", args=["appel-2026"])
    first = client.post(url, {"token": token})
    second = client.post(url, {"token": token})
    assert Application.objects.count() == before + 1
    assert first["Location"] == second["Location"]


def test_double_click_on_submit_submits_once_and_sends_one_receipt(client, open_call, clock, mailoutbox):
    clock.set(2026, 2, 1, 10)
    user, org = b.make_applicant("ana")
    application = b.make_application(open_call, org, user)
    client.force_login(user)
    url = reverse("hub:application-submit", args=[application.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert len(mailoutbox) == 1
    from hub.models import AuditEvent

    assert AuditEvent.objects.filter(verb="application.submit").count() == 1


@pytest.fixture
def reviewer(client, world):
    client.force_login(world["users"]["expert_assigned"])
    return world


@pytest.mark.parametrize("bad", ["5.25", "11", "-1", "abc"])
def test_score_of_5_25_or_11_is_refused_with_a_french_message(client, reviewer, bad):
    app = reviewer["app_a"]
    data = {f"score_{c}": "3" for c in b.CODES} | {
        f"justification_{c}": "Argument détaillé." for c in b.CODES
    }
    data |= {"score_C2": bad, "justification_C2": "Ce que j'ai écrit reste là.", "brouillon": "1"}
    response = client.post(reverse("hub:expert-review", args=[app.pk]), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Choisissez une note entre 0 et 5, par demi-points." in content
    assert "Ce que j&#x27;ai écrit reste là." in content
    assert not CriterionScore.objects.filter(review__assignment=reviewer["assignment"]).exists()


def test_incomplete_review_is_saved_as_draft_and_lists_what_is_missing(client, reviewer):
    app = reviewer["app_a"]
    data = {f"score_{c}": "3,5" for c in b.CODES} | {"score_C6": "", "deposer": "1"}
    data |= {f"justification_{c}": "Argument suffisamment détaillé." for c in b.CODES}
    response = client.post(reverse("hub:expert-review", args=[app.pk]), data)
    content = response.content.decode()
    assert "C6 : note manquante." in content
    review = reviewer["assignment"].review
    assert review.status == "draft"
    assert review.scores.get(criterion__code="C1").score_half == 7


def test_conflict_form_requires_details_for_a_potential_conflict(client, world):
    expert = b.make_expert("newcomer", world["call"])
    b.make_assignment(world["app_a"], expert, status="invited")
    client.force_login(expert.user)
    response = client.post(reverse("hub:expert-conflict", args=[world["app_a"].pk]), {"level": "potential"})
    assert "Précisez la nature du lien" in response.content.decode()


def test_eligibility_refusal_without_reason_is_refused_in_french(client, open_call):
    user, org = b.make_applicant("ana")
    application = b.make_application(open_call, org, user, status="submitted")
    client.force_login(b.make_secretariat())
    response = client.post(
        reverse("hub:secretariat-application", args=[application.pk]),
        {"decision": "ineligible", "reason": ""},
    )
    assert "Écrivez le motif de cette décision." in response.content.decode()
    application.refresh_from_db()
    assert application.status == "submitted"


def test_reopen_without_reason_is_refused(client, world):
    client.force_login(world["users"]["chair"])
    review = world["peer_assignments"][0].review
    response = client.post(reverse("hub:chair-reopen", args=[world["call"].slug, review.pk]), {"reason": ""})
    assert "Le motif est obligatoire." in response.content.decode()
    review.refresh_from_db()
    assert review.status == "submitted"


def test_override_without_justification_is_refused(client, world):
    client.force_login(world["users"]["chair"])
    response = client.post(
        reverse("hub:chair-selection", args=[world["call"].slug]),
        {"action": "override", "kind": "exclude", "justification": ""},
    )
    assert response.status_code == 200
    assert "La justification est obligatoire." in response.content.decode()


def test_consent_with_an_unknown_answer_is_refused(client, applicant):
    _, _, application = applicant
    response = client.post(
        reverse("hub:application-step", args=[application.pk, 5]),
        {"public_listing_consent": "peut-être", "consentement": "1"},
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    application.refresh_from_db()
    assert application.public_listing_consent is None


@pytest.fixture
def consensus_world(client, world, clock):
    from hub.models import Call, CallStatus

    # Two counted reviews on app_a: the call asks for two here, so its consensus may be written.
    Call.objects.filter(pk=world["call"].pk).update(
        status=CallStatus.CONSENSUS, min_reviews_per_application=2
    )
    client.force_login(world["users"]["chair"])
    return world


def test_consensus_form_refuses_an_out_of_range_score_and_a_far_score_without_rationale(
    client, consensus_world
):
    url = reverse("hub:consensus", args=[consensus_world["app_a"].pk])
    base = {f"score_{c}": "3,5" for c in b.CODES} | {"summary_for_applicant": "Synthèse gardée."}
    response = client.post(url, base | {"score_C1": "11"})
    assert "Choisissez une note entre 0 et 5, par demi-points." in response.content.decode()
    response = client.post(url, base | {"score_C1": "5"})
    content = response.content.decode()
    assert "une justification est obligatoire" in content and "Synthèse gardée." in content


def test_conflict_decision_without_a_reason_is_refused(client, world):
    from hub.models import ConflictDeclaration

    declaration = b.declare(
        world["experts"]["peers"][0], world["app_b"], level="potential", resolution="pending"
    )
    client.force_login(world["users"]["chair"])
    response = client.post(
        reverse("hub:chair-conflicts", args=[world["call"].slug]),
        {"declaration": declaration.pk, "resolution": "waived", "note": ""},
    )
    assert "Choisissez une décision et écrivez son motif." in response.content.decode()
    assert ConflictDeclaration.objects.get(pk=declaration.pk).resolution == "pending"


def test_tie_vote_without_minutes_is_refused(client, world):
    client.force_login(world["users"]["chair"])
    response = client.post(
        reverse("hub:chair-selection", args=[world["call"].slug]),
        {"action": "vote", "position": "0", "minutes": ""},
    )
    content = response.content.decode()
    assert "Le compte rendu est obligatoire." in content and "Le vote est incomplet." in content


def test_manual_assignment_with_unknown_choices_is_refused(client, world):
    client.force_login(world["users"]["secretariat"])
    response = client.post(
        reverse("hub:secretariat-assignments", args=[world["call"].slug]),
        {"action": "manual", "application": "999999", "expert": "abc"},
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_charter_is_not_signed_without_the_checkbox(client, world):
    expert = b.make_expert("unsigned", world["call"], signed=False)
    client.force_login(expert.user)
    response = client.post(reverse("hub:expert-charter"), {})
    assert "Cochez la case pour signer la charte." in response.content.decode()
    expert.refresh_from_db()
    assert expert.charter_signed_at is None


@pytest.mark.parametrize(
    "url_name, data",
    [
        ("hub:secretariat-support", {"activity": "abc", "status": "done"}),
        ("hub:secretariat-call-transition", {"action": "n'importe quoi"}),
    ],
)
def test_secretariat_actions_with_garbage_never_give_a_500(client, world, url_name, data):
    client.force_login(world["users"]["secretariat"])
    response = client.post(reverse(url_name, args=[world["call"].slug]), data)
    assert response.status_code in (302, 404)


@pytest.mark.parametrize("data", [{"action": "finalise", "run": "abc"}, {"action": "finalise"}])
def test_chair_selection_with_a_garbage_run_id_is_a_404(client, world, data):
    client.force_login(world["users"]["chair"])
    assert client.post(reverse("hub:chair-selection", args=[world["call"].slug]), data).status_code == 404


def test_chair_conflict_decision_with_a_garbage_id_is_a_404(client, world):
    client.force_login(world["users"]["chair"])
    response = client.post(
        reverse("hub:chair-conflicts", args=[world["call"].slug]),
        {"declaration": "1 OR 1=1", "resolution": "waived", "note": "x"},
    )
    assert response.status_code == 404


def test_signup_never_reveals_that_an_address_has_an_account(client, db, mailoutbox):
    """Same page for a new and a known address; the known one gets a mail (how to sign in) instead."""
    b.make_applicant("ana")  # ana@example.org has an account
    data = {
        "first_name": "X",
        "last_name": "Y",
        "password1": "un-mot-de-passe-sûr-42",
        "password2": "un-mot-de-passe-sûr-42",
        "time_zone": "Europe/Paris",
        "organisation_name": "Asso",
        "legal_form": "association",
        "country": "FR",
    }
    known = client.post(reverse("hub:signup"), {**data, "email": "ANA@example.org"})
    new = client.post(reverse("hub:signup"), {**data, "email": "zoe@example.org"})
    assert known.status_code == new.status_code == 200
    strip = lambda r: r.content.decode().replace("ana@example.org", "@").replace("zoe@example.org", "@")  # noqa: E731
    assert strip(known) == strip(new)
    assert "existe déjà" not in known.content.decode()
    to_ana = [m for m in mailoutbox if m.to == ["ana@example.org"]]
    assert len(to_ana) == 1 and "Vous avez déjà un compte" in to_ana[0].body
    assert "/compte/mot-de-passe/oubli/" in to_ana[0].body and "/inscription/confirmer/" not in to_ana[0].body
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.filter(email__iexact="ana@example.org").count() == 1
    link = b.signup_link(mailoutbox, "zoe@example.org")
    assert client.get(link).status_code == 302  # opens zoe's account and signs her in
    client.logout()
    assert client.get(link)["Location"].startswith("/compte/connexion/")  # the link works once
    assert client.get("/positivehub/inscription/confirmer/faux/").status_code == 400


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "1899-05-01"])
def test_absurd_project_dates_are_refused_in_french_and_keep_the_input(client, applicant, typed):
    _, _, application = applicant
    response = client.post(
        reverse("hub:application-step", args=[application.pk, 2]),
        {"title": "Café « d'entraide »", "project_start": typed, "duration_months": "12", "brouillon": "1"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Indiquez une date de début réaliste" in content
    assert "Café « d&#x27;entraide »" in content
    application.refresh_from_db()
    assert application.project_start is None or application.project_start.year > 1900


def test_signing_up_again_before_confirming_starts_afresh_with_one_account(client, db, mailoutbox):
    from django.contrib.auth import get_user_model

    data = {
        "first_name": "Léa",
        "last_name": "Martin",
        "email": "lea@example.org",
        "password1": "un-mot-de-passe-sûr-42",
        "password2": "un-mot-de-passe-sûr-42",
        "time_zone": "Europe/Paris",
        "legal_form": "association",
        "country": "FR",
    }
    client.post(reverse("hub:signup"), data | {"organisation_name": "Première saisie"})
    client.post(reverse("hub:signup"), data | {"organisation_name": "Les Pairs « d'abord »"})
    users = get_user_model().objects.filter(email="lea@example.org")
    assert users.count() == 1
    assert client.get(b.signup_link(mailoutbox, "lea@example.org")).status_code == 302
    assert users.get().hub_memberships.get().organisation.name == "Les Pairs « d'abord »"
    assert not [m for m in mailoutbox if "déjà un compte" in m.body]
