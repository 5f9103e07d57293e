"""Every role × every URL of the hub, with the status each role must get (§8.4). A conflicted expert or chair
gets 404 (the application's existence is not revealed); applicant B gets 404 on applicant A's result."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from hub.models import Attachment, CalibrationExample, CallMembership

from . import builders as b

# chair_coi is a vice-chair conflicted on app_a; chair_assigned a chair who is also an assigned expert of app_a
# and has not submitted her review yet.
ROLES = [
    "anonymous",
    "applicant_a",
    "applicant_b",
    "expert_assigned",
    "expert_unassigned",
    "expert_coi",
    "chair",
    "chair_coi",
    "chair_assigned",
    "secretariat",
]
EXPERTS = ["expert_assigned", "expert_unassigned", "expert_coi", "chair", "chair_coi", "chair_assigned"]
ASSIGNED = ["expert_assigned", "chair_assigned"]
NON_SECRETARIAT = ["applicant_a", "applicant_b", *EXPERTS]


def statuses(default, **overrides):
    """Status per role: `default` for every signed-in role, 302 (to the login page) for anonymous unless given."""
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = 302
    table.update(overrides)
    return table


def only(role_statuses, others, anonymous=302):
    table = dict.fromkeys(ROLES, others)
    table["anonymous"] = anonymous
    table.update(role_statuses)
    return table


SECRETARIAT_ONLY = only({"secretariat": 200}, 403)
EXPERT_PAGES = only(dict.fromkeys(EXPERTS, 200), 403)
APPLICANT_A_ONLY = only({"applicant_a": 200}, 404)
CHAIR_PAGES = only({"chair": 200, "chair_coi": 200, "chair_assigned": 200}, 403)

# (url name, args builder, method, expected statuses)
MATRIX = [
    ("index", lambda w: [], "get", statuses(200, anonymous=200)),
    ("signup", lambda w: [], "get", statuses(302, anonymous=200)),
    ("privacy", lambda w: [], "get", statuses(200, anonymous=200)),
    ("signup-confirm", lambda w: ["lien-faux"], "get", statuses(400, anonymous=400)),
    ("call-detail", lambda w: [w["call"].slug], "get", statuses(200, anonymous=200)),
    ("call-results", lambda w: [w["past_call"].slug], "get", statuses(200, anonymous=200)),
    ("call-results", lambda w: [w["call"].slug], "get", statuses(404, anonymous=404)),
    ("call-results-csv", lambda w: [w["past_call"].slug], "get", statuses(200, anonymous=200)),
    ("applicant-dashboard", lambda w: [], "get", statuses(200)),
    (
        "application-start",
        lambda w: [w["call"].slug],
        "get",
        only({"applicant_a": 200, "applicant_b": 200}, 403),
    ),
    ("application-detail", lambda w: [w["app_a"].pk], "get", APPLICANT_A_ONLY),
    ("application-step", lambda w: [w["draft_a"].pk, 1], "get", APPLICANT_A_ONLY),
    ("application-submit", lambda w: [w["draft_a"].pk], "post", only({"applicant_a": 302}, 404)),
    ("application-withdraw", lambda w: [w["app_a"].pk], "get", APPLICANT_A_ONLY),
    ("application-appeal", lambda w: [w["app_a"].pk], "get", only({"applicant_a": 302}, 404)),
    (
        "attachment-download",
        lambda w: [w["draft_a"].pk, w["attachment"].pk],
        "get",
        only({"applicant_a": 200, "secretariat": 200}, 404),
    ),
    (
        "attachment-delete",
        lambda w: [w["draft_a"].pk, w["attachment"].pk],
        "post",
        only({"applicant_a": 302}, 404),
    ),
    ("application-result", lambda w: [w["past_a"].pk], "get", APPLICANT_A_ONLY),
    ("application-result", lambda w: [w["app_a"].pk], "get", APPLICANT_A_ONLY),
    ("application-report", lambda w: [w["past_a"].pk], "get", APPLICANT_A_ONLY),
    ("expert-dashboard", lambda w: [], "get", EXPERT_PAGES),
    ("expert-charter", lambda w: [], "get", EXPERT_PAGES),
    (
        "expert-conflict",
        lambda w: [w["app_a"].pk],
        "get",
        only({**dict.fromkeys(EXPERTS, 404), **dict.fromkeys(ASSIGNED, 200)}, 403),
    ),
    (
        "expert-application",
        lambda w: [w["app_a"].pk],
        "get",
        only({**dict.fromkeys(EXPERTS, 404), **dict.fromkeys(ASSIGNED, 200)}, 403),
    ),
    (
        "expert-review",
        lambda w: [w["app_a"].pk],
        "get",
        only({**dict.fromkeys(EXPERTS, 404), **dict.fromkeys(ASSIGNED, 200)}, 403),
    ),
    (
        "expert-reviews",
        lambda w: [w["app_a"].pk],
        "get",
        only({**dict.fromkeys(EXPERTS, 404), **dict.fromkeys(ASSIGNED, 200)}, 403),
    ),
    (
        "consensus",
        lambda w: [w["app_a"].pk],
        "get",
        only(
            {
                "expert_assigned": 200,
                "chair": 200,
                "chair_assigned": 200,
                "expert_unassigned": 404,
                "expert_coi": 404,
                "chair_coi": 404,
            },
            403,
        ),
    ),
    ("secretariat-dashboard", lambda w: [], "get", SECRETARIAT_ONLY),
    ("secretariat-application", lambda w: [w["app_a"].pk], "get", SECRETARIAT_ONLY),
    ("practice-draft", lambda w: [w["past_a"].pk], "post", only({"secretariat": 302}, 403)),
    ("secretariat-call", lambda w: [w["call"].slug], "get", SECRETARIAT_ONLY),
    ("secretariat-call-transition", lambda w: [w["call"].slug], "post", only({"secretariat": 302}, 403)),
    ("secretariat-assignments", lambda w: [w["call"].slug], "get", SECRETARIAT_ONLY),
    ("secretariat-follow-up", lambda w: [w["call"].slug], "get", SECRETARIAT_ONLY),
    ("secretariat-support", lambda w: [w["call"].slug], "get", SECRETARIAT_ONLY),
    ("export-applications", lambda w: [w["call"].slug], "get", SECRETARIAT_ONLY),
    ("export-audit", lambda w: [w["call"].slug], "get", SECRETARIAT_ONLY),
    ("chair-ranking", lambda w: [w["call"].slug], "get", CHAIR_PAGES),
    (
        "chair-application",
        lambda w: [w["call"].slug, w["app_a"].pk],
        "get",
        only({"chair": 200, "chair_assigned": 200, "chair_coi": 404}, 403),
    ),
    (
        "chair-reopen",
        lambda w: [w["call"].slug, w["peer_review"].pk],
        "get",
        only({"chair": 200, "chair_assigned": 200, "chair_coi": 404}, 403),
    ),
    ("chair-conflicts", lambda w: [w["call"].slug], "get", CHAIR_PAGES),
    (
        "chair-assign",
        lambda w: [w["call"].slug, w["app_a"].pk],
        "post",
        only({"chair": 302, "chair_assigned": 302, "chair_coi": 404}, 403),
    ),
    ("chair-extend-consensus", lambda w: [w["call"].slug], "get", CHAIR_PAGES),
    ("chair-selection", lambda w: [w["call"].slug], "get", CHAIR_PAGES),
    ("export-matrix", lambda w: [w["call"].slug], "get", CHAIR_PAGES),
    # Issue 18: public pépites, priorities, committee; calls from the site; PDF report; calibration
    ("pepite-list", lambda w: [], "get", statuses(200, anonymous=200)),
    ("pepite-detail", lambda w: [w["past_a"].listing.slug], "get", statuses(200, anonymous=200)),
    ("priorities", lambda w: [], "get", statuses(200, anonymous=200)),
    ("committee", lambda w: [], "get", statuses(200, anonymous=200)),
    ("application-report-pdf", lambda w: [w["past_a"].pk], "get", APPLICANT_A_ONLY),
    ("call-create", lambda w: [], "get", SECRETARIAT_ONLY),
    ("call-copy", lambda w: [], "post", only({"secretariat": 302}, 403)),
    ("call-edit", lambda w: [w["call"].slug], "get", SECRETARIAT_ONLY),
    ("call-preview", lambda w: [w["call"].slug], "get", SECRETARIAT_ONLY),
    ("expert-calibration", lambda w: [w["call"].slug], "get", EXPERT_PAGES),
    (
        "expert-calibration-example",
        lambda w: [w["call"].slug, w["calibration_example"].pk],
        "get",
        EXPERT_PAGES,
    ),
]


@pytest.fixture
def matrix_world(world):
    attachment = Attachment(application=world["draft_a"], label="Budget", original_name="budget.pdf", size=9)
    attachment.file.save("budget.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    world["attachment"] = attachment
    world["peer_review"] = world["peer_assignments"][0].review
    chair_expert = b.make_expert("chairexp", world["call"], role=CallMembership.Role.CHAIR)
    world["chair_assignment"] = b.make_assignment(world["app_a"], chair_expert)
    world["users"]["chair_assigned"] = chair_expert.user
    world["calibration_example"] = CalibrationExample.objects.create(
        call=world["call"], title="Exemple partagé", text="Un dossier d'exemple."
    )
    return world


def test_the_matrix_covers_every_url_name_of_the_app():
    from hub import urls

    assert {pattern.name for pattern in urls.urlpatterns} == {entry[0] for entry in MATRIX}


@pytest.mark.parametrize(
    "name, args, method, expected", MATRIX, ids=[f"{m[0]}-{i}" for i, m in enumerate(MATRIX)]
)
def test_every_role_gets_the_specified_status(client, matrix_world, name, args, method, expected):
    url = reverse(f"hub:{name}", args=args(matrix_world))
    wrong = {}
    for role in ROLES:
        user = matrix_world["users"][role]
        client.logout()
        if user is not None:
            client.force_login(user)
        response = getattr(client, method)(url)
        if response.status_code != expected[role]:
            wrong[role] = (response.status_code, expected[role])
    assert wrong == {}, f"{url}: (reçu, attendu) {wrong}"


def test_applicant_b_gets_404_on_applicant_a_result(client, matrix_world):
    client.force_login(matrix_world["users"]["applicant_b"])
    assert client.get(reverse("hub:application-result", args=[matrix_world["past_a"].pk])).status_code == 404
    client.force_login(matrix_world["users"]["applicant_a"])
    page = client.get(reverse("hub:application-result", args=[matrix_world["past_a"].pk])).content.decode()
    assert "Pépite sélectionnée" in page and "Synthèse du comité." in page


def test_anonymous_is_sent_to_the_login_page(client, matrix_world):
    response = client.get(reverse("hub:applicant-dashboard"))
    assert response.status_code == 302 and response["Location"].startswith("/compte/connexion/")


GARBAGE = {
    "action": "zzz",
    "token": "pas-un-uuid",
    "step": "x",
    "score_C1": "abc",
    "score_C2": "5.25",
    "justification_C1": "<script>alert(1)</script>",
    "decision": "peut-être",
    "level": "???",
    "reason": "",
    "legal_form": "inconnu",
    "rh-TOTAL_FORMS": "abc",
    "run": "-1",
    "declaration": "x",
    "activity": "",
    "application": "abc",
    "expert": "0",
    "public_listing_consent": "1",
    "consentement": "1",
    "piece": "1",
    "deposer": "1",
    "valider": "1",
    "position": "-3",
    "voters": "x",
    "resolution": "none",
}


@pytest.mark.parametrize(
    "name, args, method, expected", MATRIX, ids=[f"{m[0]}-{i}" for i, m in enumerate(MATRIX)]
)
def test_garbage_posted_to_any_url_by_any_role_never_gives_a_500(
    client, matrix_world, name, args, method, expected
):
    url = reverse(f"hub:{name}", args=args(matrix_world))
    for role in ROLES:
        user = matrix_world["users"][role]
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.post(url, GARBAGE)  # the test client re-raises any server error
        assert response.status_code < 500, (url, role, response.status_code)


# --- Blindness and recusal on every page and export, for every role combination -----------------------------

PEER_TEXT = "Justification argumentée du critère."  # what the two peers wrote on app_a


def page_text(client, user, name, args):
    client.force_login(user)
    response = client.get(reverse(f"hub:{name}", args=args))
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode("utf-8-sig")


def test_a_chair_who_is_also_assigned_sees_no_other_review_or_median_before_her_own(client, matrix_world):
    w = matrix_world
    chair = w["users"]["chair_assigned"]
    app = w["app_a"]
    call = w["call"]
    blind_pages = [
        ("chair-application", [call.slug, app.pk]),
        ("expert-reviews", [app.pk]),
        ("consensus", [app.pk]),
    ]
    for name, args in blind_pages:
        text = page_text(client, chair, name, args)
        assert PEER_TEXT not in text, name
        assert "Synthèse des évaluations" not in text, name
    ranking = page_text(client, chair, "chair-ranking", [call.slug])
    assert "votre évaluation" in ranking and f">{app.pseudonym}</a>" in ranking
    assert "3,5" not in ranking and "3.5" not in ranking  # the peers' 7 half-points
    matrix = page_text(client, chair, "export-matrix", [call.slug])
    assert app.pseudonym not in matrix

    # The plain chair (not assigned) sees everything; once her own review is in, so does she.
    assert PEER_TEXT in page_text(client, w["users"]["chair"], "chair-application", [call.slug, app.pk])
    assert app.pseudonym in page_text(client, w["users"]["chair"], "export-matrix", [call.slug])
    w["chair_assignment"].refresh_from_db()
    b.make_review(w["chair_assignment"], 6)
    text = page_text(client, chair, "chair-application", [call.slug, app.pk])
    assert PEER_TEXT in text and "Synthèse des évaluations" in text
    assert app.pseudonym in page_text(client, chair, "export-matrix", [call.slug])


def test_a_conflicted_vice_chair_sees_neither_the_application_nor_its_override_on_the_selection_page(
    client, matrix_world
):
    from django.utils import timezone

    from hub.models import Override, SelectionRun

    w = matrix_world
    app_a, app_b, call = w["app_a"], w["app_b"], w["call"]
    chair = w["users"]["chair"]
    SelectionRun.objects.create(
        call=call,
        computed_at=timezone.now(),
        computed_by=chair,
        algorithm_version="1",
        inputs={},
        inputs_hash="0" * 64,
        result_hash="1" * 64,
        result={
            "ranking": [
                {
                    "id": app_a.pk,
                    "pseudonym": app_a.pseudonym,
                    "total": "71.00",
                    "rank": 1,
                    "outcome": "selected",
                    "path": None,
                    "reasons": [],
                },
                {
                    "id": app_b.pk,
                    "pseudonym": app_b.pseudonym,
                    "total": "64.00",
                    "rank": 2,
                    "outcome": "selected",
                    "path": None,
                    "reasons": [],
                },
            ],
            "unresolved_ties": [[app_a.pseudonym, app_b.pseudonym]],
            "path_decisions_needed": [app_a.pseudonym],
        },
    )
    Override.objects.create(
        call=call,
        application=app_a,
        kind="exclude",
        decided_by=chair,
        decided_at=timezone.now(),
        justification="Motif confidentiel de la dérogation.",
    )
    seen_by_chair = page_text(client, chair, "chair-selection", [call.slug])
    assert app_a.pseudonym in seen_by_chair and "Motif confidentiel de la dérogation." in seen_by_chair

    text = page_text(client, w["users"]["chair_coi"], "chair-selection", [call.slug])
    assert app_a.pseudonym not in text
    assert "71.00" not in text and "71,00" not in text
    assert "Motif confidentiel de la dérogation." not in text
    assert app_b.pseudonym in text and "Dossiers masqués : 1." in text
    for name, args in [
        ("chair-ranking", [call.slug]),
        ("export-matrix", [call.slug]),
        ("chair-conflicts", [call.slug]),
    ]:
        assert app_a.pseudonym not in page_text(client, w["users"]["chair_coi"], name, args), name
