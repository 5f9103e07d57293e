from django.urls import path, re_path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("api/", views.api_docs, name="api-docs"),
    path("api/v2/", views.api_index, name="api-index"),
    path("api/v2/openapi.json", views.openapi_json, name="openapi"),
    path("donnees-ouvertes/", views.open_data_page, name="page"),
    path("donnees-ouvertes/catalogue/", views.catalogue_redirect, name="catalogue"),
    path("historique-des-pratiques/", views.registry_history, name="registry-history"),
    path("historique-des-pratiques/rss/", views.registry_history_feed, name="registry-history-feed"),
    path("historique-des-pratiques/<int:pk>/", views.practice_history, name="practice-history"),
    re_path(r"^donnees-ouvertes/(?P<name>[a-z-]+\.(?:csv|json|jsonld))$", views.dataset_file, name="file"),
]
