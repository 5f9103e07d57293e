"""The vocabulary behind « Vouliez-vous dire… ? », and a database indexed before the search app."""

from django.core.management import call_command

from search.models import Word
from search.vocabulary import closest_word


def test_indexing_records_the_words_of_a_page(library):
    assert Word.objects.filter(folded="schizophrenie", word="schizophrénie").exists()
    assert closest_word("schizofrenie") == "schizophrénie"
    assert closest_word("xylophone") is None


def test_an_index_made_before_the_search_app_is_brought_up_to_date(client, library):
    Word.objects.all().delete()
    call_command("rebuild_search_vocabulary", verbosity=0)
    assert Word.objects.filter(folded="logement").exists()
    html = client.get("/recherche/", {"q": "logment"}).content.decode()
    assert "Vouliez-vous dire" in html and "Un chez soi d" in html
