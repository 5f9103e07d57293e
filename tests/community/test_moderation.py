"""Moderators and support teams keep the space safe: queue, decisions, reports, bans, pins; pages purged at once."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import Member, ModerationDecision, Reply, Status, Thread
from tests import factories
from tests.community.conftest import make_member, make_reply, make_thread

pytestmark = pytest.mark.django_db
ADMIN_QUEUE = "/admin/echanges/moderation/"
FRONT_QUEUE = "/communaute/moderation/"


def decide(client, url, post, action, reason=""):
    kind = "fil" if isinstance(post, Thread) else "reponse"
    return client.post(url, {"action": action, "kind": kind, "pk": post.pk, "reason": reason})


def test_moderator_sees_distress_first_then_reported_then_oldest(client, practice, member, moderator):
    make_thread(practice, member, title="Ancienne question", status=Status.PENDING)
    make_thread(
        practice, member, title="Masqué signalé", status=Status.HIDDEN, needs_review=True, report_count=3
    )
    make_thread(practice, member, title="Détresse récente", status=Status.PENDING, distress=True)
    client.force_login(moderator)
    html = client.get(ADMIN_QUEUE).content.decode()
    assert html.index("Détresse récente") < html.index("Masqué signalé") < html.index("Ancienne question")
    assert "Détresse · à lire en priorité" in html


def test_moderator_approves_in_the_admin_and_the_decision_is_recorded(client, practice, member, moderator):
    thread = make_thread(practice, member, status=Status.PENDING, title="À publier")
    client.force_login(moderator)
    response = decide(client, ADMIN_QUEUE, thread, "approve")
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.status == Status.PUBLISHED and thread.published_at
    decision = ModerationDecision.objects.get()
    assert (decision.moderator, decision.action, decision.thread) == (moderator, "approve", thread)
    client.logout()
    assert "À publier" in client.get(practice.url).content.decode()


def test_rejection_needs_a_reason_which_is_emailed_to_the_author(
    client, practice, member, moderator, django_capture_on_commit_callbacks
):
    thread = make_thread(practice, member, status=Status.PENDING, title="Hors sujet")
    client.force_login(moderator)
    response = decide(client, ADMIN_QUEUE, thread, "reject", "")
    assert "Écrivez le motif" in client.get(ADMIN_QUEUE).content.decode() or response.status_code == 200
    thread.refresh_from_db()
    assert thread.status == Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        decide(
            client,
            ADMIN_QUEUE,
            thread,
            "reject",
            "Votre message parle d'un médicament précis : c'est interdit.",
        )
    thread.refresh_from_db()
    assert thread.status == Status.REJECTED
    (message,) = mail.outbox
    assert message.to == [member.user.email]
    assert "Pourquoi : Votre message parle d'un médicament précis : c'est interdit." in message.body
    assert ModerationDecision.objects.get().reason.startswith("Votre message")


def test_ban_stops_the_member_and_hides_their_posts(client, practice, member, moderator):
    published = make_thread(practice, member, title="Publié avant")
    pending = make_thread(practice, member, status=Status.PENDING, title="En attente")
    client.force_login(moderator)
    decide(client, ADMIN_QUEUE, pending, "ban", "Insultes répétées.")
    member.refresh_from_db()
    published.refresh_from_db()
    pending.refresh_from_db()
    assert member.is_banned and member.ban_reason == "Insultes répétées."
    assert (published.status, pending.status) == (Status.HIDDEN, Status.REJECTED)
    client.force_login(member.user)
    response = client.post(
        reverse("community:new-thread", args=[practice.slug]), {"kind": "question", "title": "T", "body": "B"}
    )
    assert response.status_code == 403 and "exclu" in response.content.decode()
    assert ModerationDecision.objects.filter(action="ban", member=member).exists()


def test_reports_past_the_threshold_hide_the_post_until_reviewed(
    client, practice, member, moderator, settings, django_capture_on_commit_callbacks
):
    settings.COMMUNITY_REPORTS_TO_HIDE = 2
    reply = make_reply(make_thread(practice, make_member("Auteur")), member, body="Message douteux")
    for name in ("Lecteur un", "Lecteur deux"):
        client.force_login(make_member(name).user)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("community:report", args=["reponse", reply.pk]), {"reason": "Insultant"})
            client.post(
                reverse("community:report", args=["reponse", reply.pk]), {"reason": "Encore"}
            )  # counted once
    reply.refresh_from_db()
    assert reply.report_count == 2 and reply.status == Status.HIDDEN and reply.needs_review
    assert any(m.subject.startswith("Message masqué après signalements") for m in mail.outbox)
    client.logout()
    assert "Message douteux" not in client.get(reply.thread.get_absolute_url()).content.decode()
    client.force_login(moderator)
    assert "Masqué après 2 signalements" in client.get(ADMIN_QUEUE).content.decode()
    decide(client, ADMIN_QUEUE, reply, "approve")
    reply.refresh_from_db()
    assert reply.status == Status.PUBLISHED and not reply.needs_review


def test_a_team_moderates_only_its_own_practices(client, practice, practice_index, member, team_user):
    other_practice = factories.make_practice(practice_index, title="Profamille")
    mine = make_thread(practice, member, status=Status.PENDING, title="Sur ma pratique")
    theirs = make_thread(other_practice, member, status=Status.PENDING, title="Sur une autre pratique")
    client.force_login(team_user)
    html = client.get(FRONT_QUEUE).content.decode()
    assert "Sur ma pratique" in html and "Sur une autre pratique" not in html
    assert decide(client, FRONT_QUEUE, theirs, "approve").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.PENDING
    decide(client, FRONT_QUEUE, mine, "approve")
    mine.refresh_from_db()
    assert mine.status == Status.PUBLISHED
    assert client.get(ADMIN_QUEUE).status_code in (302, 403, 404)  # a team has no access to the admin
    assert (
        client.post(reverse("community:manage-action", args=[theirs.pk]), {"action": "pin"}).status_code
        == 404
    )


def test_members_and_anonymous_readers_have_no_moderation_queue(client, member):
    assert client.get(FRONT_QUEUE).status_code == 302
    client.force_login(member.user)
    assert client.get(FRONT_QUEUE).status_code == 404


def test_support_team_answers_as_the_team_pins_and_closes(
    client, practice, member, team_user, team, team_member
):
    thread = make_thread(practice, member)
    client.force_login(team_user)
    form = client.get(reverse("community:reply", args=[thread.pk])).content.decode()
    assert f"Au nom de l&#x27;équipe « {team.name} »" in form
    client.post(
        reverse("community:reply", args=[thread.pk]), {"body": "Bonjour, l'équipe.", "as_team": team.pk}
    )
    reply = Reply.objects.get()
    assert reply.as_team == team and reply.status == Status.PUBLISHED
    client.post(reverse("community:manage-action", args=[thread.pk]), {"action": "pin"})
    client.post(reverse("community:manage-action", args=[thread.pk]), {"action": "close"})
    thread.refresh_from_db()
    assert thread.pinned and thread.closed
    assert list(ModerationDecision.objects.values_list("action", flat=True)) == ["close", "pin"]
    client.logout()
    html = client.get(practice.url).content.decode()
    assert "Épinglé" in html and "Équipe d'appui</span>" in html


def test_a_team_answer_to_a_waiting_thread_is_emailed_when_the_thread_is_approved(
    client, practice, member, team_user, team, moderator, django_capture_on_commit_callbacks
):
    from community.models import Follow

    thread = make_thread(practice, member, status=Status.PENDING)
    Follow.objects.create(thread=thread, member=member)
    client.force_login(team_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("community:reply", args=[thread.pk]), {"body": "Réponse de l'équipe", "as_team": team.pk}
        )
    assert not [m for m in mail.outbox if m.to == [member.user.email]]
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, ADMIN_QUEUE, thread, "approve")
    (message,) = [m for m in mail.outbox if m.to == [member.user.email]]
    assert f"L'équipe d'appui {team.name} a répondu" in message.body and "Réponse de l'équipe" in message.body


def test_a_member_cannot_answer_in_the_name_of_a_team(client, practice, member, team):
    thread = make_thread(practice, member)
    author = make_member("Usurpateur", trusted=True)
    client.force_login(author.user)
    client.post(
        reverse("community:reply", args=[thread.pk]), {"body": "Je suis l'équipe", "as_team": team.pk}
    )
    assert Reply.objects.get().as_team is None


def test_anonymous_cached_practice_page_shows_an_approved_thread_at_once(
    client, practice, member, moderator, settings
):
    settings.PAGE_CACHE_ENABLED = True
    thread = make_thread(practice, member, status=Status.PENDING, title="Bientôt visible")
    first = client.get(practice.url)
    assert first["X-Cache"] == "MISS" and "Bientôt visible" not in first.content.decode()
    assert client.get(practice.url)["X-Cache"] == "HIT"
    staff = client_class_login(moderator)
    with_capture_commit(lambda: decide(staff, ADMIN_QUEUE, thread, "approve"))
    again = client.get(practice.url)
    assert again["X-Cache"] == "MISS" and "Bientôt visible" in again.content.decode()
    page = client.get(thread.get_absolute_url())
    assert page.status_code == 200 and "Bientôt visible" in page.content.decode()
    assert client.get(thread.get_absolute_url())["X-Cache"] == "HIT"
    with_capture_commit(lambda: decide(staff, ADMIN_QUEUE, thread, "hide"))
    assert "Bientôt visible" not in client.get(practice.url).content.decode()
    assert client.get(thread.get_absolute_url()).status_code == 404


def client_class_login(user):
    from django.test import Client

    staff = Client()
    staff.force_login(user)
    return staff


def with_capture_commit(action):
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        action()


def test_personal_pages_are_never_cached(client, practice, member, settings):
    settings.PAGE_CACHE_ENABLED = True
    response = client.get(reverse("community:signup"))
    assert "X-Cache" not in response
    html = client.get(practice.url).content.decode()
    assert "csrfmiddlewaretoken" not in html  # the cached practice page has no form


def practice_page_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_from_1_to_200_threads(
    client, practice, member, team, team_member, settings
):
    settings.PAGE_CACHE_ENABLED = False  # count the queries of rendering, not of a cache hit
    thread = make_thread(practice, member)
    make_reply(thread, team_member, as_team=team)
    one_practice, one_thread = (
        practice_page_queries(client, practice.url),
        practice_page_queries(client, thread.get_absolute_url()),
    )
    others = [make_member(f"Membre {i}") for i in range(5)]
    Thread.objects.bulk_create(
        [
            Thread(
                practice=practice, author=others[i % 5], title=f"Fil {i}", body="Texte", status="published"
            )
            for i in range(199)
        ]
    )
    Reply.objects.bulk_create(
        [
            Reply(thread=thread, author=others[i % 5], body=f"Réponse {i}", status="published")
            for i in range(50)
        ]
    )
    assert practice_page_queries(client, practice.url) == one_practice
    assert practice_page_queries(client, thread.get_absolute_url()) == one_thread
    assert practice_page_queries(client, reverse("community:practice-threads", args=[practice.slug])) <= 12
    assert "Voir tous les fils d'échange" in client.get(practice.url).content.decode()


def test_moderation_queue_query_count_does_not_grow(client, practice, moderator):
    def count():
        return practice_page_queries(client, ADMIN_QUEUE)

    client.force_login(moderator)
    author = make_member("Nouveau")
    make_thread(practice, author, status=Status.PENDING)
    before = count()
    for i in range(30):
        make_thread(practice, make_member(f"Nouveau {i}"), status=Status.PENDING, title=f"Question {i}")
    assert count() == before


def test_moderators_group_exists_with_admin_access(db):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Modérateurs communauté")
    assert group.permissions.filter(codename="access_admin").exists()
    assert Member.objects.count() == 0


def test_support_team_chooses_the_community_it_targets_and_readers_see_it_at_once(
    client, practice, practice_index, team_user, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    other = factories.make_practice(practice_index, title="Profamille")
    assert "s'adresse d'abord" not in client.get(practice.url).content.decode()
    assert client.get(practice.url)["X-Cache"] == "HIT"
    team = client_class_login(team_user)
    assert "Animer l'espace : Un chez soi d&#x27;abord" in team.get(FRONT_QUEUE).content.decode()
    url = reverse("community:animate", args=[practice.slug])
    with django_capture_on_commit_callbacks(execute=True):
        team.post(url, {"audience": "relatives", "welcome": "Bienvenue aux familles « et amis »."})
    html = client.get(practice.url).content.decode()
    assert (
        "Cet espace s'adresse d'abord aux proches" in html and "Bienvenue aux familles « et amis »." in html
    )
    assert team.post(url, {"audience": "pas-un-choix"}).status_code == 200
    assert team.get(reverse("community:animate", args=[other.slug])).status_code == 404
