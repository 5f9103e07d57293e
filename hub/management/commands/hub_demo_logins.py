"""Prints the PositiveHub demo logins and the open call to apply to (the hub's own part of `make run`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from hub.demo import demo_logins, demo_open_call


class Command(BaseCommand):
    help = "Affiche les comptes de démonstration du PositiveHub et l'appel ouvert aux candidatures."

    def handle(self, *args: Any, **options: Any) -> None:
        root = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write("PositiveHub (démonstration) :")
        for label, username, password in demo_logins():
            self.stdout.write(f"  {label} : {username} / {password}")
        call = demo_open_call()
        if call is not None:
            self.stdout.write(
                f"  Appel ouvert aux candidatures : {call.title}, "
                f"{root}{reverse('hub:call-detail', args=[call.slug])}"
            )
            self.stdout.write(f"  Nouveau porteur : créez un compte sur {root}{reverse('hub:signup')}")
