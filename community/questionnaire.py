"""The platform's satisfaction questionnaire, built by editors with Wagtail's form builder (`wagtail.contrib.forms`).

Answers are anonymous by default: the page asks no name, address or telephone number (the demo questionnaire asks
none; the editor's help says why not to), Wagtail's `FormSubmission` keeps the answers and their date only, and
editors export them as CSV or XLSX from the admin's « Formulaires » listing. The page is never cached (its form
carries a CSRF token); answers are rate-limited per client address, a hidden field catches robots and the same
form sent twice is saved once."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.template.response import TemplateResponse
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField

from accounts import throttle
from accounts.addresses import client_address

PRIVACY_DEFAULT = (
    "Ce questionnaire est anonyme : il ne demande ni votre nom, ni votre adresse, ni votre numéro de téléphone, "
    "et n'écrivez rien qui permette de vous reconnaître. Les réponses servent seulement à améliorer le site ; "
    "l'équipe éditoriale les lit et les garde deux ans au plus."
)
ONE_DAY = 24 * 3600


TEXT_LIMIT = 3000


class QuestionnaireFormBuilder(FormBuilder):
    """Wagtail's builder, with a length limit on free text (a clear message rather than 100 KB saved)."""

    def create_multiline_field(self, field: Any, options: dict) -> forms.Field:
        options["max_length"] = TEXT_LIMIT
        return super().create_multiline_field(field, options)


class SatisfactionQuestion(AbstractFormField):
    page = ParentalKey(
        "community.SatisfactionQuestionnairePage", on_delete=models.CASCADE, related_name="form_fields"
    )

    class Meta(AbstractFormField.Meta):
        verbose_name = "question"


class SatisfactionQuestionnairePage(AbstractForm):
    intro = models.TextField("introduction", max_length=1000, blank=True)
    privacy = models.TextField(
        "ce que deviennent les réponses",
        max_length=1000,
        default=PRIVACY_DEFAULT,
        help_text="Montré au-dessus du bouton d'envoi : pourquoi ces questions, qui lit les réponses, combien de "
        "temps elles sont gardées.",
    )
    thank_you_text = models.TextField("message de remerciement", max_length=1000, blank=True)

    content_panels = AbstractForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel(
            "form_fields",
            label="question",
            heading="Questions",
            help_text="Ne demandez ni nom, ni adresse électronique, ni téléphone, ni rien sur la santé de la "
            "personne : le questionnaire reste anonyme, et le site n'a pas à garder ces données.",
        ),
        MultiFieldPanel([FieldPanel("privacy"), FieldPanel("thank_you_text")], heading="Après les questions"),
    ]
    form_builder = QuestionnaireFormBuilder
    page_cache = False  # a form with its CSRF token, and answers of one visitor
    parent_page_types = ["parcours.HomePage", "parcours.StandardPage"]
    subpage_types: list[str] = []
    template = "community/satisfaction_questionnaire_page.html"
    landing_page_template = "community/satisfaction_questionnaire_page_landing.html"
    page_description = (
        "Un questionnaire de satisfaction anonyme, dont les réponses s'exportent en CSV ou XLSX."
    )

    class Meta:
        verbose_name = "questionnaire de satisfaction"
        verbose_name_plural = "questionnaires de satisfaction"

    def get_form_class(self) -> type[forms.Form]:
        base = super().get_form_class()

        class QuestionnaireForm(base):  # type: ignore[misc, valid-type]
            site_web = forms.CharField(required=False, label="Site web", max_length=200)
            cle_envoi = forms.UUIDField(required=False, widget=forms.HiddenInput)

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                if not self.is_bound:
                    self.initial["cle_envoi"] = uuid.uuid4()

            def clean_site_web(self) -> str:
                if self.cleaned_data.get("site_web"):
                    raise forms.ValidationError("Vos réponses n'ont pas pu être envoyées.", code="honeypot")
                return ""

        return QuestionnaireForm

    def process_form_submission(self, form: forms.Form) -> Any:
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("site_web", "cle_envoi")}
        return self.get_submission_class().objects.create(form_data=data, page=self)

    def serve(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if form.is_valid():
            key = form.cleaned_data.get("cle_envoi")
            if key and not cache.add(f"community:questionnaire:{self.pk}:{key}", 1, timeout=ONE_DAY):
                return self.render_landing_page(request, None, *args, **kwargs)  # the same form sent twice
            limit = getattr(settings, "COMMUNITY_QUESTIONNAIRE_LIMIT", 10)
            if throttle.count(f"community:questionnaire:ip:{client_address(request)}", 3600) > limit:
                form.add_error(
                    None,
                    "Beaucoup de réponses viennent d'arriver depuis votre connexion. Vos réponses sont gardées "
                    "ci-dessous : réessayez dans une heure.",
                )
                if key:
                    cache.delete(f"community:questionnaire:{self.pk}:{key}")
            else:
                submission = self.process_form_submission(form)
                return self.render_landing_page(request, submission, *args, **kwargs)
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=200)
