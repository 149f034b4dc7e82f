"""How a view or page says that its answer to an anonymous visitor may be stored whole
(served by curriculum.page_cache.PublicPageCacheMiddleware until the next publish).

A page that shows something besides published content names a *vary*: a function registered
here under a name, given one argument (a page id, a certificate code), returning a digest of
exactly those facts as the page shows them (read with one small query). The page computes the
digest before it renders; a stored copy is served only while the digest is the same.
"""

from collections.abc import Callable

PUBLIC_CACHE_ATTRIBUTE = "public_cache"

_varies: dict[str, Callable[[object], str]] = {}


def register_vary(name: str, function: Callable[[object], str]) -> None:
    _varies[name] = function


def vary_digest(name: str, argument) -> str:
    function = _varies.get(name)
    return "" if function is None else function(argument)


def mark_public(response, vary: tuple[str, object] | None = None, digest: str = ""):
    """Let the middleware store this response for anonymous visitors: `vary` is
    (name, argument) when the page shows more than content, `digest` its value at rendering."""
    setattr(response, PUBLIC_CACHE_ATTRIBUTE, (vary, digest))
    return response


def public_page_serve(page, request, serve, vary_name: str | None):
    """Wagtail's serve of a public page, marked for anonymous visitors."""
    anonymous = not request.user.is_authenticated
    vary = (vary_name, page.pk) if vary_name else None
    digest = vary_digest(*vary) if anonymous and vary else ""
    response = serve()
    if anonymous and not getattr(request, "is_preview", False):
        mark_public(response, vary, digest)
    return response
