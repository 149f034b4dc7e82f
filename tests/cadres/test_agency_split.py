"""Splitting an agency: each current posting goes where the officer chose; the source ends."""

import datetime

import pytest

from cadres import services
from cadres.models import Agency, AgencyEvent, Cadre, OfficerAssignment
from cadres.services import NewAgency, RegistryError
from tests.cadres.conftest import EVENT_DAY, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(make_agency, agency_a):
    return make_agency("UBND-S", "Ủy ban nhân dân xã Lớn", parent=agency_a)


def test_split_sends_each_posting_where_chosen_and_keeps_the_past(
    coordinator, source, agency_a, make_agency, make_cadre, old_posting, basis, responsibility
):
    existing = make_agency("UBND-E", "Ủy ban nhân dân xã Bên", parent=agency_a)
    a = make_cadre("CB-1", "Lê Văn An", source)
    b = make_cadre("CB-2", "Lê Văn Ba", source)
    past = old_posting("CB-3", "Võ Thị Cúc", source, existing)
    OfficerAssignment.objects.create(
        cadre=b, agency=source, kind=responsibility(), start_date=datetime.date(2025, 7, 1)
    )
    unit = make_agency("TDV-S", "Tổ dân vận ấp Lớn", parent=source, kind="to-dan-van")
    open_a = a.postings.get().pk
    open_b = b.postings.get().pk

    result = services.agency_split(
        actor=coordinator,
        source=source,
        targets=[
            NewAgency(
                parent=agency_a, code="UBND-N", name="Ủy ban nhân dân xã Mới", kind=source.kind
            ),
            existing,
        ],
        posting_targets={open_a: 0, open_b: 1},
        child_targets={unit.pk: 1},
        effective_date=EVENT_DAY,
        basis=basis,
    )

    new = Agency.objects.get(code="UBND-N")
    source.refresh_from_db()
    assert source.valid_to == datetime.date(2025, 12, 31)
    assert Cadre.objects.get(pk=a.pk).agency == new
    assert Cadre.objects.get(pk=b.pk).agency == existing
    assert a.postings.get(pk=open_a).end_date == datetime.date(2025, 12, 31)
    assert past.postings.get(end_date=datetime.date(2025, 6, 30)).agency == source
    # The officer's responsibility went with them to the part they went to.
    assert OfficerAssignment.objects.get(end_date__isnull=True).agency == existing
    assert Agency.objects.get(pk=unit.pk).get_parent() == existing
    assert result.created == [new]
    assert {x.code for x in AgencyEvent.objects.get().agencies_in("target")} == {"UBND-N", "UBND-E"}


def test_split_refuses_an_unplaced_posting_and_changes_nothing(
    coordinator, source, agency_a, make_agency, make_cadre, basis
):
    existing = make_agency("UBND-E", "Ủy ban nhân dân xã Bên", parent=agency_a)
    other = make_agency("UBND-F", "Ủy ban nhân dân xã Khác", parent=agency_a)
    make_cadre("CB-1", "Lê Văn An", source)
    before = snapshot()
    with pytest.raises(RegistryError) as refused:
        services.agency_split(
            actor=coordinator,
            source=source,
            targets=[existing, other],
            posting_targets={},
            effective_date=EVENT_DAY,
            basis=basis,
        )
    assert refused.value.message == services.SPLIT_POSTING_UNPLACED
    assert snapshot() == before


@pytest.mark.parametrize(
    "case, message",
    [
        ("one_target", services.SPLIT_NEEDS_TWO),
        ("into_own_unit", services.SPLIT_TARGET_IS_SOURCE),
        ("unplaced_unit", services.SPLIT_CHILD_UNPLACED),
        ("bad_index", services.SPLIT_DESTINATION_UNKNOWN),
        ("code_taken", services.AGENCY_CODE_TAKEN),
    ],
)
def test_impossible_splits_are_refused(
    case, message, coordinator, source, agency_a, make_agency, basis
):
    existing = make_agency("UBND-E", "Ủy ban nhân dân xã Bên", parent=agency_a)
    unit = make_agency("TDV-S", "Tổ dân vận", parent=source, kind="to-dan-van")
    targets = [existing, NewAgency(parent=agency_a, code="UBND-N", name="Mới", kind=source.kind)]
    children = {unit.pk: 0}
    postings = {}
    if case == "one_target":
        targets = [existing]
    elif case == "into_own_unit":
        targets = [existing, unit]
    elif case == "unplaced_unit":
        children = {}
    elif case == "bad_index":
        children = {unit.pk: 5}
    elif case == "code_taken":
        targets = [
            existing,
            NewAgency(parent=agency_a, code="UBND-E", name="Trùng", kind=source.kind),
        ]
    before = snapshot()
    with pytest.raises(RegistryError) as refused:
        services.agency_split(
            actor=coordinator,
            source=source,
            targets=targets,
            posting_targets=postings,
            child_targets=children,
            effective_date=EVENT_DAY,
            basis=basis,
        )
    assert refused.value.message == message
    assert snapshot() == before
