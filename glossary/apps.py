from django.apps import AppConfig


class GlossaryConfig(AppConfig):
    name = "glossary"
    verbose_name = "Glossaire"

    def ready(self) -> None:
        from glossary import signals

        signals.connect()
