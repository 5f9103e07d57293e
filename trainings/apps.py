from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _grant(sender: AppConfig, **kwargs: object) -> None:
    from trainings.roles import grant_editor_permissions

    grant_editor_permissions(sender.label)


class TrainingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trainings"
    verbose_name = "Formations"

    def ready(self) -> None:
        from trainings import signals  # noqa: F401

        post_migrate.connect(_grant, sender=self, dispatch_uid="trainings-editor-permissions")
