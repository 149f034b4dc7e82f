"""The "Dân vận khéo" library filters by field, year and unit from the query string."""

import pytest

from curriculum.forms import UNKNOWN_FILTER
from tests.curriculum import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(case_index):
    make = factories.case_study
    return {
        "rice": make(
            case_index, title="Lúa sạch", field="economy", unit="Hội Nông dân xã A", year=2025
        ),
        "books": make(
            case_index, title="Tủ sách", field="culture_society", unit="Đoàn phường B", year=2024
        ),
        "road": make(
            case_index, title="Mở đường", field="new_rural", unit="Hội Nông dân xã A", year=2024
        ),
    }


def _titles(client, case_index, **params):
    response = client.get(case_index.url, params)
    assert response.status_code == 200
    return {page.title for page in response.context["case_studies"]}, response


def test_no_filter_lists_all(client, case_index, cases):
    titles, _ = _titles(client, case_index)
    assert titles == {"Lúa sạch", "Tủ sách", "Mở đường"}


def test_filters_by_field_year_and_unit(client, case_index, cases):
    assert _titles(client, case_index, field="economy")[0] == {"Lúa sạch"}
    assert _titles(client, case_index, year="2024")[0] == {"Tủ sách", "Mở đường"}
    assert _titles(client, case_index, unit="Hội Nông dân xã A")[0] == {"Lúa sạch", "Mở đường"}
    both = _titles(client, case_index, unit="Hội Nông dân xã A", year="2024")[0]
    assert both == {"Mở đường"}


def test_filter_choices_come_from_the_published_case_studies(client, case_index, cases):
    _, response = _titles(client, case_index)
    form = response.context["filter_form"]
    assert [value for value, _ in form.fields["year"].choices] == ["", "2025", "2024"]
    assert [value for value, _ in form.fields["unit"].choices] == [
        "",
        "Hội Nông dân xã A",
        "Đoàn phường B",
    ]


def test_unknown_values_say_so_in_vietnamese_and_show_all(client, case_index, cases):
    titles, response = _titles(client, case_index, field="khong-co", year="1800")
    assert titles == {"Lúa sạch", "Tủ sách", "Mở đường"}
    html = response.content.decode()
    assert str(UNKNOWN_FILTER) in html
    assert "Giá trị này không có trong danh sách" in html


def test_index_page_shows_vietnamese_labels(client, case_index, cases):
    html = client.get(case_index.url).content.decode()
    for label in ("Lĩnh vực", "Năm", "Đơn vị", "Kinh tế", "Xây dựng nông thôn mới"):
        assert label in html


def test_case_study_page_shows_every_part(client, case_index):
    from curriculum.demo import _block

    page = factories.case_study(
        case_index,
        key_figures=[_block("figure", {"value": "73", "label": "hộ hiến đất"})],
        results="<p>Đường hoàn thành sớm.</p>",
        replication="<p>Người đứng đầu làm trước.</p>",
    )
    html = client.get(page.url).content.decode()
    for text in ("Vấn đề đặt ra", "Cách làm", "73", "hộ hiến đất", "Cách nhân rộng", "Mô hình"):
        assert text in html
