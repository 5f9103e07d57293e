from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Bonnes pratiques"

    def ready(self):
        from practices import signals  # noqa: F401
        from practices.formfields import refuse_huge_keys_in_model_choices
        from practices.spreadsheets import neutralise_wagtail_csv_exports

        neutralise_wagtail_csv_exports()
        refuse_huge_keys_in_model_choices()
