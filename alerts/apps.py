from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "Suivre une pratique"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published

        from alerts import signals
        from practices.models import PracticePage, PracticeSupport
        from trainings.models import TrainingSession

        page_published.connect(
            signals.practice_published, sender=PracticePage, dispatch_uid="alerts.published"
        )
        for signal in (post_save, post_delete):
            signal.connect(
                signals.team_link_changed,
                sender=PracticeSupport,
                dispatch_uid=f"alerts.team.{signal is post_save}",
            )
        post_save.connect(signals.session_saved, sender=TrainingSession, dispatch_uid="alerts.session")
