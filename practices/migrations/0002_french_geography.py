"""Loads the official lists of régions and départements (INSEE codes), shipped in practices/data/."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[1] / "data" / "geo_fr.json"


def load(apps, schema_editor):
    Region = apps.get_model("practices", "Region")
    Departement = apps.get_model("practices", "Departement")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    regions = {}
    for item in data["regions"]:
        regions[item["code"]], _ = Region.objects.update_or_create(code=item["code"], defaults={"name": item["name"]})
    for item in data["departements"]:
        Departement.objects.update_or_create(
            code=item["code"], defaults={"name": item["name"], "region": regions[item["region"]]}
        )


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
