"""The evidence scale is edited by editors under scientific validation, as practices are: an editor proposes a
change through the admin form and cannot publish it; readers keep the published scale; a committee member finds the
task on the dashboard and approves it; readers then see the change at once, through a real server."""

import urllib.parse

import pytest
from wagtail.models import WorkflowState

from practices import roles
from practices.models import EvidenceLevel
from tests import factories
from tests.live import Visitor

PASSWORD = "mot-de-passe-de-test-solide"
PROPOSED = "Ça marche : prouvé par plusieurs études solides, menées dans de vrais services"


@pytest.fixture
def site(live_server, settings):
    factories.restore_migration_data()
    settings.PAGE_CACHE_ENABLED = True
    home = factories.make_home()
    page = factories.make_standard(
        home, title="Comprendre les niveaux de preuve", body=[("evidence_scale", None)]
    )
    roles.apply_page_roles(home)
    level = factories.make_level()
    factories.make_staff("editrice", roles.EDITORS, PASSWORD)
    factories.make_staff("comite", roles.COMMITTEE, PASSWORD)
    return {"url": live_server.url, "page": page, "level": level}


def test_an_editor_proposes_a_scale_change_and_it_goes_live_when_the_committee_approves(site):
    level, edit = site["level"], f"/admin/snippets/practices/evidencelevel/edit/{site['level'].pk}/"
    published = level.lay_label
    reader = Visitor(site["url"])
    assert published in reader.get(site["page"].url).text
    editor = Visitor(site["url"])
    editor.log_in("editrice", PASSWORD)
    assert editor.submit(edit, {"lay_label": PROPOSED, "action-publish": "action-publish"}).status in (
        200,
        403,
    )
    assert EvidenceLevel.objects.get(pk=level.pk).lay_label == published  # an editor cannot publish it
    assert editor.submit(edit, {"lay_label": PROPOSED, "action-submit": "action-submit"}).status == 200
    state = WorkflowState.objects.get(object_id=str(level.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.workflow.name == roles.SCIENTIFIC_WORKFLOW
    assert editor.form(edit)[1]["lay_label"] == [PROPOSED]  # the editor reads back the proposal
    assert EvidenceLevel.objects.get(pk=level.pk).lay_label == published
    page = reader.get(site["page"].url).text
    assert published in page and PROPOSED not in page  # readers keep the published scale

    committee = Visitor(site["url"])
    committee.log_in("comite", PASSWORD)
    dashboard = committee.get("/admin/").text
    assert "Validation scientifique" in dashboard and str(level) in dashboard
    token = committee.form(edit)[1]["csrfmiddlewaretoken"][0]
    approve = f"{edit.replace('/edit/', '/workflow/action/')}approve/{state.current_task_state.pk}/"
    reply = committee._open(approve, data=urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode())
    assert reply.status == 200
    assert EvidenceLevel.objects.get(pk=level.pk).lay_label == PROPOSED
    assert PROPOSED in reader.get(site["page"].url).text


def test_a_level_created_and_not_yet_validated_is_not_shown_to_readers(site):
    editor = Visitor(site["url"])
    editor.log_in("editrice", PASSWORD)
    reply = editor.submit(
        "/admin/snippets/practices/evidencelevel/add/",
        {
            "code": "Z",
            "name": "Niveau proposé",
            "lay_label": "Un niveau à valider",
            "criteria": "Aucun.",
            "kind": "insufficient",
            "order": "99",
        },
    )
    assert reply.status == 200
    assert EvidenceLevel.objects.get(code="Z").live is False
    reader = Visitor(site["url"])
    assert "Niveau proposé" not in reader.get(site["page"].url).text
    assert "Niveau proposé" not in reader.get("/donnees-ouvertes/niveaux-de-preuve.json").text
