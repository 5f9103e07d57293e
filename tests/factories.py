"""Plain builders for tests: each builds only what a test needs."""

from django.utils.text import slugify
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from parcours.models import HomePage, ParcoursIndexPage, StandardPage, ThemePage, ThemePracticeLink
from practices.models import (
    Departement,
    EvidenceLevel,
    PracticeIndexPage,
    PracticeOutcome,
    PracticePage,
    PracticeSupport,
    Publication,
    SupportTeam,
    SupportTeamIndexPage,
)


def restore_migration_data():
    """Put back what the migrations create (Wagtail's locale, root page and root collection, départements,
    groups): transactional tests flush the whole database when they end, and a later transactional test starts
    from empty tables."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, Locale

    from practices import roles

    Locale.objects.get_or_create(language_code="fr")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    importlib.import_module("practices.migrations.0002_french_geography").load(apps, None)
    roles.ensure_groups(Group, Permission)
    importlib.import_module("glossary.migrations.0002_editors_manage_the_glossary").grant(apps, None)


def make_home(title="Bonnes pratiques en santé mentale"):
    root = Page.get_first_root_node()
    # Also the committed demo home of the browser tests, which run just before the transactional ones.
    Page.objects.filter(depth=2, slug__in=["home", "accueil"]).delete()
    home = HomePage(title=title, slug="accueil", intro="Des pratiques qui aident à aller mieux.")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": title},
    )
    return home


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


def make_parcours(home, title="Parcours de vie", kind="vie"):
    return publish(
        home,
        ParcoursIndexPage(title=title, slug=slugify(title), kind=kind, intro="Votre vie de tous les jours."),
    )


def make_theme(
    parcours,
    title="Le logement",
    chapo="Avoir un chez-soi est la base.\n\nBeaucoup de personnes vivent à la rue.",
):
    return publish(parcours, ThemePage(title=title, slug=slugify(title), chapo=chapo))


def make_practice_index(home):
    return publish(home, PracticeIndexPage(title="Toutes les bonnes pratiques", slug="bonnes-pratiques"))


def make_team_index(home):
    return publish(home, SupportTeamIndexPage(title="Les équipes d'appui", slug="equipes-d-appui"))


def make_level(code="A", name="Efficacité établie", kind="established", order=1):
    level, _ = EvidenceLevel.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "lay_label": "Ça marche : prouvé par plusieurs études solides",
            "criteria": "Deux essais.",
            "kind": kind,
            "order": order,
        },
    )
    return level


def make_practice(index, title="Un chez soi d'abord", *, theme=None, live=True, **fields):
    fields.setdefault("summary", "Un logement ordinaire tout de suite, avec une équipe qui accompagne.")
    fields.setdefault("explanation", "<p>La personne choisit son logement.</p>")
    fields.setdefault(
        "body",
        [
            ("heading", {"text": "Pour qui ?", "level": "h2"}),
            ("paragraph", RichText("<p>Des personnes sans abri depuis longtemps.</p>")),
        ],
    )
    page = PracticePage(title=title, slug=slugify(title), **fields)
    index.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.live = False
        page.save_revision()
        page.save()
    page = PracticePage.objects.get(pk=page.pk)
    if theme is not None:
        ThemePracticeLink.objects.create(
            theme=theme, practice=page, sort_order=theme.practice_links.count(), is_primary=True
        )
    return page


def add_publication(practice, n=1, **fields):
    fields.setdefault("kind", "article")
    fields.setdefault("authors", "Auteur A")
    fields.setdefault("year", 2016)
    fields.setdefault("title", f"Étude n° {n}")
    return Publication.objects.create(page=practice, sort_order=n, **fields)


def add_outcome(
    practice,
    outcome="Maintien dans le logement",
    in_words="plus de personnes gardent leur logement",
    domain="logement",
    context="north_america",
):
    return PracticeOutcome.objects.create(
        page=practice,
        outcome=outcome,
        domain=domain,
        direction="favourable",
        in_words=in_words,
        certainty="high",
        context=context,
    )


def make_team(name="Équipe DIHAL", practice=None, start_year=2011, **fields):
    fields.setdefault("host_organisation", "DIHAL")
    fields.setdefault("city", "Paris")
    fields.setdefault("phone", "01 99 00 12 34")
    fields.setdefault("email", "equipe@example.org")
    team = SupportTeam.objects.create(name=name, departement=Departement.objects.get(code="75"), **fields)
    if practice is not None:
        PracticeSupport.objects.create(team=team, practice=practice, start_year=start_year)
    return team


def make_standard(home, title="Qui sommes-nous ?", **fields):
    return publish(home, StandardPage(title=title, slug=slugify(title), **fields))


def make_staff(username, group, password):
    """An account that reaches the admin, in one of the site's groups (practices/roles.py), with a reserved address."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username, f"{username}@example.org", password, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user
