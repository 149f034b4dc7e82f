"""Coverage that knows who is trained: each of the four states on a hand-made tree, expiry by
validity, the one action that nominates, outsiders, and queries constant from 10 to 3,000+
agencies."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cadres import selectors as cadre_selectors
from cadres.models import Agency, AgencyKind, OfficerAssignment, ResponsibilityKind
from curriculum.choices import ContentKind
from training import capacity
from training.models import Enrolment, EnrolmentStatus, TrainingRequirement

pytestmark = pytest.mark.django_db


def years_ago(today, years, days=0):
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def complete(cadre, offering, on: datetime.date, hours=16):
    moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10)))
    return Enrolment.objects.create(
        offering=offering,
        cadre=cadre,
        status=EnrolmentStatus.COMPLETED,
        completed_at=moment,
        hours_credited=hours,
    )


def assign(cadre, agency):
    OfficerAssignment.objects.create(
        cadre=cadre,
        agency=agency,
        kind=ResponsibilityKind.objects.get(code="phu-trach-dan-van"),
        start_date=datetime.date(2025, 7, 1),
    )


@pytest.fixture
def requirement(course):
    return TrainingRequirement.objects.create(
        name="Bồi dưỡng kỹ năng dân vận cơ sở",
        course=course,
        responsibility_kind=ResponsibilityKind.objects.get(code="phu-trach-dan-van"),
        validity_years=2,
        basis="Nghị định 171/2025/NĐ-CP (ví dụ)",
        is_example=True,
    )


@pytest.fixture
def four_states(
    requirement, make_offering, lessons, make_cadre, province, agency_a, agency_a_unit, agency_b
):
    """Province: trained (1 year ago); A: untrained; UBND-A: expired (3 years ago); B: vacant.
    A class of the course is open for nomination."""
    today = timezone.localdate()
    past = make_offering(
        "LOP-CU",
        start_date=years_ago(today, 4),
        end_date=years_ago(today, 4) + datetime.timedelta(days=10),
        enrol_opens=years_ago(today, 4, 20),
        enrol_closes=years_ago(today, 4, 1),
    )
    trained = make_cadre("CB-T", "Trần Văn Đạt", province)
    untrained = make_cadre("CB-U", "Lê Thị Chưa", agency_a)
    expired = make_cadre("CB-E", "Phạm Văn Hết", agency_a_unit)
    complete(trained, past, years_ago(today, 1, days=10))
    complete(expired, past, years_ago(today, 3))
    for cadre, agency in [(trained, province), (untrained, agency_a), (expired, agency_a_unit)]:
        assign(cadre, agency)
    upcoming = make_offering("LOP-MOI")
    return {"trained": trained, "untrained": untrained, "expired": expired, "class": upcoming}


def slot_of(result, code):
    row = next(r for r in result.rows if r.agency.code == code)
    (slot,) = row.slots
    return row, slot


def test_coverage_shows_each_of_the_four_states_and_rolls_them_up(coordinator, four_states):
    result = cadre_selectors.coverage(user=coordinator)
    province_row, top = slot_of(result, "TU-TEST")
    _row, party_a = slot_of(result, "DU-A")
    _row, unit_a = slot_of(result, "UBND-A")
    _row, party_b = slot_of(result, "DU-B")
    assert (top.training, party_a.training, unit_a.training) == ("trained", "untrained", "expired")
    assert not party_b.filled and party_b.training == ""
    assert party_a.gaps == [("Bồi dưỡng kỹ năng dân vận cơ sở", capacity.MISSING)]
    assert unit_a.gaps == [("Bồi dưỡng kỹ năng dân vận cơ sở", capacity.EXPIRED)]
    assert top.gaps == [] and top.actions == []
    # The province's totals count every agency under it.
    assert (
        province_row.total_trained,
        province_row.total_untrained,
        province_row.total_expired,
        province_row.total_vacant,
    ) == (1, 1, 1, 1)
    assert (result.trained, result.untrained, result.expired, result.vacant) == (1, 1, 1, 1)
    # The action for a gap names the next class open for nomination.
    (action,) = party_a.actions
    assert "LOP-MOI" in action.label
    assert action.fields == {
        "cadre": four_states["untrained"].pk,
        "requirement": TrainingRequirement.objects.get().pk,
    }


def test_validity_decides_expiry_and_an_empty_validity_counts_for_good(coordinator, four_states):
    TrainingRequirement.objects.update(validity_years=None)
    result = cadre_selectors.coverage(user=coordinator)
    assert slot_of(result, "UBND-A")[1].training == "trained"
    TrainingRequirement.objects.update(validity_years=4)
    assert slot_of(cadre_selectors.coverage(user=coordinator), "UBND-A")[1].training == "trained"
    TrainingRequirement.objects.update(validity_years=1)  # the one-year-old completion lapses too
    result = cadre_selectors.coverage(user=coordinator)
    assert slot_of(result, "TU-TEST")[1].training == "expired"


def test_periods_of_a_content_kind_count_here_and_elsewhere_within_their_validity():
    today = datetime.date(2026, 12, 5)
    need = TrainingRequirement(
        name="Lý luận chính trị 40 tiết",
        content_kind=ContentKind.POLITICAL_THEORY,
        periods=40,
        validity_years=5,
    )
    old = capacity.Completion(
        on=datetime.date(2019, 5, 1), content_kind="political_theory", hours=30, title="Cũ"
    )
    recent = capacity.Completion(
        on=datetime.date(2024, 5, 1),
        content_kind="political_theory",
        hours=24,
        title="Nơi khác",
        external=True,
    )
    other_kind = capacity.Completion(
        on=datetime.date(2025, 5, 1), content_kind="digital", hours=40, title="Số"
    )
    assert capacity.check(need, [], today).state == capacity.MISSING
    assert capacity.check(need, [recent, other_kind], today).state == capacity.MISSING
    checked = capacity.check(need, [old, recent], today)
    assert (checked.state, checked.hours) == (capacity.EXPIRED, 24)
    more = capacity.Completion(
        on=datetime.date(2025, 9, 1), content_kind="political_theory", hours=16, title="Lớp"
    )
    checked = capacity.check(need, [old, recent, more], today)
    assert (checked.state, checked.hours) == (capacity.MET, 40)
    # It stays met until the oldest completion it needs stops counting: 01/05/2029.
    assert checked.valid_until == datetime.date(2029, 5, 1)


def test_one_action_nominates_an_untrained_officer_to_the_next_open_class(
    client, officer_a, four_states
):
    client.force_login(officer_a)
    untrained = four_states["untrained"]
    page = client.get(reverse("cadres:coverage"))
    assert "LOP-MOI" in page.content.decode()
    response = client.post(
        reverse("training:requirement_nominate"),
        {
            "cadre": untrained.pk,
            "requirement": TrainingRequirement.objects.get().pk,
            "next": reverse("cadres:coverage"),
        },
    )
    assert response.status_code == 302 and response.url == reverse("cadres:coverage")
    enrolment = Enrolment.objects.get(cadre=untrained, offering=four_states["class"])
    assert enrolment.status == EnrolmentStatus.APPROVED
    assert enrolment.nominated_by == officer_a


def test_outsiders_cannot_nominate(client, officer_b, leader, four_states):
    data = {
        "cadre": four_states["untrained"].pk,
        "requirement": TrainingRequirement.objects.get().pk,
    }
    url = reverse("training:requirement_nominate")
    response = client.post(url, data)
    assert response.status_code == 302 and "login" in response.url
    client.force_login(officer_b)  # another commune's officer
    assert client.post(url, data).status_code == 404
    client.force_login(leader)  # reads only
    assert client.post(url, data).status_code == 404
    assert not Enrolment.objects.filter(offering=four_states["class"]).exists()


def _bulk_communes(parent: Agency, count: int) -> None:
    """Party committees under `parent`, written in bulk (the tree's paths computed here)."""
    kind = AgencyKind.objects.get(code="dang-uy")
    parent = Agency.objects.get(pk=parent.pk)
    start = parent.numchild
    Agency.objects.bulk_create(
        [
            Agency(
                code=f"BULK-{start + i}",
                name=f"Đảng ủy xã {start + i}",
                kind=kind,
                path=Agency._get_path(parent.path, parent.depth + 1, start + i + 1),
                depth=parent.depth + 1,
                numchild=0,
            )
            for i in range(count)
        ],
        batch_size=500,
    )
    Agency.objects.filter(pk=parent.pk).update(numchild=start + count)


def coverage_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("cadres:coverage"))
    assert response.status_code == 200
    return len(context.captured_queries), len(response.content)


