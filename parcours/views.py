"""Site-wide reader views: the help page, robots.txt (the search page is the search app's)."""

from django.http import HttpResponse
from django.shortcuts import render
from wagtail.models import Site

from pagecache import cacheable
from parcours.models import HelpSettings


def _home_crumb(request):
    site = Site.find_for_request(request)
    return [site.root_page] if site else []


@cacheable
def help_page(request):
    site = Site.find_for_request(request)
    settings = HelpSettings.for_site(site) if site else None
    return render(request, "parcours/help.html", {"help": settings, "home_crumb": _home_crumb(request)})


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /compte/",
        "Disallow: /recherche/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
