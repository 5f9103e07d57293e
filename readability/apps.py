from django.apps import AppConfig


class ReadabilityConfig(AppConfig):
    name = "readability"
    verbose_name = "Lisibilité"
