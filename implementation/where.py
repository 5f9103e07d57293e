"""Where practices are implemented: public projects, the régions declared on the practice, the support teams.

A fixed number of queries whatever the number of practices, projects or teams."""

from __future__ import annotations

from dataclasses import dataclass, field

from implementation.geo import MapMarks
from implementation.models import ImplementationProject, Stage, TeamSite
from practices.models import Departement, PracticePage, PracticeSupport


@dataclass
class Where:
    projects: list[ImplementationProject] = field(default_factory=list)
    teams: list[PracticeSupport] = field(default_factory=list)
    sites: list[TeamSite] = field(default_factory=list)
    regions: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # (practice title, région code, région name)
    marks: MapMarks = field(default_factory=MapMarks)
    names: dict[str, str] = field(default_factory=dict)


def departement_names() -> tuple[dict[str, str], dict[str, list[str]]]:
    names: dict[str, str] = {}
    by_region: dict[str, list[str]] = {}
    for code, name, region_code in Departement.objects.values_list("code", "name", "region__code"):
        names[code] = f"{name} ({code})"
        by_region.setdefault(region_code, []).append(code)
    return names, by_region


def where(practice: PracticePage | None = None, region: str = "", stage: str = "") -> Where:
    names, by_region = departement_names()
    result = Where(names=names)
    projects = ImplementationProject.objects.public().for_map().order_by("departement__code", "pk")
    teams = (
        PracticeSupport.objects.filter(practice__live=True)
        .select_related("team__departement__region", "practice")
        .order_by("team__name", "pk")
    )
    sites = (
        TeamSite.objects.filter(practice__live=True)
        .select_related("team", "practice", "departement__region")
        .order_by("departement__code", "name")
    )
    declared = (
        PracticePage.regions.through.objects.filter(practicepage__live=True)
        .select_related("region", "practicepage")
        .order_by("region__name", "practicepage__title")
    )
    if practice is not None:
        projects = projects.filter(practice=practice)
        teams = teams.filter(practice=practice)
        sites = sites.filter(practice=practice)
        declared = declared.filter(practicepage=practice)
    if region:
        projects = projects.filter(departement__region__code=region)
        teams = teams.filter(team__departement__region__code=region)
        sites = sites.filter(departement__region__code=region)
        declared = declared.filter(region__code=region)
    if stage:
        projects = projects.filter(stage=stage)
    result.projects = list(projects)
    result.teams = list(teams)
    result.sites = list(sites)
    seen = set()
    for link in declared:
        result.regions.append((link.practicepage.title, link.region.code, link.region.name))
        if link.region.code not in seen:
            seen.add(link.region.code)
            for code in by_region.get(link.region.code, []):
                result.marks.add(code, "region")
    for link in result.teams:
        result.marks.add(link.team.departement.code, "equipe")
    for site in result.sites:
        result.marks.add(site.departement.code, "site")
    for project in result.projects:
        result.marks.add(project.departement.code, "projet")
    return result


STAGES = Stage.choices
