"""A support team's new technical-sheet PDF replaces the old one everywhere: the old one is no longer online."""

import re

from wagtail.documents import get_document_model

from practices.models import SupportTeam
from tests.hardening.conftest import PASSWORD
from tests.hardening.multipart import submit_with_file
from tests.live import Visitor


def pdf(text):
    return b"%PDF-1.4\n% " + text.encode() + b"\n" + b"0" * 200 + b"\n%%EOF\n"


def sheet_link(visitor, team):
    page = visitor.get(team.public_url)
    assert page.status == 200
    found = re.search(r'href="([^"]+)">Télécharger la fiche technique', page.text)
    return found.group(1) if found else None


def test_a_new_technical_sheet_pdf_takes_the_old_one_offline(live_site):
    team = live_site["team"]
    member = Visitor(live_site["url"])
    member.log_in("equipe", PASSWORD)
    edit = f"/espace-equipe/{team.slug}/fiche/"
    reader = Visitor(live_site["url"])

    saved = submit_with_file(member, edit, {}, {"technical_sheet_pdf": ("fiche.pdf", pdf("version 1"))})
    assert saved.status == 200 and "La fiche est à jour" in saved.text, saved.text[:3000]
    first = sheet_link(reader, team)
    first_file = get_document_model().objects.get().file.url
    assert reader.get(first).status == 200 and reader.get(first_file).status == 200

    saved = submit_with_file(member, edit, {}, {"technical_sheet_pdf": ("fiche.pdf", pdf("version 2"))})
    assert saved.status == 200 and "La fiche est à jour" in saved.text
    second = sheet_link(reader, team)
    assert second and second != first
    assert reader.get(second).status == 200
    assert reader.get(first).status == 404  # the old document…
    assert reader.get(first_file).status == 404  # …and its file are gone
    assert get_document_model().objects.count() == 1
    assert SupportTeam.objects.get(pk=team.pk).technical_sheet_document_id is not None


def test_a_sheet_still_linked_from_elsewhere_is_kept(live_site):
    from practices.signals import forget_sheet

    Document = get_document_model()
    from django.core.files.base import ContentFile

    document = Document(title="Fiche partagée")
    document.file.save("partagee.pdf", ContentFile(pdf("partagée")), save=False)
    document.save()
    other = SupportTeam.objects.create(
        name="Autre équipe", departement=live_site["team"].departement, technical_sheet_document=document
    )
    assert forget_sheet(document.pk) is False and Document.objects.filter(pk=document.pk).exists()
    other.technical_sheet_document = None
    other.save()
    assert not Document.objects.filter(pk=document.pk).exists()  # no longer used: gone
