"""The first distress expressions; editors add more in the admin (Expressions de détresse)."""

from django.db import migrations

EXPRESSIONS = [
    "suicide",
    "me suicider",
    "suicidaire",
    "envie de mourir",
    "veux mourir",
    "idées noires",
    "me faire du mal",
    "plus envie de vivre",
    "scarification",
    "me scarifier",
    "automutilation",
    "en finir",
    "mettre fin à mes jours",
    "me tuer",
]


def seed(apps, schema_editor):
    DistressExpression = apps.get_model("safety", "DistressExpression")
    for expression in EXPRESSIONS:
        DistressExpression.objects.get_or_create(expression=expression)


class Migration(migrations.Migration):
    dependencies = [("safety", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
