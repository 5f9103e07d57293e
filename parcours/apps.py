from django.apps import AppConfig


class ParcoursConfig(AppConfig):
    name = "parcours"
    verbose_name = "Parcours et pages du site"

    def ready(self):
        from parcours import signals

        signals.connect_snippets()
