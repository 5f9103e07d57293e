"""The French editor's guide: an editor finds it first in the admin's « Aide » menu (Wagtail's English guide is
gone from it), reads it through a real server; a reader without admin access never sees it."""

import json
import re

import pytest
from django.contrib.auth import get_user_model

from practices import roles
from tests import factories
from tests.live import Visitor

PASSWORD = "mot-de-passe-de-test-solide"
GUIDE = "/admin/guide-de-l-editeur/"


@pytest.fixture
def site(live_server):
    factories.restore_migration_data()
    factories.make_home()
    factories.make_staff("editrice", roles.EDITORS, PASSWORD)
    get_user_model().objects.create_user("lectrice", "lectrice@example.org", PASSWORD)
    return live_server.url


def help_menu(admin_html):
    """The « Aide » submenu as Wagtail's sidebar receives it (the JSON its script reads)."""
    props = json.loads(
        re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', admin_html, re.S)[1]
    )
    text = json.dumps(props, ensure_ascii=False)
    return text[text.index('"Aide"') :]


def test_an_editor_finds_the_french_guide_first_in_the_help_menu_and_reads_it(site):
    editor = Visitor(site)
    editor.log_in("editrice", PASSWORD)
    menu = help_menu(editor.get("/admin/").text)
    assert menu.index("Guide de l'éditeur (en français)") < menu.index("Raccourcis")
    assert GUIDE in menu and "guide.wagtail.org/en/?" not in menu
    page = editor.get(GUIDE)
    assert page.status == 200
    for heading in (
        "Écrire pour tous",
        "Les cinq niveaux d'une bonne pratique",
        "La version facile à lire",
        "Les images et leur texte alternatif",
        "Les vidéos, leurs sous-titres et leur transcription",
        "Publier : qui valide quoi",
    ):
        assert heading in page.text
    assert "en mots simples" in page.text and "WebVTT" in page.text


def test_the_guide_is_only_for_accounts_that_reach_the_admin(site):
    anonymous = Visitor(site)
    reply = anonymous._open(GUIDE, follow=False)
    assert reply.status == 302 and "/admin/login/" in reply.headers["location"]
    reader = Visitor(site)
    reader.log_in("lectrice", PASSWORD)
    assert "Guide de l'éditeur" not in reader.get(GUIDE).text
