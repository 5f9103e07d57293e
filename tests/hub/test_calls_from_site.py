"""Issue 18: the secretariat creates, edits, previews and copies calls from the site (not /django-admin/)."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.urls import reverse

from hub.models import AuditEvent, Call, CallMembership, CallStatus, Criterion, Priority, SupportPath
from hub.services import transitions

from . import builders as b

TORONTO = zoneinfo.ZoneInfo("America/Toronto")


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def call_data(priority, experts, **overrides):
    data = {
        "year": "2027",
        "slug": "appel-2027",
        "title": "Appel à pépites 2027",
        "intro": "Repérer les pratiques de pair-aidance « qui marchent ».",
        "theme": str(priority.pk),
        "theme_decision_note": "Choisi à l'unanimité du comité.",
        "white_paper_url": "https://www.example.org/livre-blanc-2027.pdf",
        "congress": "Congrès PositiveMinders, Montréal, novembre 2027",
        "eligibility_text": "Organisations de l'espace francophone.",
        "reference_time_zone": "America/Toronto",
        "opens_at": "2027-01-15T09:00",
        "closes_at": "2027-03-31T18:00",
        "review_opens_at": "2027-04-15T09:00",
        "review_deadline": "2027-06-30T18:00",
        "consensus_deadline": "2027-07-15T18:00",
        "min_reviews_per_application": "3",
        "n_selected": "12",
        "n_laureates": "3",
        "overall_threshold": "60",
        "min_hr_fte": "1",
    }
    data |= management("criteres", len(b.GRID))
    for i, (code, label, weight, threshold, tie) in enumerate(b.GRID):
        data |= {
            f"criteres-{i}-code": code,
            f"criteres-{i}-label": label,
            f"criteres-{i}-guidance": "",
            f"criteres-{i}-weight": str(weight),
            f"criteres-{i}-threshold": str(threshold or ""),
            f"criteres-{i}-tie_break_rank": str(tie or ""),
            f"criteres-{i}-order": str(i),
        }
        for v in range(6):
            data[f"criteres-{i}-anchor_{v}"] = f"Descripteur {v} de {code}"
    paths = [
        ("emergence", "Parcours émergence", "emergence"),
        ("consolidation", "Parcours consolidation", "consolidation"),
        ("changement-echelle", "Parcours changement d'échelle", "scale_up"),
    ]
    data |= management("parcours", len(paths))
    for i, (code, title, maturity) in enumerate(paths):
        data |= {
            f"parcours-{i}-code": code,
            f"parcours-{i}-title": title,
            f"parcours-{i}-description": "",
            f"parcours-{i}-maturity": maturity,
            f"parcours-{i}-capacity": "1",
            f"parcours-{i}-order": str(i),
        }
    data |= management("comite", len(experts))
    for i, (expert, role) in enumerate(experts):
        data |= {
            f"comite-{i}-expert": str(expert.pk),
            f"comite-{i}-role": role,
            f"comite-{i}-is_active": "on",
        }
    data |= management("calibration", 1)
    data |= {
        "calibration-0-title": "Exemple : un GEM en milieu rural",
        "calibration-0-text": "Dossier fictif pour la calibration.",
        "calibration-0-order": "0",
    }
    data.update(overrides)
    return data


@pytest.fixture
def people(db):
    priority = Priority.objects.create(code="pair-aidance", title="Pair-aidance", order=1)
    Priority.objects.create(code="logement", title="Logement", order=2)
    chair = b.make_expert("presidente")
    member = b.make_expert("membre")
    return priority, b.make_secretariat(), chair, member


def saved_call():
    call = Call.objects.get(year=2027)
    return {
        "fields": {
            f: getattr(call, f) for f in ("title", "slug", "theme_id", "opens_at", "closes_at", "n_selected")
        },
        "criteria": list(
            call.criteria.order_by("order").values_list(
                "code", "weight", "threshold_half", "tie_break_rank", "anchors"
            )
        ),
        "paths": list(call.paths.order_by("order").values_list("code", "maturity", "capacity")),
        "committee": sorted(call.memberships.values_list("expert_id", "role", "is_active")),
        "calibration": list(call.calibration_examples.values_list("title", flat=True)),
    }


@pytest.mark.django_db(transaction=True)
def test_the_secretariat_creates_a_call_from_the_site_and_saving_twice_changes_nothing(visitor, people):
    priority, secretariat, chair, member = people
    browser = visitor(secretariat)
    form_page = browser.get(reverse("hub:call-create"))
    assert form_page.status_code == 200 and "Créer un appel à pépites" in form_page.text
    data = call_data(priority, [(chair, "chair"), (member, "expert")])
    created = browser.post(reverse("hub:call-create"), data)
    assert created.status_code == 200 and "L'appel est créé en préparation." in created.text.replace(
        "&#x27;", "'"
    )
    first = saved_call()
    call = Call.objects.get(year=2027)
    assert call.status == CallStatus.DRAFT and call.theme == priority
    # Typed in Toronto's time: 9:00 on 15 January there is 14:00 UTC.
    assert call.opens_at == dt.datetime(2027, 1, 15, 9, tzinfo=TORONTO)
    assert first["criteria"][0][:4] == ("C1", 20, 6, 3)
    assert first["criteria"][0][4]["5"] == "Descripteur 5 de C1"
    assert first["paths"] == [
        ("emergence", "emergence", 1),
        ("consolidation", "consolidation", 1),
        ("changement-echelle", "scale_up", 1),
    ]
    assert first["committee"] == sorted([(chair.pk, "chair", True), (member.pk, "expert", True)])
    # The edit form shows what was saved (dates in the call's zone); saved again as it is, nothing changes.
    edit_url = reverse("hub:call-edit", args=[call.slug])
    edit = browser.get(edit_url)
    assert 'value="2027-01-15T09:00"' in edit.text
    resubmitted = edit_form_data(call)
    saved = browser.post(edit_url, resubmitted)
    assert saved.status_code == 200 and "Les modifications de l" in saved.text
    assert saved_call() == first
    assert AuditEvent.objects.filter(verb="call.created").count() == 1
    # The public page of the call is not public before the announcement; the preview shows it to the secretariat.
    assert visitor().get(reverse("hub:call-detail", args=[call.slug])).status_code == 404
    preview = browser.get(reverse("hub:call-preview", args=[call.slug]))
    assert (
        "Aperçu" in preview.text
        and "Pair-aidance" in preview.text
        and "Parcours changement d" in preview.text
    )
    assert "15 janvier 2027" in preview.text


def edit_form_data(call):
    """What the edit form posts back unchanged (the ids of the existing rows included)."""
    data = call_data(call.theme, [(m.expert, m.role) for m in call.memberships.order_by("pk")])
    for prefix, rows in (
        ("criteres", list(call.criteria.order_by("order"))),
        ("parcours", list(call.paths.order_by("order"))),
        ("comite", list(call.memberships.order_by("pk"))),
        ("calibration", list(call.calibration_examples.order_by("pk"))),
    ):
        data |= management(prefix, len(rows), len(rows))
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = str(row.pk)
            data[f"{prefix}-{i}-call"] = str(call.pk)
    return data


def test_weights_that_do_not_sum_to_100_are_refused_and_what_was_typed_is_kept(client, people):
    priority, secretariat, chair, member = people
    client.force_login(secretariat)
    data = call_data(priority, [(chair, "chair")], **{"criteres-0-weight": "30"})
    response = client.post(reverse("hub:call-create"), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "La somme des poids doit être égale à 100 % (elle est de 110 %)." in text
    assert 'value="Appel à pépites 2027"' in text and 'value="30"' in text
    assert not Call.objects.filter(year=2027).exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title", "", 'id="id_title_erreurs"'),
        ("title", "x" * 100_000, "au plus 200 caractères"),
        ("intro", "Texte\x00nul", "caractère"),
        ("slug", "pepites", "Cette adresse est réservée"),
        ("slug", "<script>alert(1)</script>", 'id="id_slug_erreurs"'),
        ("closes_at", "2027-01-01T09:00", "La clôture doit suivre l"),
        ("opens_at", "demain", "Saisissez une date et une heure valides."),
        ("n_laureates", "13", "Les lauréats sont choisis parmi les pépites sélectionnées."),
        ("n_selected", "douze", "Saisissez un nombre entier."),
        ("theme", "999999", "Sélectionnez un choix valide."),
        ("overall_threshold", "150", "Le seuil global est compris entre 0 et 100."),
        ("criteres-1-code", "C1", "Deux critères ont le même code."),
        ("comite-1-role", "chair", "Le comité a un seul président actif."),
    ],
)
def test_bad_input_on_the_call_form_gets_a_french_message(client, people, field, value, message):
    priority, secretariat, chair, member = people
    client.force_login(secretariat)
    data = call_data(priority, [(chair, "chair"), (member, "expert")], **{field: value})
    response = client.post(reverse("hub:call-create"), data)
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Call.objects.filter(year=2027).exists()
    assert "<script>alert" not in response.content.decode()


def test_a_double_submission_of_the_creation_form_creates_one_call(client, people):
    priority, secretariat, chair, member = people
    client.force_login(secretariat)
    data = call_data(priority, [(chair, "chair")])
    assert client.post(reverse("hub:call-create"), data).status_code == 302
    second = client.post(reverse("hub:call-create"), data)
    assert second.status_code == 400
    assert "existe déjà" in second.content.decode()
    assert Call.objects.filter(year=2027).count() == 1


def test_once_announced_the_grid_and_selection_rule_are_frozen_on_the_form(client, people):
    priority, secretariat, chair, member = people
    client.force_login(secretariat)
    client.post(reverse("hub:call-create"), call_data(priority, [(chair, "chair")]))
    call = Call.objects.get(year=2027)
    transitions.announce_call(call, secretariat)
    call.refresh_from_db()
    assert call.grid_hash and call.grid_frozen_at
    grid_hash = call.grid_hash
    url = reverse("hub:call-edit", args=[call.slug])
    page = client.get(url).content.decode()
    assert "La grille et la règle de sélection sont figées" in page and grid_hash in page
    data = edit_form_data(call) | {
        "n_selected": "20",
        "overall_threshold": "10",
        "title": "Appel à pépites 2027 (modifié)",
    }
    assert client.post(url, data).status_code == 302
    call.refresh_from_db()
    assert call.n_selected == 12 and call.overall_threshold == Decimal(60)
    assert call.title == "Appel à pépites 2027 (modifié)"
    assert call.compute_grid_hash() == grid_hash
    assert Criterion.objects.filter(call=call).count() == len(b.GRID)


def test_copying_last_years_call_is_one_action(client, people):
    priority, secretariat, chair, member = people
    source = b.make_call(year=2026, status=CallStatus.RESULTS_PUBLISHED)
    CallMembership.objects.create(call=source, expert=chair, role="chair")
    client.force_login(secretariat)
    response = client.post(reverse("hub:call-copy"))
    copy = Call.objects.get(year=2027)
    assert response.status_code == 302 and response["Location"] == reverse("hub:call-edit", args=[copy.slug])
    assert (
        copy.status == CallStatus.DRAFT and copy.slug == "appel-2027" and copy.title == "Appel à pépites 2027"
    )
    assert copy.theme == source.theme and not copy.is_grid_frozen
    assert copy.opens_at == b.paris(2027, 1, 15, 9)
    assert list(copy.criteria.values_list("code", "weight")) == list(
        source.criteria.values_list("code", "weight")
    )
    assert SupportPath.objects.filter(call=copy).count() == 3
    assert list(copy.memberships.values_list("expert_id", "role")) == [(chair.pk, "chair")]
    again = client.post(reverse("hub:call-copy"), follow=True)
    assert "Un appel existe déjà pour 2028" not in again.content.decode()  # copies the latest: 2027 → 2028
    assert Call.objects.filter(year=2028).exists()
    third = client.post(reverse("hub:call-copy"))
    assert third.status_code == 302
    assert Call.objects.filter(year=2029).exists()


def test_copying_twice_the_same_year_is_refused_with_a_message(client, people):
    priority, secretariat, chair, member = people
    source = b.make_call(year=2026)
    b.make_call(year=2027, status=CallStatus.DRAFT)
    from hub.exceptions import HubError
    from hub.services.calls import copy_call

    with pytest.raises(HubError, match="Un appel existe déjà pour 2027"):
        copy_call(source, secretariat)


def test_only_the_secretariat_reaches_the_call_forms(client, people):
    priority, secretariat, chair, member = people
    call = b.make_call(year=2026, status=CallStatus.DRAFT)
    urls = [
        reverse("hub:call-create"),
        reverse("hub:call-edit", args=[call.slug]),
        reverse("hub:call-preview", args=[call.slug]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302
    client.force_login(chair.user)
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(reverse("hub:call-copy")).status_code == 403
