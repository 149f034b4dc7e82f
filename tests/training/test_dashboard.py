"""The office home as a dashboard: the reporting year's figures for the user's scopes, the
communes that lag, and what waits for action (plans to decide, plan items late, posts)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cadres.roles import Role
from tests.training.test_reports import (  # noqa: F401 (the hand-made province)
    coverage_case,
    world,
)
from training.models import TrainingPlan, TrainingPlanItem, TrainingPlanStatus

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 5)  # in the State's reporting year 2026 (15/12/2025–14/12/2026)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)


@pytest.fixture
def officer_x(make_user, world):  # noqa: F811
    return make_user("tochuc_x", role=Role.PERSONNEL_OFFICER, agency=world["x"])


def _figures(response) -> dict:
    """The first panel's figures by label: (value, note)."""
    panel = response.context["panels"][0]
    return {str(f.label): (f.value, str(f.note)) for f in panel.figures}


def test_a_coordinator_sees_the_provinces_year_and_the_communes_that_lag(
    client,
    coordinator,
    coverage_case,  # noqa: F811
):
    client.force_login(coordinator)
    response = client.get(reverse("cadres:office_home"))
    panels = response.context["panels"]
    assert str(panels[0].title) == "Năm báo cáo 2026"
    assert "Từ 15/12/2025 đến 14/12/2026" in panels[0].note
    figures = _figures(response)
    # C1, C2 (20/12/2025 falls in the State year) and C3 trained; C4 was not. Of four.
    assert figures["cán bộ được đào tạo, bồi dưỡng trong năm"] == (
        "3",
        "75% trong 4 cán bộ đang công tác",
    )
    # Target 40 hours for commune cadres: 28, 20 and 16 hours; C4's category has no target.
    assert figures["cán bộ chưa đạt số giờ chỉ tiêu"][0] == "3"
    # The department's officer has not taken course A; X's has.
    assert figures["vị trí bắt buộc chưa có cán bộ đã được đào tạo"] == (
        "1",
        "trong 2 vị trí bắt buộc; 0 vị trí còn trống",
    )
    lagging = panels[1]
    assert [(f.label, f.value) for f in lagging.figures] == [("Phường Rạch Giá", "100%")]
    assert f"agency={coverage_case['x'].pk}" in lagging.figures[0].url
    html = response.content.decode()
    assert "Các xã chậm nhất về số giờ bồi dưỡng" in html
    assert "vị trí do cán bộ chưa được đào tạo theo yêu cầu của vị trí đảm nhiệm" in html


def test_an_officer_sees_the_figures_of_their_scope_only(client, officer_x, coverage_case):  # noqa: F811
    client.force_login(officer_x)
    response = client.get(reverse("cadres:office_home"))
    figures = _figures(response)
    # X with Y merged into it: three cadres, all trained; the department is not theirs.
    assert figures["cán bộ được đào tạo, bồi dưỡng trong năm"] == (
        "3",
        "100% trong 3 cán bộ đang công tác",
    )
    assert figures["vị trí bắt buộc chưa có cán bộ đã được đào tạo"][0] == "0"
    assert len(response.context["panels"]) == 1  # one commune: nothing to rank
    assert "Sở D" not in response.content.decode()


def test_a_leader_reads_the_figures_and_has_nothing_to_act_on(client, make_user, world):  # noqa: F811
    leader = make_user("lanhdao", role=Role.LEADER, agency=world["x"].get_parent())
    client.force_login(leader)
    response = client.get(reverse("cadres:office_home"))
    assert response.context["panels"]
    assert response.context["pending"] == []
    assert "Việc cần xử lý" not in response.content.decode()


def test_plans_to_decide_and_items_late_wait_for_those_who_act_on_them(
    client,
    coordinator,
    officer_x,
    world,  # noqa: F811
    make_user,
):
    x, dept = world["x"], world["dept"]
    approved = TrainingPlan.objects.create(agency=x, year=2026, status=TrainingPlanStatus.APPROVED)
    TrainingPlanItem.objects.create(plan=approved, course=world["course_a"], headcount=5, quarter=2)
    TrainingPlanItem.objects.create(plan=approved, course=world["course_b"], headcount=5, quarter=4)
    TrainingPlan.objects.create(agency=dept, year=2027, status=TrainingPlanStatus.SUBMITTED)

    def waiting(user) -> dict:
        client.force_login(user)
        pending = client.get(reverse("cadres:office_home")).context["pending"]
        return {str(item.label): item.count for item in pending}

    coordinator_work = waiting(coordinator)
    assert coordinator_work["kế hoạch đào tạo chờ bạn quyết định"] == 1
    # Both quarters have begun on 05/12/2026 and neither item has a class.
    assert coordinator_work["mục kế hoạch đã đến quý nhưng chưa mở lớp"] == 2
    officer_work = waiting(officer_x)
    assert "kế hoạch đào tạo chờ bạn quyết định" not in officer_work  # not theirs to decide
    assert officer_work["mục kế hoạch đã đến quý nhưng chưa mở lớp"] == 2
    dept_officer = make_user("tochuc_d", role=Role.PERSONNEL_OFFICER, agency=dept)
    assert "mục kế hoạch đã đến quý nhưng chưa mở lớp" not in waiting(dept_officer)


def test_the_home_keeps_its_queries_as_the_province_grows_and_reuses_its_figures(
    client,
    coordinator,
    world,  # noqa: F811
    make_cadre,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    from django.core.cache import cache

    client.force_login(coordinator)
    url = reverse("cadres:office_home")
    with django_assert_max_num_queries(60) as first:
        client.get(url)
    with django_assert_max_num_queries(30) as repeat:
        client.get(url)
    assert len(repeat.captured_queries) < len(first.captured_queries)  # figures from the cache
    for n in range(30):
        make_cadre(f"EXTRA{n}", f"Cán bộ {n}", world["x"])
    cache.clear()
    client.force_login(coordinator)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)
