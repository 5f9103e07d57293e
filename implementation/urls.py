from django.urls import path

from implementation import views

app_name = "implementation"

urlpatterns = [
    path("carte/", views.france_map, name="map"),
    path("carte/pratique/<slug:slug>.svg", views.practice_map_svg, name="practice-map"),
    path("devenir-equipe-d-appui/", views.apply, name="apply"),
    path("devenir-equipe-d-appui/envoyee/", views.apply_sent, name="apply-sent"),
    path("espace-equipe/<slug:slug>/lieux/", views.team_sites, name="team-sites"),
    path("espace-equipe/<slug:slug>/projets/", views.team_projects, name="team-projects"),
    path("espace-equipe/<slug:slug>/projets/nouveau/", views.team_project_edit, name="team-project-new"),
    path("espace-equipe/<slug:slug>/projets/<int:pk>/", views.team_project_edit, name="team-project-edit"),
]
