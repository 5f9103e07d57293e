"""« Version facile à lire »: a page's own short text written to the European easy-to-read rules (FALC).

A practice or a theme mixes in `EasyReadMixin`: three fields (the text, who checked it with people concerned,
and when) and a route `facile-a-lire/` under the page, served with the page's breadcrumb, « Écouter cette page »
and the link back to the full version. The mention « Facile à lire et à comprendre » is shown only once the text
has been checked by people concerned, as the European rules ask; until then the page says it has not been.

The app knows no content app: the page cache learns the extra URL through its `urls_showing` signal.

The European easy-to-read logo belongs to Inclusion Europe, which lets it be used under its own conditions: the
site does not ship it. Once the organisation has obtained it, an editor puts it in the setting « Logo « Facile à
lire » » and it appears beside the mention, on checked texts only.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField

from readability.panels import ReadabilityPanel

SLUG = "facile-a-lire"


class EasyReadMixin(RoutablePageMixin, models.Model):
    falc_text = RichTextField(
        "version facile à lire",
        blank=True,
        features=["h2", "bold", "ul", "link"],
        help_text="Un texte court, à part, qui suit les règles européennes du « facile à lire et à comprendre » : "
        "une idée par phrase, des mots de tous les jours, des listes à puces, pas d'abréviation. "
        "Laissez vide s'il n'y en a pas : le lien « Version facile à lire » n'apparaît qu'avec un texte.",
    )
    falc_checked_by = models.CharField(
        "relue par",
        max_length=200,
        blank=True,
        help_text="Les personnes concernées qui ont relu ce texte, par exemple « Groupe de relecture du GEM de "
        "Lyon (4 personnes) ». La mention « Facile à lire et à comprendre » n'apparaît qu'une fois la relecture "
        "faite.",
    )
    falc_checked_on = models.DateField("relue le", null=True, blank=True)

    easy_read_panels = [
        FieldPanel("falc_text"),
        ReadabilityPanel("falc_text"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("falc_checked_by"), FieldPanel("falc_checked_on")])],
            heading="Relecture par des personnes concernées",
        ),
    ]

    class Meta:
        abstract = True

    @property
    def has_easy_read(self):
        return bool((self.falc_text or "").strip())

    @property
    def easy_read_checked(self):
        return bool(self.falc_checked_by.strip() and self.falc_checked_on)

    def clean(self):
        super().clean()
        errors = {}
        if self.falc_checked_on and not self.falc_checked_by.strip():
            errors["falc_checked_by"] = "Dites qui a relu la version facile à lire."
        if self.falc_checked_by.strip() and not self.falc_checked_on:
            errors["falc_checked_on"] = "Donnez la date de la relecture."
        if self.falc_checked_on and self.falc_checked_on > timezone.localdate():
            errors["falc_checked_on"] = "La date de relecture ne peut pas être dans le futur."
        if (self.falc_checked_by.strip() or self.falc_checked_on) and not self.has_easy_read:
            errors["falc_text"] = "Une relecture est indiquée, mais la version facile à lire est vide."
        if errors:
            raise ValidationError(errors)

    def easy_read_url(self):
        url = self.get_url()
        return f"{url}{SLUG}/" if url and self.has_easy_read else None

    @path(f"{SLUG}/", name="easy-read")
    def easy_read(self, request):
        from django.http import Http404

        if not self.has_easy_read:
            raise Http404("Cette page n'a pas de version facile à lire.")
        return TemplateResponse(request, "easyread/easy_read.html", {"page": self, "self": self})

    def get_sitemap_urls(self, request=None):
        urls = list(super().get_sitemap_urls(request))
        if self.has_easy_read and urls:
            urls.append({**urls[0], "location": urls[0]["location"] + f"{SLUG}/"})
        return urls


def urls_of_easy_read_version(sender, instance, **kwargs):
    """For the page cache: a page with an easy-to-read version also shows at `facile-a-lire/` under its URL."""
    if not isinstance(instance, EasyReadMixin):
        return ()
    try:
        url = instance.get_url()
    except Exception:  # noqa: BLE001 — a page outside any site (or being deleted) has no URL to purge
        return ()
    return {f"{url}{SLUG}/"} if url else ()


@register_setting(icon="doc-full")
class EasyReadSettings(BaseSiteSetting):
    logo: "models.ForeignKey[Any, Any]" = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="logo « Facile à lire »",
        help_text="Le logo européen « Facile à lire et à comprendre » appartient à Inclusion Europe, qui fixe ses "
        "conditions d'usage : ajoutez-le ici une fois obtenu auprès d'elle. Il n'apparaît qu'à côté des versions "
        "faciles à lire relues par des personnes concernées.",
    )

    panels = [FieldPanel("logo")]

    class Meta:
        verbose_name = "logo « Facile à lire »"


def purge_when_the_logo_changes(sender, instance, **kwargs):
    """The logo shows on every checked easy-to-read page, of any content app: this rare change purges them all."""
    from pagecache import core

    core.now_and_after_commit(core.purge_everything, "logo « Facile à lire »")
