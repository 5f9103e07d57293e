"""The demo: lively spaces on at least 5 practices, clearly marked, loaded twice without duplicates."""

from io import StringIO

import pytest
from django.core.management import call_command

from community.models import Member, Reply, Thread

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """The site's and the community's demo, loaded once for this module (twice for the community: nothing may be
    doubled), inside a transaction rolled back at the end; what the first load printed."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        out = StringIO()
        call_command("load_community_demo", stdout=out)
        counts = (Thread.objects.count(), Reply.objects.count(), Member.objects.count())
        call_command("load_community_demo", stdout=StringIO())
        yield out.getvalue(), counts
        transaction.set_rollback(True)


def test_community_demo_fills_five_practices_and_prints_its_logins(demo_output, client):
    printed, counts = demo_output
    assert (Thread.objects.count(), Reply.objects.count(), Member.objects.count()) == counts
    assert Thread.objects.values("practice").distinct().count() >= 5
    assert not Thread.objects.filter(is_demo=False).exists()
    assert Reply.objects.filter(as_team__isnull=False).count() >= 4
    assert "moderatrice" in printed and "demo-lilith-2026" in printed
    practice = Thread.objects.get(title__startswith="Faut-il arrêter de boire").practice
    html = client.get(practice.url).content.decode()
    assert "Exemple de démonstration" in html and "Équipe nationale Un chez soi d" in html


def test_community_demo_opens_a_home_page_poll_and_an_anonymous_questionnaire(demo_output, client):
    from community.models import Poll
    from community.questionnaire import SatisfactionQuestionnairePage

    assert Poll.objects.filter(practice=None).count() == 1
    assert "Quel type de contenu vous aiderait le plus ?" in client.get("/").content.decode()
    (questionnaire,) = SatisfactionQuestionnairePage.objects.live()
    html = client.get(questionnaire.url).content.decode()
    assert "Avez-vous trouvé ce que vous cherchiez ?" in html
    labels = " ".join(questionnaire.form_fields.values_list("label", flat=True)).lower()
    for personal in ("nom", "mail", "adresse", "téléphone", "âge"):
        assert personal not in labels.split()
