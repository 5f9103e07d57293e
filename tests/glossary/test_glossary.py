"""A reader meets a difficult word and finds its plain definition: the first occurrence on a page links to the
glossary entry (and opens in place with JavaScript); editors keep the glossary in the admin, and a change shows at
once on cached pages, through a real server."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from glossary.marking import Entry, Glossary
from glossary.models import Term
from practices import roles
from tests import factories
from tests.live import Visitor

PASSWORD = "mot-de-passe-de-test-solide"
DEFINITION = "Aide apportée par une personne qui a vécu des troubles psychiques et s'en est rétablie."


@pytest.fixture
def site(live_server, settings):
    factories.restore_migration_data()
    settings.PAGE_CACHE_ENABLED = True
    home = factories.make_home()
    factories.make_team_index(home)
    practice = factories.make_practice(
        factories.make_practice_index(home),
        title="La pair-aidance professionnelle",
        summary="Des pairs-aidants dans les équipes de soins.",
        explanation="<p>La pair-aidance aide au rétablissement. Elle s'apprend : la pair-aidance est un métier.</p>",
        theme=factories.make_theme(factories.make_parcours(home)),
        evidence_level=factories.make_level(),
    )
    editor = get_user_model().objects.create_user("editrice", "editrice@example.org", PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    return {"url": live_server.url, "practice": practice}


def marked(html):
    return re.findall(r'<a class="terme" href="([^"]+)" data-definition="([^"]*)">([^<]+)</a>', html)


def test_a_term_added_by_an_editor_marks_its_first_occurrence_at_once_on_the_cached_page(site):
    reader = Visitor(site["url"])
    page = site["practice"].url
    assert reader.get(page).status == 200 and reader.get(page).cache == "HIT"
    assert marked(reader.get(page).text) == []

    editor = Visitor(site["url"])
    editor.log_in("editrice", PASSWORD)
    saved = editor.submit(
        "/admin/snippets/glossary/term/add/",
        {"term": "pair-aidance", "variants": "pair-aidant, pairs-aidants", "definition": DEFINITION},
    )
    assert saved.status == 200 and "/admin/snippets/glossary/term/" in saved.url, saved.text[:500]

    html = reader.get(page).text
    links = marked(html)
    assert len(links) == 1, links  # the first occurrence only, never in the title (a heading)
    href, definition, text = links[0]
    assert href == "/glossaire/#t-pair-aidance"
    assert definition == DEFINITION.replace("'", "&#x27;")
    assert text == "pairs-aidants"  # the lead comes first on the page; a variant counts
    assert "<h1>La pair-aidance professionnelle</h1>" in html

    glossary = reader.get("/glossaire/").text
    assert '<dt id="t-pair-aidance"><dfn>pair-aidance</dfn></dt>' in glossary
    assert "s&#x27;en est rétablie" in glossary  # escaped once, shown as typed
    assert marked(glossary) == []  # the glossary page itself is not marked


def test_an_edited_definition_is_saved_twice_unchanged_and_shown_at_once(site):
    term = Term.objects.create(term="pair-aidance", definition="Première version.")
    reader = Visitor(site["url"])
    reader.get(site["practice"].url)
    editor = Visitor(site["url"])
    editor.log_in("editrice", PASSWORD)
    edit = f"/admin/snippets/glossary/term/edit/{term.pk}/"
    typed = "L'aide d'une personne « qui est passée par là » ; elle s'en est rétablie !"
    editor.submit(edit, {"definition": typed})
    editor.submit(edit, {})  # saved again as it is
    term.refresh_from_db()
    assert term.definition == typed
    assert marked(reader.get(site["practice"].url).text)[0][1] == typed.replace("'", "&#x27;")


def test_a_definition_that_is_too_long_is_refused_with_a_french_message_and_nothing_is_lost(site):
    editor = Visitor(site["url"])
    editor.log_in("editrice", PASSWORD)
    long_text = " ".join(["mot"] * 60)
    reply = editor.submit("/admin/snippets/glossary/term/add/", {"term": "GEM", "definition": long_text})
    assert reply.status == 200
    assert "La définition a 60 mots" in reply.text
    assert long_text in reply.text
    assert not Term.objects.exists()


@pytest.mark.parametrize("value", ["", "\x00", "<script>alert(1)</script>", "x" * 100_000])
def test_odd_terms_never_break_the_admin_or_the_pages(site, value):
    editor = Visitor(site["url"])
    editor.log_in("editrice", PASSWORD)
    reply = editor.submit(
        "/admin/snippets/glossary/term/add/", {"term": value, "definition": "Une définition."}
    )
    assert reply.status in (200, 400)
    reader = Visitor(site["url"])
    assert reader.get(site["practice"].url).status == 200
    assert "<script>alert(1)</script>" not in reader.get("/glossaire/").text


def test_the_shipped_glossary_has_at_least_forty_plain_terms(db):
    call_command("load_glossary", stdout=open("/dev/null", "w"))
    terms = list(Term.objects.all())
    assert len(terms) >= 40
    assert all(len(t.definition.split()) <= 40 for t in terms)
    call_command("load_glossary", stdout=open("/dev/null", "w"))  # loading again adds nothing
    assert Term.objects.count() == len(terms)


def test_marking_skips_links_headings_and_form_controls_and_reads_typographic_apostrophes():
    glossary = Glossary(
        {"logement d'abord": Entry("logement d'abord", "t-logement-d-abord", "Un logement tout de suite.")},
        "/glossaire/",
    )
    html = (
        "<h2>Le logement d'abord</h2><a href='/x'>logement d&#x27;abord</a><label>logement d'abord</label>"
        "<svg role='img'><title>Le logement d'abord</title><g><text>logement d'abord</text></g></svg>"
        '<span class="badge badge--team">Logement d’abord</span><p data-no-glossary>logement d\'abord</p>'
        "<p>Le Logement d’abord marche. Le logement d'abord encore.</p>"
    )
    out = glossary.mark(html)
    assert out.count('class="terme"') == 1
    assert '<p>Le <a class="terme" href="/glossaire/#t-logement-d-abord"' in out
    assert "<h2>Le logement d'abord</h2>" in out
    assert "<text>logement d'abord</text>" in out  # nothing interactive inside a chart
    assert '<span class="badge badge--team">Logement d’abord</span>' in out  # a link on a badge is unreadable
