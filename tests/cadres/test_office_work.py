"""The office as a new officer finds it: what waits for them, links from a cadre to their
training, confirmations before bulk or destructive work, import templates with real codes."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cadres import services
from cadres.models import Cadre, ImportJob
from cadres.roles import Role
from tests.cadres.helpers import CADRE_HEADERS, cadre_row, write_xlsx

pytestmark = pytest.mark.django_db


def test_a_cadre_page_links_to_the_training_record_and_training_elsewhere(
    client, officer_a, cadre_in_a
):
    client.force_login(officer_a)
    html = client.get(reverse("cadres:cadre_detail", args=[cadre_in_a.pk])).content.decode()
    assert reverse("training:cadre_record", args=[cadre_in_a.pk]) in html
    assert reverse("training:external_training_new", args=[cadre_in_a.pk]) in html


def test_opening_accounts_in_bulk_asks_first(client, officer_a, make_cadre, agency_a_unit):
    for number in range(3):
        make_cadre(f"CB-K-{number}", f"Lê Văn {number}", agency_a_unit)
    client.force_login(officer_a)
    url = reverse("cadres:cadre_accounts_open")
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Mở 3 tài khoản" in confirm.content.decode()
    assert not Cadre.objects.filter(user__isnull=False).exists()
    client.post(url)
    assert Cadre.objects.filter(user__isnull=False).count() == 3


def test_an_officer_gets_a_new_link_for_a_cadre_login_but_never_a_staff_one(
    client, officer_a, officer_b, cadre_in_a, make_user
):
    services.cadre_account_open(actor=officer_a, cadre=cadre_in_a)
    cadre_in_a.refresh_from_db()
    url = reverse("cadres:cadre_password_link", args=[cadre_in_a.pk])
    client.force_login(officer_b)
    assert client.post(url).status_code == 404  # another agency's officer
    client.force_login(officer_a)
    response = client.post(url)
    assert response.status_code == 200
    assert "/accounts/password/reset/key/" in response.content.decode()
    from django.contrib.auth.models import Group

    cadre_in_a.user.groups.add(Group.objects.get(name=Role.COORDINATOR.value))
    refused = client.post(url, follow=True)
    assert "chỉ chính người dùng mới đổi được mật khẩu" in refused.content.decode()


def test_the_import_template_uses_codes_that_exist_and_lists_them(
    client, officer_a, agency_a, agency_a_unit, agency_b
):
    client.force_login(officer_a)
    response = client.get(reverse("cadres:import_template", args=["cadres"]))
    workbook = load_workbook(io.BytesIO(response.content))
    data = workbook["Dữ liệu"]
    headers = [cell.value for cell in data[1]]
    example = dict(zip(headers, [cell.value for cell in data[2]], strict=True))
    assert example["Mã đơn vị"] == agency_a_unit.code  # a real code, in the officer's scope
    codes = [row[0] for row in workbook["Mã đơn vị"].iter_rows(min_row=2, values_only=True)]
    assert codes == [agency_a.code, agency_a_unit.code]  # theirs only, not agency B's
    assert "Đối tượng" in workbook.sheetnames
    # The coded positions and titles a posting may name, with the example using one of them.
    titles = [row[0] for row in workbook["Mã chức vụ"].iter_rows(min_row=2, values_only=True)]
    assert example["Mã chức vụ"] in titles and "chu-tich-mttq" in titles
    assert "chuyen-vien-dan-van" in [
        row[0] for row in workbook["Mã vị trí việc làm"].iter_rows(min_row=2, values_only=True)
    ]


def test_the_preview_names_each_row_it_changes(client, officer_a, agency_a_unit, tmp_path):
    client.force_login(officer_a)
    path = write_xlsx(
        tmp_path / "a.xlsx",
        CADRE_HEADERS,
        [cadre_row("CB1", "Nguyễn An", "UBND-A"), cadre_row("CB2", "Lê Bình", "UBND-A")],
    )
    client.post(
        reverse("cadres:import_upload", args=["cadres"]),
        {"file": SimpleUploadedFile(path.name, path.read_bytes())},
    )
    job = ImportJob.objects.get()
    html = client.get(reverse("cadres:import_job", args=[job.pk])).content.decode()
    assert "2 dòng có thay đổi" in html
    assert "Nguyễn An" in html and "Lê Bình" in html and "thêm mới" in html
