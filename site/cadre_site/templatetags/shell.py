"""The page header, kept per signed-in user and address in the shared cache.

The header of a signed-in page shows the user's name, the menu their roles give and the address
(the current menu entry, the language form's way back): all of it retired with the user's other
entries (cadres.user_state) when their account or roles change, and stored per address and
language. Its forms' CSRF token is left out of the stored copy: each request gets its own. It
is read ahead with the user (cadre_site.apps registers `header_entry`), so it costs no round
trip of its own.
"""

import hashlib

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from cadres import user_state
from cadres.stored_html import with_csrf_token, without_csrf_token

register = template.Library()

HEADER_TEMPLATE = "includes/site_header.html"


def header_entry(request) -> str:
    """The user_state entry of this address's header."""
    address = request.get_full_path().encode()
    return f"header:{hashlib.md5(address, usedforsecurity=False).hexdigest()}"


@register.simple_tag(takes_context=True)
def site_header(context):
    request = context.get("request")
    user = context.get("user")
    header = context.template.engine.get_template(HEADER_TEMPLATE)
    if request is None or user is None or not user.is_authenticated:
        return header.render(context)

    def render() -> str:
        return without_csrf_token(header.render(context))

    html = user_state.user_value(user.pk, header_entry(request), render, stamp=(get_language(),))
    return mark_safe(with_csrf_token(html, request))  # noqa: S308 (rendered by our own template)
