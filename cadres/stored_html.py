"""HTML kept in the shared cache for many requests (whole public pages, the office list's body,
a signed-in user's header): its forms' CSRF token is left out of the stored copy and each
request gets its own."""

import re

from django.middleware.csrf import get_token

_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
_CSRF_PLACEHOLDER = "\x00csrf\x00"


def without_csrf_token(html: str) -> str:
    """The HTML to store: each CSRF token replaced by a placeholder."""
    return _CSRF_INPUT.sub(lambda m: f"{m.group(1)}{_CSRF_PLACEHOLDER}{m.group(2)}", html)


def with_csrf_token(html: str, request) -> str:
    """A stored copy for this request: the placeholders filled with its own CSRF token."""
    if _CSRF_PLACEHOLDER in html:
        return html.replace(_CSRF_PLACEHOLDER, get_token(request))
    return html
