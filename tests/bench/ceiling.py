"""The ceiling every page is compared with: a whole Django project in one file.

DEBUG off; the middleware every site keeps (Security, WhiteNoise, Common, XFrameOptions); no
database, no sessions, no templates; one view answering a fixed short HTML page. Served by the
same gunicorn command as the site (`_harness.gunicorn("tests.bench.ceiling:application")`), it
is the most a Django page can do on this machine at this moment.
"""

from django.conf import settings
from django.http import HttpResponse
from django.urls import path

HTML = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Đào tạo cán bộ</title>'
    "</head><body><main><h1>Đào tạo cán bộ dân vận</h1><p>Trang tĩnh.</p></main></body></html>"
)


def page(request):
    return HttpResponse(HTML)


urlpatterns = [path("", page)]

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="ceiling-only-secret-key-ceiling-only-secret-key-ceiling",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=[],
        DATABASES={},
        STATIC_URL="/static/",
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "whitenoise.middleware.WhiteNoiseMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
        ],
    )

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
