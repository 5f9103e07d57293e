from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = "Synonymes de la recherche"
    menu_order = 231
    add_to_admin_menu = True
    list_display = ["term", "alternatives"]
    search_fields = ["term", "alternatives"]


register_snippet(SynonymViewSet)
