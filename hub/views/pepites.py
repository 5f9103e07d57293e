"""Public pages of the pépites (« référencement sur la Plateforme 3P »), the scientific committee's 21 priorities
and the committee's composition. Every page here is the same for every anonymous reader: cached by the page
cache and purged by hub/signals.py when a pépite, a call, a priority or a committee member changes."""

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Max, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

import pagecache
from hub.models import COUNTRIES, Call, CallMembership, CallStatus, Priority, PublicListing

from .base import in_user_time_zone

PUBLISHED = (CallStatus.RESULTS_PUBLISHED, CallStatus.ARCHIVED)
PER_PAGE = 20

STATUS_FILTERS = {
    "laureate": ("Lauréates", Q(badge=PublicListing.Badge.LAUREATE)),
    "selectionnee": (
        "Sélectionnées (dont les lauréates)",
        Q(badge__in=(PublicListing.Badge.LAUREATE, PublicListing.Badge.PEPITE)),
    ),
    "eligible": ("Éligibles, référencées", Q(badge=PublicListing.Badge.LISTED)),
}


def published_listings():
    return PublicListing.objects.filter(application__call__status__in=PUBLISHED).select_related(
        "application__call__theme", "path"
    )


class PepiteFilterForm(forms.Form):
    """The list's filters, read from the query string; anything unknown is an error shown on the page."""

    q = forms.CharField(label="Mots", max_length=200, required=False)
    appel = forms.TypedChoiceField(label="Appel", required=False, coerce=int, empty_value=None)
    theme = forms.ChoiceField(label="Thème", required=False)
    pays = forms.ChoiceField(label="Pays", required=False)
    statut = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[("", "Tous")] + [(k, label) for k, (label, _) in STATUS_FILTERS.items()],
    )

    def __init__(self, *args, calls=(), themes=(), countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appel"].choices = [("", "Tous")] + [(c.year, c.title) for c in calls]
        self.fields["theme"].choices = [("", "Tous")] + [(p.code, p.title) for p in themes]
        names = dict(COUNTRIES)
        self.fields["pays"].choices = [("", "Tous")] + sorted(
            ((code, names.get(code, code)) for code in countries), key=lambda c: c[1]
        )

    def clean_q(self):
        value = self.cleaned_data["q"]
        if "\x00" in value:
            raise forms.ValidationError("Ce texte contient un caractère invalide.")
        return " ".join(value.split())

    def filter(self, listings):
        data = self.cleaned_data
        if data.get("appel"):
            listings = listings.filter(application__call__year=data["appel"])
        if data.get("theme"):
            listings = listings.filter(application__call__theme__code=data["theme"])
        if data.get("pays"):
            listings = listings.filter(country=data["pays"])
        if data.get("statut"):
            listings = listings.filter(STATUS_FILTERS[data["statut"]][1])
        for word in (data.get("q") or "").split()[:10]:
            listings = listings.filter(
                Q(public_title__icontains=word)
                | Q(public_summary__icontains=word)
                | Q(organisation_name__icontains=word)
                | Q(territory__icontains=word)
            )
        return listings


@pagecache.cacheable
@in_user_time_zone
def pepite_list(request):
    listings = published_listings()
    calls = list(Call.objects.filter(status__in=PUBLISHED).order_by("-year"))
    themes = Priority.objects.filter(calls__in=calls).distinct().order_by("order", "code")
    countries = listings.values_list("country", flat=True).distinct().order_by()
    form = PepiteFilterForm(request.GET or None, calls=calls, themes=themes, countries=set(countries))
    status = 200
    if form.is_bound:
        if form.is_valid():
            listings = form.filter(listings)
        else:
            listings = listings.none()
            status = 400
    listings = listings.order_by(
        "-application__call__year", "application__outcome__rank", "public_title", "pk"
    )
    page = Paginator(listings, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "hub/public/pepite_list.html",
        {
            "form": form,
            "page_obj": page,
            "query": query.urlencode(),
            "last_update": published_listings().aggregate(last=Max("updated_at"))["last"],
        },
        status=status,
    )


@pagecache.cacheable
@in_user_time_zone
def pepite_detail(request, slug):
    listing = get_object_or_404(published_listings().select_related("practice"), slug=slug)
    practice = listing.practice if listing.practice_id and listing.practice.live else None
    return render(
        request,
        "hub/public/pepite_detail.html",
        {
            "listing": listing,
            "call": listing.application.call,
            "practice": practice,
            "crumbs": [(reverse("hub:pepite-list"), "Les pépites")],
            "reply_to": settings.HUB_REPLY_TO,
        },
    )


@pagecache.cacheable
@in_user_time_zone
def priorities(request):
    public_calls = Call.objects.exclude(status=CallStatus.DRAFT).order_by("-year")
    items = list(
        Priority.objects.filter(is_active=True)
        .order_by("order", "code")
        .prefetch_related(Prefetch("calls", queryset=public_calls, to_attr="public_calls"))
    )
    return render(request, "hub/public/priorities.html", {"priorities": items})


@pagecache.cacheable
@in_user_time_zone
def committee(request):
    """The committee of each public call: the members who agreed to be named (name, affiliation, country, role);
    the others are counted, never named."""
    calls = list(Call.objects.exclude(status=CallStatus.DRAFT).order_by("-year"))
    memberships = (
        CallMembership.objects.filter(call__in=calls, is_active=True)
        .select_related("expert__user")
        .order_by("call_id", "role", "expert__user__last_name", "expert__user__first_name")
    )
    role_order = {
        CallMembership.Role.CHAIR: 0,
        CallMembership.Role.VICE_CHAIR: 1,
        CallMembership.Role.EXPERT: 2,
    }
    by_call = {call.pk: {"call": call, "named": [], "unnamed": 0} for call in calls}
    for membership in memberships:
        entry = by_call[membership.call_id]
        if membership.expert.public_consent:
            entry["named"].append(membership)
        else:
            entry["unnamed"] += 1
    for entry in by_call.values():
        entry["named"].sort(key=lambda m: role_order.get(m.role, 3))
    return render(
        request,
        "hub/public/committee.html",
        {"committees": [by_call[c.pk] for c in calls if by_call[c.pk]["named"] or by_call[c.pk]["unnamed"]]},
    )
