from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from lilith.views import healthz
from parcours import views as parcours_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", parcours_views.robots_txt, name="robots"),
    path("recherche/", parcours_views.search, name="search"),
    path("besoin-de-soutien/", parcours_views.help_page, name="help"),
    path("compte/", include("lilith.account_urls")),
    path("positivehub/", include("hub.urls")),
    path("", include("practices.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
