from django.urls import path
from wagtail import hooks

from readability import views
from readability.languages import LANGUAGES


@hooks.register("register_admin_urls")
def readability_urls() -> list:
    return [path("lisibilite/", views.measure_view, name="readability_measure")]


# Phrases in another language (« Recovery College », « Open Dialogue », a Dutch label): the editor selects them
# and presses EN, DE, NL, ES or IT; the page then says `<span lang="en">`.
@hooks.register("register_rich_text_features")
def language_features(features) -> None:  # noqa: ANN001 — Wagtail's feature registry
    from wagtail.admin.rich_text.converters.html_to_contentstate import InlineStyleElementHandler
    from wagtail.admin.rich_text.editors.draftail.features import InlineStyleFeature

    for code, name in LANGUAGES:
        feature, style = f"lang-{code}", f"LANG_{code.upper()}"
        features.register_editor_plugin(
            "draftail",
            feature,
            InlineStyleFeature(
                {
                    "type": style,
                    "label": code.upper(),
                    "description": f"Passage en {name}",
                    # the editor sees which words are marked: dotted underline, as for an abbreviation
                    "style": {"textDecoration": "underline dotted", "textUnderlineOffset": "0.2em"},
                },
            ),
        )
        features.register_converter_rule(
            "contentstate",
            feature,
            {
                "from_database_format": {f'span[lang="{code}"]': InlineStyleElementHandler(style)},
                "to_database_format": {"style_map": {style: {"element": "span", "props": {"lang": code}}}},
            },
        )
