"""Builders for the agency-history, staffing and rotation tests (generic ones live in tests/conftest.py)."""

import datetime

import pytest

from cadres.services import LegalBasis

EVENT_DAY = datetime.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def _exports_in_tmp(settings, tmp_path):
    """Export files (MEDIA_ROOT/exports/) and uploads stay out of the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def basis():
    return LegalBasis(
        number="1234/NQ-UBTVQH15", issued_on=datetime.date(2025, 12, 1), issuer="UBTVQH"
    )


@pytest.fixture
def old_posting(make_cadre):
    """A cadre with a closed posting in one agency, then an open one in another."""
    from cadres.models import Posting

    def make(code, name, old_agency, new_agency, *, old_start=datetime.date(2020, 1, 1)):
        cadre = make_cadre(code, name, new_agency)
        Posting.objects.create(
            cadre=cadre,
            agency=old_agency,
            position="Chuyên viên",
            start_date=old_start,
            end_date=datetime.date(2025, 6, 30),
        )
        return cadre

    return make


@pytest.fixture
def responsibility(db):
    from cadres.models import ResponsibilityKind

    def get(code="phu-trach-dan-van"):
        return ResponsibilityKind.objects.get(code=code)

    return get


def snapshot():
    """Every row the history services may touch, to prove a refused event changed nothing."""
    from cadres.models import (
        Agency,
        AgencyEvent,
        AgencyEventLink,
        AgencyName,
        Cadre,
        OfficerAssignment,
        Posting,
    )

    return (
        list(Agency.objects.order_by("pk").values_list("pk", "path", "name", "valid_to")),
        list(Posting.objects.order_by("pk").values_list("pk", "agency_id", "end_date")),
        list(Cadre.objects.order_by("pk").values_list("pk", "agency_id")),
        list(OfficerAssignment.objects.order_by("pk").values_list("pk", "agency_id", "end_date")),
        AgencyEvent.objects.count(),
        AgencyEventLink.objects.count(),
        AgencyName.objects.count(),
    )
