"""The sitemap: every public page, with absolute URLs on the site's real address (the Wagtail Site's root_url,
whatever Host reached the server).

Wagtail's own sitemap lists the pages of the tree. `PublicViewsSitemap` adds what is public but not a page of
the tree: the help page, the support teams' sheets (routable sub-pages of the team index), the PositiveHub's
index, its calls that are not drafts, and the results of calls whose results are published.
"""

from datetime import datetime
from typing import Any

from django.urls import reverse
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as PageSitemap


class PublicViewsSitemap(PageSitemap):
    def items(self) -> list[tuple[str, datetime | None]]:
        from hub.models import Call, CallStatus
        from practices.models import SupportTeam
        from practices.models.support_teams import attach_public_urls

        entries: list[tuple[str, datetime | None]] = [(reverse("help"), None), (reverse("hub:index"), None)]
        teams = attach_public_urls(
            list(SupportTeam.objects.order_by("name").only("slug", "updated_at", "name"))
        )
        entries += [(team.public_url, team.updated_at) for team in teams if team.public_url]
        published = (CallStatus.RESULTS_PUBLISHED, CallStatus.ARCHIVED)
        for call in Call.objects.exclude(status=CallStatus.DRAFT).order_by("-year"):
            entries.append((reverse("hub:call-detail", args=[call.slug]), None))
            if call.status in published:
                entries.append((reverse("hub:call-results", args=[call.slug]), call.results_published_at))
        from hub.models import PublicListing

        entries += [(reverse(name), None) for name in ("hub:pepite-list", "hub:priorities", "hub:committee")]
        entries += [
            (reverse("hub:pepite-detail", args=[slug]), updated)
            for slug, updated in PublicListing.objects.filter(application__call__status__in=published)
            .order_by("pk")
            .values_list("slug", "updated_at")
        ]
        return entries

    def _urls(self, page: Any, protocol: str, domain: str) -> list[dict[str, Any]]:
        root = self.get_wagtail_site().root_url
        urls = [
            {
                "item": path,
                "location": f"{root}{path}",
                "lastmod": lastmod,
                "changefreq": None,
                "priority": None,
                "alternates": [],
            }
            for path, lastmod in self.paginator.page(page).object_list
        ]
        stamps = [u["lastmod"] for u in urls]
        if stamps and None not in stamps:
            self.latest_lastmod = max(stamps)
        return urls


SITEMAPS = {"pages": PageSitemap, "public-views": PublicViewsSitemap}
