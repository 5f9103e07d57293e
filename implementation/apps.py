from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _grant(sender: AppConfig, **kwargs: object) -> None:
    from trainings.roles import grant_editor_permissions

    grant_editor_permissions(sender.label)


class ImplementationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "implementation"
    verbose_name = "Mise en œuvre"

    def ready(self) -> None:
        from implementation import signals  # noqa: F401

        post_migrate.connect(_grant, sender=self, dispatch_uid="implementation-editor-permissions")
