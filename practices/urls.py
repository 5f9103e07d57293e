from django.urls import path

from practices import views

app_name = "practices"

urlpatterns = [
    path("solliciter-un-appui/envoyee/", views.request_sent, name="request-sent"),
    path("solliciter-un-appui/<str:kind>/<slug:slug>/", views.request_support, name="request-support"),
    path("espace-equipe/", views.team_space, name="team-space"),
    path("espace-equipe/<slug:slug>/fiche/", views.team_sheet_edit, name="team-sheet-edit"),
    path("espace-equipe/<slug:slug>/demandes/", views.team_requests, name="team-requests"),
]
