"""Creates or updates the demo content from the readable files in fixtures/ (idempotent)."""

import datetime
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils.html import escape
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from parcours.demo.images import demo_image
from parcours.models import (
    ConditionIndexPage,
    ConditionPage,
    HelpSettings,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ParcoursIndexPage,
    StandardPage,
    ThemePage,
    ThemePracticeLink,
    ThemeResource,
)
from practices.models import (
    Condition,
    Departement,
    EvidenceLevel,
    PracticeIndexPage,
    PracticeOutcome,
    PracticePage,
    PracticeSupport,
    Publication,
    Region,
    SupportTeam,
    SupportTeamContact,
    SupportTeamIndexPage,
    TargetPublic,
)
from readability.languages import mark_languages


def fixtures_dir():
    return Path(settings.BASE_DIR) / "fixtures"


def read(name):
    with open(fixtures_dir() / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def practice_items():
    """One readable file per practice in fixtures/practices/, in file-name order."""
    for path in sorted((fixtures_dir() / "practices").glob("*.yaml")):
        with open(path, encoding="utf-8") as fh:
            yield yaml.safe_load(fh)


def paragraphs_html(text):
    """Plain text with blank-line separated paragraphs → simple rich text HTML (escaped); « [en: …] » marks a
    passage in another language, as the editors' EN button does."""
    parts = [p.strip() for p in str(text or "").split("\n\n") if p.strip()]
    return "".join(f"<p>{mark_languages(escape(' '.join(p.split())))}</p>" for p in parts)


def easy_read_html(text):
    """An easy-to-read text of the YAML → rich text HTML: « ## » starts a heading, « - » a list item, a line break
    inside a paragraph is kept (one sentence per line, as the European easy-to-read rules ask)."""
    out = []
    for part in (p.strip() for p in str(text or "").split("\n\n")):
        if not part:
            continue
        lines = [line.strip() for line in part.splitlines() if line.strip()]
        if lines[0].startswith("## "):
            out.append(f"<h2>{escape(lines[0][3:])}</h2>")
            lines = lines[1:]
        if lines and all(line.startswith("- ") for line in lines):
            out.append("<ul>" + "".join(f"<li>{escape(line[2:])}</li>" for line in lines) + "</ul>")
        elif lines:
            out.append("<p>" + "<br/>".join(escape(line) for line in lines) + "</p>")
    return "".join(out)


def stream_value(blocks):
    """The YAML block list → StreamField raw data."""
    out = []
    for block in blocks or []:
        kind, value = block["type"], block["value"]
        if kind == "heading":
            out.append(("heading", {"text": value, "level": "h2"}))
        elif kind == "subheading":
            out.append(("heading", {"text": value, "level": "h3"}))
        elif kind == "paragraph":
            out.append(("paragraph", RichText(paragraphs_html(value))))
        elif kind == "list":
            out.append(("list", list(value)))
        elif kind == "testimony":
            out.append(("testimony", {"quote": value["quote"], "author": value["author"]}))
        elif kind == "key_figure":
            out.append(
                (
                    "key_figure",
                    {
                        "figure": str(value["figure"]),
                        "label": value["label"],
                        "source": value.get("source", ""),
                    },
                )
            )
        elif kind == "evidence_scale":
            out.append(("evidence_scale", None))
        else:
            raise ValueError(f"Type de bloc inconnu dans les données de démonstration : {kind}")
    return out


def _without_ids(value):
    """Block ids are random per save: compare stream content without them."""
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def _stream_signature(stream):
    return [(child.block_type, _without_ids(child.block.get_prep_value(child.value))) for child in stream]


def ordered(rows):
    """Give inline rows an explicit order (the admin's InlinePanel does it; code must too)."""
    for position, row in enumerate(rows):
        row.sort_order = position
    return rows


def _as_date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


class DemoLoader:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.changed = 0

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    # --- pages ----------------------------------------------------------------
    def upsert_page(self, parent, model, slug, fields, stream_fields=(), clusters=None):
        """Create the page or bring it up to date; publish only when something changed."""
        page = model.objects.child_of(parent).filter(slug=slug).first()
        created = page is None
        if created:
            page = model(slug=slug)
        dirty = created
        for name, value in fields.items():
            if name in stream_fields:
                current = _stream_signature(getattr(page, name)) if not created else None
                setattr(page, name, value)
                if created or current != _stream_signature(getattr(page, name)):
                    dirty = True
                continue
            current = getattr(page, name, None)
            if hasattr(current, "pk") or (name.endswith("_id")):
                if getattr(current, "pk", current) != getattr(value, "pk", value):
                    dirty = True
            elif current != value:
                dirty = True
            setattr(page, name, value)
        for relation, (rows, key) in (clusters or {}).items():
            current = [key(obj) for obj in getattr(page, relation).all()] if not created else None
            wanted = [key(obj) for obj in rows]
            if created or current != wanted:
                setattr(page, relation, ordered(rows))
                dirty = True
        if created:
            parent.add_child(instance=page)
        if dirty:
            page.save_revision().publish()
            self.changed += 1
            self.log(f"  {'créée' if created else 'mise à jour'} : {page.title}")
        return model.objects.get(pk=page.pk)

    def home(self, data):
        root = Page.get_first_root_node()
        home = HomePage.objects.first()
        fields = {"title": data["title"], "intro": data["intro"]}
        home = (
            self.upsert_page(root, HomePage, "accueil", fields)
            if home is None
            else self.upsert_page(root, HomePage, home.slug, fields)
        )
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=data["title"]
            )
        elif site.root_page_id != home.pk or site.site_name != data["title"]:
            site.root_page = home
            site.site_name = data["title"]
            site.save()
        # Wagtail's own welcome page, left by its first migration, is not part of the site.
        Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
        return home

    # --- reference lists ------------------------------------------------------
    def evidence_scale(self):
        for item in read("evidence_scale.yaml")["levels"]:
            self._upsert_model(
                EvidenceLevel,
                {"code": str(item["code"])},
                {
                    "name": item["name"],
                    "lay_label": item["lay_label"],
                    "criteria": item["criteria"].strip(),
                    "kind": item["kind"],
                    "order": item["order"],
                },
            )

    def taxonomies(self):
        data = read("taxonomies.yaml")
        for order, item in enumerate(data["publics"], start=1):
            self._upsert_model(TargetPublic, {"slug": item["slug"]}, {"name": item["name"], "order": order})
        for item in data["conditions"]:
            self._upsert_model(Condition, {"slug": item["slug"]}, {"name": item["name"]})

    def _upsert_model(self, model, lookup, values):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            self.changed += 1
            return obj
        if any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            obj.save()
            self.changed += 1
        return obj

    # --- the whole site -------------------------------------------------------
    @transaction.atomic
    def run(self):
        site = read("site.yaml")
        self.evidence_scale()
        self.taxonomies()
        home = self.home(site["home"])
        index_data = site["practice_index"]
        practice_index = self.upsert_page(
            home,
            PracticeIndexPage,
            index_data["slug"],
            {"title": index_data["title"], "intro": paragraphs_html(index_data.get("intro"))},
        )
        teams_data = site.get(
            "support_team_index", {"slug": "equipes-d-appui", "title": "Les équipes d'appui", "intro": ""}
        )
        self.upsert_page(
            home,
            SupportTeamIndexPage,
            teams_data["slug"],
            {"title": teams_data["title"], "intro": paragraphs_html(teams_data.get("intro"))},
        )
        themes = {}
        for parcours in site["parcours"]:
            parcours_page = self.upsert_page(
                home,
                ParcoursIndexPage,
                parcours["slug"],
                {"title": parcours["title"], "kind": parcours["kind"], "intro": parcours.get("intro", "")},
            )
            for theme in parcours["themes"]:
                image = demo_image(f"Illustration : {theme['title']}", theme["slug"])
                themes[theme["slug"]] = (
                    self.upsert_page(
                        parcours_page,
                        ThemePage,
                        theme["slug"],
                        {
                            "title": theme["title"],
                            "chapo": theme["chapo"].strip(),
                            "falc_text": easy_read_html(theme.get("falc")),
                            "illustration": image,
                            "illustration_alt": theme["illustration_alt"],
                        },
                        clusters={
                            "resources": (
                                [
                                    ThemeResource(
                                        title=r["title"],
                                        url=r.get("url", ""),
                                        description=r.get("description", ""),
                                    )
                                    for r in theme.get("resources", [])
                                ],
                                lambda r: (r.title, r.url, r.description),
                            )
                        },
                    ),
                    theme,
                )
        self.primary_theme_slugs = {}
        practices = self.practices(practice_index, {slug: page for slug, (page, _) in themes.items()})
        for slug, (theme_page, theme) in themes.items():
            links = [
                ThemePracticeLink(practice=practices[p], is_primary=self.primary_theme_slugs.get(p) == slug)
                for p in theme.get("practices", [])
            ]
            self.upsert_page(
                theme_page.get_parent(),
                ThemePage,
                slug,
                {},
                clusters={"practice_links": (links, lambda link: (link.practice_id, link.is_primary))},
            )
        self.support_teams(practices)
        for standard in site.get("standard_pages", []):
            self.upsert_page(
                home,
                StandardPage,
                standard["slug"],
                {
                    "title": standard["title"],
                    "intro": standard.get("intro", ""),
                    "body": stream_value(standard.get("body")),
                },
                stream_fields=("body",),
            )
        self.news(home, site.get("news", []))
        self.condition_sheets(home, read("condition_sheets.yaml"))
        self.help_lines(home, site.get("help_lines", []))
        from practices.roles import apply_page_roles

        apply_page_roles(home)
        return home

    def news(self, home, items):
        index = self.upsert_page(
            home,
            NewsIndexPage,
            "actualites",
            {
                "title": "Actualités",
                "intro": "Les nouvelles des bonnes pratiques et des projets territoriaux de santé mentale.",
            },
        )
        regions = {r.code: r for r in Region.objects.all()}
        for item in items:
            self.upsert_page(
                index,
                NewsPage,
                item["slug"],
                {
                    "title": item["title"],
                    "date": _as_date(item["date"]),
                    "category": item["category"],
                    "region": regions.get(str(item["region"])) if item.get("region") else None,
                    "summary": item["summary"],
                    "featured": bool(item.get("featured")),
                    "body": stream_value(item.get("body")),
                },
                stream_fields=("body",),
            )

    def condition_sheets(self, home, data):
        """« Comprendre les troubles »: one plain-language sheet per condition, linked from its practices."""
        index = self.upsert_page(
            home,
            ConditionIndexPage,
            data["index"]["slug"],
            {"title": data["index"]["title"], "intro": data["index"].get("intro", "")},
        )
        conditions = {c.slug: c for c in Condition.objects.all()}
        for sheet in data["sheets"]:
            self.upsert_page(
                index,
                ConditionPage,
                sheet["slug"],
                {
                    "title": sheet["title"],
                    "condition": conditions[sheet["condition"]],
                    "summary": " ".join(sheet["summary"].split()),
                    "body": stream_value(sheet.get("body")),
                    "falc_text": easy_read_html(sheet.get("falc")),
                },
                stream_fields=("body",),
            )

    def help_lines(self, home, lines):
        from wagtail.models import Site

        site = Site.objects.get(root_page=home)
        settings = HelpSettings.for_site(site)
        wanted = [
            ("line", {k: str(line[k]) for k in ("name", "number", "tel", "hours", "description")})
            for line in lines
        ]
        current = [(b.block_type, dict(b.value)) for b in settings.lines]
        if current != wanted:
            settings.lines = wanted
            settings.save()
            self.changed += 1

    def practices(self, practice_index, themes):
        publics = {p.slug: p for p in TargetPublic.objects.all()}
        conditions = {c.slug: c for c in Condition.objects.all()}
        regions = {r.code: r for r in Region.objects.all()}
        levels = {lvl.code: lvl for lvl in EvidenceLevel.objects.all()}
        pages = {}
        for item in practice_items():
            evidence = item.get("evidence", {})
            readiness = evidence.get("readiness", {})
            video = item.get("video") or {}
            thumbnail = demo_image(f"Vignette : {item['title']}", item["slug"])
            fields = {
                "title": item["title"],
                "summary": " ".join(item["summary"].split()),
                "explanation": paragraphs_html(item["explanation"]),
                "falc_text": easy_read_html(item.get("falc")),
                "video_title": video.get("title", ""),
                "video_url": video.get("url", ""),
                "video_transcript": (video.get("transcript") or "").strip(),
                "listing_image": thumbnail,
                "listing_image_alt": item.get(
                    "thumbnail_alt", f"Illustration abstraite pour « {item['title']} »"
                ),
                "body": stream_value(item.get("body")),
                "evidence_level": levels.get(str(evidence.get("grade")))
                if evidence.get("grade") is not None
                else None,
                "evidence_justification": paragraphs_html(evidence.get("justification")),
                "has_manual": bool(readiness.get("manual")),
                "training_in_france": bool(readiness.get("training_in_france")),
                "fidelity_tool_fr": bool(readiness.get("fidelity_tool_fr")),
                "literature_searched_on": _as_date(evidence.get("literature_searched_on")),
                "assessed_on": _as_date(evidence.get("assessed_on")),
                "assessed_by": evidence.get("assessed_by", ""),
                "next_review_on": _as_date(evidence.get("next_review_on")),
            }
            outcomes = [
                PracticeOutcome(
                    outcome=o["outcome"],
                    domain=o.get("domain", ""),
                    direction=o["direction"],
                    in_words=o.get("in_words", ""),
                    certainty=o["certainty"],
                    context=o["context"],
                )
                for o in evidence.get("outcomes", [])
            ]
            publications = [
                Publication(
                    kind=p["kind"],
                    authors=p["authors"],
                    title=p["title"],
                    title_language=p.get("title_language", ""),
                    container=p.get("container", "") or "",
                    year=int(p["year"]),
                    doi=str(p.get("doi") or ""),
                    url=p.get("url", "") or "",
                    lay_summary=p.get("lay_summary", "") or "",
                )
                for p in item.get("publications", [])
            ]
            page = self.upsert_page(
                practice_index,
                PracticePage,
                item["slug"],
                fields,
                stream_fields=("body",),
                clusters={
                    "outcomes": (
                        outcomes,
                        lambda o: (o.outcome, o.domain, o.direction, o.in_words, o.certainty, o.context),
                    ),
                    "publications": (
                        publications,
                        lambda p: (
                            p.kind,
                            p.authors,
                            p.title,
                            p.title_language,
                            p.container,
                            p.year,
                            p.doi,
                            p.url,
                            p.lay_summary,
                        ),
                    ),
                },
            )
            wanted = {
                "publics": sorted(publics[s].pk for s in item.get("publics", [])),
                "conditions": sorted(conditions[s].pk for s in item.get("conditions", [])),
                "regions": sorted(regions[str(c)].pk for c in item.get("regions", [])),
            }
            tags = sorted(str(t) for t in item.get("tags", []))
            current = {name: sorted(getattr(page, name).values_list("pk", flat=True)) for name in wanted}
            current_tags = sorted(page.tags.names())
            if current != wanted or current_tags != tags:
                page.publics.set(wanted["publics"])
                page.conditions.set(wanted["conditions"])
                page.regions.set(wanted["regions"])
                page.tags.set(tags, clear=True)
                page.save_revision().publish()
                self.changed += 1
            pages[item["slug"]] = page
            self.primary_theme_slugs[item["slug"]] = item.get("primary_theme")
        return pages

    def support_teams(self, practices):
        departements = {d.code: d for d in Departement.objects.all()}
        for item in read("support_teams.yaml")["support_teams"]:
            crit = item.get("criteria", {})
            values = {
                "slug": item["slug"],
                "host_organisation": item["host_organisation"],
                "description": " ".join(str(item.get("description", "")).split()),
                "address": item.get("address", ""),
                "postcode": str(item.get("postcode", "")),
                "city": item["city"],
                "departement": departements[str(item["departement"])],
                "phone": item.get("phone", ""),
                "email": item.get("email", ""),
                "website": item.get("website", ""),
                "offers_training": "training" in item.get("offers", []),
                "offers_visits": "visits" in item.get("offers", []),
                "offers_implementation": "implementation" in item.get("offers", []),
                "technical_sheet": paragraphs_html(item.get("technical_sheet")),
                "works_in_france": bool(crit.get("works_in_france", {}).get("ok")),
                "works_in_france_evidence": crit.get("works_in_france", {}).get("evidence", ""),
                "fidelity_ok": bool(crit.get("fidelity", {}).get("ok")),
                "fidelity_evidence": crit.get("fidelity", {}).get("evidence", ""),
                "training_experience_ok": bool(crit.get("training_experience", {}).get("ok")),
                "training_experience_evidence": crit.get("training_experience", {}).get("evidence", ""),
                "project_engineering": crit.get("project_engineering", {}).get("status", "no"),
                "project_engineering_evidence": crit.get("project_engineering", {}).get("evidence", ""),
                "is_demo": bool(item.get("demo", True)),
            }
            contacts = [
                SupportTeamContact(
                    name=c["name"], role=c.get("role", ""), email=c.get("email", ""), phone=c.get("phone", "")
                )
                for c in item.get("contacts", [])
            ]
            links = [
                PracticeSupport(practice=practices[link["slug"]], start_year=int(link["start_year"]))
                for link in item.get("practices", [])
            ]
            team = SupportTeam.objects.filter(name=item["name"]).first()
            created = team is None
            if created:
                team = SupportTeam(name=item["name"])
            dirty = created or any(
                (getattr(team, k).pk if hasattr(getattr(team, k, None), "pk") else getattr(team, k))
                != (v.pk if hasattr(v, "pk") else v)
                for k, v in values.items()
            )
            current_contacts = (
                [(c.name, c.role, c.email, c.phone) for c in team.contacts.all()] if not created else None
            )
            current_links = (
                [(lk.practice_id, lk.start_year) for lk in team.practice_links.all()] if not created else None
            )
            if created or current_contacts != [(c.name, c.role, c.email, c.phone) for c in contacts]:
                team.contacts = ordered(contacts)
                dirty = True
            if created or current_links != [(lk.practice_id, lk.start_year) for lk in links]:
                team.practice_links = ordered(links)
                dirty = True
            if dirty:
                for k, v in values.items():
                    setattr(team, k, v)
                team.save()
                team.save_revision()
                self.changed += 1
