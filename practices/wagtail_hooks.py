from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from practices.models import Condition, EvidenceLevel, SupportTeam, TargetPublic


class SupportTeamViewSet(SnippetViewSet):
    model = SupportTeam
    icon = "group"
    menu_label = "Équipes d'appui"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "host_organisation", "city", "updated_at"]
    list_filter = ["offers_training", "offers_visits", "offers_implementation"]
    search_fields = ["name", "host_organisation", "city"]


class EvidenceLevelViewSet(SnippetViewSet):
    model = EvidenceLevel
    icon = "list-ol"
    menu_label = "Échelle des niveaux de preuve"
    list_display = ["code", "name", "lay_label", "order"]


class TargetPublicViewSet(SnippetViewSet):
    model = TargetPublic
    icon = "user"
    menu_label = "Publics"


class ConditionViewSet(SnippetViewSet):
    model = Condition
    icon = "tag"
    menu_label = "Troubles et situations"


class RegistryViewSetGroup(SnippetViewSetGroup):
    items = (EvidenceLevelViewSet, TargetPublicViewSet, ConditionViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Référentiels"
    menu_order = 220


register_snippet(SupportTeamViewSet)
register_snippet(RegistryViewSetGroup)
