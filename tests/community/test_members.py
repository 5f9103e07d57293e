"""What members do: sign up and confirm, post, reply, mark « utile », follow, edit, delete, export, erase."""

import json
import re
import uuid
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import reverse

from community.models import Follow, Member, ModerationDecision, Reply, Status, Thread, UsefulMark
from tests.community.conftest import PASSWORD, make_member, make_reply, make_thread

pytestmark = pytest.mark.django_db

SIGNUP = {
    "pseudonym": "Sol’ène d'Arles",
    "email": "Solene@Example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "consent": "on",
}


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


def test_reader_signs_up_and_confirms_the_address_with_the_emailed_link(
    client, practice, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://lilith.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("community:signup"), SIGNUP)
    assert response.status_code == 200
    assert "Confirmez votre adresse" in response.content.decode()
    member = Member.objects.get()
    assert member.pseudonym == "Sol’ène d'Arles"
    assert member.user.email == "solene@example.org"
    assert member.consent_given_at is not None and member.consent_version
    assert member.email_verified_at is None
    assert not member.can_post
    (message,) = mail.outbox
    assert message.to == ["solene@example.org"]
    assert "Bonjour Sol’ène d'Arles," in message.body  # plain text, not HTML-escaped
    link = link_in(message)
    assert link.startswith("https://lilith.example.org/communaute/confirmer/")
    response = client.get(link.removeprefix("https://lilith.example.org"), follow=True)
    assert "Votre adresse est confirmée" in response.content.decode()
    member.refresh_from_db()
    assert member.can_post


def test_sign_up_without_consent_is_refused_with_a_french_message_and_keeps_what_was_typed(client, db):
    response = client.post(reverse("community:signup"), {**SIGNUP, "consent": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sans votre accord, vous pouvez lire les échanges mais pas y écrire." in html
    assert 'value="Solene@Example.org"' in html or "solene@example.org" in html.lower()
    assert not Member.objects.exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("pseudonym", "", "Champ requis."),
        ("pseudonym", "x" * 100_000, "au plus 40 caractères"),
        ("pseudonym", "<script>alert(1)</script>", "Choisissez un pseudonyme"),
        ("pseudonym", "moi@example.org", "Choisissez un pseudonyme"),
        ("pseudonym", "Ca\x00mille", "Le caractère nul n’est pas autorisé."),
        ("email", "pas-une-adresse", "Saisissez une adresse de courriel valide."),
        ("password2", "autre chose encore", "Les deux mots de passe ne sont pas les mêmes."),
    ],
)
def test_bad_sign_up_input_gets_a_clear_french_message(client, db, field, value, message):
    response = client.post(reverse("community:signup"), {**SIGNUP, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Member.objects.exists()


def test_a_taken_pseudonym_is_refused_whatever_its_case(client, member):
    response = client.post(reverse("community:signup"), {**SIGNUP, "pseudonym": "CAMILLE"})
    assert "Ce pseudonyme est déjà pris." in response.content.decode()


def test_a_forged_or_expired_confirmation_link_gets_a_french_page(client, db):
    response = client.get(reverse("community:confirm", args=["pas-un-jeton"]))
    assert response.status_code == 400
    assert "Ce lien ne fonctionne pas" in response.content.decode()


def test_honeypot_filled_by_a_robot_creates_nothing(client, db):
    response = client.post(reverse("community:signup"), {**SIGNUP, "site_web": "http://spam.example"})
    assert response.status_code == 200
    assert not Member.objects.exists()


def test_honeypot_is_hidden_from_people_and_assistive_technologies(client, practice, member):
    client.force_login(member.user)
    html = client.get(reverse("community:new-thread", args=[practice.slug])).content.decode()
    block = re.search(r"<div hidden>.*?</div>", html, re.S).group(0)
    assert 'name="site_web"' in block and 'tabindex="-1"' in block
    assert html.count('name="site_web"') == 1
    assert "Ne pas remplir" not in html


def test_first_post_of_a_new_member_waits_for_moderation(client, practice, member):
    client.force_login(member.user)
    response = client.post(
        reverse("community:new-thread", args=[practice.slug]),
        {
            "kind": "question",
            "title": "Qui peut entrer dans le programme ?",
            "body": "J'ai 45 ans, à la rue.",
        },
    )
    assert "Votre message sera publié dès qu'un modérateur l'aura lu." in response.content.decode()
    thread = Thread.objects.get()
    assert thread.status == Status.PENDING
    assert Follow.objects.filter(thread=thread, member=member).exists()  # the author hears of replies
    from django.test import Client

    # Readers do not see it (its author is told once, in a message, that it waits for moderation).
    assert "Qui peut entrer" not in Client().get(practice.url).content.decode()


def test_trusted_member_publishes_at_once(client, practice):
    trusted = make_member("Confiance", trusted=True)
    client.force_login(trusted.user)
    response = client.post(
        reverse("community:new-thread", args=[practice.slug]),
        {"kind": "testimony", "title": "Mon expérience", "body": "Deux ans dans mon appartement."},
        follow=True,
    )
    assert "Votre message est publié" in response.content.decode()
    assert Thread.objects.get().status == Status.PUBLISHED
    assert "Mon expérience" in client.get(practice.url).content.decode()


def test_unconfirmed_member_cannot_post(client, practice):
    unconfirmed = make_member("Pas encore", verified=False)
    client.force_login(unconfirmed.user)
    response = client.post(
        reverse("community:new-thread", args=[practice.slug]), {"kind": "question", "title": "T", "body": "B"}
    )
    assert response.status_code == 403
    assert "Confirmez d'abord votre adresse" in response.content.decode()
    assert not Thread.objects.exists()


def test_anonymous_reader_who_wants_to_write_is_offered_to_sign_up_or_log_in(client, practice):
    url = reverse("community:new-thread", args=[practice.slug])
    response = client.get(url, follow=True)
    assert response.redirect_chain[0][0].startswith("/communaute/inscription/?next=")
    assert f'href="/compte/connexion/?next={url}"' in response.content.decode()


def test_double_submission_creates_one_thread(client, practice, member):
    client.force_login(member.user)
    data = {
        "kind": "question",
        "title": "Une fois",
        "body": "Seulement une fois.",
        "submission_key": str(uuid.uuid4()),
    }
    url = reverse("community:new-thread", args=[practice.slug])
    client.post(url, data)
    client.post(url, data)
    assert Thread.objects.count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": "", "body": ""}, "Champ requis."),
        ({"title": "Long", "body": "x" * 100_000}, "au plus 10000 caractères"),
        ({"title": "Nul", "body": "a\x00b"}, "Le caractère nul n’est pas autorisé."),
        ({"title": "Type", "body": "ok", "kind": "pas-un-type"}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_thread_input_is_refused_in_french_and_keeps_the_text(client, practice, member, data, message):
    client.force_login(member.user)
    data = {"kind": "question", **data}
    response = client.post(reverse("community:new-thread", args=[practice.slug]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message.replace("10000", "10") in html or message in html
    assert not Thread.objects.exists()


def test_html_and_script_are_shown_as_text_and_links_are_nofollow_ugc(client, practice):
    author = make_member("Auteur", trusted=True)
    thread = make_thread(
        practice, author, body="<script>alert('x')</script> voir https://www.example.org/page"
    )
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert 'href="https://www.example.org/page" rel="nofollow ugc"' in html


def test_typed_email_and_phone_are_masked_and_held_for_moderation(client, practice):
    author = make_member("Bavard", trusted=True)
    client.force_login(author.user)
    client.post(
        reverse("community:new-thread", args=[practice.slug]),
        {
            "kind": "question",
            "title": "Contact",
            "body": "Écrivez-moi à moi@example.org ou au 06 12 34 56 78. 3114",
        },
    )
    thread = Thread.objects.get()
    assert thread.status == Status.PENDING and thread.masked_contact
    assert "moi@example.org" not in thread.body and "06 12 34 56 78" not in thread.body
    assert "[adresse masquée]" in thread.body and "[numéro masqué]" in thread.body
    assert "3114" in thread.body


def test_apostrophes_and_quotes_survive_two_edits_unchanged(client, practice):
    author = make_member("Plume", trusted=True)
    thread = make_thread(practice, author)
    client.force_login(author.user)
    text = "L'équipe m'a dit « c'est \"possible\" » & j'y crois"
    url = reverse("community:edit", args=["fil", thread.pk])
    for _ in range(2):
        client.post(url, {"title": "Titre d'été « ok »", "body": text})
        thread.refresh_from_db()
    assert thread.body == text and thread.title == "Titre d'été « ok »"
    form_html = client.get(url).content.decode()
    assert "&amp;amp;" not in form_html and "&amp;#x27;" not in form_html


def test_member_edits_and_deletes_only_their_own_posts(client, practice, member):
    other = make_member("Autre")
    theirs = make_thread(practice, other)
    mine = make_thread(practice, member, title="Le mien")
    client.force_login(member.user)
    assert client.get(reverse("community:edit", args=["fil", theirs.pk])).status_code == 404
    assert client.post(reverse("community:delete", args=["fil", theirs.pk])).status_code == 404
    assert client.get(reverse("community:edit", args=["pas-un-type", mine.pk])).status_code == 404
    client.post(reverse("community:delete", args=["fil", mine.pk]))
    assert not Thread.objects.filter(pk=mine.pk).exists()
    assert Thread.objects.filter(pk=theirs.pk).exists()


def test_member_replies_marks_useful_and_follows(
    client, practice, member, django_capture_on_commit_callbacks
):
    other = make_member("Autre", trusted=True)
    thread = make_thread(practice, member)
    Follow.objects.create(thread=thread, member=member)
    client.force_login(other.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("community:reply", args=[thread.pk]), {"body": "Courage, ça marche."})
    reply = Reply.objects.get()
    assert reply.status == Status.PUBLISHED
    (message,) = mail.outbox  # the thread's author follows it
    assert message.to == [member.user.email]
    assert "Courage, ça marche." in message.body
    assert "/communaute/ne-plus-suivre/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    client.force_login(member.user)
    client.post(reverse("community:useful", args=[reply.pk]))
    assert UsefulMark.objects.filter(reply=reply, member=member).count() == 1
    assert (
        "1 personne a trouvé cette réponse utile." in client.get(thread.get_absolute_url()).content.decode()
    )


def test_one_click_unsubscribe_from_the_email_link(
    client, practice, member, django_capture_on_commit_callbacks
):
    other = make_member("Autre", trusted=True)
    thread = make_thread(practice, member)
    Follow.objects.create(thread=thread, member=member)
    make_reply_view = reverse("community:reply", args=[thread.pk])
    client.force_login(other.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(make_reply_view, {"body": "Une réponse."})
    link = re.search(r"https?://\S+/communaute/ne-plus-suivre/\S+", mail.outbox[0].body).group(0)
    client.logout()
    response = client.get(urlparse(link).path)
    assert "Vous ne suivez plus ce fil" in response.content.decode()
    assert not Follow.objects.filter(thread=thread, member=member).exists()
    assert client.get(reverse("community:unfollow", args=["faux"])).status_code == 400


def test_member_exports_everything_they_wrote_as_json(client, practice, member):
    thread = make_thread(practice, member, title="Ma question « précise »")
    make_reply(thread, member, body="Ma réponse")
    client.force_login(member.user)
    response = client.get(reverse("community:export"))
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["pseudonyme"] == "Camille"
    assert data["fils"][0]["titre"] == "Ma question « précise »"
    assert data["réponses"][0]["message"] == "Ma réponse"
    assert data["accord donné le"]


def test_member_erases_the_account_and_everything_written(client, practice, member):
    thread = make_thread(practice, member)
    make_reply(thread, member)
    client.force_login(member.user)
    assert client.post(reverse("community:erase"), {}).status_code == 302  # not confirmed: nothing erased
    assert Member.objects.filter(pk=member.pk).exists()
    response = client.post(reverse("community:erase"), {"confirm": "oui"})
    assert "Votre compte est effacé" in response.content.decode()
    assert not Member.objects.exists() and not Thread.objects.exists() and not Reply.objects.exists()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="Camille").exists()
    assert "Comment trouver" not in client.get(practice.url).content.decode()


def test_member_withdraws_consent_and_can_no_longer_write(client, practice, member):
    client.force_login(member.user)
    client.post(reverse("community:consent"), {"action": "withdraw"})
    member.refresh_from_db()
    assert member.consent_withdrawn_at is not None and not member.can_post
    response = client.post(
        reverse("community:new-thread", args=[practice.slug]), {"kind": "question", "title": "T", "body": "B"}
    )
    assert response.status_code == 403
    client.post(reverse("community:consent"), {"action": "give", "consent": "1"})
    member.refresh_from_db()
    assert member.can_post


def test_closed_thread_takes_no_reply(client, practice, member):
    thread = make_thread(practice, member, closed=True)
    client.force_login(make_member("Autre", trusted=True).user)
    client.post(reverse("community:reply", args=[thread.pk]), {"body": "Trop tard"})
    assert not Reply.objects.exists()


def test_rate_limit_per_member_keeps_the_text(client, practice, settings):
    author = make_member("Rapide", trusted=True)
    client.force_login(author.user)
    url = reverse("community:new-thread", args=[practice.slug])
    for i in range(10):
        client.post(url, {"kind": "question", "title": f"Fil {i}", "body": "Texte"})
    response = client.post(url, {"kind": "question", "title": "Onzième", "body": "Texte gardé"})
    assert "Vous avez beaucoup écrit en peu de temps" in response.content.decode()
    assert "Texte gardé" in response.content.decode()
    assert Thread.objects.count() == 10


def test_unknown_thread_or_pending_thread_is_a_404_for_readers(client, practice, member):
    pending = make_thread(practice, member, status=Status.PENDING)
    assert client.get(pending.get_absolute_url()).status_code == 404
    assert client.get("/echanges/999999-rien/").status_code == 404
    published = make_thread(practice, member)
    response = client.get(f"/echanges/{published.pk}-mauvais-titre/")
    assert response.status_code == 301 and response["Location"] == published.get_absolute_url()


def test_distress_post_is_held_shows_help_and_alerts_moderators(
    client, practice, moderator, django_capture_on_commit_callbacks
):
    author = make_member("Triste", trusted=True)
    client.force_login(author.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("community:new-thread", args=[practice.slug]),
            {"kind": "testimony", "title": "Je n'en peux plus", "body": "J'ai envie d'en finir avec la vie."},
        )
    html = response.content.decode()
    assert "Merci de nous avoir écrit" in html
    assert "3114" in html and "112" in html and "114" in html
    thread = Thread.objects.get()
    assert thread.status == Status.PENDING and thread.distress
    alert = next(m for m in mail.outbox if moderator.email in m.to)
    assert alert.subject.startswith("Urgent")
    assert ModerationDecision.objects.count() == 0


def test_invalid_utf8_in_a_post_is_answered_with_the_form_not_a_500(client, practice, member):
    client.force_login(member.user)
    response = client.post(
        reverse("community:new-thread", args=[practice.slug]),
        data=b"kind=question&title=%FF%FE&body=caf%C3%A9%FF",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 302)
    for thread in Thread.objects.all():
        assert "\x00" not in thread.body
    client.logout()
    response = client.post(
        reverse("community:signup"),
        data=b"pseudonym=%FF%FF%FF&email=a%FF@example.org",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200 and "Il y a un problème" in response.content.decode()


def test_double_submission_creates_one_reply_and_one_account(client, practice, member):
    thread = make_thread(practice, make_member("Auteur"))
    replier = make_member("Répondeur", trusted=True)
    client.force_login(replier.user)
    data = {"body": "Une seule fois", "submission_key": str(uuid.uuid4())}
    client.post(reverse("community:reply", args=[thread.pk]), data)
    client.post(reverse("community:reply", args=[thread.pk]), data)
    assert Reply.objects.filter(thread=thread).count() == 1
    client.logout()
    client.post(
        reverse("community:signup"), {**SIGNUP, "pseudonym": "Deux Fois", "email": "deux@example.org"}
    )
    response = client.post(
        reverse("community:signup"), {**SIGNUP, "pseudonym": "Deux Fois", "email": "deux@example.org"}
    )
    assert "Ce pseudonyme est déjà pris." in response.content.decode()
    assert Member.objects.filter(pseudonym="Deux Fois").count() == 1


def test_a_member_cannot_report_or_mark_pending_posts_and_unknown_kinds_are_404(client, practice, member):
    pending = make_thread(practice, make_member("Autre"), status=Status.PENDING)
    client.force_login(member.user)
    assert client.get(reverse("community:report", args=["fil", pending.pk])).status_code == 404
    assert client.get(reverse("community:report", args=["nimporte", pending.pk])).status_code == 404
    assert client.get(reverse("community:reply", args=[pending.pk])).status_code == 404
    assert client.get(reverse("community:follow", args=[pending.pk])).status_code == 404
