"""Issue 12 (hub, medium): applicants' files are private, a « Lecteur » only reads, and a form posted twice
is saved once, never past the 30-line maximum. Through the live server, as the people do it."""

import re

import pytest
from django.conf import settings
from django.core.files.storage import default_storage, storages

from hub.exceptions import ReadOnlyMember
from hub.models import Attachment, OrganisationMember, StaffingLine
from hub.services import applications as service
from tests import factories

from . import builders as b
from .test_mail_queue import open_call_now

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def token_of(page):
    return re.search(r'name="form_token" value="([^"]+)"', page.text).group(1)


def staffing_post(token, lines, initial=()):
    """The step-4 form as a browser posts it: the saved lines (id + values) then the new ones."""
    data = {
        "rh-TOTAL_FORMS": str(len(initial) + len(lines)),
        "rh-INITIAL_FORMS": str(len(initial)),
        "rh-MIN_NUM_FORMS": "0",
        "rh-MAX_NUM_FORMS": "30",
        "form_token": token,
        "brouillon": "1",
    }
    for i, line in enumerate([*initial, *lines]):
        prefix = f"rh-{i}-"
        if isinstance(line, StaffingLine):
            data |= {
                prefix + "id": str(line.pk),
                prefix + "role_label": line.role_label,
                prefix + "fte": str(line.fte),
                prefix + "months": str(line.months),
            }
        else:
            data |= {prefix + "role_label": line, prefix + "fte": "0.5", prefix + "months": "12"}
    return data


@pytest.fixture
def draft(transactional_db):
    factories.restore_migration_data()
    call = open_call_now()
    owner, org = b.make_applicant("ana")
    application = b.make_application(call, org, owner)
    return {"call": call, "owner": owner, "org": org, "application": application}


def test_an_attachment_is_stored_privately_and_served_only_through_the_gate(draft, visitor):
    application, owner = draft["application"], draft["owner"]
    step5 = f"/positivehub/candidature/{application.pk}/etape/5/"
    ana = visitor(owner)
    page = ana.get(step5)
    response = ana.post(
        step5,
        {"label": "Budget", "piece": "1", "form_token": token_of(page)},
        form_page=step5,
        files={"file": ("budget.pdf", PDF, "application/pdf")},
    )
    assert "Pièce jointe ajoutée." in response.text
    attachment = Attachment.objects.get(application=application)
    name = attachment.file.name
    assert name.startswith("hub/candidatures/")
    assert not default_storage.exists(name)  # not in the public media folder
    assert storages["private"].exists(name)
    assert str(storages["private"].path(name)).startswith(str(settings.PRIVATE_MEDIA_ROOT))

    anonymous = visitor()
    assert anonymous.get(f"/media/{name}").status_code == 404
    download = f"/positivehub/candidature/{application.pk}/pieces/{attachment.pk}/"
    assert "/compte/connexion/" in anonymous.get(download).url  # sent to the login page

    response = ana.get(download)
    assert response.status_code == 200 and response.content == PDF
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Content-Type"] == "application/pdf"

    other, _ = b.make_applicant("bea")
    assert visitor(other).get(download).status_code == 404
    expert = b.make_expert("eve", draft["call"])
    assert visitor(expert.user).get(download).status_code == 404
    office = visitor(b.make_secretariat())
    assert office.get(download).status_code == 200


