"""Site-wide request handling: the interface language and the two-factor rule for staff."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

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


# Public images and static assets: the same bytes for everyone, cached as usual.
_SHARED_PREFIXES = ("/static/", "/media/")


class PrivateResponseMiddleware:
    """`Cache-Control: no-store` on every page of a signed-in user and on every file handed
    out (PDFs, exports, evidence, documents): a shared computer's browser or a proxy must not
    keep a copy of someone's record."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(_SHARED_PREFIXES):
            return response
        user = getattr(request, "user", None)
        is_file = response.has_header("Content-Disposition") or response.get(
            "Content-Type", ""
        ).startswith("application/pdf")
        if is_file or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response


def _policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class ContentSecurityPolicyMiddleware:
    """One Content-Security-Policy header for the site, a looser one for Wagtail's admin.

    The site's pages allow only its own scripts and styles, nothing inline and no nonces (a
    nonce cannot live in a page cached whole). Wagtail 8's admin still writes inline scripts
    (date pickers, inline panels) and style attributes, so under /admin/ those are allowed
    too; everything else stays as strict (settings.CSP_DIRECTIVES, CSP_ADMIN_DIRECTIVES).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.site = _policy(settings.CSP_DIRECTIVES)
        self.admin = _policy({**settings.CSP_DIRECTIVES, **settings.CSP_ADMIN_DIRECTIVES})
        self.admin_prefix = settings.CSP_ADMIN_PREFIX

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(self.admin_prefix)
            response["Content-Security-Policy"] = self.admin if admin else self.site
        return response


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
