"""Retirement dates by Decree 135/2020/NĐ-CP's roadmap, at the months where the age steps, and
decided earlier or later dates within the law's five years."""

import datetime

import pytest

from cadres.models import Cadre, RetirementAge, RetirementCase
from cadres.retirement import Roadmap, override_bounds, retirement_of, statutory_retirement

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def roadmap(db):
    return Roadmap.load()


@pytest.mark.parametrize(
    ("gender", "born", "retires", "age"),
    [
        # Men: +3 months a year from 60y3m (2021) to 62 (2028).
        ("M", D(1960, 12, 20), D(2020, 12, 31), (60, 0)),  # reached 60 before 2021: old age
        ("M", D(1961, 1, 5), D(2021, 4, 30), (60, 3)),  # the first step
        ("M", D(1961, 9, 30), D(2021, 12, 31), (60, 3)),  # last month of the 60y3m cohort
        ("M", D(1961, 10, 1), D(2022, 4, 30), (60, 6)),  # one month later: the next age
        ("M", D(1964, 9, 15), D(2025, 12, 31), (61, 3)),
        ("M", D(1964, 10, 15), D(2026, 4, 30), (61, 6)),  # 2026: 61 years 6 months
        ("M", D(1965, 3, 10), D(2026, 9, 30), (61, 6)),  # the decree's worked example
        ("M", D(1966, 3, 31), D(2027, 12, 31), (61, 9)),
        ("M", D(1966, 4, 1), D(2028, 4, 30), (62, 0)),  # 62 from April 2028
        ("M", D(1990, 2, 28), D(2052, 2, 29), (62, 0)),  # after the roadmap: 62, leap year
        # Women: +4 months a year from 55y4m (2021) to 60 (2035).
        ("F", D(1965, 12, 1), D(2020, 12, 31), (55, 0)),
        ("F", D(1966, 8, 31), D(2021, 12, 31), (55, 4)),
        ("F", D(1966, 9, 1), D(2022, 5, 31), (55, 8)),
        ("F", D(1969, 4, 30), D(2025, 12, 31), (56, 8)),
        ("F", D(1969, 5, 1), D(2026, 5, 31), (57, 0)),  # 2026: 57 years
        ("F", D(1975, 4, 15), D(2034, 12, 31), (59, 8)),
        ("F", D(1975, 5, 15), D(2035, 5, 31), (60, 0)),  # 60 from May 2035
        ("F", D(1985, 3, 15), D(2045, 3, 31), (60, 0)),
    ],
)
def test_the_roadmap_at_its_steps(roadmap, gender, born, retires, age):
    date, step = statutory_retirement(born, gender, roadmap)
    assert date == retires
    assert divmod(step.months, 12) == age
    assert "135/2020/NĐ-CP" in step.basis or date.year < 2021


def test_unknown_gender_takes_the_earlier_age(roadmap):
    cadre = Cadre(date_of_birth=D(1970, 6, 1), gender="")
    retirement = retirement_of(cadre, roadmap)
    assert not retirement.gender_known
    assert retirement.on == statutory_retirement(D(1970, 6, 1), "F", roadmap)[0]


def test_an_edited_table_changes_the_dates(roadmap):
    """The roadmap is data: a corrected row is used without a code change."""
    RetirementAge.objects.filter(gender="M", year=2026).update(years=61, months=5)
    date, step = statutory_retirement(D(1965, 3, 10), "M", Roadmap.load())
    assert (date, step.months) == (D(2026, 8, 31), 61 * 12 + 5)


def test_override_bounds_follow_the_age_of_the_year_of_retirement(roadmap):
    """Five years below or above the roadmap's age of the year in which the cadre retires."""
    # A woman born 1/1980 (60 in 1/2040) may retire earlier from 9/2034: 54 years 8 months,
    # 2034's age of 59 years 8 months less five years.
    assert override_bounds(D(1980, 1, 10), "F", roadmap, earlier=True) == (
        D(2034, 9, 30),
        D(2040, 1, 31),
    )
    # A man born 3/1965 (61y6m in 9/2026) may stay until 3/2032: 67, i.e. 62 + 5.
    assert override_bounds(D(1965, 3, 1), "M", roadmap, earlier=False) == (
        D(2026, 9, 30),
        D(2032, 3, 31),
    )


# --- Decided earlier or later retirement, and the office page -------------------------------

from django.urls import reverse  # noqa: E402

