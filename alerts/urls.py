"""Everything here is personal (an address, a token): nothing is cached."""

from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("suivre-une-pratique/<int:practice_id>/", views.follow, name="follow"),
    path("suivre-une-pratique/courriel-envoye/", views.sent, name="sent"),
    path("suivre-une-pratique/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("suivre-une-pratique/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
