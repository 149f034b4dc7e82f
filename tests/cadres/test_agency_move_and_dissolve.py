"""Moving an agency re-parents it with its units; dissolving ends an empty one. History stays."""

import datetime

import pytest

from cadres import services
from cadres.models import Agency, AgencyEvent, OfficerAssignment, Posting
from cadres.services import RegistryError
from tests.cadres.conftest import EVENT_DAY, snapshot

pytestmark = pytest.mark.django_db


def test_move_reparents_with_units_and_records_the_former_parent(
    coordinator, agency_a, agency_a_unit, agency_b, make_agency, cadre_in_a, basis
):
    team = make_agency("TDV-A", "Tổ dân vận", parent=agency_a_unit, kind="to-dan-van")
    services.agency_move(
        actor=coordinator,
        agency=agency_a_unit,
        new_parent=agency_b,
        effective_date=EVENT_DAY,
        basis=basis,
    )
    moved = Agency.objects.get(pk=agency_a_unit.pk)
    assert moved.get_parent() == agency_b
    assert Agency.objects.get(pk=team.pk).get_parent() == moved
    # Postings are untouched: same agency row, still open.
    assert Posting.objects.get(cadre=cadre_in_a).end_date is None
    event = AgencyEvent.objects.get()
    assert [a.pk for a in event.agencies_in("former_parent")] == [agency_a.pk]
    assert [a.pk for a in event.agencies_in("target")] == [agency_b.pk]


@pytest.mark.parametrize("case", ["into_itself", "into_own_unit", "same_parent", "outsider"])
def test_impossible_moves_are_refused(
    case, coordinator, officer_a, agency_a, agency_a_unit, agency_b, make_agency, basis
):
    team = make_agency("TDV-A", "Tổ dân vận", parent=agency_a_unit, kind="to-dan-van")
    actor, agency, parent, message = {
        "into_itself": (coordinator, agency_a_unit, agency_a_unit, services.MOVE_INTO_ITSELF),
        "into_own_unit": (coordinator, agency_a_unit, team, services.MOVE_INTO_ITSELF),
        "same_parent": (coordinator, agency_a_unit, agency_a, services.MOVE_SAME_PARENT),
        "outsider": (officer_a, agency_a_unit, agency_b, services.AGENCY_OUT_OF_SCOPE),
    }[case]
    before = snapshot()
    with pytest.raises(RegistryError) as refused:
        services.agency_move(
            actor=actor, agency=agency, new_parent=parent, effective_date=EVENT_DAY, basis=basis
        )
    assert refused.value.message == message
    assert snapshot() == before


def test_dissolve_ends_an_empty_agency_and_its_assignments(
    coordinator, agency_a_unit, make_agency, make_cadre, responsibility, basis
):
    empty = make_agency("BAN-X", "Ban chỉ đạo X", parent=agency_a_unit, kind="don-vi-su-nghiep")
    holder = make_cadre("CB-1", "Lê Văn An", agency_a_unit)
    assignment = OfficerAssignment.objects.create(
        cadre=holder, agency=empty, kind=responsibility(), start_date=datetime.date(2025, 7, 1)
    )
    result = services.agency_dissolve(
        actor=coordinator, agency=empty, effective_date=EVENT_DAY, basis=basis
    )
    empty.refresh_from_db()
    assignment.refresh_from_db()
    assert (
        empty.valid_to == datetime.date(2025, 12, 31)
        and Agency.objects.filter(pk=empty.pk).exists()
    )
    assert assignment.end_date == datetime.date(2025, 12, 31)
    assert result.ended_assignments == [assignment]


def test_dissolve_is_refused_while_cadres_serve_or_units_remain(
    coordinator, agency_a, agency_a_unit, cadre_in_a, basis
):
    before = snapshot()
    with pytest.raises(RegistryError) as refused:
        services.agency_dissolve(
            actor=coordinator, agency=agency_a_unit, effective_date=EVENT_DAY, basis=basis
        )
    assert refused.value.message == services.DISSOLVE_HAS_POSTINGS
    with pytest.raises(RegistryError) as refused:
        services.agency_dissolve(
            actor=coordinator, agency=agency_a, effective_date=EVENT_DAY, basis=basis
        )
    assert refused.value.message == services.DISSOLVE_HAS_UNITS
    assert snapshot() == before


def test_an_ended_agency_takes_part_in_no_further_event(
    coordinator, agency_a_unit, make_agency, agency_a, basis
):
    empty = make_agency("BAN-X", "Ban X", parent=agency_a_unit, kind="don-vi-su-nghiep")
    services.agency_dissolve(actor=coordinator, agency=empty, effective_date=EVENT_DAY, basis=basis)
    before = snapshot()
    with pytest.raises(RegistryError) as refused:
        services.agency_rename(
            actor=coordinator, agency=empty, new_name="Ban Y", effective_date=EVENT_DAY, basis=basis
        )
    assert refused.value.message == services.EVENT_AGENCY_ENDED
    assert snapshot() == before
