"""The privacy page (demo content of the loader) says exactly what is collected, why, on which legal basis, for
how long, who is responsible and how to exercise each right."""

import html
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from parcours.demo.loader import stream_value
from parcours.models import StandardPage
from tests import factories
from tests.live import Visitor

SITE_YAML = Path(__file__).resolve().parents[2] / "fixtures" / "site.yaml"


def publish_privacy_page(home):
    pages = yaml.safe_load(SITE_YAML.read_text())["standard_pages"]
    data = next(p for p in pages if p["slug"] == "donnees-personnelles")
    return factories.publish(
        home,
        StandardPage(
            title=data["title"], slug=data["slug"], intro=data["intro"], body=stream_value(data["body"])
        ),
    )


def text_of(reply):
    return html.unescape(re.sub(r"<[^>]+>", " ", reply.text)).replace("\u2019", "'")


@pytest.fixture
def privacy(live_site):
    publish_privacy_page(live_site["home"])
    return Visitor(live_site["url"]).get(settings.PRIVACY_PAGE_PATH)


def test_the_privacy_page_names_the_controller_and_how_to_exercise_each_right(privacy):
    assert privacy.status == 200
    text = text_of(privacy)
    assert "Qui est responsable" in text and "responsable du traitement" in text
    assert settings.PRIVACY_CONTACT_EMAIL in text
    assert 'id="section-vos-droits"' in privacy.text
    for right in (
        "voir vos données",
        "copie dans un fichier",
        "corriger",
        "effacer",
        "limiter",
        "opposer",
        "retirer",
    ):
        assert right in text, right
    assert "CNIL" in text and "un mois" in text


def test_the_privacy_page_says_what_is_collected_why_and_on_which_basis(privacy):
    text = text_of(privacy)
    for collected in (
        "Demande de formation ou d'accompagnement",
        "note privée de l'équipe",
        "Inscription à une session de formation",
        "pièces jointes",
        "Experts du comité",
        "Espace « Échanger »",
        "consentement explicite",
        "contacts publiés",
        "Journaux du serveur",
        "Connexions manquées",
        "« Suivre cette pratique »",
    ):
        assert collected in text, collected
    assert text.count("Base légale") >= 6 and text.count("Pourquoi") >= 6


def test_the_retention_periods_on_the_privacy_page_are_the_ones_the_site_applies(privacy):
    from trainings.models import registration_retention_days

    text = text_of(privacy)
    assert f"{settings.TRAINING_REQUEST_RETENTION_DAYS // 365} ans, puis la demande est anonymisée" in text
    assert f"{registration_retention_days() // 365} an après la session" in text
    assert f"{settings.HUB_RETENTION_YEARS} ans après la publication des résultats" in text
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"gardés {minutes} minutes, puis effacés" in text
    assert (
        f"Il dure {settings.SESSION_COOKIE_AGE // 86400} jours, et {settings.PRIVILEGED_SESSION_HOURS:g} heures"
        in text
    )
    assert "ni votre adresse IP, ni les mots que vous cherchez" in text
    from alerts.models import SENT_MAIL_DAYS, UNCONFIRMED_DAYS

    assert f"une adresse non confirmée est effacée après {UNCONFIRMED_DAYS} jours" in text
    assert f"Les courriels envoyés sont effacés après {SENT_MAIL_DAYS} jours." in text


def test_the_privacy_page_names_every_cookie_the_site_sets(live_site, privacy):
    text = text_of(privacy)
    visitor = Visitor(live_site["url"])
    visitor.submit(
        f"/solliciter-un-appui/pratique/{live_site['practice'].slug}/",
        {"name": "", "email": "x"},  # a form shown again: the CSRF cookie is set
    )
    visitor.log_in("lectrice", "mot-de-passe-de-test-solide")
    names = {cookie.name for cookie in visitor.jar}
    assert names >= {"csrftoken", "sessionid"}
    for name in names | {"messages"}:
        assert f"« {name} »" in text, name
