from django.urls import path

from metrics import views

app_name = "metrics"

urlpatterns = [
    path("lilith-en-chiffres/", views.figures, name="figures"),
    path("sortie/equipe/<slug:slug>/", views.team_website, name="team-website"),
    path("espace-equipe/<slug:slug>/chiffres/", views.team_figures, name="team-figures"),
]
