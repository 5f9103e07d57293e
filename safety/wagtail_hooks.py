from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from safety.models import DistressExpression


class DistressExpressionViewSet(SnippetViewSet):
    model = DistressExpression
    icon = "warning"
    menu_label = "Expressions de détresse"
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["expression", "created_at"]
    search_fields = ["expression"]


register_snippet(DistressExpressionViewSet)