def test_coverage_queries_stay_constant_from_ten_to_three_thousand_agencies(
    client, coordinator, four_states, province, make_cadre
):
    client.force_login(coordinator)
    _bulk_communes(province, 6)  # 10 agencies in all
    assert Agency.objects.count() == 10
    client.get(reverse("cadres:coverage"))
    small, _size = coverage_queries(client)
    _bulk_communes(province, 3000)
    # Officers in some of them, with training here and elsewhere, so every state is there.
    for number, agency in enumerate(Agency.objects.filter(code__startswith="BULK-")[:60]):
        cadre = make_cadre(f"CB-B{number}", f"Cán bộ {number}", agency)
        assign(cadre, agency)
        if number % 3 == 0:
            complete(cadre, four_states["class"], timezone.localdate())
    client.get(reverse("cadres:coverage"))  # the writes retired the roles kept in the cache
    large, size = coverage_queries(client)
    assert small == large
    assert size < 300_000  # a page of agencies, not the province


def test_the_coverage_export_says_who_is_trained_and_what_is_missing(
    client, coordinator, four_states
):
    import io

    from openpyxl import load_workbook

    client.force_login(coordinator)
    sheet = load_workbook(io.BytesIO(client.get(reverse("cadres:coverage_export")).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    headers = rows[0]
    assert headers[-2:] == ("Bồi dưỡng", "Yêu cầu chưa đạt")
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["TU-TEST"][-2:] == ("Đã bồi dưỡng", None)
    assert by_code["DU-A"][-2:] == (
        "Chưa bồi dưỡng",
        "Bồi dưỡng kỹ năng dân vận cơ sở (còn thiếu)",
    )
    assert by_code["UBND-A"][-2] == "Bồi dưỡng hết hạn"


def test_an_officer_already_in_a_class_of_the_gap_is_not_offered_another(coordinator, four_states):
    from training import services

    services.enrolment_nominate(
        actor=coordinator, offering=four_states["class"], cadres=[four_states["untrained"]]
    )
    result = cadre_selectors.coverage(user=coordinator)
    _row, party_a = slot_of(result, "DU-A")
    assert party_a.training == "untrained"  # not trained until the class is completed
    assert party_a.actions == []
    assert ("đã có trong lớp LOP-MOI", "badge") in party_a.labels
