"""Merging agencies ends them, moves the present to the successor and leaves the past alone."""

import datetime

import pytest
from django.urls import reverse

from cadres import services
from cadres.models import (
    Agency,
    AgencyEvent,
    AgencyEventKind,
    Cadre,
    OfficerAssignment,
    Posting,
)
from cadres.services import NewAgency, RegistryError
from tests.cadres.conftest import EVENT_DAY, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes(make_agency, agency_a):
    """Two communes' people's committees under agency A, each with a cadre, and a unit."""
    one = make_agency(
        "UBND-X1", "Ủy ban nhân dân xã Một", parent=agency_a, valid_from=datetime.date(2010, 1, 1)
    )
    two = make_agency("UBND-X2", "Ủy ban nhân dân xã Hai", parent=agency_a)
    team = make_agency("TDV-X1", "Tổ dân vận ấp 1", parent=one, kind="to-dan-van")
    return one, two, team


def test_merge_into_a_new_agency_keeps_the_past_and_moves_the_present(
    coordinator, communes, make_cadre, old_posting, agency_a, basis, responsibility
):
    one, two, team = communes
    serving = make_cadre("CB-1", "Lê Văn An", one)
    past = old_posting("CB-2", "Trần Thị Bình", one, two)  # left "one" before the merger
    officer = OfficerAssignment.objects.create(
        cadre=serving, agency=one, kind=responsibility(), start_date=datetime.date(2025, 7, 1)
    )

    result = services.agency_merge(
        actor=coordinator,
        sources=[one, two],
        new_target=NewAgency(
            parent=agency_a,
            code="UBND-X12",
            name="Ủy ban nhân dân xã Một Hai",
            kind=one.kind,
            admin_code="30001",
        ),
        effective_date=EVENT_DAY,
        basis=basis,
    )

    new = Agency.objects.get(code="UBND-X12")
    assert result.created == [new] and new.valid_from == EVENT_DAY
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.valid_to == two.valid_to == datetime.date(2025, 12, 31)  # ended, not deleted
    # The closed posting still names the old commune.
    assert past.postings.get(end_date=datetime.date(2025, 6, 30)).agency == one
    # The open postings ended the day before and reopened at the new commune.
    old_open = serving.postings.get(agency=one)
    assert old_open.end_date == datetime.date(2025, 12, 31)
    now = serving.postings.get(end_date__isnull=True)
    assert (now.agency, now.start_date, now.position) == (new, EVENT_DAY, old_open.position)
    assert Cadre.objects.get(pk=serving.pk).agency == new
    assert Cadre.objects.get(pk=past.pk).agency == new
    # The officer's responsibility follows; the old assignment is kept, ended.
    officer.refresh_from_db()
    assert officer.end_date == datetime.date(2025, 12, 31) and officer.agency == one
    assert OfficerAssignment.objects.get(end_date__isnull=True).agency == new
    # Current units go to the successor; the event records both sides and its decision.
    team.refresh_from_db()
    assert team.get_parent() == new
    event = AgencyEvent.objects.get()
    assert event.kind == AgencyEventKind.MERGE and event.basis_number == basis.number
    assert {a.code for a in event.agencies_in("source")} == {"UBND-X1", "UBND-X2"}
    assert [a.code for a in event.agencies_in("target")] == ["UBND-X12"]
    assert Posting.objects.count() == 5  # 3 before + 2 reopened, none deleted


def test_merge_into_an_existing_agency_keeps_its_own_officer(
    coordinator, communes, make_cadre, basis, responsibility
):
    one, two, _team = communes
    a, b = make_cadre("CB-1", "Lê Văn An", one), make_cadre("CB-2", "Lê Văn Ba", two)
    kind = responsibility()
    OfficerAssignment.objects.create(
        cadre=a, agency=one, kind=kind, start_date=datetime.date(2025, 7, 1)
    )
    keeps = OfficerAssignment.objects.create(
        cadre=b, agency=two, kind=kind, start_date=datetime.date(2025, 7, 1)
    )

    result = services.agency_merge(
        actor=coordinator, sources=[one], target=two, effective_date=EVENT_DAY, basis=basis
    )

    assert result.moved_postings == 1 and result.moved_assignments == 0
    assert [x.cadre for x in result.ended_assignments] == [a]
    assert OfficerAssignment.objects.get(end_date__isnull=True) == keeps
    two.refresh_from_db()
    assert two.valid_to is None


def test_the_old_agencys_page_shows_the_event_and_what_it_is_now_part_of(
    client, coordinator, communes, basis
):
    one, two, _team = communes
    services.agency_merge(
        actor=coordinator, sources=[one], target=two, effective_date=EVENT_DAY, basis=basis
    )
    client.force_login(coordinator)
    page = client.get(reverse("cadres:agency_detail", args=[one.pk])).content.decode()
    assert "Nay thuộc:" in page and "Ủy ban nhân dân xã Hai" in page
    assert "1234/NQ-UBTVQH15" in page and "Sáp nhập" in page
    successor = client.get(reverse("cadres:agency_detail", args=[two.pk])).content.decode()
    assert "Hình thành từ" in successor and "Ủy ban nhân dân xã Một" in successor


