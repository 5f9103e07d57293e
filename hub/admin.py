"""Django admin for the hub: configuration (calls, grid, paths, committee) and RGPD actions.

Evaluation data is written through the hub's own pages and services; here it is read-only."""

import json

from django.contrib import admin, messages
from django.http import HttpResponse

from .models import (
    Application,
    AuditEvent,
    Call,
    CallMembership,
    ConflictDeclaration,
    Criterion,
    Expert,
    HubProfile,
    Organisation,
    OrganisationMember,
    Outcome,
    Priority,
    SelectionRun,
    SupportActivity,
    SupportPath,
)
from .services.personal_data import erase_personal_data, export_personal_data


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "code", "label", "weight", "threshold_half", "tie_break_rank", "guidance", "anchors"]

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.grid_frozen_at

    has_add_permission = has_delete_permission = has_change_permission


class SupportPathInline(admin.TabularInline):
    model = SupportPath
    extra = 0


class CallMembershipInline(admin.TabularInline):
    model = CallMembership
    extra = 0
    autocomplete_fields = ["expert"]


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ["order", "title", "is_active"]
    list_display_links = ["title"]
    search_fields = ["title", "code"]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "status", "theme", "opens_at", "closes_at", "grid_frozen_at"]
    readonly_fields = ["status", "grid_frozen_at", "grid_hash"]
    inlines = [CriterionInline, SupportPathInline, CallMembershipInline]


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["__str__", "affiliation", "country", "charter_signed_at"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "affiliation"]
    autocomplete_fields = ["user"]


class OrganisationMemberInline(admin.TabularInline):
    model = OrganisationMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_form", "country", "is_demo"]
    list_filter = ["legal_form", "country"]
    search_fields = ["name"]
    inlines = [OrganisationMemberInline]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["reference", "pseudonym", "title", "organisation", "status", "submitted_at"]
    list_filter = ["call", "status"]
    search_fields = ["reference", "pseudonym", "title", "organisation__name"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyAdmin):
    list_display = ["expert", "application", "level", "source", "resolution"]
    list_filter = ["level", "resolution", "source"]


@admin.register(SelectionRun)
class SelectionRunAdmin(ReadOnlyAdmin):
    list_display = ["call", "computed_at", "computed_by", "inputs_hash", "is_final"]


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdmin):
    list_display = ["application", "outcome", "rank", "total_score", "path"]
    list_filter = ["call", "outcome"]


@admin.register(SupportActivity)
class SupportActivityAdmin(admin.ModelAdmin):
    list_display = ["application", "kind", "status", "scheduled_at", "done_at"]
    list_filter = ["kind", "status"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "verb", "actor", "call", "target_id"]
    list_filter = ["verb", "call"]


@admin.action(description="Exporter les données personnelles (JSON)")
def export_selected(modeladmin, request, queryset):
    data = [export_personal_data(profile.user) for profile in queryset.select_related("user")]
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="donnees-personnelles.json"'
    return response


@admin.action(description="Effacer les données personnelles (anonymiser les comptes)")
def erase_selected(modeladmin, request, queryset):
    users = [profile.user for profile in queryset.select_related("user")]
    for user in users:
        erase_personal_data(user, actor=request.user)
    modeladmin.message_user(request, f"{len(users)} compte(s) anonymisé(s).", messages.SUCCESS)


@admin.register(HubProfile)
class HubProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "time_zone", "is_demo"]
    search_fields = ["user__username", "user__email", "user__last_name"]
    actions = [export_selected, erase_selected]
