"""Level 4 as a reader on a phone plan meets it: an attached file says its kind and weight (« PDF, 3 Ko »), an
address that opens a PDF says so, and a reference with neither DOI nor address links to a search of its title in
a bibliographic database (PubMed for articles and reviews, Google Scholar for reports), through a real server."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Collection

from practices.models import PracticePage, Publication
from tests import factories
from tests.live import Visitor

TITLE = "Effects of Housing First on Employment & Income: « a trial »"


@pytest.fixture
def practice_url(live_server, settings):
    factories.restore_migration_data()
    settings.PAGE_CACHE_ENABLED = True
    home = factories.make_home()
    practice = factories.make_practice(factories.make_practice_index(home))
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    report = Document.objects.create(
        title="Rapport", file=ContentFile(b"%PDF-1.4 " + b"x" * 3000, name="rapport.pdf"), collection=root
    )
    missing = Document.objects.create(
        title="Disparu", file=ContentFile(b"%PDF-1.4", name="disparu.pdf"), collection=root
    )
    missing.file.storage.delete(missing.file.name)  # the storage lost it; the page still answers
    rows = [
        dict(kind="report", title="Rapport final", document=report),
        dict(kind="report", title="Abrégé", url="https://www.example.org/abrege.pdf"),
        dict(kind="article", title=TITLE),
        dict(kind="guide", title="Guide de l'entourage"),
        dict(kind="article", title="Avec DOI", doi="10.1002/wps.20349"),
        dict(kind="report", title="Fichier perdu", document=missing),
    ]
    page = PracticePage.objects.get(pk=practice.pk)
    for order, row in enumerate(rows):
        Publication.objects.create(page=page, sort_order=order, authors="Auteur A", year=2020, **row)
    page.save_revision().publish()
    return live_server.url + page.url


def citation(html, title):
    start = html.index(title)
    return html[start : html.index("</li>", start)]


def test_files_and_pdf_addresses_say_their_kind_and_weight(practice_url):
    html = Visitor(practice_url.rsplit("/bonnes-pratiques/", 1)[0]).get(practice_url).text
    assert (
        'Télécharger le document<span class="visually-hidden"> : <span>Rapport final</span></span> (PDF, 3\u00a0Ko)</a>'
        in html
    )
    assert "(PDF)</a>" in citation(html, "Abrégé")
    lost = citation(html, "Fichier perdu")  # the storage lost it: the page still answers, with the kind only
    assert "(PDF)</a>" in lost and "Chercher ce titre" not in lost


def test_a_reference_without_doi_or_address_links_to_a_search_of_its_title(practice_url):
    html = Visitor(practice_url.rsplit("/bonnes-pratiques/", 1)[0]).get(practice_url).text
    article = citation(html, "Effects of Housing First")
    href = re.search(r'<a href="([^"]+)">Chercher ce titre dans PubMed', article)[1].replace("&amp;", "&")
    assert urlsplit(href).netloc == "pubmed.ncbi.nlm.nih.gov"
    assert parse_qs(urlsplit(href).query)["term"] == [TITLE]
    assert "scholar.google.com/scholar?q=Guide+de+l%27entourage" in citation(
        html, "Guide de l&#x27;entourage"
    )
    with_doi = citation(html, "Avec DOI")
    assert "https://doi.org/10.1002/wps.20349" in with_doi and "Chercher ce titre" not in with_doi
