from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Bonnes pratiques"

    def ready(self):
        from practices import signals  # noqa: F401
