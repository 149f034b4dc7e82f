"""Every page of agency history, responsible officers, coverage and rotation plans: an officer of
another agency gets 404, anonymous users go to the login page."""

import datetime

import pytest
from django.urls import reverse

from cadres import services
from cadres.models import OfficerAssignment, RotationForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def b_objects(officer_b, agency_b, agency_b_unit, cadre_in_b, make_agency, responsibility):
    """Agency B's assignment and rotation plan, as officer B made them."""
    target = make_agency("MTTQ-B", "Ủy ban MTTQ xã B", parent=agency_b, kind="uy-ban-mttq")
    assignment = OfficerAssignment.objects.create(
        cadre=cadre_in_b,
        agency=agency_b_unit,
        kind=responsibility(),
        start_date=datetime.date(2025, 7, 1),
    )
    plan = services.rotation_plan_create(
        actor=officer_b,
        cadre=cadre_in_b,
        to_agency=target,
        to_position="Chuyên viên",
        form=RotationForm.REASSIGNMENT,
        planned_date=datetime.date(2026, 6, 1),
    )
    return {"agency": agency_b_unit, "assignment": assignment, "plan": plan, "cadre": cadre_in_b}


def object_urls(objs):
    agency, plan = objs["agency"], objs["plan"]
    return [
        ("get", reverse("cadres:agency_change", args=[agency.pk])),
        ("post", reverse("cadres:agency_change", args=[agency.pk])),
        ("get", reverse("cadres:officer_assign", args=[agency.pk])),
        ("post", reverse("cadres:officer_assign", args=[agency.pk])),
        ("get", reverse("cadres:assignment_end", args=[objs["assignment"].pk])),
        ("post", reverse("cadres:assignment_end", args=[objs["assignment"].pk])),
        ("get", reverse("cadres:coverage") + f"?agency={agency.pk}"),
        ("get", reverse("cadres:coverage_export") + f"?agency={agency.pk}"),
        ("get", reverse("cadres:rotation_create") + f"?cadre={objs['cadre'].pk}"),
        ("post", reverse("cadres:rotation_create") + f"?cadre={objs['cadre'].pk}"),
        ("get", reverse("cadres:rotation_detail", args=[plan.pk])),
        ("post", reverse("cadres:rotation_action", args=[plan.pk, "approve"])),
        ("post", reverse("cadres:rotation_action", args=[plan.pk, "execute"])),
        ("post", reverse("cadres:rotation_action", args=[plan.pk, "cancel"])),
    ]


def test_officer_of_a_gets_404_on_every_new_url_of_b(client, officer_a, b_objects):
    client.force_login(officer_a)
    for method, url in object_urls(b_objects):
        assert getattr(client, method)(url).status_code == 404, (method, url)
    plan = b_objects["plan"]
    plan.refresh_from_db()
    assert plan.status == "proposed"


def test_lists_of_officer_a_leave_out_b(client, officer_a, b_objects):
    client.force_login(officer_a)
    rotations = client.get(reverse("cadres:rotation_list")).content.decode()
    assert "Trần Văn Đức" not in rotations
    coverage = client.get(reverse("cadres:coverage")).content.decode()
    assert "Ủy ban nhân dân xã B" not in coverage


def test_officer_of_b_reaches_them(client, officer_b, b_objects):
    client.force_login(officer_b)
    for method, url in object_urls(b_objects):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_anonymous_users_are_sent_to_login(client, b_objects):
    urls = [url for _m, url in object_urls(b_objects)]
    urls += [reverse("cadres:coverage"), reverse("cadres:rotation_list")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize(
    "name", ["cadres:coverage", "cadres:coverage_export", "cadres:rotation_list"]
)
def test_users_without_an_office_role_are_refused(client, editor, name):
    client.force_login(editor)
    assert client.get(reverse(name)).status_code == 404


def test_an_unknown_rotation_action_is_404(client, officer_b, b_objects):
    client.force_login(officer_b)
    url = reverse("cadres:rotation_action", args=[b_objects["plan"].pk, "delete"])
    assert client.post(url).status_code == 404
