"""Passages in another language carry `lang`, so that a screen reader reads « sterke aanwijzingen » in Dutch and
« Recovery College » in English (WCAG 3.1.2): in plain-text fields as « [nl: …] », in rich text with the editors'
EN/DE/NL/ES/IT buttons, and through a publication's « langue du titre ». Readers and the open data see only the
words."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template

from practices.models import EvidenceLevel
from tests import factories
from tests.live import Visitor

PASSWORD = "mot-de-passe-de-test-solide"


def render(text):
    return Template("{% load languages %}{{ text|with_languages }}").render(Context({"text": text}))


def test_a_marked_passage_is_shown_as_its_words_in_its_language():
    assert (
        render("Trimbos « [nl: sterke aanwijzingen] »")
        == 'Trimbos « <span lang="nl">sterke aanwijzingen</span> »'
    )


@pytest.mark.parametrize(
    "typed, shown",
    [
        (
            "<script>alert(1)</script> [en: <b>x</b>]",
            '&lt;script&gt;alert(1)&lt;/script&gt; <span lang="en">&lt;b&gt;x&lt;/b&gt;</span>',
        ),
        ("[xx: inconnue] [en:] [en: ] [", "[xx: inconnue] [en:] [en: ] ["),  # unknown or empty: left as typed
        ("l'\x00[de: Grüne Liste]", 'l&#x27;\x00<span lang="de">Grüne Liste</span>'),
    ],
)
def test_odd_marks_are_escaped_or_left_as_typed(typed, shown):
    assert render(typed) == shown


@pytest.fixture
def site(live_server, settings):
    factories.restore_migration_data()
    settings.PAGE_CACHE_ENABLED = True
    home = factories.make_home()
    page = factories.make_standard(
        home, title="Comprendre les niveaux de preuve", body=[("evidence_scale", None)]
    )
    level = factories.make_level()
    get_user_model().objects.create_superuser("admin", "admin@example.org", PASSWORD)
    return {"url": live_server.url, "page": page, "level": level}


def test_a_criterion_marked_in_the_admin_is_read_in_its_language_and_exported_as_plain_words(site):
    reader = Visitor(site["url"])
    assert reader.get(site["page"].url).status == 200  # cached before the change
    editor = Visitor(site["url"])
    editor.log_in("admin", PASSWORD)
    edit = f"/admin/snippets/practices/evidencelevel/edit/{site['level'].pk}/"
    typed = (
        "Deux essais. Correspondances : Trimbos « [nl: sterke aanwijzingen] » ; [de: Grüne Liste] niveau 3."
    )
    publish = {"action-publish": "action-publish"}  # the scale is published, not kept as a draft
    for changes in ({"criteria": typed, **publish}, publish):  # saved twice, the second time as shown
        assert editor.submit(edit, changes).status == 200
    assert editor.form(edit)[1]["criteria"] == [typed]
    assert EvidenceLevel.objects.get(pk=site["level"].pk).criteria == typed
    page = reader.get(site["page"].url).text
    assert (
        'Trimbos « <span lang="nl">sterke aanwijzingen</span> » ; <span lang="de">Grüne Liste</span>' in page
    )
    assert "[nl:" not in page
    exported = json.loads(reader.get("/donnees-ouvertes/niveaux-de-preuve.json").text)
    criteria = [level["criteres"] for level in exported["donnees"] if level["code"] == "A"]
    assert criteria == [
        "Deux essais. Correspondances : Trimbos « sterke aanwijzingen » ; Grüne Liste niveau 3."
    ]
