"""The demo loads on a fresh database, and a second run changes nothing."""

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from hub.demo import demo_logins
from hub.models import Application, Assignment, Call, CallStatus, ConflictDeclaration, Expert, Review

pytestmark = pytest.mark.django_db


def snapshot():
    state = {}
    for model in apps.get_app_config("hub").get_models():
        state[model.__name__] = sorted(map(repr, model.objects.values()))
    state["users"] = sorted(get_user_model().objects.values_list("username", "password", "email"))
    return state


def test_demo_loads_once_and_a_second_run_changes_nothing(client):
    call_command("load_hub_demo")
    first = snapshot()
    call_command("load_hub_demo")
    assert snapshot() == first

    current = Call.objects.get(status=CallStatus.REVIEW)
    past = Call.objects.get(status=CallStatus.RESULTS_PUBLISHED)
    assert current.applications.count() == 30 and Expert.objects.count() == 8
    assert ConflictDeclaration.objects.filter(application__call=current).count() == 4
    reviews = Review.objects.filter(assignment__application__call=current)
    assert (
        0
        < reviews.filter(status="submitted").count()
        < Assignment.objects.filter(application__call=current).count()
    )
    assert past.outcomes.filter(outcome="laureate").count() == 3
    assert not get_user_model().objects.exclude(email__endswith="example.org").exclude(email="").exists()

    for label, username, password in demo_logins():
        assert (
            authenticate(RequestFactory().post("/compte/connexion/"), username=username, password=password)
            is not None
        ), label
    assert client.get(reverse("hub:call-results", args=[past.slug])).status_code == 200
    client.force_login(
        get_user_model().objects.get(username="demo-presidente")
    )  # its password was checked above
    assert client.get(reverse("hub:chair-ranking", args=[current.slug])).status_code == 200
    assert Application.objects.filter(call=past, status="laureate").count() == 3


def test_the_demo_has_an_open_call_a_new_user_can_apply_to(client, mailoutbox, capsys):
    from django.utils import timezone

    from . import builders as b

    call_command("load_hub_demo")
    open_call = Call.objects.get(status=CallStatus.OPEN)
    assert open_call.accepts_applications() and open_call.closes_at > timezone.now() + timezone.timedelta(
        days=30
    )
    assert open_call.is_grid_frozen and open_call.paths.count() == 3
    call_command("hub_demo_logins")
    out = capsys.readouterr().out
    assert f"/positivehub/{open_call.slug}/" in out and "demo-secretariat / " in out

    client.post(
        reverse("hub:signup"),
        {
            "first_name": "Nina",
            "last_name": "Nouvelle",
            "email": "nina@example.org",
            "password1": "un-mot-de-passe-sûr-42",
            "password2": "un-mot-de-passe-sûr-42",
            "time_zone": "Europe/Paris",
            "organisation_name": "Les Pairs de Nantes",
            "legal_form": "association",
            "country": "FR",
        },
    )
    client.get(b.signup_link(mailoutbox, "nina@example.org"))
    page = client.get(reverse("hub:application-start", args=[open_call.slug]))
    assert page.status_code == 200
    response = client.post(
        reverse("hub:application-start", args=[open_call.slug]), {"token": page.context["token"]}
    )
    assert response.status_code == 302 and "/etape/1/" in response["Location"]


def test_an_expired_demo_open_call_is_opened_again_on_the_next_load(clock):
    import datetime as dt

    call_command("load_hub_demo")
    open_call = Call.objects.get(status=CallStatus.OPEN)
    clock.set(clock.now + dt.timedelta(days=90))
    assert not open_call.accepts_applications()
    call_command("load_hub_demo")
    open_call.refresh_from_db()
    assert open_call.accepts_applications() and open_call.status == CallStatus.OPEN
