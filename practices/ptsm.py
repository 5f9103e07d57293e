"""« Fiche action » for a territorial mental-health project (PTSM): a practice's page rewritten in the sections
those who write a PTSM fill in, pre-filled from the practice, the rest left to complete.

The six priorities are those of the décret n° 2017-1200 du 27 juillet 2017 relatif au projet territorial de santé
mentale (articles R. 3224-5 to R. 3224-10 of the Code de la santé publique). The priorities a practice may serve
are suggested from the domains of its evaluated outcomes, and said to be suggestions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SLUG = "fiche-action"

PRIORITIES = {
    1: "Le repérage précoce des troubles psychiques, l'accès au diagnostic, aux soins et aux accompagnements "
    "sociaux ou médico-sociaux",
    2: "Le parcours de santé et de vie de qualité et sans rupture, en vue du rétablissement et de l'insertion "
    "sociale",
    3: "L'accès des personnes souffrant de troubles psychiques à des soins somatiques adaptés à leurs besoins",
    4: "La prévention et la prise en charge des situations de crise et d'urgence",
    5: "Le respect et la promotion des droits des personnes, le renforcement de leur pouvoir de décider et d'agir "
    "et la lutte contre la stigmatisation",
    6: "L'action sur les déterminants sociaux, environnementaux et territoriaux de la santé mentale",
}

# The outcome domains (PracticeOutcome.Domain) and the priorities they bear on.
DOMAIN_PRIORITIES = {
    "logement": (2, 6),
    "emploi": (2, 6),
    "hospitalisation": (4, 2),
    "sante": (1,),
    "consommations": (1,),
    "soins": (1, 2),
    "retablissement": (2, 5),
    "inclusion": (5, 6),
    "proches": (2,),
    "regard": (5,),
}


@dataclass(frozen=True)
class Indicator:
    name: str
    how: str


def suggested_priorities(outcomes: list[Any]) -> list[tuple[int, str]]:
    numbers = sorted({n for o in outcomes for n in DOMAIN_PRIORITIES.get(o.domain, ())})
    return [(n, PRIORITIES[n]) for n in numbers]


def indicators(outcomes: list[Any], readiness: dict[str, Any], practice: Any) -> list[Indicator]:
    """What to follow: the results the studies measured, then the action's own activity and fidelity."""
    found = [
        Indicator(o.outcome, "Mesuré au début de l'accompagnement, puis chaque année, comme dans les études.")
        for o in outcomes
    ]
    found.append(Indicator("Nombre de personnes accompagnées", "Compté chaque année, avec leurs parcours."))
    if practice.training_in_france:
        found.append(Indicator("Nombre de professionnels formés", "Compté chaque année, par métier."))
    if practice.fidelity_tool_fr:
        found.append(
            Indicator("Fidélité au modèle", "Mesurée chaque année avec l'outil de fidélité en français.")
        )
    else:
        found.append(
            Indicator(
                "Fidélité au modèle",
                "Pas encore d'outil de fidélité en français : décrire chaque année ce qui est fait comme prévu.",
            )
        )
    found.append(
        Indicator(
            "Participation des personnes concernées et des proches",
            "Leur place dans le pilotage de l'action, décrite chaque année.",
        )
    )
    return found
