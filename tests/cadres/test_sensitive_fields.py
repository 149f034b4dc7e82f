"""Ethnicity, religion and party membership: for personnel officers in scope and coordinators only."""

import pytest
from django.urls import reverse

from cadres import exports, spreadsheets
from cadres.selectors import cadre_list
from tests.cadres.helpers import export_via_job

pytestmark = pytest.mark.django_db
SENSITIVE_VALUES = ["Khmer", "Phật giáo Hòa Hảo"]


@pytest.mark.parametrize("who", ["officer_a", "coordinator"])
def test_officers_in_scope_and_coordinators_see_sensitive_fields(request, client, who, cadre_in_a):
    client.force_login(request.getfixturevalue(who))
    html = client.get(reverse("cadres:cadre_detail", args=[cadre_in_a.pk])).content.decode()
    for value in SENSITIVE_VALUES + ["Dân tộc", "Tôn giáo", "Đảng viên"]:
        assert value in html
    export = export_via_job(client, "csv")[2].decode("utf-8-sig")
    assert "Dân tộc" in export and "Khmer" in export and "Phật giáo Hòa Hảo" in export


def test_a_cadre_does_not_see_sensitive_fields_on_their_own_record(client, cadre_user, cadre_in_a):
    cadre_in_a.user = cadre_user
    cadre_in_a.save()
    client.force_login(cadre_user)
    response = client.get(reverse("cadres:my_profile"))
    html = response.content.decode()
    assert "Nguyễn Thị Ánh" in html and "Ủy ban nhân dân phường A" in html
    for value in SENSITIVE_VALUES + ["Dân tộc", "Tôn giáo"]:
        assert value not in html


def test_exports_for_other_roles_leave_out_sensitive_columns(editor, coordinator, cadre_in_a):
    cadres = cadre_list(user=coordinator)  # the rows; the columns depend on who exports
    headers = exports.export_headers(user=editor)
    assert not set(exports.SENSITIVE_HEADERS) & set(headers)
    rows = list(exports.export_rows(user=editor, cadres=cadres))
    assert len(rows[0]) == len(headers)
    flat = spreadsheets.to_csv(headers, rows).decode("utf-8-sig")
    for value in SENSITIVE_VALUES:
        assert value not in flat


def test_user_without_office_role_cannot_download_any_export(client, editor, cadre_user):
    for user in (editor, cadre_user):
        client.force_login(user)
        for name in ("cadres:cadre_export_csv", "cadres:cadre_export_xlsx"):
            assert client.get(reverse(name)).status_code == 404
            assert client.post(reverse(name)).status_code == 404
