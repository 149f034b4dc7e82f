"""A renaming keeps the agency (and every record pointing at it) and files the old name, dated."""

import datetime

import pytest
from django.urls import reverse

from cadres import services
from cadres.models import AgencyName, agency_name_on
from cadres.services import RegistryError
from tests.cadres.conftest import EVENT_DAY, snapshot

pytestmark = pytest.mark.django_db


def test_rename_keeps_the_row_and_old_records_show_the_old_name(
    client, coordinator, agency_a_unit, old_posting, agency_b_unit, basis
):
    cadre = old_posting("CB-1", "Lê Văn An", agency_a_unit, agency_b_unit)
    services.agency_rename(
        actor=coordinator,
        agency=agency_a_unit,
        new_name="Ủy ban nhân dân phường A Mới",
        effective_date=EVENT_DAY,
        basis=basis,
    )
    agency_a_unit.refresh_from_db()
    assert agency_a_unit.name == "Ủy ban nhân dân phường A Mới"
    former = AgencyName.objects.get()
    assert (former.name, former.valid_to) == (
        "Ủy ban nhân dân phường A",
        datetime.date(2025, 12, 31),
    )
    assert agency_name_on(agency_a_unit, datetime.date(2020, 5, 1)) == "Ủy ban nhân dân phường A"
    assert agency_name_on(agency_a_unit, EVENT_DAY) == "Ủy ban nhân dân phường A Mới"
    assert cadre.postings.get(end_date__isnull=False).agency == agency_a_unit  # same row

    client.force_login(coordinator)
    history = client.get(reverse("cadres:cadre_detail", args=[cadre.pk])).content.decode()
    assert "Ủy ban nhân dân phường A</a>" in history  # the name as it was
    assert "nay là Ủy ban nhân dân phường A Mới" in history
    page = client.get(reverse("cadres:agency_detail", args=[agency_a_unit.pk])).content.decode()
    assert "Tên trước đây" in page and "Ủy ban nhân dân phường A (" in page


def test_a_second_rename_dates_the_middle_name_and_undo_is_a_new_event(
    coordinator, agency_a_unit, basis
):
    services.agency_rename(
        actor=coordinator,
        agency=agency_a_unit,
        new_name="Tên hai",
        effective_date=datetime.date(2025, 9, 1),
        basis=basis,
    )
    services.agency_rename(
        actor=coordinator,
        agency=agency_a_unit,
        new_name="Ủy ban nhân dân phường A",
        effective_date=EVENT_DAY,
        basis=basis,
    )
    names = list(
        AgencyName.objects.order_by("valid_to").values_list("name", "valid_from", "valid_to")
    )
    assert names == [
        ("Ủy ban nhân dân phường A", None, datetime.date(2025, 8, 31)),
        ("Tên hai", datetime.date(2025, 9, 1), datetime.date(2025, 12, 31)),
    ]
    assert agency_name_on(agency_a_unit, datetime.date(2025, 10, 1)) == "Tên hai"


@pytest.mark.parametrize(
    "new_name, day, message",
    [
        ("Ủy ban nhân dân phường A", EVENT_DAY, services.RENAME_SAME_NAME),
        ("  ", EVENT_DAY, services.RENAME_EMPTY),
        ("Tên mới", datetime.date(2030, 1, 1), services.EVENT_IN_FUTURE),
    ],
)
def test_impossible_renames_are_refused(new_name, day, message, coordinator, agency_a_unit, basis):
    before = snapshot()
    with pytest.raises(RegistryError) as refused:
        services.agency_rename(
            actor=coordinator,
            agency=agency_a_unit,
            new_name=new_name,
            effective_date=day,
            basis=basis,
        )
    assert refused.value.message == message
    assert snapshot() == before


def test_a_rename_before_the_previous_one_is_refused(coordinator, agency_a_unit, basis):
    services.agency_rename(
        actor=coordinator,
        agency=agency_a_unit,
        new_name="Tên hai",
        effective_date=EVENT_DAY,
        basis=basis,
    )
    before = snapshot()
    with pytest.raises(RegistryError) as refused:
        services.agency_rename(
            actor=coordinator,
            agency=agency_a_unit,
            new_name="Tên ba",
            effective_date=datetime.date(2025, 9, 1),
            basis=basis,
        )
    assert refused.value.message == services.EVENT_BEFORE_LAST_EVENT
    assert snapshot() == before
