"""`ReadabilityPanel("summary")`: under a text field of the Wagtail editor, the figures and advice of
readability.measure for what the field holds, updated as the editor types (static/readability/panel.js asks
the `readability_measure` admin view). It advises; it never blocks saving or publishing."""

from __future__ import annotations

from typing import Any

from wagtail.admin.panels import Panel

from readability.measure import measure


class ReadabilityPanel(Panel):
    def __init__(self, field_name: str, **kwargs: Any) -> None:
        kwargs.setdefault("heading", "Lisibilité")
        super().__init__(**kwargs)
        self.field_name = field_name

    def clone_kwargs(self) -> dict[str, Any]:
        kwargs = super().clone_kwargs()
        kwargs["field_name"] = self.field_name
        return kwargs

    @property
    def clean_name(self) -> str:
        return super().clean_name or f"lisibilite-{self.field_name}"

    class BoundPanel(Panel.BoundPanel):
        template_name = "readability/panel.html"

        def is_shown(self) -> bool:
            return self.form is not None and self.panel.field_name in self.form.fields

        def get_context_data(self, parent_context: dict | None = None) -> dict:
            context = super().get_context_data(parent_context)
            bound = self.form[self.panel.field_name]
            value = bound.value()
            context.update(
                field_id=bound.id_for_label,
                field_label=bound.label,
                report=measure(value if isinstance(value, str) else ""),
            )
            return context

        class Media:
            js = ["readability/panel.js"]
