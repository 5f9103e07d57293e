"""After selection: the data a practice draft will be prefilled with, and the support activities tracked."""

import pytest
from django.urls import reverse

from hub.exceptions import HubError
from hub.models import SupportActivity
from hub.services.practice_drafts import create_practice_draft, practice_draft_data
from tests import factories

from . import builders as b

pytestmark = pytest.mark.django_db


def test_practice_draft_data_comes_from_the_application_and_proposes_the_organisation(world):
    data = practice_draft_data(world["past_a"])
    assert data["title"] == world["past_a"].title
    assert data["level_1"]["practice"] == world["past_a"].practice
    assert data["level_2"]["evidence"] == world["past_a"].evidence
    assert data["support_team"]["name"] == world["org_a"].name


def test_only_selected_or_listed_pepites_become_practice_drafts(world):
    with pytest.raises(HubError):
        create_practice_draft(world["app_a"], world["users"]["secretariat"])


def test_practice_draft_button_never_gives_a_500(client, world):
    client.force_login(world["users"]["secretariat"])
    response = client.post(reverse("hub:practice-draft", args=[world["past_a"].pk]), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("hub:secretariat-application", args=[world["past_a"].pk])


def test_secretariat_tracks_support_activities(client, world):
    activity = SupportActivity.objects.create(application=world["past_a"], kind="pitch_coaching")
    client.force_login(world["users"]["secretariat"])
    url = reverse("hub:secretariat-support", args=[world["past_call"].slug])
    assert "Création et diffusion d&#x27;un pitch oral" in client.get(url).content.decode()
    client.post(url, {"activity": activity.pk, "status": "done"})
    activity.refresh_from_db()
    assert activity.status == "done"


def test_submission_page_warns_when_the_organisation_name_leaks_into_blind_fields(client, open_call, clock):
    clock.set(2026, 2, 1, 10)
    user, org = b.make_applicant("ana", "Association Les Pairs Lyonnais")
    application = b.make_application(open_call, org, user)
    application.practice = "Depuis 2019, l'Association Les Pairs Lyonnais accompagne…"
    application.save()
    client.force_login(user)
    page = client.get(reverse("hub:application-step", args=[application.pk, 5])).content.decode()
    assert "Son nom apparaît pourtant dans : description de la pratique" in page


def test_selected_pepite_becomes_a_draft_practice_page_with_levels_1_and_2_prefilled(client, world):
    from practices.models import PracticePage
    from tests import factories

    index = factories.make_practice_index(factories.make_home())
    application = world["past_a"]
    client.force_login(world["users"]["secretariat"])
    response = client.post(reverse("hub:practice-draft", args=[application.pk]), follow=True)
    assert "La fiche de bonne pratique a été créée en brouillon." in response.content.decode()
    page = PracticePage.objects.child_of(index).get()
    assert page.title == application.title
    assert not page.live
    assert application.practice.split()[0] in page.explanation
    body_text = " ".join(str(block.value) for block in page.body)
    assert world["org_a"].name in body_text
    assert "Preuves et résultats" in body_text
    assert (
        client.get(page.url or f"/bonnes-pratiques/{page.slug}/").status_code == 404
    )  # a draft is not public


def test_creating_the_practice_draft_twice_keeps_one_page(world):
    from practices.models import PracticePage
    from tests import factories

    factories.make_practice_index(factories.make_home())
    first = create_practice_draft(world["past_a"], world["users"]["secretariat"])
    second = create_practice_draft(world["past_a"], world["users"]["secretariat"])
    assert first.pk == second.pk
    assert PracticePage.objects.count() == 1


def test_the_draft_enters_the_scientific_validation_and_the_secretariat_sees_a_link(client, world):
    """Issue 18: a pépite turned into a draft practice is in the « Validation scientifique » workflow (Wagtail
    notifies its reviewers), and the secretariat's page links the draft."""
    from practices.roles import SCIENTIFIC_WORKFLOW, apply_page_roles

    home = factories.make_home()
    factories.make_practice_index(home)
    apply_page_roles(home)
    application = world["past_a"]
    client.force_login(world["users"]["secretariat"])
    client.post(reverse("hub:practice-draft", args=[application.pk]))
    page = create_practice_draft(application, world["users"]["secretariat"])  # a second time: the same draft
    assert page.workflow_in_progress
    assert page.current_workflow_state.workflow.name == SCIENTIFIC_WORKFLOW
    text = client.get(reverse("hub:secretariat-application", args=[application.pk])).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in text
    assert "en cours de validation par le comité scientifique" in text
    assert "Créer la fiche de bonne pratique" not in text
