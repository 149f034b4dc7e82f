"""Site-wide request handling: the interface language and the two-factor rule for staff."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from cadres.access import can_edit_content
from cadres.roles import is_staff_member

SUPPORTED_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def chosen_language(request) -> str:
    """The user's saved choice, else the switcher's cookie, else Vietnamese.

    The browser's Accept-Language is ignored on purpose: officials' machines often run an
    English browser, and the site must still open in Vietnamese.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in SUPPORTED_LANGUAGES:
        return user.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in SUPPORTED_LANGUAGES:
        return cookie
    return settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


MFA_OK_SESSION_KEY = "cadre_site_mfa_ok"
# Paths a staff member without two-factor may still reach: the account pages (to set it up or
# log out), static assets and the health check.
_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/media/", "/healthz", "/i18n/")


class StaffTwoFactorMiddleware:
    """Sends staff who have not set up TOTP to do so (allauth has no "required" switch)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.REQUIRE_STAFF_MFA and self._must_set_up(request):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.get_full_path()}")
        return self.get_response(request)

    def _must_set_up(self, request) -> bool:
        if request.path.startswith(_EXEMPT_PREFIXES):
            return False
        user = request.user
        if not is_staff_member(user) or request.session.get(MFA_OK_SESSION_KEY):
            return False
        from allauth.mfa.models import Authenticator

        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            request.session[MFA_OK_SESSION_KEY] = True
            return False
        return True


# Wagtail's generic choosers and its admin API list every page, document and image; only those
# who write content use them. Coordinators reach the admin for their own forms (issuing bodies,
# grading schemes), which need none.
CHOOSER_PREFIXES = (
    "/admin/api/",
    "/admin/choose-",
    "/admin/tag-autocomplete/",
    "/admin/images/chooser/",
    "/admin/documents/chooser/",
    "/admin/snippets/choose/",
    "/admin/embeds/chooser/",
    "/admin/workflows/task_chooser/",
)


class AdminChooserMiddleware:
    """404 on Wagtail's choosers and admin API for staff who do not edit content."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.path.startswith(CHOOSER_PREFIXES)
            and user is not None
            and user.is_authenticated
            and not can_edit_content(user)
        ):
            raise Http404
        return self.get_response(request)
