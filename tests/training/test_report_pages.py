"""Report pages: scoped rows, filters that refuse nonsense, downloads, outsiders kept out."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from cadres.roles import Role
from tests.training.test_reports import (  # noqa: F401 (the hand-made province)
    coverage_case,
    world,
)

pytestmark = pytest.mark.django_db
YEAR_2026 = {"period": "year", "year": "2026", "cut": "then"}


@pytest.fixture
def officer_x(make_user, world):  # noqa: F811
    return make_user("tochuc_x", role=Role.PERSONNEL_OFFICER, agency=world["x"])


def test_an_officer_sees_only_the_rows_of_their_scope(client, officer_x, world):  # noqa: F811
    client.force_login(officer_x)
    page = client.get(reverse("training:report_page", args=["trained"]), YEAR_2026)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ủy ban nhân dân xã X" in html
    assert "Ủy ban nhân dân xã Y" not in html  # Y's training, as it was then, is not theirs
    assert "Sở D" not in html


def test_a_coordinator_sees_the_province_and_the_chart(client, coordinator, world):  # noqa: F811
    client.force_login(coordinator)
    html = client.get(reverse("training:report_page", args=["trained"]), YEAR_2026).content
    html = html.decode()
    assert "Ủy ban nhân dân xã Y" in html
    assert "<svg" in html and 'class="bar"' in html
    assert "<script" not in html.split("<main", 1)[-1]  # charts are drawn on the server


def test_a_period_ending_before_it_starts_is_refused_in_vietnamese(client, coordinator, world):  # noqa: F811
    client.force_login(coordinator)
    page = client.get(
        reverse("training:report_page", args=["trained"]),
        {"period": "custom", "year": "2026", "start": "31/12/2026", "end": "01/01/2026"},
    )
    assert page.status_code == 200
    assert "Kỳ báo cáo kết thúc trước ngày bắt đầu" in page.content.decode()
    assert "report" not in page.context or page.context.get("report") is None


def test_sorting_by_a_column(client, coordinator, world):  # noqa: F811
    client.force_login(coordinator)
    page = client.get(
        reverse("training:report_page", args=["trained"]),
        {**YEAR_2026, "sort": "periods", "dir": "desc"},
    )
    rows = page.context["tables"][0]["rows"]
    periods = [row[-1] for row in rows]
    assert periods == sorted(periods, reverse=True)


def test_downloads_hold_the_same_scoped_rows(client, officer_x, world):  # noqa: F811
    client.force_login(officer_x)
    xlsx = client.get(reverse("training:report_download", args=["trained", "xlsx"]), YEAR_2026)
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    agencies = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert agencies == {"Ủy ban nhân dân xã X"}
    csv = client.get(reverse("training:report_download", args=["trained", "csv"]), YEAR_2026)
    assert csv.content.startswith(b"\xef\xbb\xbf")
    pdf = client.get(reverse("training:report_download", args=["groups", "pdf"]), YEAR_2026)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Cán bộ nữ" in text and "01/01/2026" in text


def test_outsiders_are_kept_out(client, make_user, world):  # noqa: F811
    urls = [
        reverse("training:report_index"),
        reverse("training:report_page", args=["hours"]),
        reverse("training:report_download", args=["hours", "xlsx"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: to the login page
    cadre_user = make_user("hocvien", role=Role.CADRE)
    client.force_login(cadre_user)
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.get(reverse("training:report_page", args=["nothing"])).status_code == 404


def test_query_count_does_not_grow_with_the_rows(
    client,
    coordinator,
    world,  # noqa: F811
    make_cadre,
    django_assert_max_num_queries,
):
    client.force_login(coordinator)
    url = reverse("training:report_page", args=["hours"])
    client.get(url, YEAR_2026)
    for n in range(30):
        make_cadre(f"EXTRA{n}", f"Cán bộ {n}", world["x"])
    with django_assert_max_num_queries(20):
        client.get(url, YEAR_2026)


def test_the_hours_map_has_one_point_per_commune_in_scope(client, coordinator, world, province):  # noqa: F811
    from cadres.models import Agency

    client.force_login(coordinator)
    page = client.get(reverse("training:report_page", args=["hours"]), YEAR_2026)
    svg = page.content.decode().split('class="map-svg"', 1)[1].split("</svg>", 1)[0]
    # X is a live commune; Y ended with the merger, so today's scope has one commune.
    assert svg.count("<circle") == 1
    assert 'data-code="30742"' in svg
    x = Agency.objects.get(code="X")
    assert f"agency={x.pk}" in svg  # a point opens that commune's figures
    Agency.objects.get(code="SO-D").add_child(
        code="Z", name="Ủy ban nhân dân phường Vĩnh Thông mới", kind=x.kind, admin_code="30760"
    )
    page = client.get(reverse("training:report_page", args=["hours"]), YEAR_2026)
    svg = page.content.decode().split('class="map-svg"', 1)[1].split("</svg>", 1)[0]
    assert svg.count("<circle") == 2 and "band-none" in svg  # a commune with nobody posted


def test_the_coverage_map_colours_communes_by_posts_without_a_trained_officer(
    client,
    coordinator,
    coverage_case,  # noqa: F811
):
    client.force_login(coordinator)
    page = client.get(reverse("training:report_page", args=["coverage"]), YEAR_2026)
    html = page.content.decode()
    svg = html.split('class="map-svg"', 1)[1].split("</svg>", 1)[0]
    assert svg.count("<circle") == 1 and 'data-code="30742"' in svg
    assert "band-1" in svg  # X's one required post is held by a trained officer: 0%
    assert "0 trên 1 vị trí bắt buộc chưa có cán bộ đã được đào tạo" in svg


def test_a_file_covering_many_agencies_is_built_as_a_job_for_its_requester_only(
    client,
    coordinator,
    officer_x,
    world,  # noqa: F811
    settings,
    make_user,
):
    from training.models import ReportFile

    settings.REPORT_FILE_INLINE_AGENCIES = 2  # the province has more; commune X has one
    client.force_login(coordinator)
    url = reverse("training:report_download", args=["trained", "xlsx"])
    response = client.get(url, YEAR_2026)
    job = ReportFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("training:report_file", args=[job.pk])
    page = client.get(response["Location"])  # the tests' task backend ran it at once
    assert "Tệp báo cáo đã sẵn sàng" in page.content.decode()
    download = client.get(reverse("cadres:job_download", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
    agencies = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "Ủy ban nhân dân xã Y" in agencies
    # Asked again (a second click, another sort order): the same file, not a second job.
    again = client.get(url, {**YEAR_2026, "sort": "periods"})
    assert again["Location"] == response["Location"] and ReportFile.objects.count() == 1
    # Someone else (even a coordinator) does not reach it.
    other = make_user("dieuphoi2", role=Role.COORDINATOR)
    client.force_login(other)
    assert client.get(response["Location"]).status_code == 404
    assert client.get(reverse("cadres:job_download", args=[job.pk])).status_code == 404
    # An officer of one commune gets their file at once.
    client.force_login(officer_x)
    inline = client.get(url, YEAR_2026)
    assert inline.status_code == 200 and inline["Content-Type"].startswith("application/vnd")


@pytest.mark.parametrize("name", ["trained", "hours", "coverage", "plan"])
def test_each_page_shows_an_officer_only_their_agencies(
    client,
    coordinator,
    officer_x,
    coverage_case,  # noqa: F811
    name,
):
    from training.models import ExternalTraining, TrainingPlan, TrainingPlanItem

    dept = coverage_case["dept"]
    ExternalTraining.objects.create(
        cadre=coverage_case["c4"],
        title="Nghiệp vụ",
        institution="Sở Nội vụ",
        content_kind="state_management",
        hours=8,
        start_date=datetime.date(2026, 5, 4),
        end_date=datetime.date(2026, 5, 5),
        agency=dept,
    )
    plan = TrainingPlan.objects.create(agency=dept, year=2026, status="approved")
    TrainingPlanItem.objects.create(
        plan=plan, course=coverage_case["course_a"], headcount=2, quarter=2
    )
    url = reverse("training:report_page", args=[name])
    client.force_login(coordinator)
    assert "Sở D" in client.get(url, YEAR_2026).content.decode()  # the check can fail
    client.force_login(officer_x)
    html = client.get(url, YEAR_2026).content.decode()
    assert "Sở D" not in html
    assert "Ủy ban nhân dân xã X" in html
