"""Issue 18: every referenced pépite has a public page, a filterable list, site search, cached and purged; the 21
priorities and the committee are public."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.models import (
    ApplicationStatus,
    CallMembership,
    CallStatus,
    Outcome,
    Priority,
    PublicListing,
    SelectionRun,
)
from hub.services import selection
from tests import factories

from . import builders as b


@pytest.fixture
def published(db, clock):
    """A call published through the real selection: a laureate, a selected pépite, one eligible and listed with
    consent, one not retained without consent."""
    call = b.make_call(status=CallStatus.DELIBERATION, n_selected=2, n_laureates=1)
    chair = b.make_expert("chair", call, role="chair")
    apps = []
    rows = [
        (10, True, "Les entendeurs de voix de Lyon", "FR"),
        (8, True, "Pairs en sortie d'hôpital", "BE"),
        (7, False, "Un jardin partagé", "FR"),
        (4, True, "Le café des familles", "CA"),
    ]
    for i, (halves, consent, title, country) in enumerate(rows, start=1):
        user, org = b.make_applicant(f"porteur{i}", country=country)
        org.website = f"https://porteur{i}.example.org/"
        org.save()
        application = b.make_application(call, org, user, n=i, consent=consent, title=title)
        application.population = f"Personnes entendant des voix, numéro {i}."
        application.transferability = f"Un guide d'essaimage, numéro {i}."
        application.summary_public = f"Des groupes d'entraide entre pairs, numéro {i}."
        application.save()
        b.make_consensus(application, halves)
        apps.append(application)
    run = selection.run_selection(call, chair.user)
    selection.finalise_run(run, chair.user)
    selection.confirm_run(run, b.make_secretariat())
    selection.publish_results(call, chair.user)
    call.refresh_from_db()
    return call, apps


def listing(app):
    return PublicListing.objects.get(application=app)


def test_every_referenced_pepite_has_a_public_page_with_its_status_and_details(client, published):
    call, apps = published
    laureate = client.get(listing(apps[0]).get_absolute_url())
    text = laureate.content.decode()
    assert laureate.status_code == 200
    assert "Les entendeurs de voix de Lyon" in text
    assert "Lauréate (Parcours émergence)" in text
    assert "Des groupes d&#x27;entraide entre pairs, numéro 1." in text
    assert "Lyon" in text and "France" in text
    assert "Personnes entendant des voix, numéro 1." in text
    assert "Un guide d&#x27;essaimage, numéro 1." in text
    assert "https://porteur1.example.org/" in text
    assert 'aria-label="Fil d\'Ariane"' in text and "Mis à jour le" in text
    assert "Pépite sélectionnée" in client.get(listing(apps[1]).get_absolute_url()).content.decode()
    listed = client.get(listing(apps[3]).get_absolute_url()).content.decode()
    assert "Éligible, référencée" in listed and "Le café des familles" in listed
    assert not PublicListing.objects.filter(application=apps[2]).exists()  # not retained, no consent


def test_without_consent_a_selected_pepite_shows_only_title_summary_organisation_and_country(
    client, clock, db
):
    call = b.make_call(status=CallStatus.DELIBERATION, n_selected=1, n_laureates=0)
    chair = b.make_expert("chair", call, role="chair")
    user, org = b.make_applicant("sansaccord")
    org.website = "https://sansaccord.example.org/"
    org.save()
    application = b.make_application(call, org, user, n=1, consent=False, title="Pratique discrète")
    b.make_consensus(application, 9)
    run = selection.run_selection(call, chair.user)
    selection.finalise_run(run, chair.user)
    selection.confirm_run(run, b.make_secretariat())
    selection.publish_results(call, chair.user)
    text = client.get(listing(application).get_absolute_url()).content.decode()
    assert "Pratique discrète" in text and "France" in text
    assert "sansaccord.example.org" not in text
    assert "Texte détaillé pour population." not in text


def test_a_pepite_of_an_unpublished_call_has_no_public_page(client, published):
    call, apps = published
    url = listing(apps[0]).get_absolute_url()
    call.status = CallStatus.DELIBERATION
    call.save()
    assert client.get(url).status_code == 404


def test_the_list_filters_by_call_theme_country_and_status(client, published):
    call, apps = published
    url = reverse("hub:pepite-list")
    everything = client.get(url).content.decode()
    assert all(t in everything for t in ("Les entendeurs", "Pairs en sortie", "Le café des familles"))
    belgium = client.get(url, {"pays": "BE"}).content.decode()
    assert "Pairs en sortie" in belgium and "Les entendeurs" not in belgium
    laureates = client.get(url, {"statut": "laureate"}).content.decode()
    assert "Les entendeurs" in laureates and "Pairs en sortie" not in laureates
    selected = client.get(url, {"statut": "selectionnee"}).content.decode()
    assert "Les entendeurs" in selected and "Pairs en sortie" in selected and "café" not in selected
    eligible = client.get(url, {"statut": "eligible"}).content.decode()
    assert "café des familles" in eligible and "Les entendeurs" not in eligible
    by_call = client.get(url, {"appel": call.year, "theme": call.theme.code}).content.decode()
    assert "3 pépites" in by_call
    words = client.get(url, {"q": "entendeurs"}).content.decode()
    assert "1 pépite" in words and "Les entendeurs" in words


@pytest.mark.parametrize(
    "params",
    [
        {"pays": "ZZ"},
        {"statut": "laureat<script>"},
        {"appel": "deux mille"},
        {"q": "x" * 100_000},
        {"q": "a\x00b"},
    ],
)
def test_bad_filters_get_a_french_message_never_a_500(client, published, params):
    response = client.get(reverse("hub:pepite-list"), params)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Le formulaire contient des erreurs" in text
    assert "<script>" not in text.split("<main")[1]


def test_invalid_utf8_in_the_query_string_is_answered(client, published):
    response = client.get(reverse("hub:pepite-list") + "?q=%ff%fe")
    assert response.status_code in (200, 400)


def test_pepites_appear_in_site_search_and_link_their_page(client, published):
    call, apps = published
    response = client.get("/recherche/", {"q": "entendeurs"})
    assert response.status_code == 200
    assert listing(apps[0]).get_absolute_url() in response.content.decode()


def test_the_pepite_page_links_the_practice_once_it_is_published(client, published):
    call, apps = published
    index = factories.make_practice_index(factories.make_home())
    from hub.services.practice_drafts import create_practice_draft

    apps[0].refresh_from_db()
    page = create_practice_draft(apps[0], b.make_secretariat("secretariat2"))
    url = listing(apps[0]).get_absolute_url()
    assert "Elle est devenue une bonne pratique" not in client.get(url).content.decode()  # a draft: no link
    assert listing(apps[0]).practice_id == page.pk
    page.save_revision().publish()
    page.refresh_from_db()
    text = client.get(url).content.decode()
    assert "Elle est devenue une bonne pratique" in text and page.url in text
    assert index.pk


def test_list_and_page_queries_do_not_grow_with_the_number_of_pepites(client, published, settings):
    settings.PAGE_CACHE_ENABLED = False
    call, apps = published

    def count(url):
        client.get(url)  # warm: the site's menus and sites are looked up once, then kept
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    small = count(reverse("hub:pepite-list"))
    many_listings(call, 40)
    assert count(reverse("hub:pepite-list")) == small
    assert count(reverse("hub:pepite-list") + "?statut=eligible") <= small + 1


def many_listings(call, n):
    run = SelectionRun.objects.get(call=call, is_final=True)
    chair = run.computed_by
    for i in range(n):
        user, org = b.make_applicant(f"extra{i}", country="SN")
        application = b.make_application(
            call, org, user, n=500 + i, status=ApplicationStatus.LISTED, title=f"Pépite {i}"
        )
        Outcome.objects.create(
            call=call,
            application=application,
            outcome="listed",
            rank=100 + i,
            total_score=50,
            selection_run=run,
            decided_by=chair,
            decided_at=run.computed_at,
        )
        PublicListing.objects.create(
            application=application,
            slug=f"extra-{i}",
            badge="listed",
            public_title=application.title,
            organisation_name=org.name,
            country="SN",
            published_at=run.computed_at,
        )


def test_the_priorities_page_lists_the_active_priorities_and_the_calls_that_took_them(client, published):
    call, _ = published
    Priority.objects.create(code="logement", title="Logement d'abord", order=2, description="Le logement.")
    Priority.objects.create(code="ancienne", title="Priorité retirée", order=3, is_active=False)
    text = client.get(reverse("hub:priorities")).content.decode()
    assert "Pair-aidance" in text and "Logement d&#x27;abord" in text and "Priorité retirée" not in text
    assert reverse("hub:call-detail", args=[call.slug]) in text


def test_the_committee_page_names_only_members_who_agreed(client, published):
    call, _ = published
    named = b.make_expert(
        "nommee", call, affiliation="Université de Montréal", country="CA", public_consent=True
    )
    b.make_expert("discrete", call, affiliation="Hôpital secret")
    text = client.get(reverse("hub:committee")).content.decode()
    assert named.user.get_full_name() in text and "Université de Montréal" in text and "Canada" in text
    assert "Hôpital secret" not in text and "Discrete" not in text
    assert (
        "2 autres membres n'ont pas souhaité que leur nom soit publié" in text
    )  # « discrete » and the chair
    assert CallMembership.objects.filter(call=call).count() >= 2


@pytest.mark.django_db(transaction=True)
def test_public_pages_are_cached_and_purged_when_a_pepite_changes(visitor, clock, settings):
    settings.PAGE_CACHE_ENABLED = True
    call, apps = _published_for_live(clock)
    reader = visitor()
    item = listing(apps[0])
    urls = [
        item.get_absolute_url(),
        reverse("hub:pepite-list"),
        reverse("hub:call-results", args=[call.slug]),
    ]
    for url in urls:
        assert reader.get(url).status_code == 200
        hit = reader.get(url)
        assert hit.headers.get("X-Cache") == "HIT", url
    item.public_title = "Les entendeurs de voix, nouveau titre"
    item.save()
    for url in urls:
        response = reader.get(url)
        assert response.headers.get("X-Cache") == "MISS", url
        assert "nouveau titre" in response.text, url


@pytest.mark.django_db(transaction=True)
def test_the_committee_page_is_purged_when_a_member_agrees_to_be_named(visitor, clock, settings):
    call, apps = _published_for_live(clock)
    member = b.make_expert("consente", call, affiliation="Institut Pasteur de Dakar")
    reader = visitor()
    assert "Institut Pasteur de Dakar" not in reader.get(reverse("hub:committee")).text
    expert_browser = visitor(member.user)
    answer = expert_browser.post(reverse("hub:expert-charter"), {"nom_public": "oui"})
    assert answer.status_code == 200 and "figurent sur la page publique" in answer.text
    after = reader.get(reverse("hub:committee"))
    assert "Institut Pasteur de Dakar" in after.text, after.headers.get("X-Cache")
    again = expert_browser.post(reverse("hub:expert-charter"), {"nom_public": "oui"})
    assert again.status_code == 200
    member.refresh_from_db()
    assert member.public_consent is True
    refused = expert_browser.post(reverse("hub:expert-charter"), {"nom_public": "peut-être"})
    assert "Choisissez « oui » ou « non »" in refused.text


def _published_for_live(clock):
    factories.restore_migration_data()
    factories.make_home()  # a Wagtail Site, as every real site has: purges are made per site
    call = b.make_call(status=CallStatus.DELIBERATION, n_selected=1, n_laureates=1)
    chair = b.make_expert("chair", call, role="chair")
    user, org = b.make_applicant("porteur")
    application = b.make_application(call, org, user, n=1, title="Les entendeurs de voix")
    b.make_consensus(application, 9)
    run = selection.run_selection(call, chair.user)
    selection.finalise_run(run, chair.user)
    selection.confirm_run(run, b.make_secretariat())
    selection.publish_results(call, chair.user)
    call.refresh_from_db()
    return call, [application]


def test_site_search_reads_pepites_from_the_index_in_queries_that_do_not_grow(client, published, settings):
    """Site search once stemmed every pépite's text in Python on each request: 1 s with 333 pépites."""
    settings.PAGE_CACHE_ENABLED = False
    call, apps = published

    def count(query):
        client.get("/recherche/", {"q": query})
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/recherche/", {"q": query})
        assert response.status_code == 200
        return len(ctx), response.content.decode()

    small, _ = count("pépite")
    many_listings(call, 40)
    queries, html = count("pépite")
    assert queries == small
    listed = PublicListing.objects.filter(application__call=call).count()
    assert listed >= 43
    assert f"PositiveHub ({listed + 2})" in html  # every pépite, the call and its results page
    _, html = count("essaimage")  # a word of the transferability only
    assert listing(apps[0]).get_absolute_url() in html
    _, html = count("xylophone")
    assert listing(apps[0]).get_absolute_url() not in html
