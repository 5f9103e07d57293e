"""Issue 18: the calibration exercise on shared examples, before scoring opens; it never counts."""

import pytest
from django.urls import reverse

from hub.exceptions import HubError
from hub.models import AuditEvent, CalibrationExample, CalibrationScore, CallStatus
from hub.services import calibration

from . import builders as b


@pytest.fixture
def exercise(db, clock):
    call = b.make_call(status=CallStatus.ELIGIBILITY)
    members = [b.make_expert(f"membre{i}", call) for i in range(3)]
    example = CalibrationExample.objects.create(
        call=call, title="Un GEM rural", text="Dossier fictif : un GEM."
    )
    return call, members, example


def scores(value, **others):
    data = {f"score_{code}": value for code in b.CODES}
    data.update(others)
    return data


@pytest.mark.django_db(transaction=True)
def test_a_member_scores_a_shared_example_then_sees_the_committee_median(visitor, exercise):
    call, members, example = exercise
    for member, value in zip(members[1:], (2, 3), strict=True):
        calibration.submit_calibration(example, member, {code: value * 2 for code in b.CODES})
    browser = visitor(members[0].user)
    dashboard = browser.get(reverse("hub:expert-dashboard"))
    assert reverse("hub:expert-calibration", args=[call.slug]) in dashboard.text
    url = reverse("hub:expert-calibration-example", args=[call.slug, example.pk])
    page = browser.get(url)
    assert "Dossier fictif : un GEM." in page.text and "Médiane du comité" not in page.text
    response = browser.post(url, scores("5"))
    assert response.status_code == 200 and "Médiane du comité" in response.text
    assert "Oui\u00a0: un point ou plus d" in response.text  # 5 against a median of 3
    again = browser.post(url, scores("5"))
    assert again.status_code == 200
    assert CalibrationScore.objects.filter(expert=members[0]).count() == len(b.CODES)
    assert AuditEvent.objects.filter(verb="calibration.submitted").count() == 4
    listing = browser.get(reverse("hub:expert-calibration", args=[call.slug]))
    assert "déposées" in listing.text


@pytest.mark.parametrize("value", ["", "7", "2,25", "x" * 100_000, "1\x00", "<b>3</b>"])
def test_bad_calibration_scores_get_a_french_message(client, exercise, value):
    call, members, example = exercise
    client.force_login(members[0].user)
    url = reverse("hub:expert-calibration-example", args=[call.slug, example.pk])
    response = client.post(url, scores("3", score_C1=value))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Notez ce critère." in text or "Choisissez une note entre 0 et 5" in text
    assert not CalibrationScore.objects.exists()


def test_only_members_of_the_call_take_part(client, exercise):
    call, members, example = exercise
    outsider = b.make_expert("exterieure")
    client.force_login(outsider.user)
    assert client.get(reverse("hub:expert-calibration", args=[call.slug])).status_code == 404
    with pytest.raises(HubError):
        calibration.submit_calibration(example, outsider, {code: 6 for code in b.CODES})


def test_calibration_closes_when_scoring_opens_and_never_counts(client, exercise):
    call, members, example = exercise
    calibration.submit_calibration(example, members[0], {code: 6 for code in b.CODES})
    call.status = CallStatus.REVIEW
    call.save()
    with pytest.raises(HubError, match="La calibration est close"):
        calibration.submit_calibration(example, members[1], {code: 6 for code in b.CODES})
    client.force_login(members[0].user)
    page = client.get(reverse("hub:expert-calibration-example", args=[call.slug, example.pk]))
    text = page.content.decode()
    assert "la calibration est close" in text.lower() or "Déposer mes notes" not in text
    assert "Médiane du comité" in text
    from hub.models import Review
    from hub.services.quorum import counted_review_counts

    assert counted_review_counts(call) == {} and not Review.objects.exists()
