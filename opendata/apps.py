from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = "Données ouvertes"

    def ready(self):
        from opendata import signals

        signals.connect()
