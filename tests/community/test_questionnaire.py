"""The platform's satisfaction questionnaire, built with Wagtail's form builder: anonymous answers, bad input
answered in French, the same form sent twice saved once, results exported as CSV and XLSX by editors."""

import html
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.contrib.forms.models import FormSubmission

from community.demo.loader import QUESTIONNAIRE_SLUG, questionnaire
from community.questionnaire import SatisfactionQuestionnairePage
from tests import factories
from tests.community.conftest import PASSWORD
from tests.live import Visitor

URL = f"/{QUESTIONNAIRE_SLUG}/"
ANSWERS = {
    "avez_vous_trouve_ce_que_vous_cherchiez": "En partie",
    "le_site_est_il_facile_a_lire_et_a_utiliser": "Plutôt facile",
    "vous_venez_plutot_en_tant_que": "Proche",
    "quest_ce_qui_vous_manque_ou_que_faudrait_il_ameliorer": "Des « témoignages » d'aidants & <b>des vidéos</b>",
}


@pytest.fixture
def site(live_server):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.contrib.forms.utils import get_form_types

    factories.restore_migration_data()
    # Transactional tests flush the content types; Wagtail memoises the form pages' ones for the process.
    ContentType.objects.clear_cache()
    get_form_types.cache_clear()
    home = factories.make_home()
    from practices.roles import apply_page_roles

    apply_page_roles(home)
    questionnaire()
    return live_server.url


def field_names():
    page = SatisfactionQuestionnairePage.objects.get()
    return [f.clean_name for f in page.form_fields.all()]


@pytest.mark.django_db(transaction=True)
def test_reader_answers_anonymously_and_an_editor_exports_csv_and_xlsx(site):
    assert field_names() == list(ANSWERS)
    reader = Visitor(site)
    page = reader.get(URL)
    assert page.status == 200 and "Votre avis sur le site" in page.text
    assert "ne demande ni votre nom" in page.text
    assert (
        page.cache != "HIT" and not reader.get(URL).cache == "HIT"
    )  # a form with a CSRF token: never cached
    action, values = reader.form(URL)
    reply = reader.submit(URL, ANSWERS)
    assert reply.status == 200 and "Merci pour vos réponses" in reply.text, reply.text[:2000]
    # The same form sent again (a double click, « renvoyer le formulaire ») is saved once.
    import urllib.parse

    values.update({k: [v] for k, v in ANSWERS.items()})
    data = urllib.parse.urlencode([(k, v) for k, vs in values.items() for v in vs]).encode()
    assert "Merci pour vos réponses" in reader._open(action, data=data).text
    assert "Merci pour vos réponses" in reader._open(action, data=data).text
    assert FormSubmission.objects.count() == 2
    saved = FormSubmission.objects.order_by("pk").last().get_data()
    assert (
        saved["quest_ce_qui_vous_manque_ou_que_faudrait_il_ameliorer"]
        == ANSWERS["quest_ce_qui_vous_manque_ou_que_faudrait_il_ameliorer"]
    )
    assert "site_web" not in saved and "cle_envoi" not in saved  # nothing but the answers and their date

    editor = get_user_model().objects.create_user("redactrice", "redactrice@example.org", PASSWORD)
    editor.groups.add(Group.objects.get(name="Éditeurs"))
    office = Visitor(site)
    office.log_in("redactrice", PASSWORD)
    page_id = SatisfactionQuestionnairePage.objects.get().pk
    listing = office.get(f"/admin/forms/submissions/{page_id}/")
    assert listing.status == 200 and "Plutôt facile" in listing.text
    assert "<b>des vidéos</b>" not in listing.text  # shown as text
    csv = office.get(f"/admin/forms/submissions/{page_id}/?export=csv")
    assert csv.status == 200 and "text/csv" in csv.headers["content-type"]
    assert "Avez-vous trouvé ce que vous cherchiez ?" in csv.text
    assert csv.text.count("Des « témoignages » d'aidants & <b>des vidéos</b>") == 2
    xlsx = office.get(f"/admin/forms/submissions/{page_id}/?export=xlsx")
    assert xlsx.status == 200 and "spreadsheetml" in xlsx.headers["content-type"]
    import urllib.request

    from openpyxl import load_workbook

    request = urllib.request.Request(site + f"/admin/forms/submissions/{page_id}/?export=xlsx")
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(office.jar))
    sheet = load_workbook(io.BytesIO(opener.open(request).read())).active
    rows = list(sheet.values)
    assert "Le site est-il facile à lire et à utiliser ?" in rows[0]
    assert sum("Plutôt facile" in row for row in rows[1:]) == 2

    anonymous = Visitor(site).get(f"/admin/forms/submissions/{page_id}/?export=csv")
    assert "Plutôt facile" not in anonymous.text  # the login page, not the answers


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "answer, message",
    [
        ("", "Champ requis."),
        ("x" * 100_000, "au plus 3000 caractères"),
        ("avant\x00après", "Le caractère nul n’est pas autorisé."),
    ],
)
def test_bad_answers_get_the_form_again_with_a_french_message(site, answer, message):
    reader = Visitor(site)
    changes = {**ANSWERS, "quest_ce_qui_vous_manque_ou_que_faudrait_il_ameliorer": answer}
    if not answer:
        changes["avez_vous_trouve_ce_que_vous_cherchiez"] = ""
    reply = reader.submit(URL, changes)
    errors = reply.text[reply.text.find('class="form-errors"') :][:1500]
    assert reply.status == 200 and message in reply.text, errors
    assert re.search(r'value="Plutôt facile"[^>]*checked', reply.text)  # what was chosen is kept
    assert not FormSubmission.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_robot_filling_the_hidden_field_or_flooding_saves_nothing_more(site, settings):
    reader = Visitor(site)
    reply = reader.submit(URL, {**ANSWERS, "site_web": "http://spam.example.org"})
    assert "Vos réponses n'ont pas pu être envoyées." in html.unescape(reply.text)
    settings.COMMUNITY_QUESTIONNAIRE_LIMIT = 2
    for _ in range(3):
        reply = reader.submit(URL, ANSWERS)
    assert "Beaucoup de réponses viennent d'arriver" in html.unescape(reply.text)
    assert FormSubmission.objects.count() == 2
