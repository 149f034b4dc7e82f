"""Template helpers of the curriculum pages."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key], or None: for per-block data such as a visitor's quiz results."""
    if not mapping:
        return None
    return mapping.get(key)
