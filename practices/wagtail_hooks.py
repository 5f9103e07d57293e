from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from practices.models import Condition, EvidenceLevel, SupportTeam, TargetPublic, TrainingRequest


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


# --- Dashboard: what needs attention -------------------------------------------------------------------------
from django.db.models import Count, Q  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail import hooks  # noqa: E402
from wagtail.admin.ui.components import Component  # noqa: E402

from practices.models import PracticePage  # noqa: E402


class AttentionPanel(Component):
    name = "lilith_attention"
    order = 50
    template_name = "practices/admin/attention_panel.html"

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        year_ago = timezone.now() - timezone.timedelta(days=365)
        done = Q(training_requests__status=TrainingRequest.Status.DONE)
        return {
            "requests_by_team": SupportTeam.objects.annotate(
                total=Count("training_requests"), done=Count("training_requests", filter=done)
            )
            .filter(total__gt=0)
            .order_by("-total")[:20],
            "requests_by_practice": PracticePage.objects.annotate(
                total=Count("training_requests"), done=Count("training_requests", filter=done)
            )
            .filter(total__gt=0)
            .order_by("-total")[:20],
            "reviews_due": PracticePage.objects.filter(next_review_on__lt=today).order_by("next_review_on")[
                :20
            ],
            "stale_teams": SupportTeam.objects.filter(updated_at__lt=year_ago).order_by("updated_at")[:20],
            "videos": video_gaps(),
        }


def video_gaps(limit=20):
    """Practices whose « Comprendre » level lacks a video, or whose video lacks captions or a transcript (the
    page form refuses them, but content imported or saved before that rule may still lack them)."""
    practices = PracticePage.objects.order_by("title").only("id", "title")
    has_video = ~Q(video_url="") | Q(video_file__isnull=False)
    gaps = {
        "Sans vidéo": practices.filter(video_url="", video_file__isnull=True),
        "Vidéo téléversée sans sous-titres (WebVTT)": practices.filter(
            video_file__isnull=False, video_captions__isnull=True
        ),
        "Vidéo sans transcription écrite": practices.filter(has_video, video_transcript=""),
    }
    return [(label, queryset.count(), list(queryset[:limit])) for label, queryset in gaps.items()]


@hooks.register("construct_homepage_panels")
def add_attention_panel(request, panels):
    panels.append(AttentionPanel())


# --- Choosers of personal data --------------------------------------------------------------------------------
# Wagtail's snippet chooser lists a model to anyone who reaches the admin: it asks for no permission on the model.
# Training requests hold requesters' names, addresses and messages: only those who may see them in the admin
# (view, change or delete) may list or pick them through the chooser; the others get the admin's 403.
from django.core.exceptions import PermissionDenied  # noqa: E402
from wagtail.permission_policies import ModelPermissionPolicy  # noqa: E402
from wagtail.snippets.views import chooser as snippet_chooser  # noqa: E402


class _ViewPermissionRequired:
    def dispatch(self, request, *args, **kwargs):
        policy = ModelPermissionPolicy(self.model_class)
        if not policy.user_has_any_permission(request.user, ["view", "change", "delete"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PrivateChooseView(_ViewPermissionRequired, snippet_chooser.ChooseView):
    pass


class PrivateChooseResultsView(_ViewPermissionRequired, snippet_chooser.ChooseResultsView):
    pass


class PrivateChosenView(_ViewPermissionRequired, snippet_chooser.SnippetChosenView):
    pass


class PrivateChosenMultipleView(_ViewPermissionRequired, snippet_chooser.SnippetChosenMultipleView):
    pass


class PrivateCreateView(_ViewPermissionRequired, snippet_chooser.SnippetCreateView):
    pass


class PrivateSnippetChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = PrivateChooseView
    choose_results_view_class = PrivateChooseResultsView
    chosen_view_class = PrivateChosenView
    chosen_multiple_view_class = PrivateChosenMultipleView
    create_view_class = PrivateCreateView


class TrainingRequestViewSet(SnippetViewSet):
    model = TrainingRequest
    chooser_viewset_class = PrivateSnippetChooserViewSet
    icon = "mail"
    menu_label = "Demandes d'appui"
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["created_at", "kind", "organisation", "team", "practice", "status"]
    list_filter = ["status", "kind", "team"]
    search_fields = ["organisation", "name", "email"]
    inspect_view_enabled = True


register_snippet(TrainingRequestViewSet)
