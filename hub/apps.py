from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "PositiveHub"

    def ready(self) -> None:
        from hub import signals

        signals.connect()
