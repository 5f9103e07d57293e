from wagtail import hooks
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


@hooks.register("readability_terms")
def glossary_terms_in(text: str) -> list[str]:
    """The readability panel lists the glossary's terms a text uses (readability/measure.py)."""
    from glossary.terms import terms_used

    return terms_used(text)
