"""System checks for configuration mistakes an operator could make."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_site_url_host(app_configs, **kwargs):
    host = urlsplit(settings.SITE_URL).hostname or ""
    allowed = settings.ALLOWED_HOSTS
    if "*" in allowed or any(
        host == h or (h.startswith(".") and host.endswith(h)) for h in allowed
    ):
        return []
    return [
        Warning(
            f"SITE_URL's host {host!r} is not in ALLOWED_HOSTS: links in emails, PDFs and QR "
            "codes would point at a host this site refuses.",
            id="cadre_site.W001",
        )
    ]


@register()
def check_certificate_font(app_configs, **kwargs):
    try:
        import fontpkg

        fontpkg.path("Be Vietnam Pro", weight=400)
    except Exception as exc:  # any failure means PDFs would draw blank Vietnamese letters
        return [
            Warning(
                f"The Be Vietnam Pro font is not available ({exc}): Vietnamese letters in PDFs "
                "would come out blank. Install fontpkg-be-vietnam-pro.",
                id="cadre_site.W002",
            )
        ]
    return []
