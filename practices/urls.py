from django.urls import path

from practices import selection, views

app_name = "practices"

urlpatterns = [
    path("solliciter-un-appui/envoyee/", views.request_sent, name="request-sent"),
    path("solliciter-un-appui/suivi/", views.request_follow_up_resend, name="request-follow-up-resend"),
    path("solliciter-un-appui/suivi/<str:token>/", views.request_follow_up, name="request-follow-up"),
    path("solliciter-un-appui/<str:kind>/<slug:slug>/", views.request_support, name="request-support"),
    path("ma-selection/", selection.selection, name="selection"),
    path("ma-selection/document.pdf", selection.selection_pdf, name="selection-pdf"),
    path("ma-selection/document.docx", selection.selection_docx, name="selection-docx"),
    path("espace-equipe/", views.team_space, name="team-space"),
    path("espace-equipe/<slug:slug>/fiche/", views.team_sheet_edit, name="team-sheet-edit"),
    path("espace-equipe/<slug:slug>/demandes/", views.team_requests, name="team-requests"),
]
