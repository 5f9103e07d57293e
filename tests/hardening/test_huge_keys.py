"""A number too large for the database in a choice field (found by the fuzz test on « Devenir équipe d'appui »)
is an invalid choice with its French message, not a 500: public forms, the team space and the admin."""

import pytest

from tests.hardening.conftest import PASSWORD
from tests.live import Visitor

HUGE = "9" * 40


@pytest.mark.parametrize("field", ["departement", "practice"])
def test_a_huge_number_for_a_choice_on_the_public_application_form_is_explained(live_site, field):
    visitor = Visitor(live_site["url"])
    reply = visitor.submit("/devenir-equipe-d-appui/", {field: HUGE})
    assert reply.status == 200, reply.status
    assert "Choisissez" in reply.text or "Sélectionnez un choix valide" in reply.text


def test_a_huge_number_for_a_choice_in_the_team_space_is_explained(live_site):
    member = Visitor(live_site["url"])
    member.log_in("equipe", PASSWORD)
    reply = member.submit(
        f"/espace-equipe/{live_site['team'].slug}/projets/nouveau/", {"practice": HUGE, "departement": HUGE}
    )
    assert (
        reply.status == 200
        and "Choisissez une des bonnes pratiques de votre équipe." in reply.text.replace("&#x27;", "'")
    )


def test_a_huge_number_for_a_foreign_key_in_the_admin_is_explained(live_site):
    editor = Visitor(live_site["url"])
    editor.log_in("admin", PASSWORD)
    url = f"/admin/snippets/practices/supportteam/edit/{live_site['team'].pk}/"
    reply = editor.submit(url, {"departement": HUGE})
    assert reply.status == 200, reply.status
