from django import template

register = template.Library()


@register.simple_tag
def breadcrumb_for(page):
    """The pages above `page` in the reader's path (home first), without the tree root."""
    if page is None or page.depth <= 2:
        return []
    getter = getattr(page, "get_breadcrumb", None)
    if getter is not None:
        return getter()
    return list(page.get_ancestors().filter(depth__gt=1))
