from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "safety"
    verbose_name = "Sécurité des lecteurs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from safety import signals  # noqa: F401
