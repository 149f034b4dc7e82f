from django.conf import settings
from django.urls import include, path, re_path, reverse_lazy
from django.views.generic import RedirectView
from django.views.static import serve as serve_static
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cadre_site import views


class AdminLoginRedirect(RedirectView):
    """The Wagtail admin has no login of its own: two-factor and rate limits live in allauth."""

    url = "/accounts/login/"
    query_string = True


# A database outage is answered 503 with a Vietnamese page (cadre_site.views.server_error).
handler500 = "cadre_site.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/login/", AdminLoginRedirect.as_view(), name="admin_login_redirect"),
    # Wagtail's front-end login form (for private pages) would bypass them too.
    path("_util/login/", AdminLoginRedirect.as_view(), name="wagtail_frontend_login_redirect"),
    # Wagtail's own password reset would bypass allauth's rate limits: send it there.
    re_path(
        r"^admin/password_reset/",
        RedirectView.as_view(url=reverse_lazy("account_reset_password")),
        name="admin_password_reset_redirect",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("cadres.urls")),
    path("", include("curriculum.urls")),
    path("", include("training.urls")),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    # Only image renditions are public. Documents, original images, evidence files, imports and
    # job files live under PRIVATE_ROOT and reach users only through views that check who asks.
    urlpatterns += [
        re_path(
            r"^media/(?P<path>images/[^/]+)$",
            serve_static,
            {"document_root": settings.MEDIA_ROOT},
        ),
    ]

urlpatterns += [
    # Wagtail's page serving catches everything else: keep it last.
    path("", include(wagtail_urls)),
]
