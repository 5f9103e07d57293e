from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from glossary.models import Term


class TermViewSet(SnippetViewSet):
    model = Term
    icon = "help"
    menu_label = "Glossaire"
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["term", "definition", "updated_at"]
    search_fields = ["term", "variants", "definition"]


register_snippet(TermViewSet)
