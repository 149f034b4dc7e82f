"""Adding and editing cadres and agencies through the office pages."""

import datetime

import pytest
from django.urls import reverse

from cadres.models import Agency, AgencyKind, Cadre

pytestmark = pytest.mark.django_db


def test_an_officer_adds_a_cadre_in_their_agency(client, officer_a, agency_a_unit):
    client.force_login(officer_a)
    response = client.post(
        reverse("cadres:cadre_create"),
        {
            "personnel_code": "CB777",
            "full_name": " Huỳnh  Thị  Yến ",
            "date_of_birth": "1992-04-30",
            "agency": agency_a_unit.pk,
            "position": "Chuyên viên",
            "start_date": "2026-01-02",
            "is_party_member": "on",
            "party_joined_on": "2015-05-19",
        },
    )
    assert response.status_code == 302
    cadre = Cadre.objects.get(personnel_code="CB777")
    assert cadre.full_name == "Huỳnh Thị Yến" and cadre.folded_name == "huynh thi yen"
    assert cadre.postings.get().start_date == datetime.date(2026, 1, 2)


def test_adding_a_cadre_in_another_agency_is_not_offered(client, officer_a, agency_b_unit):
    client.force_login(officer_a)
    response = client.post(
        reverse("cadres:cadre_create"),
        {
            "personnel_code": "CB778",
            "full_name": "Lê An",
            "date_of_birth": "1990-01-01",
            "agency": agency_b_unit.pk,
            "start_date": "2026-01-02",
        },
    )
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert not Cadre.objects.filter(personnel_code="CB778").exists()


def test_a_duplicate_code_gets_a_vietnamese_message(client, officer_a, cadre_in_a, agency_a_unit):
    client.force_login(officer_a)
    response = client.post(
        reverse("cadres:cadre_create"),
        {
            "personnel_code": cadre_in_a.personnel_code,
            "full_name": "Lê An",
            "date_of_birth": "1990-01-01",
            "agency": agency_a_unit.pk,
            "start_date": "2026-01-02",
        },
    )
    assert "Đã có cán bộ khác mang mã cán bộ này." in response.content.decode()


def test_editing_a_cadre_refreshes_search_columns(client, officer_a, cadre_in_a):
    client.force_login(officer_a)
    url = reverse("cadres:cadre_edit", args=[cadre_in_a.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    data.update(full_name="Nguyễn Thị Ánh Dương", date_of_birth="1985-03-15", party_joined_on="")
    data["category"] = ""
    data["is_party_member"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    cadre_in_a.refresh_from_db()
    assert cadre_in_a.folded_name == "nguyen thi anh duong"


def test_a_party_date_without_membership_is_refused(client, officer_a, cadre_in_a):
    client.force_login(officer_a)
    url = reverse("cadres:cadre_edit", args=[cadre_in_a.pk])
    response = client.post(
        url,
        {
            "full_name": "Nguyễn Thị Ánh",
            "date_of_birth": "1985-03-15",
            "party_joined_on": "2010-01-01",
        },
    )
    assert response.status_code == 200
    assert "Có ngày vào Đảng thì phải là đảng viên." in response.content.decode()


def test_an_officer_adds_and_edits_a_unit_under_their_agency(client, officer_a, agency_a):
    client.force_login(officer_a)
    kind = AgencyKind.objects.get(code="to-dan-van")
    response = client.post(
        reverse("cadres:agency_create", args=[agency_a.pk]),
        {"code": "TDV-A-1", "name": "Tổ dân vận khu phố 1", "kind": kind.pk},
    )
    assert response.status_code == 302
    unit = Agency.objects.get(code="TDV-A-1")
    assert unit.get_parent() == agency_a
    edit_url = reverse("cadres:agency_edit", args=[unit.pk])
    page = client.get(edit_url).content.decode()
    assert reverse("cadres:agency_change", args=[unit.pk]) in page  # renames go there
    other_kind = AgencyKind.objects.get(code="uy-ban-nhan-dan")
    response = client.post(
        edit_url,
        {"name": "Tổ dân vận khu phố 1A", "kind": other_kind.pk, "valid_from": "01/01/2026"},
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    # The edit form changes what is not history; a renaming needs an event with its decision.
    assert unit.name == "Tổ dân vận khu phố 1"
    assert unit.kind == other_kind
    assert unit.valid_from == datetime.date(2026, 1, 1)
    assert not unit.former_names.exists()
