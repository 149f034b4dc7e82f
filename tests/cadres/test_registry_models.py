import datetime

import pytest
from django.db import IntegrityError

from cadres.models import AgencyKind, Cadre, Posting

pytestmark = pytest.mark.django_db


def test_default_agency_kinds_exist_after_migrate():
    names = set(AgencyKind.objects.values_list("name", flat=True))
    assert {"Tỉnh ủy", "Ban Tuyên giáo và Dân vận", "Ủy ban MTTQ", "Tổ dân vận"} <= names
    # The commune Party committee's Ban Xây dựng Đảng carries dân vận work since 2025.
    assert "Ban Xây dựng Đảng" in names
    assert AgencyKind.objects.count() == 12


def test_saving_a_cadre_fills_folded_and_sort_columns(agency_a):
    cadre = Cadre.objects.create(
        personnel_code="X1",
        full_name="  Nguye\u0302\u0303n   Đức  ",  # decomposed marks and stray spaces
        date_of_birth=datetime.date(1990, 1, 1),
        agency=agency_a,
    )
    cadre.refresh_from_db()
    assert cadre.full_name == "Nguyễn Đức"
    assert cadre.folded_name == "nguyen duc"
    assert cadre.name_sort_text


def test_a_cadre_cannot_hold_two_open_postings(cadre_in_a, agency_a):
    with pytest.raises(IntegrityError):
        Posting.objects.create(
            cadre=cadre_in_a, agency=agency_a, start_date=datetime.date(2026, 1, 1)
        )


def test_a_posting_cannot_end_before_it_starts(cadre_in_a, agency_a):
    with pytest.raises(IntegrityError):
        Posting.objects.create(
            cadre=cadre_in_a,
            agency=agency_a,
            start_date=datetime.date(2020, 1, 2),
            end_date=datetime.date(2020, 1, 1),
        )


def test_agency_subtree_is_found_by_path(agency_a, agency_a_unit, agency_b):
    from cadres.models import Agency

    subtree = Agency.objects.filter(path__startswith=agency_a.path)
    assert set(subtree) == {agency_a, agency_a_unit}
