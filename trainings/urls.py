from django.urls import path

from trainings import views

app_name = "trainings"

urlpatterns = [
    path("formations/", views.calendar, name="calendar"),
    path("formations/calendrier.ics", views.feed_all, name="feed"),
    path("formations/<int:pk>/", views.session_detail, name="session"),
    path("formations/pratique/<slug:slug>/calendrier.ics", views.feed_practice, name="feed-practice"),
    path("formations/inscription/<str:token>/", views.registration_status, name="registration"),
    path("formations/inscription/<str:token>/annuler/", views.registration_cancel, name="cancel"),
    path("espace-equipe/<slug:slug>/formations/", views.team_sessions, name="team-sessions"),
    path("espace-equipe/<slug:slug>/formations/nouvelle/", views.team_session_edit, name="team-session-new"),
    path("espace-equipe/<slug:slug>/formations/<int:pk>/", views.team_session_edit, name="team-session-edit"),
    path(
        "espace-equipe/<slug:slug>/formations/<int:pk>/presences/",
        views.team_attendance,
        name="team-attendance",
    ),
]
