"""Assigning and ending responsible officers: one open assignment per agency and responsibility."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from cadres import services
from cadres.models import OfficerAssignment
from cadres.services import RegistryError

pytestmark = pytest.mark.django_db


def test_assign_then_end_through_the_office_pages(
    client, officer_a, agency_a_unit, cadre_in_a, responsibility
):
    client.force_login(officer_a)
    kind = responsibility()
    response = client.post(
        reverse("cadres:officer_assign", args=[agency_a_unit.pk]),
        {
            "kind": kind.pk,
            "personnel_code": "CB-A-001",
            "start_date": "2025-08-01",
            "decision_number": "15/QĐ-UBND",
        },
    )
    assert response.status_code == 302
    assignment = OfficerAssignment.objects.get()
    assert (assignment.cadre, assignment.agency, assignment.decision_number) == (
        cadre_in_a,
        agency_a_unit,
        "15/QĐ-UBND",
    )
    page = client.get(reverse("cadres:agency_detail", args=[agency_a_unit.pk])).content.decode()
    assert "Phụ trách công tác dân vận" in page and "15/QĐ-UBND" in page
    response = client.post(
        reverse("cadres:assignment_end", args=[assignment.pk]), {"end_date": "2026-03-31"}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.end_date == datetime.date(2026, 3, 31)


def test_a_second_open_assignment_is_refused_with_a_message(
    officer_a, agency_a_unit, cadre_in_a, make_cadre, responsibility
):
    kind = responsibility()
    services.officer_assign(
        actor=officer_a,
        agency=agency_a_unit,
        cadre=cadre_in_a,
        kind=kind,
        start_date=datetime.date(2025, 8, 1),
    )
    other = make_cadre("CB-A-002", "Phạm Văn Hai", agency_a_unit)
    with pytest.raises(RegistryError) as refused:
        services.officer_assign(
            actor=officer_a,
            agency=agency_a_unit,
            cadre=other,
            kind=kind,
            start_date=datetime.date(2025, 9, 1),
        )
    assert refused.value.message == services.ASSIGNMENT_KIND_FILLED
    assert OfficerAssignment.objects.count() == 1


def test_the_database_refuses_two_open_assignments_and_a_reversed_period(
    agency_a_unit, cadre_in_a, responsibility
):
    kind = responsibility()
    OfficerAssignment.objects.create(
        cadre=cadre_in_a, agency=agency_a_unit, kind=kind, start_date=datetime.date(2025, 8, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        OfficerAssignment.objects.create(
            cadre=cadre_in_a, agency=agency_a_unit, kind=kind, start_date=datetime.date(2025, 9, 1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        OfficerAssignment.objects.create(
            cadre=cadre_in_a,
            agency=agency_a_unit,
            kind=responsibility("to-truong-to-dan-van"),
            start_date=datetime.date(2025, 9, 1),
            end_date=datetime.date(2025, 8, 1),
        )


def test_a_cadre_who_left_cannot_be_assigned(officer_a, agency_a_unit, cadre_in_a, responsibility):
    services.cadre_leave(actor=officer_a, cadre=cadre_in_a, end_date=datetime.date(2025, 12, 31))
    with pytest.raises(RegistryError) as refused:
        services.officer_assign(
            actor=officer_a,
            agency=agency_a_unit,
            cadre=cadre_in_a,
            kind=responsibility(),
            start_date=datetime.date(2026, 1, 1),
        )
    assert refused.value.message == services.ASSIGNMENT_CADRE_NOT_SERVING
    assert not OfficerAssignment.objects.exists()


def test_an_unknown_or_outside_personnel_code_is_refused(
    client, officer_a, agency_a_unit, cadre_in_b, responsibility
):
    client.force_login(officer_a)
    response = client.post(
        reverse("cadres:officer_assign", args=[agency_a_unit.pk]),
        {"kind": responsibility().pk, "personnel_code": "CB-B-001", "start_date": "2025-08-01"},
    )
    assert response.status_code == 200
    assert "Không có cán bộ nào" in response.content.decode()
    assert not OfficerAssignment.objects.exists()


def test_ending_before_the_start_or_twice_is_refused(
    officer_a, agency_a_unit, cadre_in_a, responsibility
):
    assignment = services.officer_assign(
        actor=officer_a,
        agency=agency_a_unit,
        cadre=cadre_in_a,
        kind=responsibility(),
        start_date=datetime.date(2025, 8, 1),
    )
    with pytest.raises(RegistryError) as refused:
        services.officer_assignment_end(
            actor=officer_a, assignment=assignment, end_date=datetime.date(2025, 7, 1)
        )
    assert refused.value.message == services.ASSIGNMENT_ENDS_TOO_EARLY
    services.officer_assignment_end(
        actor=officer_a, assignment=assignment, end_date=datetime.date(2025, 9, 1)
    )
    with pytest.raises(RegistryError) as refused:
        services.officer_assignment_end(
            actor=officer_a, assignment=assignment, end_date=datetime.date(2025, 10, 1)
        )
    assert refused.value.message == services.ASSIGNMENT_ALREADY_ENDED
    assignment.refresh_from_db()
    assert assignment.end_date == datetime.date(2025, 9, 1)


def test_default_responsibilities_and_rules_exist_after_migrate(db):
    from cadres.models import ResponsibilityKind, StaffingRule

    assert list(ResponsibilityKind.objects.values_list("name", flat=True)) == [
        "Phụ trách công tác dân vận",
        "Phụ trách công tác Mặt trận - đoàn thể",
        "Tổ trưởng tổ dân vận",
    ]
    rules = set(StaffingRule.objects.values_list("agency_kind__code", "responsibility_kind__code"))
    assert ("dang-uy", "phu-trach-dan-van") in rules
    assert ("uy-ban-mttq", "phu-trach-mat-tran-doan-the") in rules
    assert ("to-dan-van", "to-truong-to-dan-van") in rules
