"""The primary theme of a practice moves from the registry (practices.PracticePage.primary_theme) to the trees:
it is now a mark on the theme's link to the practice. Live links and the latest revision of each theme get it,
so that an editor who opens a theme sees the mark and publishing keeps it."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    PracticePage = apps.get_model("practices", "PracticePage")
    ThemePracticeLink = apps.get_model("parcours", "ThemePracticeLink")
    ThemePage = apps.get_model("parcours", "ThemePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    primary = dict(PracticePage.objects.filter(primary_theme__isnull=False).values_list("pk", "primary_theme_id"))
    for practice_id, theme_id in primary.items():
        updated = ThemePracticeLink.objects.filter(practice_id=practice_id, theme_id=theme_id).update(is_primary=True)
        if not updated:
            last = ThemePracticeLink.objects.filter(theme_id=theme_id).order_by("-sort_order").first()
            ThemePracticeLink.objects.create(
                practice_id=practice_id, theme_id=theme_id, is_primary=True,
                sort_order=(last.sort_order + 1) if last and last.sort_order is not None else 0,
            )
    for theme in ThemePage.objects.filter(latest_revision__isnull=False):
        revision = Revision.objects.get(pk=theme.latest_revision_id)
        links = revision.content.get("practice_links") or []
        for link in links:
            link["is_primary"] = primary.get(link.get("practice")) == theme.pk
        if links:
            Revision.objects.filter(pk=revision.pk).update(content=revision.content)


def backwards(apps, schema_editor):
    PracticePage = apps.get_model("practices", "PracticePage")
    ThemePracticeLink = apps.get_model("parcours", "ThemePracticeLink")
    for link in ThemePracticeLink.objects.filter(is_primary=True):
        PracticePage.objects.filter(pk=link.practice_id).update(primary_theme_id=link.theme_id)


class Migration(migrations.Migration):
    dependencies = [
        ("parcours", "0003_news_and_help_settings"),
        ("practices", "0007_search_document_function"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="themepracticelink",
            name="is_primary",
            field=models.BooleanField(
                default=False,
                help_text="Cochez si ce thème donne le fil d'Ariane de la pratique et ses liens « précédente » et "
                "« suivante ». Un seul thème principal par pratique ; sans thème principal, c'est le premier thème "
                "du site qui la présente.",
                verbose_name="thème principal de cette pratique",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
