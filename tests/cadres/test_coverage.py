"""Coverage: filled and vacant responsibilities per agency, rolled up the tree, in constant queries."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cadres import selectors
from cadres.models import OfficerAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(
    province,
    agency_a,
    agency_a_unit,
    agency_b,
    agency_b_unit,
    make_agency,
    make_cadre,
    responsibility,
):
    """Province (Tỉnh ủy) → A (Đảng ủy) → UBND-A, MTTQ-A, team; B (Đảng ủy) → UBND-B.

    Required: Tỉnh ủy, 2 Đảng ủy, 2 UBND: dân vận; MTTQ-A: Front; team: team leader = 7.
    Filled: A's dân vận, UBND-A's dân vận, the team's leader = 3.
    """
    front = make_agency("MTTQ-A", "Ủy ban MTTQ phường A", parent=agency_a, kind="uy-ban-mttq")
    team = make_agency("TDV-A", "Tổ dân vận khu phố 1", parent=agency_a, kind="to-dan-van")
    make_agency("OLD-A", "Ủy ban nhân dân cũ", parent=agency_a, valid_to=datetime.date(2025, 6, 30))
    who = make_cadre("CB-1", "Lê Văn An", agency_a_unit)
    dv, leader = responsibility(), responsibility("to-truong-to-dan-van")
    for agency, kind in [(agency_a, dv), (agency_a_unit, dv), (team, leader)]:
        OfficerAssignment.objects.create(
            cadre=who, agency=agency, kind=kind, start_date=datetime.date(2025, 7, 1)
        )
    # An ended assignment does not fill anything.
    OfficerAssignment.objects.create(
        cadre=who,
        agency=agency_b,
        kind=dv,
        start_date=datetime.date(2025, 7, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    return {"front": front, "team": team}


def rows_by_code(coverage):
    return {row.agency.code: row for row in coverage.rows}


def test_coverage_counts_and_rolls_up_the_tree(coordinator, tree):
    result = selectors.coverage(user=coordinator)
    rows = rows_by_code(result)
    assert "OLD-A" not in rows  # ended agencies need nobody
    assert (result.required, result.filled, result.vacant) == (7, 3, 4)
    assert (rows["DU-A"].required, rows["DU-A"].filled) == (1, 1)
    assert (rows["DU-A"].total_required, rows["DU-A"].total_filled) == (4, 3)
    assert (rows["DU-B"].total_required, rows["DU-B"].total_filled) == (2, 0)
    assert (rows["TU-TEST"].total_required, rows["TU-TEST"].total_filled) == (7, 3)
    assert [s.filled for s in rows["MTTQ-A"].slots] == [False]
    assert rows["UBND-A"].slots[0].holder.personnel_code == "CB-1"
    counts = {c.kind.code: (c.required, c.filled, c.vacant) for c in result.by_kind}
    assert counts == {
        "phu-trach-dan-van": (5, 2, 3),
        "phu-trach-mat-tran-doan-the": (1, 0, 1),
        "to-truong-to-dan-van": (1, 1, 0),
    }


def test_an_officer_sees_only_their_subtree_and_can_drill_down(client, officer_a, tree, agency_a):
    result = selectors.coverage(user=officer_a)
    assert set(rows_by_code(result)) == {"DU-A", "UBND-A", "MTTQ-A", "TDV-A"}
    assert (result.required, result.filled) == (4, 3)
    client.force_login(officer_a)
    response = client.get(reverse("cadres:coverage") + f"?agency={tree['team'].pk}")
    assert response.status_code == 200
    assert [r.agency.code for r in response.context["coverage"].rows] == ["TDV-A"]
    page = response.content.decode()
    assert "Tổ dân vận khu phố 1" in page and "Lê Văn An" in page


def test_vacancies_link_to_assigning(client, officer_a, tree):
    client.force_login(officer_a)
    page = client.get(reverse("cadres:coverage")).content.decode()
    assert reverse("cadres:officer_assign", args=[tree["front"].pk]) in page


def test_export_lists_every_required_responsibility(client, officer_a, tree):
    client.force_login(officer_a)
    response = client.get(reverse("cadres:coverage_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == (
        "Mã đơn vị",
        "Tên đơn vị",
        "Loại đơn vị",
        "Cấp",
        "Nhiệm vụ phụ trách",
        "Tình trạng",
    )
    status = {(r[0], r[4]): r[5] for r in rows[1:]}
    assert status == {
        ("DU-A", "Phụ trách công tác dân vận"): "Đã phân công",
        ("UBND-A", "Phụ trách công tác dân vận"): "Đã phân công",
        ("MTTQ-A", "Phụ trách công tác Mặt trận - đoàn thể"): "Còn trống",
        ("TDV-A", "Tổ trưởng tổ dân vận"): "Đã phân công",
    }


def test_an_extension_adds_labels_to_every_slot_at_once(coordinator, tree):
    seen = []

    def trained(slots):
        seen.append(len(slots))
        for slot in slots:
            if slot.filled:
                slot.labels.append(("đã bồi dưỡng", "badge-ok"))

    selectors.register_coverage_extension(trained)
    try:
        result = selectors.coverage(user=coordinator)
    finally:
        selectors.COVERAGE_EXTENSIONS.remove(trained)
    assert seen == [7]
    assert sum(1 for s in result.slots if s.labels) == 3


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_coverage_page_queries_do_not_grow_with_the_tree(
    client, coordinator, tree, make_agency, make_cadre, province, responsibility
):
    client.force_login(coordinator)
    url = reverse("cadres:coverage")
    client.get(url)
    small = count_queries(client, url)
    kind = responsibility()
    for i in range(15):
        party = make_agency(f"DU-{i}", f"Đảng ủy xã {i}", parent=province, kind="dang-uy")
        unit = make_agency(f"UBND-{i}", f"Ủy ban nhân dân xã {i}", parent=party)
        make_agency(f"MTTQ-{i}", f"Ủy ban MTTQ xã {i}", parent=party, kind="uy-ban-mttq")
        cadre = make_cadre(f"CB-X{i}", f"Lê Văn {i}", unit)
        OfficerAssignment.objects.create(
            cadre=cadre, agency=unit, kind=kind, start_date=datetime.date(2025, 7, 1)
        )
    large = count_queries(client, url)
    assert small == large
    # The registry's own reads, and training's extension (requirements, posts, completions
    # here and elsewhere, open classes): a fixed number whatever the tree.
    assert small <= 16
    assert count_queries(client, reverse("cadres:coverage_export")) <= small


def test_officers_retiring_soon_are_marked_and_exported_with_their_date(
    client, coordinator, tree, settings
):
    """Coverage reads the retirement roadmap (Decree 135/2020): the holder of three posts, a man
    born 10/1964, retires at 61 years 6 months on 30/04/2026."""
    settings.CADRES_RETIREMENT_SOON_MONTHS = 12
    from cadres.models import Cadre

    Cadre.objects.filter(personnel_code="CB-1").update(
        gender="M", date_of_birth=datetime.date(1964, 10, 15)
    )
    result = selectors.coverage(user=coordinator, today=datetime.date(2025, 12, 1))
    filled = [slot for slot in result.slots if slot.filled]
    assert {slot.retires_on for slot in filled} == {datetime.date(2026, 4, 30)}
    assert all(("nghỉ hưu ngày 30/04/2026", "badge-warn") in slot.labels for slot in filled)
    later = selectors.coverage(user=coordinator, today=datetime.date(2024, 12, 1))
    assert not any(slot.labels for slot in later.slots)
    client.force_login(coordinator)
    sheet = load_workbook(io.BytesIO(client.get(reverse("cadres:coverage_export")).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Ngày nghỉ hưu")
    dates = {r[column] for r in rows[1:] if r[5] == "Đã phân công"}
    assert {d.date() if hasattr(d, "date") else d for d in dates} == {datetime.date(2026, 4, 30)}