def test_a_reader_member_can_read_but_not_edit_upload_delete_submit_or_withdraw(draft, visitor):
    application, org = draft["application"], draft["org"]
    attachment = service.add_attachment(
        application, draft["owner"], label="Budget", upload=_upload(), token=None
    )
    reader = b.make_user("lea")
    OrganisationMember.objects.create(organisation=org, user=reader, role=OrganisationMember.Role.VIEWER)
    lea = visitor(reader)
    base = f"/positivehub/candidature/{application.pk}/"
    assert lea.get(base).status_code == 200 and application.title in lea.get(base).text

    response = lea.post(
        base + "etape/2/", {"title": "Titre changé par la lectrice", "brouillon": "1"}, form_page=base
    )
    assert "Lecteur" in response.text
    response = lea.post(
        base + "etape/5/",
        {"label": "Autre", "piece": "1"},
        form_page=base,
        files={"file": ("autre.pdf", PDF, "application/pdf")},
    )
    lea.post(base + f"pieces/{attachment.pk}/supprimer/", form_page=base)
    lea.post(base + "retirer/", form_page=base)
    response = lea.post(base + "deposer/", form_page=base)
    assert "Lecteur" in response.text

    application.refresh_from_db()
    assert application.title != "Titre changé par la lectrice"
    assert application.status == "draft"
    assert list(Attachment.objects.filter(application=application)) == [attachment]
    for action in (
        lambda: service.submit_application(application, reader),
        lambda: service.withdraw_application(application, reader),
        lambda: service.delete_attachment(attachment, reader),
        lambda: service.start_application(draft["call"], org, reader, __import__("uuid").uuid4()),
    ):
        with pytest.raises(ReadOnlyMember):
            action()


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("budget.pdf", PDF, content_type="application/pdf")


def test_the_staffing_step_posted_twice_saves_its_lines_once(draft, visitor):
    application = draft["application"]
    step4 = f"/positivehub/candidature/{application.pk}/etape/4/"
    ana = visitor(draft["owner"])
    token = token_of(ana.get(step4))
    saved = list(application.staffing_lines.all())
    data = staffing_post(token, ["Pair-aidante « senior »", "Psychologue d'appui"], initial=saved)
    first = ana.post(step4, data)
    second = ana.post(step4, data)  # double click, or the browser resends the form
    assert first.status_code == second.status_code == 200
    assert "Ce formulaire avait déjà été enregistré" in second.text
    assert sorted(application.staffing_lines.values_list("role_label", flat=True)) == [
        "Coordinatrice",
        "Pair-aidante « senior »",
        "Psychologue d'appui",
    ]
    page = ana.get(step4)
    assert "Pair-aidante « senior »" in page.text and "Psychologue d&#x27;appui" in page.text
    assert "&amp;" not in page.text.split("<main", 1)[-1]

    other = staffing_post(token_of(page), [], initial=list(application.staffing_lines.all()))
    ana.post(step4, other)  # saved again unchanged: the text stays intact
    assert sorted(application.staffing_lines.values_list("role_label", flat=True)) == [
        "Coordinatrice",
        "Pair-aidante « senior »",
        "Psychologue d'appui",
    ]


def test_the_30_line_maximum_is_enforced_on_the_server(draft, visitor):
    application = draft["application"]
    StaffingLine.objects.bulk_create(
        [StaffingLine(application=application, role_label=f"Poste {n}", fte=1, months=12) for n in range(28)]
    )
    assert application.staffing_lines.count() == 29
    step4 = f"/positivehub/candidature/{application.pk}/etape/4/"
    ana = visitor(draft["owner"])
    # A stale (or forged) form that says no line is saved yet: two new lines would make 31.
    response = ana.post(step4, staffing_post(token_of(ana.get(step4)), ["Poste A", "Poste B"]))
    assert response.status_code == 200
    assert "30 postes au plus" in response.text
    assert application.staffing_lines.count() == 29


def test_an_attachment_posted_twice_is_saved_once(draft, visitor):
    application = draft["application"]
    step5 = f"/positivehub/candidature/{application.pk}/etape/5/"
    ana = visitor(draft["owner"])
    token = token_of(ana.get(step5))
    for _ in range(2):
        ana.post(
            step5,
            {"label": "Budget", "piece": "1", "form_token": token},
            form_page=step5,
            files={"file": ("budget.pdf", PDF, "application/pdf")},
        )
    assert Attachment.objects.filter(application=application).count() == 1
