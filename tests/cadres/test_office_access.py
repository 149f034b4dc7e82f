"""Scope: an officer of agency A never reaches agency B's cadres or agencies; anonymous → login."""

import pytest
from django.urls import reverse

from tests.cadres.helpers import export_via_job

pytestmark = pytest.mark.django_db


def cadre_urls(cadre):
    return [
        ("get", reverse("cadres:cadre_detail", args=[cadre.pk])),
        ("get", reverse("cadres:cadre_edit", args=[cadre.pk])),
        ("post", reverse("cadres:cadre_edit", args=[cadre.pk])),
        ("get", reverse("cadres:cadre_history", args=[cadre.pk])),
        ("post", reverse("cadres:cadre_history", args=[cadre.pk])),
        ("post", reverse("cadres:cadre_account_open", args=[cadre.pk])),
    ]


def agency_urls(agency):
    return [
        ("get", reverse("cadres:agency_detail", args=[agency.pk])),
        ("get", reverse("cadres:agency_edit", args=[agency.pk])),
        ("post", reverse("cadres:agency_edit", args=[agency.pk])),
        ("get", reverse("cadres:agency_create", args=[agency.pk])),
        ("post", reverse("cadres:agency_create", args=[agency.pk])),
        ("get", reverse("cadres:cadre_list") + f"?agency={agency.pk}"),
        ("get", reverse("cadres:cadre_export_csv") + f"?agency={agency.pk}"),
        ("get", reverse("cadres:cadre_export_xlsx") + f"?agency={agency.pk}"),
        ("post", reverse("cadres:cadre_export_csv") + f"?agency={agency.pk}"),
        ("post", reverse("cadres:cadre_export_xlsx") + f"?agency={agency.pk}"),
        ("post", reverse("cadres:cadre_accounts_open") + f"?agency={agency.pk}"),
    ]


OFFICE_URLS = [
    "cadres:office_home",
    "cadres:cadre_list",
    "cadres:cadre_create",
    "cadres:agency_tree",
    "cadres:cadre_export_csv",
    "cadres:cadre_export_xlsx",
]


def test_officer_of_a_gets_404_on_every_url_of_a_cadre_of_b(client, officer_a, cadre_in_b):
    client.force_login(officer_a)
    for method, url in cadre_urls(cadre_in_b):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url)


def test_officer_of_a_gets_404_on_every_url_of_agency_b(client, officer_a, agency_b, agency_b_unit):
    client.force_login(officer_a)
    for agency in (agency_b, agency_b_unit):
        for method, url in agency_urls(agency):
            response = getattr(client, method)(url)
            assert response.status_code == 404, (method, url)


def test_officer_of_a_cannot_reach_the_province_above_their_agency(client, officer_a, province):
    client.force_login(officer_a)
    assert client.get(reverse("cadres:agency_detail", args=[province.pk])).status_code == 404


def test_officer_of_a_reaches_their_own_cadres_and_agencies(
    client, officer_a, cadre_in_a, agency_a_unit
):
    client.force_login(officer_a)
    for method, url in cadre_urls(cadre_in_a)[:4] + agency_urls(agency_a_unit)[:1]:
        assert getattr(client, method)(url).status_code == 200, url


def test_list_export_and_tree_of_officer_a_leave_out_agency_b(
    client, officer_a, cadre_in_a, cadre_in_b
):
    client.force_login(officer_a)
    listing = client.get(reverse("cadres:cadre_list")).content.decode()
    assert "Nguyễn Thị Ánh" in listing and "Trần Văn Đức" not in listing
    export = export_via_job(client, "csv")[2].decode("utf-8-sig")
    assert "CB-A-001" in export and "CB-B-001" not in export
    tree = client.get(reverse("cadres:agency_tree")).content.decode()
    assert "Đảng ủy phường A" in tree and "Đảng ủy xã B" not in tree


def test_coordinator_sees_the_whole_province(client, coordinator, cadre_in_a, cadre_in_b):
    client.force_login(coordinator)
    listing = client.get(reverse("cadres:cadre_list")).content.decode()
    assert "Nguyễn Thị Ánh" in listing and "Trần Văn Đức" in listing
    url = reverse("cadres:cadre_detail", args=[cadre_in_b.pk])
    assert client.get(url).status_code == 200


def test_officer_without_an_agency_sees_nothing(client, personnel_officer, cadre_in_a):
    client.force_login(personnel_officer)
    assert "Nguyễn Thị Ánh" not in client.get(reverse("cadres:cadre_list")).content.decode()
    url = reverse("cadres:cadre_detail", args=[cadre_in_a.pk])
    assert client.get(url).status_code == 404


def test_anonymous_users_are_sent_to_login_from_every_office_url(client, cadre_in_a, agency_a):
    urls = [reverse(name) for name in OFFICE_URLS]
    urls += [url for _m, url in cadre_urls(cadre_in_a) + agency_urls(agency_a)]
    urls += [
        reverse("cadres:import_upload", args=["cadres"]),
        reverse("cadres:import_preview", args=["cadres"]),
        reverse("cadres:import_template", args=["agencies"]),
        reverse("cadres:my_profile"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("name", OFFICE_URLS)
def test_users_without_an_office_role_are_refused(client, editor, name):
    client.force_login(editor)
    assert client.get(reverse(name)).status_code == 404


def test_a_cadre_cannot_open_office_pages_of_their_own_record(client, cadre_user, cadre_in_a):
    cadre_in_a.user = cadre_user
    cadre_in_a.save()
    client.force_login(cadre_user)
    assert client.get(reverse("cadres:cadre_detail", args=[cadre_in_a.pk])).status_code == 404
    assert client.get(reverse("cadres:my_profile")).status_code == 200


def test_dashboard_counts_only_the_officers_scope(client, officer_a, cadre_in_a, cadre_in_b):
    client.force_login(officer_a)
    response = client.get(reverse("cadres:office_home"))
    assert response.status_code == 200
    counts = response.context["counts"]
    assert (counts.agencies, counts.cadres, counts.serving) == (2, 1, 1)
    assert "Đảng ủy phường A" in response.content.decode()
