"""A cadre's capacity profile and gap list, rotation readiness, the vacated-officer warning."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cadres import selectors as cadre_selectors
from cadres import services as cadre_services
from cadres.access import SYSTEM
from cadres.models import LeadershipTitle, OfficerAssignment, ResponsibilityKind, RotationForm
from cadres.roles import Role
from training import capacity, services
from training.models import Qualification, TrainingRequirement

pytestmark = pytest.mark.django_db
BASIS = "Nghị định 171/2025/NĐ-CP (ví dụ)"


def title(code):
    return LeadershipTitle.objects.get(code=code)


@pytest.fixture
def requirements(course):
    """Chủ tịch UBND: 40 periods of state management (5 years), the course (5 years) and
    16 periods of defence and security (for good)."""
    chair = title("chu-tich-ubnd")
    return {
        "state": TrainingRequirement.objects.create(
            name="Kiến thức quản lý nhà nước",
            content_kind="state_management",
            periods=40,
            validity_years=5,
            title=chair,
            basis=BASIS,
        ),
        "course": TrainingRequirement.objects.create(
            name="Khóa kỹ năng dân vận", course=course, validity_years=5, title=chair, basis=BASIS
        ),
        "defence": TrainingRequirement.objects.create(
            name="Quốc phòng và an ninh",
            content_kind="defence_security",
            periods=16,
            title=chair,
            basis=BASIS,
        ),
        # Another title's requirement never shows against Chủ tịch UBND.
        "other": TrainingRequirement.objects.create(
            name="Lý luận chính trị cho Bí thư",
            content_kind="political_theory",
            periods=40,
            title=title("bi-thu"),
            basis=BASIS,
        ),
    }


def external(cadre, kind, hours, end, **extra):
    return services.external_training_record(
        actor=SYSTEM,
        cadre=cadre,
        title=f"Bồi dưỡng {kind}",
        institution="Trường Chính trị tỉnh",
        content_kind=kind,
        hours=hours,
        start_date=end - datetime.timedelta(days=5),
        end_date=end,
        **extra,
    )


def test_the_gap_list_against_another_title_names_exactly_what_is_missing(cadre_in_a, requirements):
    today = timezone.localdate()
    external(cadre_in_a, "state_management", 24, today - datetime.timedelta(days=100))
    external(cadre_in_a, "defence_security", 16, today - datetime.timedelta(days=3000))
    post = capacity.target_post(cadre=cadre_in_a, title=title("chu-tich-ubnd"))
    profile = capacity.capacity_profile(cadre=cadre_in_a, compare=post)
    gaps = {c.requirement.name: (c.state, c.hours) for c in profile.compared_gaps}
    assert gaps == {
        "Kiến thức quản lý nhà nước": (capacity.MISSING, 24),
        "Khóa kỹ năng dân vận": (capacity.MISSING, 0),
    }
    # Defence training has no validity: eight years on, it still counts.
    met = [c.requirement.name for c in profile.compared if c.met]
    assert met == ["Quốc phòng và an ninh"]
    assert profile.current == []  # the current post (no title) requires nothing


def test_the_profile_page_shows_qualifications_and_the_gaps_of_a_chosen_title(
    client, officer_a, cadre_in_a, requirements
):
    services.qualification_record(
        actor=SYSTEM,
        cadre=cadre_in_a,
        area="ethnic_language",
        name="Chứng chỉ tiếng Khmer trình độ B",
        awarded_on=datetime.date(2020, 5, 4),
    )
    client.force_login(officer_a)
    url = reverse("training:cadre_capacity", args=[cadre_in_a.pk])
    page = client.get(url).content.decode()
    assert "Chứng chỉ tiếng Khmer trình độ B (04/05/2020)" in page
    assert "Tiếng dân tộc thiểu số" in page
    page = client.get(url, {"title": title("chu-tich-ubnd").pk}).content.decode()
    assert "Cán bộ còn thiếu 3 yêu cầu bồi dưỡng của vị trí đó." in page
    assert "Kiến thức quản lý nhà nước" in page and "Lý luận chính trị cho Bí thư" not in page


def test_training_elsewhere_that_raises_a_qualification_updates_the_profile(cadre_in_a):
    cadre_in_a.theory_level = "so_cap"
    cadre_in_a.save()
    assert capacity.capacity_profile(cadre=cadre_in_a).theory_level == "so_cap"
    record = external(
        cadre_in_a,
        "political_theory",
        240,
        datetime.date(2025, 10, 30),
        theory_level_gained="trung_cap",
        qualification_area="political_theory",
        qualification_name="Bằng Trung cấp lý luận chính trị - hành chính",
    )
    profile = capacity.capacity_profile(cadre=cadre_in_a)
    assert profile.theory_level == "trung_cap" and profile.theory_from == record
    (area,) = [a for a in profile.areas if a.area == "political_theory"]
    # The raised level first, then the diploma that came with the training.
    assert len(area.held) == 2
    assert area.held[1] == "Bằng Trung cấp lý luận chính trị - hành chính (30/10/2025)"
    assert [c.title for c in area.training] == [record.title]
    assert Qualification.objects.get().external_training == record
    # A lower level gained elsewhere never lowers it.
    external(
        cadre_in_a, "political_theory", 40, datetime.date(2026, 1, 5), theory_level_gained="so_cap"
    )
    assert capacity.capacity_profile(cadre=cadre_in_a).theory_level == "trung_cap"


def test_a_qualification_needs_both_its_area_and_its_name(cadre_in_a):
    with pytest.raises(services.TrainingError):
        external(
            cadre_in_a,
            "digital",
            8,
            datetime.date(2025, 3, 1),
            qualification_area="digital",
            qualification_name=" ",
        )


@pytest.fixture
def plan(cadre_in_a, agency_b_unit, requirements):
    return cadre_services.rotation_plan_create(
        actor=SYSTEM,
        cadre=cadre_in_a,
        to_agency=agency_b_unit,
        to_position="Chủ tịch",
        to_title=title("chu-tich-ubnd"),
        form=RotationForm.ROTATION,
        planned_date=datetime.date(2027, 1, 1),
        planned_end=datetime.date(2030, 1, 1),
    )


def test_readiness_lists_exactly_the_missing_requirements_with_an_open_class(
    client, officer_a, plan, cadre_in_a, make_offering, lessons
):
    external(cadre_in_a, "defence_security", 16, timezone.localdate())
    make_offering("LOP-KN")  # a class of the required course, open for nomination
    readiness = capacity.rotation_readiness(plan=plan)
    assert readiness.coded
    gaps = {c.requirement.name: c.next_class for c in readiness.gaps}
    assert set(gaps) == {"Kiến thức quản lý nhà nước", "Khóa kỹ năng dân vận"}
    assert gaps["Khóa kỹ năng dân vận"].code == "LOP-KN"
    assert gaps["Kiến thức quản lý nhà nước"] is None  # no class of that kind is open
    client.force_login(officer_a)
    page = client.get(reverse("cadres:rotation_detail", args=[plan.pk])).content.decode()
    assert "Mức sẵn sàng cho vị trí mới" in page
    assert "Cán bộ còn thiếu 2 yêu cầu bồi dưỡng của vị trí mới." in page
    assert "LOP-KN" in page and "Chưa có lớp nhận cử đi học" in page


def test_a_plan_without_a_coded_post_says_it_cannot_check(cadre_in_a, agency_b_unit):
    plan = cadre_services.rotation_plan_create(
        actor=SYSTEM,
        cadre=cadre_in_a,
        to_agency=agency_b_unit,
        to_position="Chuyên viên",
        form=RotationForm.ROTATION,
        planned_date=datetime.date(2027, 1, 1),
    )
    assert not capacity.rotation_readiness(plan=plan).coded


def test_the_plan_warns_when_it_vacates_an_agency_s_only_responsible_officer(
    client, officer_a, plan, cadre_in_a, agency_a_unit, make_cadre
):
    kind = ResponsibilityKind.objects.get(code="phu-trach-dan-van")
    OfficerAssignment.objects.create(
        cadre=cadre_in_a, agency=agency_a_unit, kind=kind, start_date=datetime.date(2025, 7, 1)
    )
    (vacated,) = cadre_selectors.rotation_vacated(plan=plan)
    assert (vacated.agency, vacated.kind) == (agency_a_unit, kind)
    client.force_login(officer_a)
    page = client.get(reverse("cadres:rotation_detail", args=[plan.pk])).content.decode()
    assert "là cán bộ phụ trách duy nhất của Ủy ban nhân dân phường A" in page
    # A warning, never a block: the plan is approved all the same.
    cadre_services.rotation_plan_approve(actor=SYSTEM, plan=plan)
    # Another officer in the agency: nothing is left vacant.
    other = make_cadre("CB-A-002", "Lê Văn Bình", agency_a_unit)
    OfficerAssignment.objects.create(
        cadre=other,
        agency=agency_a_unit,
        kind=ResponsibilityKind.objects.get(code="phu-trach-mat-tran-doan-the"),
        start_date=datetime.date(2025, 7, 1),
    )
    plan.refresh_from_db()
    assert cadre_selectors.rotation_vacated(plan=plan) == []


def test_outsiders_get_404_on_the_profile(client, officer_b, cadre_in_a):
    url = reverse("training:cadre_capacity", args=[cadre_in_a.pk])
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url
    client.force_login(officer_b)
    assert client.get(url).status_code == 404


def test_leaders_read_the_profile_without_nominate_buttons(
    client, make_user, agency_a, cadre_in_a, requirements, make_offering, lessons
):
    make_offering("LOP-KN")
    client.force_login(make_user("lanhdao_a", role=Role.LEADER, agency=agency_a))
    url = reverse("training:cadre_capacity", args=[cadre_in_a.pk])
    response = client.get(url, {"title": title("chu-tich-ubnd").pk})
    page = response.content.decode()
    assert "LOP-KN" in page and "requirements/nominate" not in page


def test_the_profile_reads_the_same_number_of_queries_however_much_training(
    client, officer_a, cadre_in_a, requirements, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(officer_a)
    url = reverse("training:cadre_capacity", args=[cadre_in_a.pk])
    query = {"title": title("chu-tich-ubnd").pk}
    client.get(url, query)
    with CaptureQueriesContext(connection) as few:
        client.get(url, query)
    for day in range(1, 16):
        external(cadre_in_a, "state_management", 4, datetime.date(2025, 1, day))
        services.qualification_record(
            actor=SYSTEM, cadre=cadre_in_a, area="foreign_language", name=f"Chứng chỉ {day}"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url, query).content.decode()
    assert "Chứng chỉ 15" in page


def test_the_page_s_profile_from_the_training_record_is_the_profile_read_alone(
    cadre_in_a, requirements, make_offering, lessons, completed_in_person
):
    """The page passes the training record it shows to the profile, which takes what was
    completed, the theory level gained elsewhere and the classes under way from it: the same
    profile as one reading them itself."""
    from training import selectors

    today = timezone.localdate()
    cadre_in_a.theory_level = "so_cap"
    cadre_in_a.save()
    external(cadre_in_a, "state_management", 24, today - datetime.timedelta(days=100))
    external(cadre_in_a, "defence_security", 16, today - datetime.timedelta(days=3000))
    external(
        cadre_in_a,
        "political_theory",
        240,
        datetime.date(2025, 10, 30),
        theory_level_gained="trung_cap",
    )
    done = completed_in_person(cadre_in_a, make_offering("LOP-XONG"))
    # Six years ago: the course (valid five years) has expired, and a class of it is under way.
    done.completed_at -= datetime.timedelta(days=6 * 366)
    done.save(update_fields=["completed_at"])
    services.enrolment_request(cadre=cadre_in_a, offering=make_offering("LOP-DANG"))
    post = capacity.target_post(cadre=cadre_in_a, title=title("chu-tich-ubnd"))
    record = selectors.training_record(cadre=cadre_in_a)
    from_record = capacity.capacity_profile(cadre=cadre_in_a, compare=post, record=record)
    alone = capacity.capacity_profile(cadre=cadre_in_a, compare=post)
    assert from_record == alone
    assert from_record.theory_level == "trung_cap" and len(from_record.completions) == 4
    gaps = {c.requirement.name: (c.state, c.enrolled_in) for c in from_record.compared_gaps}
    assert gaps == {
        "Kiến thức quản lý nhà nước": (capacity.MISSING, ""),
        "Khóa kỹ năng dân vận": (capacity.EXPIRED, "LOP-DANG"),
    }
