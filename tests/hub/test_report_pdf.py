"""Issue 18: the applicant's feedback report as a PDF (WeasyPrint), read back with pypdf."""

import io

import pytest
from django.urls import reverse

from hub.models import ConsensusScore, Outcome

from . import builders as b


def pdf_text(content):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def past(db, clock):
    applicant, org = b.make_applicant("lea", "Association Les Pairs Lyonnais")
    chair = b.make_expert("chair")
    call, application = b.make_published_call(applicant, org, chair.user)
    ConsensusScore.objects.filter(report__application=application, criterion__code="C2").update(
        rationale="Les indicateurs d'impact sont « solides » & suivis."
    )
    Outcome.objects.filter(application=application).update(
        rank_band="Dans le premier quart des dossiers éligibles"
    )
    return applicant, application


@pytest.mark.django_db(transaction=True)
def test_the_applicant_downloads_the_report_as_a_pdf_with_grid_scores_rationale_and_band(visitor, past):
    applicant, application = past
    browser = visitor(applicant)
    result = browser.get(reverse("hub:application-result", args=[application.pk]))
    pdf_url = reverse("hub:application-report-pdf", args=[application.pk])
    assert pdf_url in result.text
    response = browser.get(pdf_url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert f"rapport-{application.reference}.pdf" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    text = pdf_text(response.content)
    assert application.reference in text and "Pratique sélectionnée l'an dernier" in text
    assert "Pépite sélectionnée" in text
    assert "C1 — Pertinence au thème de l'année" in text and "20 %" in text
    assert "4 sur 5" in text  # consensus 8 half points
    assert "Les indicateurs d'impact sont « solides » & suivis." in text
    assert "Dans le premier quart des dossiers éligibles" in text
    assert "Points forts" in text and "Ancrage local." in text


def test_someone_elses_report_is_not_found(client, past):
    applicant, application = past
    other, _ = b.make_applicant("bruno")
    client.force_login(other)
    assert client.get(reverse("hub:application-report-pdf", args=[application.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("hub:application-report-pdf", args=[application.pk])).status_code == 302


def test_no_pdf_before_the_results_are_published(client, db, clock):
    call = b.make_call()
    user, org = b.make_applicant("ana")
    application = b.make_application(call, org, user)
    client.force_login(user)
    assert client.get(reverse("hub:application-report-pdf", args=[application.pk])).status_code == 404
