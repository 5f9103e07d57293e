"""RGPD for the people of the support teams: the contacts published on a team's sheet, and the members who keep
the sheet and answer requests. `export` prints in JSON what the site keeps about an address; `erase --yes`
removes the published contacts, takes the person out of every team, and anonymises an account that has no other
role (an account that is also an editor's, an administrator's or an expert's is only taken out of the teams)."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from practices import roles
from practices.models import SupportTeam, SupportTeamContact, TeamMembership


def contacts_of(email):
    return SupportTeamContact.objects.filter(email__iexact=email).select_related("team")


def members_of(email):
    return get_user_model().objects.filter(email__iexact=email, team_memberships__isnull=False).distinct()


def export_team_personal_data(email):
    contacts = [
        {
            "équipe d'appui": c.team.name,
            "nom": c.name,
            "rôle": c.role,
            "adresse électronique": c.email,
            "téléphone": c.phone,
            "publié sur": c.team.public_url or "",
        }
        for c in contacts_of(email)
    ]
    members = []
    for user in members_of(email):
        members.append(
            {
                "identifiant": user.get_username(),
                "prénom": user.first_name,
                "nom": user.last_name,
                "adresse électronique": user.email,
                "compte créé le": user.date_joined.isoformat(),
                "dernière connexion": user.last_login.isoformat() if user.last_login else "",
                "équipes d'appui": sorted(
                    TeamMembership.objects.filter(user=user).values_list("team__name", flat=True)
                ),
                "rôles": sorted(user.groups.values_list("name", flat=True)),
            }
        )
    return {"contacts publiés": contacts, "membres des équipes": members}


def has_other_role(user):
    if user.is_superuser or user.is_staff:
        return True
    if user.groups.exclude(name=roles.TEAM_MEMBERS).exists():
        return True
    return hasattr(user, "hub_expert")


@transaction.atomic
def erase_team_personal_data(email):
    """Returns (contacts removed, memberships removed, accounts anonymised)."""
    teams = set()
    contacts = list(contacts_of(email))
    for contact in contacts:
        teams.add(contact.team_id)
        contact.delete()
    memberships = anonymised = 0
    for user in members_of(email):
        found = TeamMembership.objects.filter(user=user)
        memberships += found.count()
        found.delete()
        if not has_other_role(user):
            user.username = f"ancien-membre-{user.pk}"
            user.first_name = user.last_name = ""
            user.email = ""
            user.is_active = False
            user.set_unusable_password()
            user.save()
            user.groups.clear()
            anonymised += 1
    # The team sheets that showed a contact are saved again: pages and caches that show them are refreshed.
    for team in SupportTeam.objects.filter(pk__in=teams):
        team.save()
    return len(contacts), memberships, anonymised


class Command(BaseCommand):
    help = (
        "RGPD : exporte (JSON) ou efface les données d'un contact ou d'un membre d'une équipe d'appui, désigné "
        "par son adresse."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Confirme l'effacement sans question.")

    def handle(self, *args, action, email, yes, **options):
        if not contacts_of(email).exists() and not members_of(email).exists():
            raise CommandError(f"Aucun contact ni membre d'équipe d'appui avec l'adresse {email}.")
        if action == "export":
            self.stdout.write(json.dumps(export_team_personal_data(email), ensure_ascii=False, indent=2))
            return
        if not yes:
            raise CommandError("Ajoutez --yes pour confirmer l'effacement.")
        contacts, memberships, anonymised = erase_team_personal_data(email)
        self.stdout.write(
            f"{contacts} contact(s) retiré(s) des fiches, {memberships} appartenance(s) à une équipe retirée(s), "
            f"{anonymised} compte(s) anonymisé(s) pour {email}."
        )
