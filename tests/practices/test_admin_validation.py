"""Editors get a clear French error in the admin, and nothing wrong is saved."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from practices.models import PracticePage, Publication, SupportTeam


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "redaction", "redaction@example.org", "motdepasse-solide-2026"
    )
    client.force_login(user)
    return client


def practice_post_data(page, *, publications=(), **overrides):
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "explanation": rich_text("<p>Une explication simple.</p>"),
        "video_title": "",
        "video_url": "",
        "video_transcript": "",
        "listing_image_alt": "",
        "body": streamfield([("paragraph", rich_text("<p>Description.</p>"))]),
        "evidence_justification": rich_text(""),
        "assessed_by": "",
        "outcomes": inline_formset([]),
        "publications": inline_formset(list(publications)),
        "tags": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def edit_practice(client, page, **kwargs):
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), practice_post_data(page, **kwargs))


def publication(**fields):
    base = {
        "kind": "article",
        "authors": "Auteur A",
        "title": "Titre",
        "container": "",
        "year": "2016",
        "doi": "",
        "url": "",
        "lay_summary": "",
    }
    base.update(fields)
    return base


def test_a_valid_edit_is_saved(editor_client, practice):
    response = edit_practice(
        editor_client,
        practice,
        summary="Un résumé revu.",
        publications=[publication(doi="https://doi.org/10.1002/wps.20349")],
    )
    assert response.status_code == 302
    revision = PracticePage.objects.get(pk=practice.pk).get_latest_revision_as_object()
    assert revision.summary == "Un résumé revu."
    assert revision.publications.first().doi == "10.1002/wps.20349"


def test_publication_year_in_the_future_is_refused(editor_client, practice):
    response = edit_practice(
        editor_client,
        practice,
        summary="Ne doit pas être enregistré.",
        publications=[publication(year="2999")],
    )
    assert response.status_code == 200
    assert "est dans le futur" in response.content.decode()
    assert (
        PracticePage.objects.get(pk=practice.pk).get_latest_revision_as_object().summary
        != "Ne doit pas être enregistré."
    )


def test_malformed_doi_is_refused(editor_client, practice):
    response = edit_practice(editor_client, practice, publications=[publication(doi="pas-un-doi")])
    assert response.status_code == 200
    assert "Ce DOI n&#x27;est pas valide" in response.content.decode()
    assert not Publication.objects.filter(doi="pas-un-doi").exists()


def test_video_from_an_unsupported_host_is_refused(editor_client, practice):
    response = edit_practice(
        editor_client, practice, video_url="https://videos.example.org/ma-video", video_transcript="Texte."
    )
    assert response.status_code == 200
    assert "Cette adresse de vidéo n&#x27;est pas prise en charge" in response.content.decode()


def test_video_without_transcript_is_refused(editor_client, practice):
    response = edit_practice(editor_client, practice, video_url="https://vimeo.com/123456")
    assert response.status_code == 200
    assert "Ajoutez la transcription écrite de la vidéo" in response.content.decode()


@pytest.fixture
def image(db):
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from parcours.demo.images import _draw

    img = get_image_model()(title="Image de test")
    img.file = ImageFile(_draw("test", 64, 40), name="test.png")
    img.save()
    return img


def test_thumbnail_without_alt_text_is_refused(editor_client, practice, image):
    response = edit_practice(editor_client, practice, listing_image=image.pk, listing_image_alt="")
    assert response.status_code == 200
    assert "Ajoutez un texte alternatif qui décrit l&#x27;image" in response.content.decode()


def test_theme_illustration_without_alt_text_is_refused(editor_client, theme, image):
    data = nested_form_data(
        {
            "title": theme.title,
            "slug": theme.slug,
            "chapo": theme.chapo,
            "illustration": image.pk,
            "illustration_alt": "",
            "practice_links": inline_formset([]),
            "resources": inline_formset([]),
        }
    )
    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=[theme.pk]), data)
    assert response.status_code == 200
    assert "Ajoutez un texte alternatif qui décrit l&#x27;illustration" in response.content.decode()


def team_post_data(team, *, practice_links):
    return nested_form_data(
        {
            "name": team.name,
            "slug": team.slug,
            "host_organisation": team.host_organisation,
            "description": "",
            "address": "",
            "postcode": "75001",
            "city": team.city,
            "departement": team.departement_id,
            "phone": team.phone,
            "email": team.email,
            "website": "",
            "technical_sheet": rich_text(""),
            "contacts": inline_formset([]),
            "practice_links": inline_formset(practice_links),
            "project_engineering": "no",
        }
    )


def test_support_team_start_year_before_1900_is_refused(editor_client, practice):
    team = SupportTeam.objects.get()
    url = reverse("wagtailsnippets_practices_supportteam:edit", args=[team.pk])
    response = editor_client.post(
        url, team_post_data(team, practice_links=[{"practice": practice.pk, "start_year": "1850"}])
    )
    assert response.status_code == 200
    assert "L&#x27;année de début doit être 1900 ou plus récente." in response.content.decode()
    assert team.practice_links.get().start_year != 1850


def test_support_team_invalid_phone_is_refused(editor_client, practice):
    team = SupportTeam.objects.get()
    data = team_post_data(team, practice_links=[{"practice": practice.pk, "start_year": "2011"}])
    data["phone"] = "123"
    response = editor_client.post(reverse("wagtailsnippets_practices_supportteam:edit", args=[team.pk]), data)
    assert response.status_code == 200
    assert "Ce numéro de téléphone n&#x27;est pas valide" in response.content.decode()
    assert SupportTeam.objects.get().phone == "01 99 00 12 34"


def test_admin_is_in_french(editor_client, practice):
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[practice.pk]))
    assert response.status_code == 200
    assert 'lang="fr' in response.content.decode()
    assert "Niveau 1 : Comprendre" in response.content.decode()


def test_editor_can_create_a_practice_in_the_admin(editor_client, practice_index):
    url = reverse("wagtailadmin_pages:add", args=["practices", "practicepage", practice_index.pk])
    page = PracticePage(
        title="Dialogue ouvert", slug="dialogue-ouvert", summary="Parler ensemble avec la famille."
    )
    response = editor_client.post(url, practice_post_data(page))
    assert response.status_code == 302
    assert PracticePage.objects.filter(slug="dialogue-ouvert").exists()


def test_a_team_practising_for_less_than_five_years_cannot_be_its_support_team(practice):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from practices.models import PracticeSupport, SupportTeam

    link = PracticeSupport(
        team=SupportTeam.objects.get(), practice=practice, start_year=timezone.localdate().year - 2
    )
    with pytest.raises(ValidationError) as error:
        link.full_clean(exclude=["team", "practice"])
    assert "au moins 5 ans" in str(error.value)
    link.start_year = timezone.localdate().year - 5
    link.full_clean(exclude=["team", "practice"])
