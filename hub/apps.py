from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "PositiveHub"

    def ready(self):
        from hub import signals

        signals.connect()
