"""Ethnicity from the statistics office's coded list of 54 groups, whatever the door."""

import datetime

import pytest

from cadres import imports, services
from cadres.access import SYSTEM
from cadres.ethnic_groups import GROUPS, key
from cadres.models import Cadre, EthnicGroup
from cadres.services import RegistryError
from tests.cadres.helpers import CADRE_HEADERS, cadre_row, write_xlsx

pytestmark = pytest.mark.django_db


def test_the_list_has_54_groups_with_two_digit_codes_and_kinh_first():
    assert EthnicGroup.objects.count() == 54 == len(GROUPS)
    codes = list(EthnicGroup.objects.values_list("code", flat=True))
    assert codes == [f"{n:02d}" for n in range(1, 55)]
    assert EthnicGroup.objects.get(code="01").name == "Kinh"
    assert EthnicGroup.objects.get(code="05").name == "Khmer"


@pytest.mark.parametrize("written", ["Khmer", "Khơ-me", "khơ me", "KHMER", "05"])
def test_names_aliases_and_codes_all_mean_the_same_group(written, agency_a_unit):
    details = services.CadreDetails(
        full_name="Thạch Thị Sa", date_of_birth=datetime.date(1990, 1, 1), ethnicity=written
    )
    cadre = services.cadre_create(
        actor=SYSTEM, personnel_code="CB-KM", details=details, agency=agency_a_unit
    )
    cadre.refresh_from_db()
    assert (cadre.ethnic_group.code, cadre.ethnicity) == ("05", "Khmer")


def test_an_unknown_ethnicity_is_refused_with_a_vietnamese_message(agency_a_unit):
    details = services.CadreDetails(
        full_name="Lê Văn A", date_of_birth=datetime.date(1990, 1, 1), ethnicity="Xyz"
    )
    with pytest.raises(RegistryError, match="54 dân tộc"):
        services.cadre_create(
            actor=SYSTEM, personnel_code="CB-X", details=details, agency=agency_a_unit
        )
    assert not Cadre.objects.filter(personnel_code="CB-X").exists()


def test_the_import_codes_ethnicity_and_refuses_an_unknown_one_with_its_row(
    tmp_path, agency_a_unit
):
    good = write_xlsx(
        tmp_path / "tot.xlsx",
        CADRE_HEADERS,
        [cadre_row("CB1", "Thạch Thị Sa", "UBND-A", **{"Dân tộc": "Khơ-me"})],
    )
    result = imports.import_cadres(source=good, filename="tot.xlsx", actor=SYSTEM)
    assert result.ok, result.problems
    assert Cadre.objects.get(personnel_code="CB1").ethnic_group.code == "05"
    bad = write_xlsx(
        tmp_path / "loi.xlsx",
        CADRE_HEADERS,
        [
            cadre_row("CB2", "Lê Văn Hai", "UBND-A", **{"Dân tộc": "Hoa"}),
            cadre_row("CB3", "Lê Văn Ba", "UBND-A", **{"Dân tộc": "Sao Hỏa"}),
        ],
    )
    result = imports.import_cadres(source=bad, filename="loi.xlsx", actor=SYSTEM)
    assert not result.ok
    assert [(p.row, p.column, p.value) for p in result.problems] == [(3, "Dân tộc", "Sao Hỏa")]
    assert not Cadre.objects.filter(personnel_code__in=["CB2", "CB3"]).exists()


def test_the_edit_form_offers_the_list_and_keeps_an_unmatched_old_value_visible(cadre_in_a):
    from cadres.forms import CadreDetailsForm

    Cadre.objects.filter(pk=cadre_in_a.pk).update(ethnicity="Người Xyz", ethnic_group=None)
    cadre_in_a.refresh_from_db()
    form = CadreDetailsForm(initial=CadreDetailsForm.initial_from(cadre_in_a))
    values = [value for value, _label in form.fields["ethnicity"].choices]
    assert values[:3] == ["", "Kinh", "Tày"] and "Khmer" in values
    assert values[-1] == "Người Xyz"  # shown as "(not in the list)" until someone picks one


def test_keys_ignore_case_diacritics_spaces_and_hyphens():
    assert key("Khơ-me") == key("khơ me") == key("KHOME")
    assert key("Bru-Vân Kiều") == key("bru van kieu")
