"""`manage.py load_community_demo`: demo members, moderators and threads (idempotent: found by pseudonym/title)."""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from community.models import CONSENT_VERSION, Follow, Member, Poll, PollChoice, Reply, Status, Thread
from community.permissions import MODERATORS_GROUP

DEMO_FILE = Path(__file__).with_name("community_demo.yaml")
DEMO_PASSWORD = "demo-lilith-2026"
MODERATOR = ("Modératrice des échanges (CRES)", "moderatrice", "moderatrice@example.org")


def demo_logins() -> list[tuple[str, str, str]]:
    data = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    logins = [(MODERATOR[0], MODERATOR[1], DEMO_PASSWORD)]
    logins += [("Membre des échanges", m["pseudonym"], DEMO_PASSWORD) for m in data["members"][:2]]
    logins.append(
        ("Équipe d'appui Un chez soi d'abord", team_username("un-chez-soi-d-abord-dihal"), DEMO_PASSWORD)
    )
    return logins


def team_username(slug: str) -> str:
    return f"demo-{slug}"[:150]


def _user(username: str, email: str, **fields):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=email, **fields)
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _member(user, pseudonym: str, trusted: bool) -> Member:
    now = timezone.now()
    member, _ = Member.objects.get_or_create(
        user=user,
        defaults={
            "pseudonym": pseudonym,
            "email_verified_at": now,
            "consent_given_at": now,
            "consent_version": CONSENT_VERSION,
            "trusted": trusted,
            "is_demo": True,
        },
    )
    return member


def load() -> int:
    from practices.models import PracticePage, SupportTeam, TeamMembership

    data = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access:
        group.permissions.add(access)
    moderator = _user(MODERATOR[1], MODERATOR[2], is_staff=True, first_name="Modératrice")
    moderator.groups.add(group)
    _member(moderator, "Modération (CRES)", True)
    members = {}
    for i, spec in enumerate(data["members"]):
        user = _user(spec["pseudonym"], f"membre-demo-{i + 1}@example.org")
        members[spec["pseudonym"]] = _member(user, spec["pseudonym"], spec.get("trusted", False))
    created = 0
    for spec in data["threads"]:
        practice = PracticePage.objects.filter(slug=spec["practice"]).first()
        if practice is None:
            continue
        author = members[spec["author"]]
        thread, made = Thread.objects.get_or_create(
            practice=practice,
            title=spec["title"],
            defaults={
                "kind": spec["kind"],
                "body": spec["body"].strip(),
                "author": author,
                "status": Status.PUBLISHED,
                "published_at": timezone.now(),
                "pinned": spec.get("pinned", False),
                "is_demo": True,
            },
        )
        created += made
        Follow.objects.get_or_create(thread=thread, member=author)
        if not made:
            continue
        for reply in spec["replies"]:
            team = None
            if reply.get("team"):
                team = SupportTeam.objects.filter(slug=reply["team"]).first()
                if team is None:
                    continue
                user = _user(team_username(team.slug), f"{team_username(team.slug)}@example.org")
                TeamMembership.objects.get_or_create(user=user, team=team)
                replier = _member(user, f"Démo – {team.name}"[:40], True)
            else:
                replier = members[reply["author"]]
            Reply.objects.create(
                thread=thread,
                author=replier,
                as_team=team,
                body=reply["body"].strip(),
                status=Status.PUBLISHED,
                is_demo=True,
            )
    practice = PracticePage.objects.filter(slug="un-chez-soi-d-abord").first()
    if practice is not None and not Poll.objects.filter(practice=practice).exists():
        poll = Poll.objects.create(
            question="Quelle pratique voudriez-vous voir dans votre territoire ? (sondage de démonstration)",
            practice=practice,
            closes_at=timezone.now() + datetime.timedelta(days=90),
        )
        for i, title in enumerate(
            PracticePage.objects.live().order_by("title").values_list("title", flat=True)[:5]
        ):
            PollChoice.objects.create(poll=poll, label=title, sort_order=i)
    home_poll()
    questionnaire()
    return created


HOME_POLL = "Quel type de contenu vous aiderait le plus ? (sondage de démonstration)"
HOME_POLL_CHOICES = [
    "Des témoignages de personnes concernées",
    "Des explications simples sur chaque pratique",
    "Des contacts près de chez moi",
    "Des vidéos",
]


def home_poll() -> None:
    """A site-wide poll, shown on the home page."""
    if Poll.objects.filter(practice=None, question=HOME_POLL).exists():
        return
    poll = Poll.objects.create(
        question=HOME_POLL, practice=None, closes_at=timezone.now() + datetime.timedelta(days=90)
    )
    for i, label in enumerate(HOME_POLL_CHOICES):
        PollChoice.objects.create(poll=poll, label=label, sort_order=i)


QUESTIONNAIRE_SLUG = "votre-avis-sur-le-site"
QUESTIONNAIRE = [
    # (label, field type, required, choices, help text)
    (
        "Avez-vous trouvé ce que vous cherchiez ?",
        "radio",
        True,
        "Oui\nEn partie\nNon",
        "",
    ),
    (
        "Le site est-il facile à lire et à utiliser ?",
        "radio",
        True,
        "Très facile\nPlutôt facile\nPlutôt difficile\nTrès difficile",
        "",
    ),
    (
        "Vous venez plutôt en tant que…",
        "dropdown",
        False,
        "Personne concernée\nProche\nProfessionnel ou professionnelle\nAutre",
        "Facultatif. Vous pouvez ne pas répondre.",
    ),
    (
        "Qu'est-ce qui vous manque, ou que faudrait-il améliorer ?",
        "multiline",
        False,
        "",
        "Facultatif. N'écrivez ni votre nom ni vos coordonnées : le questionnaire est anonyme.",
    ),
]


def questionnaire() -> None:
    """The platform's satisfaction questionnaire (Wagtail's form builder), under the home page; no personal data."""
    from wagtail.models import Site

    from community.questionnaire import SatisfactionQuestion, SatisfactionQuestionnairePage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None or SatisfactionQuestionnairePage.objects.filter(slug=QUESTIONNAIRE_SLUG).exists():
        return
    page = SatisfactionQuestionnairePage(
        title="Votre avis sur le site",
        slug=QUESTIONNAIRE_SLUG,
        intro="Quatre questions, deux minutes. Vos réponses nous aident à rendre le site plus utile et plus "
        "facile à lire.",
        thank_you_text="Merci ! Vos réponses sont bien arrivées. Elles seront lues par l'équipe éditoriale.",
    )
    site.root_page.add_child(instance=page)
    for i, (label, field_type, required, choices, help_text) in enumerate(QUESTIONNAIRE):
        SatisfactionQuestion.objects.create(
            page=page,
            sort_order=i,
            label=label,
            field_type=field_type,
            required=required,
            choices=choices,
            help_text=help_text,
        )
    page.save_revision().publish()
