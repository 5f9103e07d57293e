from django.apps import AppConfig


class CommunityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community"
    verbose_name = "Échanger"

    def ready(self) -> None:
        from community import signals  # noqa: F401
