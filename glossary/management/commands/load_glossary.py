from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand

from glossary.models import Term


class Command(BaseCommand):
    help = "Charge les termes du glossaire (fixtures/glossary.yaml) ; les termes déjà présents ne sont pas modifiés."

    def handle(self, *args, **options):
        path = Path(settings.BASE_DIR) / "fixtures" / "glossary.yaml"
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        created = 0
        for entry in entries:
            term = Term(
                term=entry["term"], variants=entry.get("variants") or "", definition=entry["definition"]
            )
            term.full_clean(exclude=["slug"], validate_unique=False)
            _, was_created = Term.objects.get_or_create(
                term=term.term, defaults={"variants": term.variants, "definition": term.definition}
            )
            created += was_created
        self.stdout.write(f"Glossaire : {created} terme(s) ajouté(s), {len(entries)} dans le fichier.")
