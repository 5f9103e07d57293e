"""Choices shared by several hub models."""

from django.db import models


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", "Association"
    MISSION_COMPANY = "mission_company", "Entreprise (société) à mission"
    SCHOOL_RESEARCH = "school_research", "École, institut ou centre de recherche public ou privé"
    HOSPITAL = "hospital", "Établissement de santé (centre hospitalier)"
    ESUS = "esus", "Entreprise solidaire d'utilité sociale (ESUS)"
    GENERAL_INTEREST = "general_interest", "Autre entreprise engagée dans une mission d'intérêt général"
    COMMERCIAL = "commercial", "Entreprise commerciale sans mission d'intérêt général"
    INDIVIDUAL = "individual", "Personne physique, sans organisation"


ELIGIBLE_LEGAL_FORMS = frozenset(
    {
        LegalForm.ASSOCIATION,
        LegalForm.MISSION_COMPANY,
        LegalForm.SCHOOL_RESEARCH,
        LegalForm.HOSPITAL,
        LegalForm.ESUS,
        LegalForm.GENERAL_INTEREST,
    }
)


class Maturity(models.TextChoices):
    EMERGENCE = "emergence", "Émergence"
    CONSOLIDATION = "consolidation", "Consolidation"
    SCALE_UP = "scale_up", "Changement d'échelle"


# Countries of the francophone world (ISO 3166-1 alpha-2); the list is open to additions.
COUNTRIES = [
    ("BE", "Belgique"),
    ("BJ", "Bénin"),
    ("BF", "Burkina Faso"),
    ("BI", "Burundi"),
    ("CM", "Cameroun"),
    ("CA", "Canada"),
    ("CF", "Centrafrique"),
    ("KM", "Comores"),
    ("CG", "Congo"),
    ("CD", "Congo (République démocratique)"),
    ("CI", "Côte d'Ivoire"),
    ("DJ", "Djibouti"),
    ("FR", "France"),
    ("GA", "Gabon"),
    ("GN", "Guinée"),
    ("HT", "Haïti"),
    ("LB", "Liban"),
    ("LU", "Luxembourg"),
    ("MG", "Madagascar"),
    ("ML", "Mali"),
    ("MA", "Maroc"),
    ("MU", "Maurice"),
    ("MR", "Mauritanie"),
    ("MC", "Monaco"),
    ("NE", "Niger"),
    ("RW", "Rwanda"),
    ("SN", "Sénégal"),
    ("SC", "Seychelles"),
    ("CH", "Suisse"),
    ("TD", "Tchad"),
    ("TG", "Togo"),
    ("TN", "Tunisie"),
    ("VU", "Vanuatu"),
    ("DZ", "Algérie"),
    ("OT", "Autre pays"),
]

# Time zones offered to users so that every deadline is shown in their own local time.
TIME_ZONES = [
    ("Europe/Paris", "Paris, Bruxelles, Genève, Luxembourg (heure d'Europe centrale)"),
    ("America/Toronto", "Montréal, Québec (heure de l'Est)"),
    ("America/Port-au-Prince", "Port-au-Prince"),
    ("America/Martinique", "Martinique, Guadeloupe"),
    ("America/Cayenne", "Cayenne"),
    ("Africa/Dakar", "Dakar, Bamako, Conakry (UTC)"),
    ("Africa/Abidjan", "Abidjan, Lomé, Ouagadougou (UTC)"),
    ("Africa/Casablanca", "Casablanca, Rabat"),
    ("Africa/Algiers", "Alger, Tunis"),
    ("Africa/Douala", "Douala, Yaoundé, Kinshasa, Libreville"),
    ("Africa/Kigali", "Kigali, Bujumbura, Lubumbashi"),
    ("Asia/Beirut", "Beyrouth"),
    ("Indian/Antananarivo", "Antananarivo, Moroni"),
    ("Indian/Reunion", "La Réunion, Maurice"),
    ("Pacific/Noumea", "Nouméa, Port-Vila"),
    ("Pacific/Tahiti", "Papeete"),
]
REFERENCE_TIME_ZONE = "Europe/Paris"
