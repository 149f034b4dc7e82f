from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def roots(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    return tmp_path / "media", tmp_path / "private"


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_private_files_live_apart_from_public_media_under_random_names(roots):
    media, private = roots
    names = [
        default_storage.save("documents/nghi-quyet.pdf", ContentFile(b"%PDF-1.4 private")),
        default_storage.save("external_training/2026/bang.pdf", ContentFile(b"%PDF-1.4 x")),
        default_storage.save("imports/ds.xlsx", ContentFile(b"PK")),
    ]
    assert not media.exists() or _files(media) == []
    assert sorted(_files(private)) == sorted(names)
    for name in names:
        folder, token, base = name.rsplit("/", 2)
        assert len(token) >= 16 and base in {"nghi-quyet.pdf", "bang.pdf", "ds.xlsx"}
    # The same file name twice gets two addresses nobody can guess from the first.
    again = default_storage.save("documents/nghi-quyet.pdf", ContentFile(b"%PDF-1.4 other"))
    assert again != names[0]
    storages["public"].save("images/anh.png", ContentFile(b"\x89PNG"))
    assert _files(media) == ["images/anh.png"]


def test_only_public_images_are_served_from_media(client, roots, settings):
    # The URL patterns are built once: DEBUG is off in tests, SERVE_MEDIA decides.
    from django.urls import clear_url_caches

    settings.SERVE_MEDIA = True
    clear_url_caches()
    import importlib

    import cadre_site.urls

    importlib.reload(cadre_site.urls)
    try:
        document = default_storage.save("documents/bi-mat.pdf", ContentFile(b"%PDF-1.4 private"))
        evidence = default_storage.save("external_training/2026/bang.pdf", ContentFile(b"x"))
        storages["public"].save("images/anh.png", ContentFile(b"\x89PNG"))
        assert client.get(f"/media/{document}").status_code == 404
        assert client.get(f"/media/{evidence}").status_code == 404
        assert client.get("/media/images/anh.png").status_code == 200
    finally:
        settings.SERVE_MEDIA = False
        importlib.reload(cadre_site.urls)
        clear_url_caches()


def test_files_left_in_media_by_an_older_version_are_moved_once(roots):
    media, private = roots
    for name in ("documents/cu.pdf", "external_training/2025/bang.pdf", "jobs/7.xlsx"):
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(b"old")
    (media / "images").mkdir(parents=True)
    (media / "images" / "anh.max-800x600.png").write_bytes(b"\x89PNG")
    from cadre_site.checks import check_private_files_in_media

    assert [w.id for w in check_private_files_in_media(None)] == ["cadre_site.W004"]
    call_command("move_private_files", stdout=StringIO())
    assert _files(media) == ["images/anh.max-800x600.png"]
    assert _files(private) == ["documents/cu.pdf", "external_training/2025/bang.pdf", "jobs/7.xlsx"]
    assert default_storage.open("documents/cu.pdf").read() == b"old"  # rows keep their names
    call_command("move_private_files", stdout=StringIO())  # nothing left to move
    assert check_private_files_in_media(None) == []


def test_wagtail_front_end_login_leads_to_the_site_login(client):
    response = client.get("/_util/login/?next=/khoa-hoc/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/khoa-hoc/"
