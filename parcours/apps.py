from django.apps import AppConfig


class ParcoursConfig(AppConfig):
    name = "parcours"
    verbose_name = "Parcours et pages du site"

    def ready(self):
        from parcours import signals  # noqa: F401 — connects the trees' page-cache receivers