def test_the_successors_officer_may_read_a_merged_agency_outside_their_subtree(
    client, make_user, coordinator, make_agency, province, agency_a, basis
):
    from cadres.roles import Role

    outside = make_agency("DU-OLD", "Đảng ủy xã Cũ", parent=province, kind="dang-uy")
    services.agency_merge(
        actor=coordinator, sources=[outside], target=agency_a, effective_date=EVENT_DAY, basis=basis
    )
    officer = make_user("tochuc_a2", role=Role.PERSONNEL_OFFICER, agency=agency_a)
    client.force_login(officer)
    page = client.get(reverse("cadres:agency_detail", args=[outside.pk]))
    assert page.status_code == 200 and "Đảng ủy xã Cũ" in page.content.decode()
    # Reading only: changing it stays out of reach.
    assert client.get(reverse("cadres:agency_edit", args=[outside.pk])).status_code == 404


@pytest.mark.parametrize(
    "case, message",
    [
        ("no_basis", services.EVENT_NEEDS_BASIS),
        ("future", services.EVENT_IN_FUTURE),
        ("alone", services.MERGE_NEEDS_TWO),
        ("into_itself", services.MERGE_TARGET_IS_SOURCE),
        ("into_own_unit", services.MERGE_TARGET_INSIDE_SOURCE),
        ("before_posting", services.EVENT_BEFORE_OPEN_POSTING),
        ("before_began", services.EVENT_BEFORE_AGENCY_BEGAN),
        ("ended", services.EVENT_AGENCY_ENDED),
        ("out_of_scope", services.AGENCY_OUT_OF_SCOPE),
        ("both_targets", services.MERGE_NEEDS_ONE_TARGET),
    ],
)
def test_impossible_mergers_are_refused_and_change_nothing(
    case, message, coordinator, officer_b, communes, make_cadre, basis, agency_a
):
    one, two, team = communes
    make_cadre("CB-1", "Lê Văn An", one)
    kwargs = {
        "actor": coordinator,
        "sources": [one],
        "target": two,
        "effective_date": EVENT_DAY,
        "basis": basis,
    }
    if case == "no_basis":
        kwargs["basis"] = services.LegalBasis(number="  ")
    elif case == "future":
        kwargs["effective_date"] = datetime.date.today() + datetime.timedelta(days=1)
    elif case == "alone":
        kwargs.update(target=None, new_target=None, sources=[one])
        kwargs["new_target"] = NewAgency(parent=agency_a, code="N", name="N", kind=one.kind)
    elif case == "into_itself":
        kwargs["target"] = one
        kwargs["sources"] = [one, two]
    elif case == "into_own_unit":
        kwargs["target"] = team
    elif case == "before_posting":
        kwargs["effective_date"] = datetime.date(2025, 7, 1)  # the posting starts that day
    elif case == "before_began":
        kwargs["effective_date"] = datetime.date(2010, 1, 1)
    elif case == "ended":
        Agency.objects.filter(pk=two.pk).update(valid_to=datetime.date(2025, 1, 1))
    elif case == "out_of_scope":
        kwargs["actor"] = officer_b
    elif case == "both_targets":
        kwargs["new_target"] = NewAgency(parent=agency_a, code="N", name="N", kind=one.kind)
    before = snapshot()
    with pytest.raises(RegistryError) as refused:
        services.agency_merge(**kwargs)
    assert refused.value.message == message
    assert snapshot() == before


def test_a_refused_merger_shows_its_message_in_vietnamese(
    client, coordinator, communes, make_cadre
):
    one, two, _team = communes
    make_cadre("CB-1", "Lê Văn An", one)
    client.force_login(coordinator)
    response = client.post(
        reverse("cadres:agency_change", args=[one.pk]),
        {
            "event": "merge",
            "merge-target": two.pk,
            "merge-effective_date": "2025-07-01",
            "merge-basis_number": "12/NQ",
        },
    )
    assert response.status_code == 200
    assert "Có công tác hoặc phân công hiện tại bắt đầu" in response.content.decode()
    one.refresh_from_db()
    assert one.valid_to is None and AgencyEvent.objects.count() == 0


def test_merging_through_the_office_page(client, coordinator, communes, make_cadre):
    one, two, _team = communes
    cadre = make_cadre("CB-1", "Lê Văn An", one)
    client.force_login(coordinator)
    response = client.post(
        reverse("cadres:agency_change", args=[one.pk]),
        {
            "event": "merge",
            "merge-target": two.pk,
            "merge-effective_date": "2026-01-01",
            "merge-basis_number": "12/NQ-HĐND",
        },
    )
    assert response.status_code == 302
    cadre.refresh_from_db()
    assert cadre.agency == two
