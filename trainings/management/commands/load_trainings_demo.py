"""Demo training sessions, implementation projects and one pending application (idempotent, marked as demo)."""

from __future__ import annotations

import datetime
from typing import Any

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from implementation.models import (
    STAGE_DATE_FIELDS,
    ImplementationProject,
    Stage,
    SupportTeamApplication,
    TeamSite,
)
from practices.models import Departement, PracticePage, SupportTeam
from trainings.models import Registration, TrainingSession


class Command(BaseCommand):
    help = "Charge les formations, projets et la candidature de démonstration (après load_demo)."

    def handle(self, *args: Any, **options: Any) -> None:
        data = yaml.safe_load(
            (settings.BASE_DIR / "fixtures" / "trainings_demo.yaml").read_text(encoding="utf-8")
        )
        practices = {p.slug: p for p in PracticePage.objects.all()}
        teams = {t.slug: t for t in SupportTeam.objects.all()}
        departements = {d.code: d for d in Departement.objects.all()}
        if not practices or not teams:
            self.stderr.write("Lancez d'abord « manage.py load_demo ».")
            return
        today = timezone.localdate()
        with transaction.atomic():
            for item in data["sessions"]:
                day = today + datetime.timedelta(days=item["in_days"])
                hour, minute = (int(x) for x in item["time"].split(":"))
                starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
                hours = float(item["hours"])
                if hours > 24 and item["kind"] != TrainingSession.Kind.ELEARNING:
                    ends = starts + datetime.timedelta(days=1, hours=hours - 24)  # two days, evening of day 2
                else:
                    ends = starts + datetime.timedelta(hours=hours)
                session = TrainingSession.objects.filter(
                    title=item["title"], is_demo=True
                ).first() or TrainingSession(title=item["title"], is_demo=True)
                if session.pk and session.starts_at.date() >= today:
                    starts, ends = session.starts_at, session.ends_at  # second run: unchanged
                for name, value in {
                    "practice": practices[item["practice"]],
                    "team": teams[item["team"]],
                    "kind": item["kind"],
                    "starts_at": starts,
                    "ends_at": ends,
                    "town": item.get("town", ""),
                    "departement": departements.get(item.get("departement", "")),
                    "audience": item["audience"],
                    "prerequisites": item.get("prerequisites", ""),
                    "capacity": item.get("capacity"),
                    "is_free": item["free"],
                    "cost": item.get("cost", ""),
                    "description": item.get("description", "").strip(),
                    "is_published": True,
                }.items():
                    setattr(session, name, value)
                session.full_clean()
                session.save()
                for person in item.get("registrations", []):
                    Registration.objects.get_or_create(
                        session=session,
                        email=person["email"],
                        defaults={
                            **{k: person[k] for k in ("name", "organisation", "role")},
                            "consent": True,
                        },
                    )
            for item in data["projects"]:
                project = ImplementationProject.objects.filter(
                    practice=practices[item["practice"]], host_organisation=item["host"]
                ).first() or ImplementationProject(
                    practice=practices[item["practice"]], host_organisation=item["host"]
                )
                project.team = teams[item["team"]]
                project.departement = departements[item["departement"]]
                project.stage = item["stage"]
                project.ptsm = item.get("ptsm", "")
                project.is_public = item["public"]
                project.private_notes = item.get("notes", "")
                project.is_demo = True
                for stage, offset in zip(Stage.values, item["since_days"]):
                    setattr(project, STAGE_DATE_FIELDS[stage], today + datetime.timedelta(days=offset))
                project.full_clean()
                project.save()
            for item in data.get("sites", []):
                TeamSite.objects.get_or_create(
                    team=teams[item["team"]],
                    practice=practices[item["practice"]],
                    departement=departements[item["departement"]],
                    name=item["name"],
                )
            for item in data["applications"]:
                SupportTeamApplication.objects.update_or_create(
                    team_name=item["team_name"],
                    defaults={
                        "practice": practices[item["practice"]],
                        "host_organisation": item["host_organisation"],
                        "city": item["city"],
                        "departement": departements[item["departement"]],
                        "contact_name": item["contact_name"],
                        "contact_email": item["contact_email"],
                        "start_year": item["start_year"],
                        "works_in_france_evidence": item["works_in_france"],
                        "fidelity_evidence": item["fidelity"],
                        "training_evidence": item["training"],
                        "engineering": item["engineering"],
                        "engineering_evidence": item["engineering_evidence"],
                        "consent": True,
                        "is_demo": True,
                    },
                )
        self.stdout.write("Formations, projets et candidature de démonstration chargés.")
