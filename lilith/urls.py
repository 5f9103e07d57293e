from django.conf import settings
from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from glossary import views as glossary_views
from lilith.views import healthz
from opendata.api import api_router
from parcours import views as parcours_views
from search import views as search_views
from search.sitemaps import SITEMAPS

# A database outage answers 503 with what was typed (lilith/views.py); any other failure the French 500 page.
handler500 = "lilith.views.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", parcours_views.robots_txt, name="robots"),
    # Browsers and crawlers ask for /favicon.ico whatever the page says: send them to the site's icon.
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static_url("img/favicon.svg"))),
    path("recherche/", search_views.search, name="search"),
    path("besoin-de-soutien/", parcours_views.help_page, name="help"),
    path("glossaire/", glossary_views.glossary_page, name="glossary"),
    path("compte/", include("accounts.urls")),
    path("", include("opendata.urls")),
    path("api/v2/", api_router.urls),
    path("positivehub/", include("hub.urls")),
    path("", include("community.urls")),
    path("", include("practices.urls")),
    path("", include("trainings.urls")),
    path("", include("implementation.urls")),
    path("", include("metrics.urls")),
    path("", include("alerts.urls")),
]

if settings.SERVE_MEDIA:
    # Uploaded images and documents from MEDIA_ROOT (a volume shared by the app servers) when no object storage
    # or web server in front serves them.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [path("", include(wagtail_urls))]
