"""Search without diacritics and the Vietnamese name order, in the selector and on the page."""

import pytest
from django.urls import reverse

from cadres.selectors import CadreFilters, cadre_list

pytestmark = pytest.mark.django_db

NAMES = [
    "Nguyễn Thị Ánh",
    "Trần Văn Đức",
    "Lê Văn Dũng",
    "Phạm Minh Anh",
    "Võ Thị Ân",
    "Hồ Văn Dung",
    "Đặng Thị Ý",
    "Bùi Văn Em",
]


@pytest.fixture
def many_cadres(make_cadre, agency_a_unit):
    return [make_cadre(f"CB{i:03d}", name, agency_a_unit) for i, name in enumerate(NAMES)]


def names(user, **filters):
    return [c.full_name for c in cadre_list(user=user, filters=CadreFilters(**filters))]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("nguyen thi anh", ["Nguyễn Thị Ánh"]),
        ("NGUYỄN thị ánh", ["Nguyễn Thị Ánh"]),
        ("duc", ["Trần Văn Đức"]),
        ("Đức", ["Trần Văn Đức"]),
        ("anh nguyen", ["Nguyễn Thị Ánh"]),  # words in any order
        ("dung", ["Hồ Văn Dung", "Lê Văn Dũng"]),
        ("CB001", ["Trần Văn Đức"]),  # the personnel code
        ("khong co ai", []),
    ],
)
def test_search_ignores_diacritics_and_case(coordinator, many_cadres, query, expected):
    assert sorted(names(coordinator, query=query)) == sorted(expected)


def test_cadres_sort_by_given_name_the_vietnamese_way(coordinator, many_cadres):
    # Given names first (Anh < Ánh < Ân < Dung < Dũng < Đức < Em < Ý): Đ after D, tones last.
    assert names(coordinator) == [
        "Phạm Minh Anh",
        "Nguyễn Thị Ánh",
        "Võ Thị Ân",
        "Hồ Văn Dung",
        "Lê Văn Dũng",
        "Trần Văn Đức",
        "Bùi Văn Em",
        "Đặng Thị Ý",
    ]


def test_the_list_page_searches_and_keeps_the_order(client, officer_a, many_cadres):
    client.force_login(officer_a)
    response = client.get(reverse("cadres:cadre_list"), {"q": "van"})
    assert response.status_code == 200
    listed = [c.full_name for c in response.context["page"].object_list]
    assert listed == ["Hồ Văn Dung", "Lê Văn Dũng", "Trần Văn Đức", "Bùi Văn Em"]
    html = response.content.decode()
    assert html.index("Hồ Văn Dung") < html.index("Trần Văn Đức")
    assert "15/03/1985" in html  # dates are dd/mm/yyyy


def test_filters_narrow_by_category_party_account_and_subtree(
    client, officer_a, many_cadres, make_cadre, agency_a, make_user
):
    from cadres.models import CadreCategory

    category = CadreCategory.objects.get(code="cong-chuc")
    first, second = many_cadres[0], many_cadres[1]
    first.category, first.is_party_member, first.theory_level = category, True, "cao_cap"
    first.user = make_user("CB000")
    first.save()
    make_cadre("CB-TOP", "Lâm Văn Tài", agency_a)  # in A itself, not in the unit
    client.force_login(officer_a)

    def listed(**params):
        response = client.get(reverse("cadres:cadre_list"), params)
        return {c.personnel_code for c in response.context["page"].object_list}

    assert listed(category=category.pk) == {first.personnel_code}
    assert listed(party="yes") == {first.personnel_code}
    assert second.personnel_code in listed(party="no")
    assert listed(level="cao_cap") == {first.personnel_code}
    assert listed(account="yes") == {first.personnel_code}
    assert len(listed(agency=many_cadres[0].agency_id)) == len(NAMES)
    assert "CB-TOP" in listed(agency=agency_a.pk)
