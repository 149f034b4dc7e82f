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


# Caches each process keeps for itself: with several workers every rate limit is multiplied.
_PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in _PROCESS_LOCAL_CACHES:
        return []
    return [
        Warning(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) lives in each process: with several "
            "workers, login, password-reset and certificate-check limits each count alone and "
            "allow that many times more attempts.",
            hint="Set REDIS_URL (for example redis://127.0.0.1:6379/0) so every process shares it.",
            id="cadre_site.W003",
        )
    ]


@register(Tags.security, deploy=True)
def check_private_files_in_media(app_configs, **kwargs):
    from cadres.storage import private_files_in_media

    left = private_files_in_media(settings.MEDIA_ROOT)
    if not left:
        return []
    return [
        Warning(
            f"{len(left)} private file(s) are still in MEDIA_ROOT (e.g. {left[0]}), where a web "
            "server publishing /media/ would hand them out, and the site no longer finds them.",
            hint="Run `python manage.py move_private_files` once.",
            id="cadre_site.W004",
        )
    ]
