from django import template

from practices.models import EvidenceLevel

register = template.Library()


@register.simple_tag
def evidence_scale_levels():
    return list(EvidenceLevel.objects.published().order_by("order", "code"))
