import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def serve_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_private_uploads_are_not_served_from_media(client, serve_media, settings):
    # The URL patterns are built once: DEBUG is off in tests, SERVE_MEDIA decides.
    from django.urls import clear_url_caches

    settings.SERVE_MEDIA = True
    clear_url_caches()
    import importlib

    import cadre_site.urls

    importlib.reload(cadre_site.urls)
    try:
        default_storage.save("documents/bi-mat.pdf", ContentFile(b"%PDF-1.4 private"))
        default_storage.save("external_training/2026/bang.pdf", ContentFile(b"%PDF-1.4 x"))
        default_storage.save("images/anh.png", ContentFile(b"\x89PNG"))
        assert client.get("/media/documents/bi-mat.pdf").status_code == 404
        assert client.get("/media/external_training/2026/bang.pdf").status_code == 404
        assert client.get("/media/images/anh.png").status_code == 200
    finally:
        settings.SERVE_MEDIA = False
        importlib.reload(cadre_site.urls)
        clear_url_caches()


def test_wagtail_front_end_login_leads_to_the_site_login(client):
    response = client.get("/_util/login/?next=/khoa-hoc/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/khoa-hoc/"
