"""The demo: lively spaces on at least 5 practices, clearly marked, loaded twice without duplicates."""

from io import StringIO

import pytest
from django.core.management import call_command

from community.models import Member, Reply, Thread

pytestmark = pytest.mark.django_db


def test_community_demo_fills_five_practices_and_prints_its_logins(client):
    call_command("load_demo", verbosity=0)
    out = StringIO()
    call_command("load_community_demo", stdout=out)
    counts = (Thread.objects.count(), Reply.objects.count(), Member.objects.count())
    call_command("load_community_demo", stdout=StringIO())
    assert (Thread.objects.count(), Reply.objects.count(), Member.objects.count()) == counts
    assert Thread.objects.values("practice").distinct().count() >= 5
    assert not Thread.objects.filter(is_demo=False).exists()
    assert Reply.objects.filter(as_team__isnull=False).count() >= 4
    assert "moderatrice" in out.getvalue() and "demo-lilith-2026" in out.getvalue()
    practice = Thread.objects.get(title__startswith="Faut-il arrêter de boire").practice
    html = client.get(practice.url).content.decode()
    assert "Exemple de démonstration" in html and "Équipe nationale Un chez soi d" in html
