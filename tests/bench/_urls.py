"""The project's URLs plus a bare view, the yardstick every page is compared with."""

from django.http import HttpResponse
from django.urls import include, path


def bare_view(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare_view),
    path("", include("cadre_site.urls")),
]
