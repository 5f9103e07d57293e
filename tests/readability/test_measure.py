"""The figures an editor reads under a text: sentences and words counted as « Communiquer pour tous » counts them,
the Kandel & Moles score, acronyms, and the glossary's terms; the measuring address refuses bad input in French."""

import pytest

from readability.measure import measure, syllables
from tests import factories

pytestmark = pytest.mark.django_db  # the glossary a text is compared with lives in the database

SHORT = "Un logement d'abord. Puis un soutien. Vous choisissez."
LONG = (
    "Le programme accompagne les personnes qui vivent avec des troubles psychiques sévères et qui sont sans "
    "domicile depuis longtemps dans les grandes villes de France."
)


def test_short_sentences_of_common_words_need_no_advice():
    report = measure(SHORT)
    assert (report.words, report.sentences, report.long_sentences) == (8, 3, 0)
    assert report.score > 70 and report.level in {"très facile", "facile", "assez facile"}
    assert report.advice == []


def test_a_sentence_over_fifteen_words_is_counted_and_the_editor_told_to_cut_it():
    report = measure(SHORT + " " + LONG)
    assert (report.sentences, report.long_sentences, report.longest_sentence) == (4, 1, 25)
    assert any("1 phrase sur 4 dépasse 15 mots" in line for line in report.advice)
    assert measure(LONG).score < measure(SHORT).score


def test_acronyms_and_long_words_are_listed_once():
    report = measure(
        "Le PTSM et le CLSM travaillent ensemble. Le PTSM décide. Une réhabilitation psychosociale."
    )
    assert report.acronyms == ["PTSM", "CLSM"]
    assert "réhabilitation" in report.long_words and "psychosociale" in report.long_words


def test_rich_text_is_measured_as_the_reader_reads_it():
    report = measure("<p>Un chez soi d&#x27;abord.</p><ul><li>Un logement</li><li>Un soutien</li></ul>")
    assert report.sentences == 3
    assert "x27" not in " ".join(report.long_words + report.acronyms)


def test_french_syllables_skip_the_mute_final_e():
    assert [syllables(w) for w in ("logement", "personne", "rétablissement", "vie", "soin")] == [
        3,
        2,
        5,
        1,
        1,
    ]


def test_an_empty_or_odd_text_gives_no_score_and_no_error():
    for value in ("", "   ", "\x00", "1234 5678", "<script>alert(1)</script>"):
        report = measure(value)
        assert report.score is None or report.words > 0


def test_the_glossary_terms_a_text_uses_are_named():
    from django.core.management import call_command

    call_command("load_glossary", verbosity=0)
    report = measure("Le rétablissement passe par la pair-aidance. Le PTSM aide.")
    assert report.terms[:3] == ["rétablissement", "pair-aidance", "PTSM"]


def test_the_measuring_address_answers_editors_only_and_refuses_bad_input_in_french(client):
    url = "/admin/lisibilite/"
    assert client.post(url, {"texte": SHORT}).status_code == 302  # to the login page
    client.force_login(make_editor())
    ok = client.post(url, {"texte": SHORT})
    assert ok.status_code == 200 and "8 mots, 3 phrases" in ok.content.decode()
    assert client.get(url).status_code == 405
    huge = client.post(url, {"texte": "mot " * 20_000})
    assert huge.status_code == 400 and "trop long" in huge.content.decode()
    hostile = client.post(url, {"texte": "<script>alert(1)</script> Un MOT\x00 de trop."}).content.decode()
    assert "<script>" not in hostile
    assert client.post(url, {}).status_code == 200
    assert "Écrivez le texte" in client.post(url, {"texte": ""}).content.decode()


def make_editor():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from practices import roles

    factories.restore_migration_data()
    user = get_user_model().objects.create_user("editrice-lisibilite", "editrice-lisibilite@example.org")
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user
