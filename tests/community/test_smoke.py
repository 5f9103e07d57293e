from django.urls import reverse

from tests.community.conftest import make_reply, make_thread


def test_practice_page_shows_published_threads_with_team_badge(client, practice, member, team_member, team):
    thread = make_thread(practice, member)
    make_reply(thread, team_member, as_team=team, body="L'équipe vous répond.")
    make_thread(practice, member, title="En attente", status="pending")
    html = client.get(practice.url).content.decode()
    assert "Questions et échanges" in html
    assert "Comment trouver un logement ?" in html
    assert "En attente" not in html
    assert "Équipe d'appui" in html
    detail = client.get(thread.get_absolute_url())
    assert detail.status_code == 200
    assert (
        "L&#x27;équipe vous répond." in detail.content.decode()
        or "L'équipe vous répond." in detail.content.decode()
    )
    assert client.get(reverse("community:charter")).status_code == 200
