"""The trees' own page-cache purges: the help lines, and the trees' pages that show a practice or a theme
(themes list practices; a practice's breadcrumb and previous/next links come from its primary theme)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from wagtail.signals import page_published, page_unpublished

import pagecache
from pagecache.core import now_and_after_commit, page_url
from parcours.models import (
    EVIDENCE_MAP_SLUG,
    ConditionPage,
    HelpSettings,
    ParcoursIndexPage,
    ThemePage,
    ThemePracticeLink,
    themes_of,
)
from practices.models import PracticePage


@receiver(pagecache.urls_showing, sender=PracticePage)
def themes_showing_a_practice(sender, instance, **kwargs):
    """The themes that list the practice, and the practices next to it there (their previous/next links)."""
    urls = set()
    for theme in themes_of(instance):
        urls.add(page_url(theme))
        urls |= {page_url(p) for p in PracticePage.objects.filter(theme_links__theme=theme)}
    return urls


@receiver(pagecache.urls_showing, sender=PracticePage)
def condition_sheets_showing_a_practice(sender, instance, **kwargs):
    """Every condition sheet (a handful): the practice may just have been filed under a condition, or taken out."""
    return {page_url(sheet) for sheet in ConditionPage.objects.all()}


def evidence_maps():
    """Both parcours' evidence-and-gap maps (two URLs): a practice's grade, outcomes or themes may change either."""
    urls = {page_url(p) for p in ParcoursIndexPage.objects.all()}
    return {f"{url}{EVIDENCE_MAP_SLUG}/" for url in urls if url}


@receiver(pagecache.urls_showing, sender=PracticePage)
@receiver(pagecache.urls_showing, sender=ThemePage)
@receiver(pagecache.urls_showing, sender=ParcoursIndexPage)
def evidence_maps_showing(sender, instance, **kwargs):
    return evidence_maps()


@receiver(page_published, sender=ConditionPage)
@receiver(page_unpublished, sender=ConditionPage)
def condition_sheets_changed(sender, instance, **kwargs):
    """The practices link the sheets through a site structure (one query less on each practice page): a sheet
    published, renamed or withdrawn starts a new generation. Sheets change a few times a year."""
    now_and_after_commit(pagecache.purge_everything, f"fiche sur un trouble : {instance.title}")


@receiver(pagecache.urls_showing, sender=ThemePage)
def practices_showing_a_theme(sender, instance, **kwargs):
    """The practices a theme lists: their breadcrumb, pager and list of themes name it."""
    return {page_url(p) for p in PracticePage.objects.filter(theme_links__theme=instance)}


@receiver(post_save, sender=ThemePracticeLink)
@receiver(post_delete, sender=ThemePracticeLink)
def purge_practice_of_link(sender, instance, **kwargs):
    """A practice added to or taken from a theme, or given another primary theme, changes its own page and the
    theme's list."""
    pages = [
        *PracticePage.objects.filter(pk=instance.practice_id),
        *ThemePage.objects.filter(pk=instance.theme_id),
    ]
    now_and_after_commit(pagecache.purge_pages, pages)
    now_and_after_commit(pagecache.purge_urls, evidence_maps())


@receiver(post_save, sender=HelpSettings)
def purge_help(sender, instance, **kwargs):
    now_and_after_commit(pagecache.purge_urls, {reverse("help")})
