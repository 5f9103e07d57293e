from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Bonnes pratiques"

    def ready(self):
        from practices import signals  # noqa: F401
        from practices.spreadsheets import neutralise_wagtail_csv_exports

        neutralise_wagtail_csv_exports()
