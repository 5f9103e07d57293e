"""The first synonyms; editors maintain them in the admin (Synonymes de la recherche)."""

from django.db import migrations

SYNONYMS = {
    "emploi": "travail, IPS, emploi accompagné",
    "boulot": "travail, emploi",
    "travail": "emploi",
    "dépression": "trouble psychique, troubles de l'humeur",
    "proche": "famille, proches aidants",
    "mon fils": "famille, proches",
    "ma fille": "famille, proches",
    "mon enfant": "famille, proches, jeunes",
    "mes parents": "famille, proches",
    "aidant": "proches aidants, famille",
    "logement": "chez soi, habitat",
    "appartement": "logement, chez soi",
    "sdf": "sans abri, rue, logement",
    "drogue": "addiction, conduites addictives",
    "alcool": "addiction, conduites addictives",
    "schizo": "schizophrénie",
    "pair aidant": "pair-aidance, médiateur de santé pair",
}


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, alternatives in SYNONYMS.items():
        Synonym.objects.get_or_create(term=term, defaults={"alternatives": alternatives})


class Migration(migrations.Migration):
    dependencies = [("search", "0002_french_search_on_postgresql")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
