"""Views of the site shell: health check, language switch, and the page of a database outage."""

import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.defaults import server_error as django_server_error

SUPPORTED_LANGUAGES = {code for code, _name in settings.LANGUAGES}


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


# How long a browser or a monitor is told to wait before asking again while the database is down.
RETRY_AFTER_SECONDS = 30
# Errors that mean "the database cannot be reached now" (stopped, restarting, network), as
# opposed to a fault in the code: the first are answered 503, the rest 500.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def database_unavailable(request) -> HttpResponse:
    """503 with a Retry-After: the page needs the database and it does not answer.

    Rendered without context processors (they read the database) and in the language of the
    switcher's cookie, else Vietnamese: the user's saved choice lives in the database.
    """
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in SUPPORTED_LANGUAGES:
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        body = render_to_string("503.html", {"language": language})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    add_never_cache_headers(response)  # a proxy must not keep serving the outage afterwards
    return response


def server_error(request):
    """handler500: a database outage gets its own 503 page, any other fault Django's 500.

    Django calls it from inside its exception handling, wherever the error was raised (a view, a
    middleware reading the session or the user, a template), so the exception is still at hand.
    """
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    return django_server_error(request)


@require_POST
def set_language(request):
    """Store the chosen language in a cookie, and on the user when logged in."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language not in SUPPORTED_LANGUAGES:
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )
    user = request.user
    if user.is_authenticated:
        user.language = language
        user.save(update_fields=["language"])
        # Keep Wagtail's own preference in step, so the admin follows the switcher too.
        from wagtail.users.models import UserProfile

        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])
    return response
