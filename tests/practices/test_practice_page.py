import re

import pytest
from pytest_django.asserts import assertContains

from tests import factories

LEVEL_HEADINGS = [
    "Niveau 1 sur 5 :</span> Comprendre",
    "Niveau 2 sur 5 :</span> Description de l'action",
    "Niveau 3 sur 5 :</span> Niveau de preuve",
    "Niveau 4 sur 5 :</span> Publications et rapports",
    "Niveau 5 sur 5 :</span> Équipes d'appui",
]


def test_practice_page_shows_the_five_levels_in_order(client, practice):
    html = client.get(practice.url).content.decode()
    positions = [html.find(heading) for heading in LEVEL_HEADINGS]
    assert all(p > 0 for p in positions), positions
    assert positions == sorted(positions)


def test_each_level_shows_its_own_content(client, practice):
    response = client.get(practice.url)
    assertContains(response, "La personne choisit son logement.")  # level 1
    assertContains(response, "Des personnes sans abri depuis longtemps.")  # level 2
    assertContains(response, "Efficacité établie")  # level 3
    assertContains(response, "Maintien dans le logement")  # level 3 outcome row
    assertContains(response, 'href="https://doi.org/10.1002/wps.20349"')  # level 4 citation with DOI link
    assertContains(response, "Équipe DIHAL")  # level 5
    assertContains(response, 'href="tel:+33199001234"')
    assertContains(response, 'href="mailto:equipe@example.org"')


def test_breadcrumb_of_a_practice_follows_its_primary_theme(client, practice, theme, vie):
    html = client.get(practice.url).content.decode()
    nav = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    labels = re.findall(r">([^<>]+)</a>", nav)
    assert labels == ["Accueil", vie.title, theme.title]
    assert "Toutes les bonnes pratiques" not in nav


def test_practice_appears_in_every_theme_it_belongs_to(client, practice, theme, vie, practice_index):
    other = factories.make_theme(vie, title="Les droits")
    factories.ThemePracticeLink.objects.create(theme=other, practice=practice, sort_order=0)
    for theme_page in (theme, other):
        assertContains(client.get(theme_page.url), f'href="{practice.url}"')


def test_draft_practice_is_not_listed_on_its_theme_nor_served(client, practice_index, theme):
    draft = factories.make_practice(practice_index, title="Brouillon caché", theme=theme, live=False)
    assert "Brouillon caché" not in client.get(theme.url).content.decode()
    assert client.get(f"/bonnes-pratiques/{draft.slug}/").status_code == 404


def test_practice_urls_are_ascii_french_slugs(practice, theme):
    assert practice.url == "/bonnes-pratiques/un-chez-soi-dabord/"
    assert theme.url == "/parcours-de-vie/le-logement/"


def test_external_video_is_a_link_to_its_host_with_the_transcript(client, practice_index):
    page = factories.make_practice(
        practice_index,
        title="Avec vidéo",
        video_url="https://www.youtube.com/watch?v=l_rFTfvxgc0",
        video_transcript="Bonjour, voici le programme.",
    )
    response = client.get(page.url)
    assertContains(response, "Lire la vidéo sur YouTube")
    assertContains(response, "Bonjour, voici le programme.")


def test_assessment_dates_are_shown(client, practice):
    import datetime

    practice.assessed_on = datetime.date(2026, 4, 15)
    practice.next_review_on = datetime.date(2028, 4, 15)
    practice.save_revision().publish()
    response = client.get(practice.url)
    assertContains(response, "Niveau de preuve évalué le 15 avril 2026")
    assertContains(response, "prochaine révision le 15 avril 2028")


@pytest.mark.parametrize("years, expected", [(6, True), (4, False)])
def test_five_years_of_practice_is_derived_from_the_start_year(practice, years, expected):
    from django.utils import timezone

    link = practice.support_links.get()
    link.start_year = timezone.localdate().year - years
    assert link.practised_five_years is expected


def test_level_five_offers_each_teams_technical_sheet_as_soon_as_it_is_saved(client, practice):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from practices.models import SupportTeam

    assert "Fiche technique de l’équipe" not in client.get(practice.url).content.decode()
    document = get_document_model()(title="Fiche technique")
    document.file.save("fiche-technique-essai.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.file_size = document.file.size  # as the team space does when the team uploads it
    document.save()
    team = SupportTeam.objects.get()
    team.technical_sheet_document = document
    team.save()
    response = client.get(practice.url)
    html = response.content.decode()
    assert "Fiche technique de l’équipe" in html and document.url in html and "(PDF, 15" in html
