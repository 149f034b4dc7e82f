"""The office import: upload → preview listing every problem → confirm; the file is then removed."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadres.models import Cadre, ImportJob
from tests.cadres.helpers import CADRE_HEADERS, cadre_row, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, path, kind="cadres"):
    content = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(reverse("cadres:import_upload", args=[kind]), {"file": content})


def test_a_clean_file_is_previewed_then_imported_on_confirm(
    client, officer_a, agency_a_unit, tmp_path
):
    client.force_login(officer_a)
    path = write_xlsx(tmp_path / "a.xlsx", CADRE_HEADERS, [cadre_row("CB1", "Nguyễn An", "UBND-A")])
    response = upload(client, path)
    assert response.status_code == 302
    stored = ImportJob.objects.get(pk=client.session["cadres_import_cadres"]["job"]).file_name
    assert stored.startswith("imports/") and default_storage.exists(stored)
    preview = client.get(reverse("cadres:import_preview", args=["cadres"]))
    assert preview.context["result"].created == 1
    assert "Xác nhận nhập" in preview.content.decode()
    assert Cadre.objects.count() == 0
    done = client.post(
        reverse("cadres:import_preview", args=["cadres"]), {"confirm": "1"}, follow=True
    )
    assert "Đã nhập: tạo mới 1" in done.content.decode()
    assert Cadre.objects.count() == 1
    assert not default_storage.exists(stored)


def test_a_bad_file_lists_every_problem_and_offers_no_confirm(
    client, officer_a, agency_a_unit, tmp_path
):
    client.force_login(officer_a)
    path = write_xlsx(
        tmp_path / "b.xlsx",
        CADRE_HEADERS,
        [
            cadre_row("CB1", "Nguyễn An", "UBND-A", Email="x@"),
            cadre_row("CB2", "Lê Bình", "UBND-B"),
        ],
    )
    upload(client, path)
    preview = client.get(reverse("cadres:import_preview", args=["cadres"]))
    html = preview.content.decode()
    assert "Có 2 lỗi" in html and "Xác nhận nhập" not in html
    assert (
        "Địa chỉ thư điện tử không hợp lệ." in html and "Không có đơn vị nào mang mã này." in html
    )
    forced = client.post(reverse("cadres:import_preview", args=["cadres"]), {"confirm": "1"})
    assert forced.status_code == 302 and Cadre.objects.count() == 0


def test_a_wrong_file_type_is_refused_at_upload(client, officer_a, tmp_path):
    client.force_login(officer_a)
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF")
    response = upload(client, path)
    assert response.status_code == 200
    assert "Tệp phải là bảng tính Excel" in response.content.decode()


def test_cancel_removes_the_stored_file(client, officer_a, agency_a_unit, tmp_path):
    client.force_login(officer_a)
    upload(
        client, write_xlsx(tmp_path / "a.xlsx", CADRE_HEADERS, [cadre_row("CB1", "An", "UBND-A")])
    )
    stored = ImportJob.objects.get(pk=client.session["cadres_import_cadres"]["job"]).file_name
    client.post(reverse("cadres:import_preview", args=["cadres"]), {"cancel": "1"})
    assert not default_storage.exists(stored) and Cadre.objects.count() == 0


def test_templates_download_as_xlsx(client, officer_a):
    client.force_login(officer_a)
    for kind in ("cadres", "agencies"):
        response = client.get(reverse("cadres:import_template", args=[kind]))
        assert response.status_code == 200 and response.content.startswith(b"PK")
    assert client.get(reverse("cadres:import_template", args=["khac"])).status_code == 404
