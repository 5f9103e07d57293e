from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "metrics"
    verbose_name = "Mesurer"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from metrics import receivers

        receivers.connect()
