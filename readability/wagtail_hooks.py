from django.urls import path
from wagtail import hooks

from readability import views


@hooks.register("register_admin_urls")
def readability_urls() -> list:
    return [path("lisibilite/", views.measure_view, name="readability_measure")]