from cadres import services  # noqa: E402
from cadres.services import RegistryError  # noqa: E402


def test_a_decided_later_date_is_used_and_cleared(officer_a, cadre_in_a, roadmap):
    # cadre_in_a: a woman? gender unset → the women's roadmap; born 15/03/1985 → 60 in 3/2045.
    cadre_in_a.gender = "F"
    cadre_in_a.save(update_fields=["gender"])
    services.cadre_retirement_decide(
        actor=officer_a,
        cadre=cadre_in_a,
        case=RetirementCase.LATER_POST,
        retirement_date=D(2047, 3, 31),
        reason="Quyết định 12-QĐ/TU ngày 01/02/2045",
    )
    retirement = retirement_of(Cadre.objects.get(pk=cadre_in_a.pk), roadmap)
    assert retirement.on == D(2047, 3, 31) and retirement.statutory == D(2045, 3, 31)
    assert retirement.is_overridden and "83/2022" in retirement.case_label
    services.cadre_retirement_clear(actor=officer_a, cadre=cadre_in_a)
    assert retirement_of(Cadre.objects.get(pk=cadre_in_a.pk), roadmap).on == D(2045, 3, 31)


@pytest.mark.parametrize(
    ("case", "day", "reason", "message"),
    [
        (RetirementCase.LATER_POST, D(2050, 4, 30), "QĐ", services.RETIREMENT_LATER_RANGE),
        (RetirementCase.LATER_POST, D(2044, 3, 31), "QĐ", services.RETIREMENT_LATER_RANGE),
        (RetirementCase.EARLIER_HARD_WORK, D(2039, 1, 31), "QĐ", services.RETIREMENT_EARLIER_RANGE),
        (RetirementCase.EARLIER_HARD_WORK, D(2046, 1, 31), "QĐ", services.RETIREMENT_EARLIER_RANGE),
        (RetirementCase.EARLIER_HARD_WORK, D(2042, 1, 31), " ", services.RETIREMENT_NEEDS_REASON),
        ("other", D(2042, 1, 31), "QĐ", services.RETIREMENT_BAD_CASE),
    ],
)
def test_a_decision_outside_the_law_is_refused_and_changes_nothing(
    officer_a, cadre_in_a, case, day, reason, message
):
    cadre_in_a.gender = "F"
    cadre_in_a.save(update_fields=["gender"])
    with pytest.raises(RegistryError) as refused:
        services.cadre_retirement_decide(
            actor=officer_a, cadre=cadre_in_a, case=case, retirement_date=day, reason=reason
        )
    assert str(refused.value.message).startswith(str(message).split("%")[0])
    assert Cadre.objects.get(pk=cadre_in_a.pk).retirement_override is None


def test_the_office_page_records_a_decision_and_the_cadre_page_shows_it(
    client, officer_a, cadre_in_a
):
    client.force_login(officer_a)
    detail = client.get(reverse("cadres:cadre_detail", args=[cadre_in_a.pk])).content.decode()
    assert "Nghỉ hưu" in detail and "31/03/2045" in detail and "135/2020/NĐ-CP" in detail
    url = reverse("cadres:cadre_retirement", args=[cadre_in_a.pk])
    bad = client.post(
        url,
        {
            "decide": "1",
            "case": "earlier_hard_work",
            "retirement_date": "2030-01-31",
            "reason": "QĐ",
        },
    )
    assert bad.status_code == 200 and "sớm hơn không quá 5 năm" in bad.content.decode()
    assert Cadre.objects.get(pk=cadre_in_a.pk).retirement_override is None
    response = client.post(
        url,
        {
            "decide": "1",
            "case": "earlier_reduced_capacity",
            "retirement_date": "2043-06-30",
            "reason": "Quyết định 5/QĐ-UBND: suy giảm khả năng lao động 65%",
        },
    )
    assert response.status_code == 302
    detail = client.get(reverse("cadres:cadre_detail", args=[cadre_in_a.pk])).content.decode()
    assert "30/06/2043" in detail and "suy giảm khả năng lao động 65%" in detail
    client.post(url, {"clear": "1"})
    assert Cadre.objects.get(pk=cadre_in_a.pk).retirement_override is None


def test_outsiders_get_404_and_anonymous_users_log_in(client, officer_b, cadre_in_a):
    url = reverse("cadres:cadre_retirement", args=[cadre_in_a.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    assert client.post(url, {"clear": "1"}).status_code == 404
