"""The demo's real places: An Giang's 102 units from the package, a replayed 2025 merger with
cadres posted before it, officers with some vacancies, and rotation plans in every state."""

import datetime
import io

import pytest

from cadres import places
from cadres.demo import seed_registry
from cadres.models import (
    Agency,
    AgencyEvent,
    Cadre,
    OfficerAssignment,
    Posting,
    RotationPlan,
    RotationStatus,
)

pytestmark = pytest.mark.django_db


def test_the_package_gives_the_new_an_giang_and_the_old_to_new_mapping():
    units = places.province_units()
    assert len(units) == 102
    assert {u.unit_type for u in units} == {"Phường", "Xã", "Đặc khu"}
    assert all(len(u.code) == 5 for u in units)
    old = places.predecessors("phuongvinhthong")
    assert [(u.name, u.district) for u in old] == [
        ("Vĩnh Thông", "Thành phố Rạch Giá"),
        ("Phi Thông", "Thành phố Rạch Giá"),
        ("Mỹ Lâm", "Huyện Hòn Đất"),
    ]


def test_demo_builds_real_communes_and_replays_a_merger(personnel_officer):
    seed_registry(io.StringIO())
    communes = Agency.objects.filter(kind__code="dang-uy", valid_from=datetime.date(2025, 7, 1))
    assert communes.count() == 102
    # The registry's own ten are reused, with their real codes.
    rach_gia = Agency.objects.get(code="DU-RACHGIA")
    assert (rach_gia.admin_code, rach_gia.admin_code_list) == ("30742", "QĐ 19/2025/QĐ-TTg")
    assert Agency.objects.filter(code__startswith="DU-RACHGIA").count() == 1

    target = Agency.objects.get(code="UBND-VINHTHONG")
    old = Agency.objects.get(code="UBND-OLD-30763")  # the people's committee of xã Phi Thông
    assert old.name == "Ủy ban nhân dân xã Phi Thông" and old.valid_to == datetime.date(2025, 6, 30)
    assert AgencyEvent.objects.filter(kind="merge").count() == 3
    assert AgencyEvent.objects.filter(kind="dissolve").count() == 2  # the two old districts
    # District Party committees were ended by the provincial standing committee, not by a
    # National Assembly resolution; the Party committees of the merged communes likewise.
    for event in AgencyEvent.objects.filter(kind="dissolve"):
        assert event.basis_issuer.startswith("Ban Thường vụ Tỉnh ủy")
        assert "-QĐ/TU" in event.basis_number and "72/2025/QH15" in event.note
    party_merger = AgencyEvent.objects.get(kind="merge", links__agency__code="DU-VINHTHONG")
    assert party_merger.basis_issuer.startswith("Ban Thường vụ Tỉnh ủy")
    # Below a xã: ấp; below a phường: khu phố. Each commune has its Ban Xây dựng Đảng.
    assert Agency.objects.get(code="TDV-TANHIEP-01").name == "Tổ dân vận ấp 1, xã Tân Hiệp"
    assert Agency.objects.get(code="TDV-RACHGIA-01").name.startswith("Tổ dân vận khu phố 1,")
    assert not Agency.objects.filter(name__startswith="Tổ dân vận khu phố", name__contains="xã ")
    bxdd = Agency.objects.get(code="BXDD-RACHGIA")
    assert (bxdd.kind.name, bxdd.get_parent().code) == ("Ban Xây dựng Đảng", "DU-RACHGIA")
    # Cadres posted there before: the past posting names the old commune, the current one the new.
    moved = Cadre.objects.filter(postings__agency=old).distinct()
    assert moved.count() == 3
    for cadre in moved:
        past = cadre.postings.get(agency=old)
        assert past.end_date == datetime.date(2025, 6, 30)
        now = cadre.postings.get(end_date__isnull=True)
        assert (now.agency, now.start_date) == (target, datetime.date(2025, 7, 1))
        assert cadre.agency == target

    open_assignments = OfficerAssignment.objects.filter(end_date__isnull=True)
    assert open_assignments.filter(agency__code__startswith="DU-RACHGIA").exists()
    assert set(RotationPlan.objects.values_list("status", flat=True)) == set(RotationStatus.values)
    assert (
        RotationPlan.objects.filter(status="executed", executed_posting__isnull=False).count() == 2
    )

    counts = (
        Agency.objects.count(),
        Posting.objects.count(),
        OfficerAssignment.objects.count(),
        RotationPlan.objects.count(),
        AgencyEvent.objects.count(),
    )
    seed_registry(io.StringIO())
    assert (
        Agency.objects.count(),
        Posting.objects.count(),
        OfficerAssignment.objects.count(),
        RotationPlan.objects.count(),
        AgencyEvent.objects.count(),
    ) == counts
