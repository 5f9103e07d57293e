"""Every role × every URL of the hub, with the status each role must get (§8.4). A conflicted expert or chair
gets 404 (the application's existence is not revealed); applicant B gets 404 on applicant A's result."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from hub.models import Attachment

ROLES = ["anonymous", "applicant_a", "applicant_b", "expert_assigned", "expert_unassigned", "expert_coi", "chair",
         "chair_coi", "secretariat"]
EXPERTS = ["expert_assigned", "expert_unassigned", "expert_coi", "chair", "chair_coi"]
NON_SECRETARIAT = ["applicant_a", "applicant_b", *EXPERTS]


def statuses(default, **overrides):
    """Status per role: `default` for every signed-in role, 302 (to the login page) for anonymous unless given."""
    table = {role: default for role in ROLES}
    table["anonymous"] = 302
    table.update(overrides)
    return table


def only(role_statuses, others, anonymous=302):
    table = {role: others for role in ROLES}
    table["anonymous"] = anonymous
    table.update(role_statuses)
    return table


SECRETARIAT_ONLY = only({"secretariat": 200}, 403)
EXPERT_PAGES = only({role: 200 for role in EXPERTS}, 403)
APPLICANT_A_ONLY = only({"applicant_a": 200}, 404)
CHAIR_PAGES = only({"chair": 200, "chair_coi": 200}, 403)

# (url name, args builder, method, expected statuses)
MATRIX = [
    ("index", lambda w: [], "get", statuses(200, anonymous=200)),
    ("signup", lambda w: [], "get", statuses(302, anonymous=200)),
    ("privacy", lambda w: [], "get", statuses(200, anonymous=200)),
    ("call-detail", lambda w: [w["call"].slug], "get", statuses(200, anonymous=200)),
    ("call-results", lambda w: [w["past_call"].slug], "get", statuses(200, anonymous=200)),
    ("call-results", lambda w: [w["call"].slug], "get", statuses(404, anonymous=404)),
    ("call-results-csv", lambda w: [w["past_call"].slug], "get", statuses(200, anonymous=200)),
    ("applicant-dashboard", lambda w: [], "get", statuses(200)),
    ("application-start", lambda w: [w["call"].slug], "get",
     only({"applicant_a": 200, "applicant_b": 200}, 403)),
    ("application-detail", lambda w: [w["app_a"].pk], "get", APPLICANT_A_ONLY),
    ("application-step", lambda w: [w["draft_a"].pk, 1], "get", APPLICANT_A_ONLY),
    ("application-submit", lambda w: [w["draft_a"].pk], "post", only({"applicant_a": 302}, 404)),
    ("application-withdraw", lambda w: [w["app_a"].pk], "get", APPLICANT_A_ONLY),
    ("attachment-download", lambda w: [w["draft_a"].pk, w["attachment"].pk], "get",
     only({"applicant_a": 200, "secretariat": 200}, 404)),
    ("attachment-delete", lambda w: [w["draft_a"].pk, w["attachment"].pk], "post",
     only({"applicant_a": 302}, 404)),
    ("application-result", lambda w: [w["past_a"].pk], "get", APPLICANT_A_ONLY),
    ("application-result", lambda w: [w["app_a"].pk], "get", APPLICANT_A_ONLY),
    ("application-report", lambda w: [w["past_a"].pk], "get", APPLICANT_A_ONLY),
    ("expert-dashboard", lambda w: [], "get", EXPERT_PAGES),
    ("expert-charter", lambda w: [], "get", EXPERT_PAGES),
    ("expert-conflict", lambda w: [w["app_a"].pk], "get",
     only({"expert_assigned": 200, **{r: 404 for r in EXPERTS if r != "expert_assigned"}}, 403)),
    ("expert-application", lambda w: [w["app_a"].pk], "get",
     only({"expert_assigned": 200, **{r: 404 for r in EXPERTS if r != "expert_assigned"}}, 403)),
    ("expert-review", lambda w: [w["app_a"].pk], "get",
     only({"expert_assigned": 200, **{r: 404 for r in EXPERTS if r != "expert_assigned"}}, 403)),
    ("expert-reviews", lambda w: [w["app_a"].pk], "get",
     only({"expert_assigned": 200, **{r: 404 for r in EXPERTS if r != "expert_assigned"}}, 403)),
    ("consensus", lambda w: [w["app_a"].pk], "get",
     only({"expert_assigned": 200, "chair": 200, "expert_unassigned": 404, "expert_coi": 404, "chair_coi": 404},
          403)),
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
    ("chair-application", lambda w: [w["call"].slug, w["app_a"].pk], "get",
     only({"chair": 200, "chair_coi": 404}, 403)),
    ("chair-reopen", lambda w: [w["call"].slug, w["peer_review"].pk], "get",
     only({"chair": 200, "chair_coi": 404}, 403)),
    ("chair-conflicts", lambda w: [w["call"].slug], "get", CHAIR_PAGES),
    ("chair-selection", lambda w: [w["call"].slug], "get", CHAIR_PAGES),
    ("export-matrix", lambda w: [w["call"].slug], "get", CHAIR_PAGES),
]


@pytest.fixture
def matrix_world(world):
    attachment = Attachment(application=world["draft_a"], label="Budget", original_name="budget.pdf", size=9)
    attachment.file.save("budget.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    world["attachment"] = attachment
    world["peer_review"] = world["peer_assignments"][0].review
    return world


def test_the_matrix_covers_every_url_name_of_the_app():
    from hub import urls

    assert {pattern.name for pattern in urls.urlpatterns} == {entry[0] for entry in MATRIX}


@pytest.mark.parametrize("name, args, method, expected", MATRIX,
                         ids=[f"{m[0]}-{i}" for i, m in enumerate(MATRIX)])
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


GARBAGE = {"action": "zzz", "token": "pas-un-uuid", "step": "x", "score_C1": "abc", "score_C2": "5.25",
           "justification_C1": "<script>alert(1)</script>", "decision": "peut-être", "level": "???", "reason": "",
           "legal_form": "inconnu", "rh-TOTAL_FORMS": "abc", "run": "-1", "declaration": "x", "activity": "",
           "application": "abc", "expert": "0", "public_listing_consent": "1", "consentement": "1", "piece": "1",
           "deposer": "1", "valider": "1", "position": "-3", "voters": "x", "resolution": "none"}


@pytest.mark.parametrize("name, args, method, expected", MATRIX, ids=[f"{m[0]}-{i}" for i, m in enumerate(MATRIX)])
def test_garbage_posted_to_any_url_by_any_role_never_gives_a_500(client, matrix_world, name, args, method, expected):
    url = reverse(f"hub:{name}", args=args(matrix_world))
    for role in ROLES:
        user = matrix_world["users"][role]
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.post(url, GARBAGE)  # the test client re-raises any server error
        assert response.status_code < 500, (url, role, response.status_code)
