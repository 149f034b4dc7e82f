"""Response headers: private pages are never stored; the Content-Security-Policy."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_signed_in_pages_are_never_stored(client, cadre_user, coordinator):
    client.force_login(coordinator)
    for url in ("/", reverse("cadres:office_home"), reverse("cadres:cadre_list")):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], url
    client.force_login(cadre_user)
    assert "no-store" in client.get("/").headers["Cache-Control"]
