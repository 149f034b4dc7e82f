"""The planning register (quy hoạch): entries on a decision, removal kept as history, the
limits as warnings with their basis, the rotation warning, the pages and who may see them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from cadres import selectors, services
from cadres.models import (
    AuditEntry,
    LeadershipTitle,
    PlanningEntry,
    PlanningLimit,
    RotationForm,
)
from cadres.services import LegalBasis, RegistryError

pytestmark = pytest.mark.django_db

DECISION = LegalBasis(number="45-QĐ/ĐU", issued_on=datetime.date(2025, 10, 1), issuer="Đảng ủy")


@pytest.fixture
def title(db):
    return LeadershipTitle.objects.order_by("pk").first()


def plan(actor, cadre, agency, title, **extra):
    fields = {"term_start": 2025, "term_end": 2030, "basis": DECISION}
    fields.update(extra)
    return services.planning_add(actor=actor, cadre=cadre, agency=agency, title=title, **fields)


def test_a_removed_entry_stays_with_its_reason_and_the_cadre_can_be_planned_again(
    officer_a, cadre_in_a, agency_a, title
):
    entry = plan(officer_a, cadre_in_a, agency_a, title, reason="Nguồn tại chỗ")
    assert entry.is_active and entry.added_by == officer_a
    with pytest.raises(RegistryError) as twice:
        plan(officer_a, cadre_in_a, agency_a, title)
    assert twice.value.message == services.PLANNING_ALREADY
    with pytest.raises(RegistryError) as bare:
        services.planning_remove(actor=officer_a, entry=entry, reason="  ")
    assert bare.value.message == services.PLANNING_REMOVAL_NEEDS_REASON
    services.planning_remove(
        actor=officer_a,
        entry=entry,
        reason="Không hoàn thành nhiệm vụ năm 2026",
        removed_on=datetime.date(2026, 12, 20),
        decision_number="60-QĐ/ĐU",
    )
    with pytest.raises(RegistryError) as again:
        services.planning_remove(actor=officer_a, entry=entry, reason="x")
    assert again.value.message == services.PLANNING_ALREADY_REMOVED
    again_planned = plan(officer_a, cadre_in_a, agency_a, title)
    history = selectors.cadre_planning_history(cadre=cadre_in_a)
    assert [e.pk for e in history] == [again_planned.pk, entry.pk]
    removed = history[1]
    assert (removed.removed_on, removed.removal_number, removed.removed_by) == (
        datetime.date(2026, 12, 20),
        "60-QĐ/ĐU",
        officer_a,
    )
    assert PlanningEntry.objects.count() == 2  # never deleted
    trail = AuditEntry.objects.filter(target_type="cadres.planningentry", target_id=entry.pk)
    assert [(e.action, e.actor, e.cadre_id) for e in trail.order_by("pk")] == [
        ("created", officer_a, cadre_in_a.pk),
        ("ended", officer_a, cadre_in_a.pk),
    ]
    assert trail.order_by("pk").last().changes["removal_reason"] == [
        None,
        "Không hoàn thành nhiệm vụ năm 2026",
    ]


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"term_end": 2025}, services.PLANNING_BAD_TERM),
        ({"basis": LegalBasis(number="")}, services.PLANNING_NEEDS_DECISION),
        ({"basis": LegalBasis(number="1/QĐ")}, services.PLANNING_NEEDS_DECISION),
    ],
)
def test_an_entry_needs_a_term_and_a_decision(
    extra, message, officer_a, cadre_in_a, agency_a, title
):
    with pytest.raises(RegistryError) as refused:
        plan(officer_a, cadre_in_a, agency_a, title, **extra)
    assert refused.value.message == message
    assert not PlanningEntry.objects.exists()


def test_an_officer_cannot_plan_outside_their_agencies(officer_b, cadre_in_a, agency_a, title):
    with pytest.raises(RegistryError):
        plan(officer_b, cadre_in_a, agency_a, title)


@pytest.fixture(autouse=True)
def _english():
    # Warning texts are asserted in English; pages are asserted in Vietnamese.
    with translation.override("en"):
        yield


def test_limits_warn_with_their_basis_and_never_refuse(
    officer_a, make_cadre, agency_a, agency_a_unit, title
):
    limits = {limit.kind: limit for limit in PlanningLimit.objects.all()}
    assert limits["per_title"].value == 3 and limits["per_person"].value == 3
    assert "377-QĐ/TW" in limits["per_title"].basis
    cadres = [
        make_cadre(f"CB-P-{i}", f"Lê Văn {name}", agency_a_unit)
        for i, name in enumerate(["An", "Bình", "Chi", "Dũng"])
    ]
    entries = [plan(officer_a, c, agency_a, title) for c in cadres]  # a fourth is not refused
    titles = list(LeadershipTitle.objects.order_by("pk")[:4])
    for other in titles[1:]:
        plan(officer_a, cadres[0], agency_a, other)
    # A cadre with four years of service left when first planned.
    old = make_cadre(
        "CB-P-OLD",
        "Phạm Thị Gấm",
        agency_a_unit,
        date_of_birth=datetime.date(1967, 1, 1),
        gender="F",
    )
    old_entry = plan(officer_a, old, agency_a, titles[1])
    warnings = selectors.planning_warnings_for([*entries, old_entry])
    first = [w.text for w in warnings[entries[0].pk]]
    assert any("4 cadres are planned for this title, more than 3" in t for t in first)
    assert any("planned for 4 titles in this term, more than 3" in t for t in first)
    assert not any("titles in this term" in w.text for w in warnings[entries[1].pk])
    service = [w for w in warnings[old_entry.pk] if "service left" in w.text]
    assert service and service[0].basis == limits["service_left"].basis
    # The limits are data: raise one and its warning goes.
    PlanningLimit.objects.filter(kind="per_title").update(value=4)
    again = selectors.planning_warnings_for(entries)
    assert not any("cadres are planned" in w.text for w in again[entries[0].pk])


def test_a_rotation_warns_when_the_cadre_is_not_in_planning(
    officer_a, cadre_in_a, make_agency, agency_a, title
):
    target = make_agency("MTTQ-P", "Ủy ban MTTQ phường P", parent=agency_a, kind="uy-ban-mttq")
    rotation = services.rotation_plan_create(
        actor=officer_a,
        cadre=cadre_in_a,
        to_agency=target,
        to_position="Phó Chủ tịch",
        form=RotationForm.ROTATION,
        planned_date=datetime.date(2027, 1, 1),
        planned_end=datetime.date(2030, 6, 1),
    )
    texts = [w.text for w in selectors.rotation_warnings(plan=rotation)]
    assert any("not in planning" in t for t in texts)
    plan(officer_a, cadre_in_a, target, title)
    texts = [w.text for w in selectors.rotation_warnings(plan=rotation)]
    assert not any("not in planning" in t for t in texts)


def test_the_register_lists_planned_cadres_per_title_with_warnings(
    client, officer_a, cadre_in_a, agency_a, title
):
    entry = plan(officer_a, cadre_in_a, agency_a, title)
    client.force_login(officer_a)
    page = client.get(reverse("cadres:planning_register"))
    assert page.status_code == 200
    html = page.content.decode()
    assert cadre_in_a.full_name in html and title.name in html and "45-QĐ/ĐU" in html
    assert "377-QĐ/TW" in html  # the limits with their basis
    detail = client.get(reverse("cadres:planning_detail", args=[entry.pk]))
    assert detail.status_code == 200 and "Đưa ra khỏi quy hoạch" in detail.content.decode()


def test_an_officer_places_and_removes_through_the_pages(
    client, officer_a, cadre_in_a, agency_a, title
):
    client.force_login(officer_a)
    url = reverse("cadres:planning_create") + f"?cadre={cadre_in_a.pk}"
    response = client.post(
        url,
        {
            "agency": agency_a.pk,
            "title": title.pk,
            "term_start": 2025,
            "term_end": 2030,
            "basis_number": "45-QĐ/ĐU",
            "basis_date": "01/10/2025",
            "basis_issuer": "",
            "reason": "",
        },
    )
    entry = PlanningEntry.objects.get()
    assert response.status_code == 302
    client.post(
        reverse("cadres:planning_remove", args=[entry.pk]),
        {"removed_on": "15/12/2026", "decision_number": "", "reason": "Chuyển công tác"},
    )
    entry.refresh_from_db()
    assert entry.removed_on == datetime.date(2026, 12, 15)
    assert entry.removal_reason == "Chuyển công tác"


def test_outsiders_get_404_and_anonymous_visitors_log_in(
    client, officer_a, officer_b, cadre_in_a, agency_a, title
):
    entry = plan(officer_a, cadre_in_a, agency_a, title)
    detail = reverse("cadres:planning_detail", args=[entry.pk])
    remove = reverse("cadres:planning_remove", args=[entry.pk])
    create = reverse("cadres:planning_create") + f"?cadre={cadre_in_a.pk}"
    for url in (detail, create, reverse("cadres:planning_register")):
        assert client.get(url).status_code == 302
    client.force_login(officer_b)
    assert client.get(detail).status_code == 404
    assert client.get(create).status_code == 404
    assert client.post(remove, {"removed_on": "15/12/2026", "reason": "x"}).status_code == 404
    assert (
        cadre_in_a.full_name not in client.get(reverse("cadres:planning_register")).content.decode()
    )
    entry.refresh_from_db()
    assert entry.is_active


def test_the_register_reads_in_a_constant_number_of_queries(
    client, officer_a, make_cadre, agency_a_unit, agency_a, django_assert_max_num_queries
):
    titles = list(LeadershipTitle.objects.order_by("pk")[:3])

    def add(n, start):
        for i in range(start, start + n):
            cadre = make_cadre(f"CB-Q-{i}", f"Võ Văn {i}", agency_a_unit)
            plan(officer_a, cadre, agency_a, titles[i % 3])

    client.force_login(officer_a)
    add(3, 0)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("cadres:planning_register"))
    add(30, 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("cadres:planning_register"))
