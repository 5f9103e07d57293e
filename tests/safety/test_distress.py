"""A text that expresses distress is recognised, whatever its accents, case or word endings."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from safety.distress import expresses_distress
from safety.models import DistressExpression


@pytest.mark.parametrize(
    "text",
    [
        "suicide",
        "SUICIDE",
        "je veux me suicider",
        "j'ai envie de mourir",
        "Idees noires",
        "des idées noires le soir",
        "je veux me faire du mal",
        "je n'ai plus envie de vivre",
        "scarifications",
        "je veux en finir",
        "crise suicidaire",
    ],
)
def test_distress_expressions_are_recognised(distress_list, text):
    assert expresses_distress(text)


@pytest.mark.parametrize("text", ["logement", "emploi accompagné", "idées reçues", "finir ses études", "", "\x00"])
def test_ordinary_queries_are_not_taken_for_distress(distress_list, text):
    assert not expresses_distress(text)


def test_a_huge_or_odd_text_is_read_without_error(distress_list):
    assert expresses_distress("a" * 100_000 + " suicide") is False  # past the first 5,000 characters
    assert expresses_distress("<script>alert('suicide')</script>")


def test_an_expression_added_by_an_editor_counts_at_once_without_a_query(distress_list, django_assert_num_queries):
    assert not expresses_distress("je veux disparaître")
    DistressExpression.objects.create(expression="disparaître")
    assert expresses_distress("Je veux DISPARAITRE")
    with django_assert_num_queries(0):
        assert expresses_distress("disparaitre")


def test_an_expression_deleted_by_an_editor_no_longer_counts(distress_list):
    DistressExpression.objects.filter(expression="scarification").delete()
    assert not expresses_distress("scarification")


def test_editor_adds_an_expression_in_the_admin(distress_list, admin_client):
    response = admin_client.post(
        "/admin/snippets/safety/distressexpression/add/", {"expression": "je veux disparaître"}, follow=True
    )
    assert response.status_code == 200
    assert DistressExpression.objects.filter(expression="je veux disparaître").exists()
    assert expresses_distress("Je veux disparaitre ce soir")
    # Saved twice, it stays one expression and its accents and apostrophes are intact.
    admin_client.post("/admin/snippets/safety/distressexpression/add/", {"expression": "je veux disparaître"})
    assert DistressExpression.objects.filter(expression="je veux disparaître").count() == 1


def test_help_box_gives_tappable_numbers_and_the_help_page_lines(home):
    from parcours.models import HelpSettings

    settings = HelpSettings.for_site(home.get_site())
    settings.lines = [
        ("line", {"name": "Numéro national de prévention du suicide", "number": "3114", "tel": "3114",
                  "hours": "24 h/24", "description": "Écoute."}),
        ("line", {"name": "Fil Santé Jeunes", "number": "0 800 235 236", "tel": "0800235236",
                  "hours": "7 j/7", "description": "Pour les 12 à 25 ans."}),
    ]
    settings.save()
    request = RequestFactory().get("/", HTTP_HOST=home.get_site().hostname)
    html = Template("{% load safety_tags %}{% help_box %}").render(Context({"request": request}))
    for href in ('href="tel:3114"', 'href="tel:15"', 'href="tel:112"', 'href="sms:114"', 'href="tel:0800235236"'):
        assert href in html
    assert "24 h/24" in html
    assert len(re.findall(r'href="tel:3114"', html)) == 1  # the settings' own 3114 line is not repeated


def test_help_box_include_needs_no_context(db):
    html = Template('{% include "components/help_box.html" %}').render(Context({}))
    assert 'href="tel:3114"' in html and 'href="sms:114"' in html
