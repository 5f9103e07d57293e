"""The primary theme now lives on the trees' link (parcours 0004, which copied it): the registry knows nothing of
the trees."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0007_search_document_function"),
        ("parcours", "0004_primary_theme_on_theme_link"),
    ]

    operations = [migrations.RemoveField(model_name="practicepage", name="primary_theme")]
