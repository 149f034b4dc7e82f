"""Every page of the learning capability: anonymous users log in first, outsiders get 404."""

import pytest
from django.urls import reverse

from training import services
from training.models import Enrolment, ExternalTraining
from training.models import EnrolmentStatus as S

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment_a(offering, cadre_in_a):
    return services.enrolment_request(cadre=cadre_in_a, offering=offering)


def _urls(offering, enrolment, cadre):
    return [
        ("get", reverse("training:offering_list")),
        ("get", reverse("training:offering_detail", args=[offering.pk])),
        ("post", reverse("training:offering_enrol", args=[offering.pk])),
        ("get", reverse("training:my_courses")),
        ("get", reverse("training:my_record")),
        ("get", reverse("training:my_record_pdf")),
        ("post", reverse("training:enrolment_withdraw", args=[enrolment.pk])),
        ("get", reverse("training:feedback", args=[enrolment.pk])),
        ("get", reverse("training:approval_queue")),
        ("get", reverse("training:office_offering_list")),
        ("get", reverse("training:office_offering_detail", args=[offering.pk])),
        ("get", reverse("training:offering_create")),
        ("get", reverse("training:offering_edit", args=[offering.pk])),
        ("get", reverse("training:offering_nominate", args=[offering.pk])),
        ("get", reverse("training:cadre_record", args=[cadre.pk])),
        ("get", reverse("training:cadre_record_pdf", args=[cadre.pk])),
        ("get", reverse("training:external_training_new", args=[cadre.pk])),
    ]


def test_anonymous_users_are_sent_to_log_in(client, offering, enrolment_a, cadre_in_a):
    for method, url in _urls(offering, enrolment_a, cadre_in_a):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


def test_another_cadre_gets_404_on_someone_elses_enrolment(client, enrolment_a, learner_b):
    client.force_login(learner_b)
    assert client.get(reverse("training:feedback", args=[enrolment_a.pk])).status_code == 404
    url = reverse("training:enrolment_withdraw", args=[enrolment_a.pk])
    assert client.post(url).status_code == 404
    enrolment_a.refresh_from_db()
    assert enrolment_a.status == S.REQUESTED


def test_an_officer_of_agency_b_gets_404_on_agency_a_cadres(client, officer_b, cadre_in_a):
    client.force_login(officer_b)
    for name in (
        "training:cadre_record",
        "training:cadre_record_pdf",
        "training:external_training_new",
    ):
        assert client.get(reverse(name, args=[cadre_in_a.pk])).status_code == 404, name
    url = reverse("training:external_training_new", args=[cadre_in_a.pk])
    client.post(
        url,
        {
            "title": "X",
            "institution": "Y",
            "content_kind": "digital",
            "hours": 8,
            "start_date": "01/03/2026",
            "end_date": "05/03/2026",
        },
    )
    assert not ExternalTraining.objects.exists()


def test_the_approval_queue_shows_only_the_officers_own_cadres(
    client, officer_a, officer_b, enrolment_a, offering, cadre_in_b
):
    enrolment_b = services.enrolment_request(cadre=cadre_in_b, offering=offering)
    client.force_login(officer_b)
    html = client.get(reverse("training:approval_queue")).content.decode()
    assert cadre_in_b.full_name in html and "Nguyễn Thị Ánh" not in html
    # Posting agency A's enrolment id changes nothing.
    client.post(
        reverse("training:approval_queue"), {"enrolment": [enrolment_a.pk], "action": "approve"}
    )
    enrolment_a.refresh_from_db()
    assert enrolment_a.status == S.REQUESTED
    client.post(
        reverse("training:approval_queue"), {"enrolment": [enrolment_b.pk], "action": "approve"}
    )
    enrolment_b.refresh_from_db()
    assert enrolment_b.status == S.APPROVED


def test_bulk_reject_needs_a_reason(client, officer_a, enrolment_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("training:approval_queue"),
        {"enrolment": [enrolment_a.pk], "action": "reject", "reason": ""},
        follow=True,
    )
    assert "Vui lòng nêu lý do từ chối" in response.content.decode()
    enrolment_a.refresh_from_db()
    assert enrolment_a.status == S.REQUESTED


def test_only_coordinators_manage_classes(client, officer_a, coordinator, offering):
    client.force_login(officer_a)
    assert client.get(reverse("training:offering_create")).status_code == 404
    assert client.get(reverse("training:offering_edit", args=[offering.pk])).status_code == 404
    client.force_login(coordinator)
    assert client.get(reverse("training:offering_edit", args=[offering.pk])).status_code == 200


def test_cadres_cannot_open_office_pages(client, learner, offering, cadre_in_a):
    client.force_login(learner)
    for name, args in [
        ("training:approval_queue", []),
        ("training:office_offering_list", []),
        ("training:offering_nominate", [offering.pk]),
        ("training:cadre_record", [cadre_in_a.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name


def test_staff_without_a_registry_record_get_404_on_cadre_pages(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("training:my_courses")).status_code == 404


def test_a_cadre_enrols_from_the_class_page(client, learner, offering):
    client.force_login(learner)
    page = client.get(reverse("training:offering_detail", args=[offering.pk])).content.decode()
    assert "Đăng ký học" in page
    response = client.post(reverse("training:offering_enrol", args=[offering.pk]), follow=True)
    assert "Đã ghi nhận đăng ký của bạn: Chờ duyệt" in response.content.decode()
    assert Enrolment.objects.get().status == S.REQUESTED


def test_a_refused_enrolment_shows_why_and_writes_nothing(client, learner, make_offering, lessons):
    offering = make_offering(cancelled=True)
    client.force_login(learner)
    response = client.post(reverse("training:offering_enrol", args=[offering.pk]), follow=True)
    assert "Lớp học này đã bị hủy." in response.content.decode()
    assert not Enrolment.objects.exists()


def test_coordinator_opens_a_class_with_vietnamese_dates(
    client, coordinator, course, province, lessons
):
    client.force_login(coordinator)
    data = {
        "course": course.pk,
        "code": "LOP-MOI",
        "mode": "online",
        "organiser": province.pk,
        "start_date": "01/12/2026",
        "end_date": "20/12/2026",
        "capacity": 30,
        "enrol_opens": "20/11/2026",
        "enrol_closes": "30/11/2026",
        "approval_required": "on",
    }
    response = client.post(reverse("training:offering_create"), data)
    assert response.status_code == 302
    bad = {**data, "code": "LOP-SAI", "end_date": "01/11/2026"}
    response = client.post(reverse("training:offering_create"), bad)
    assert response.status_code == 200
    assert "không được trước" in response.content.decode()
    from training.models import Offering

    assert list(Offering.objects.values_list("code", flat=True)) == ["LOP-MOI"]


def test_nominating_skips_cadres_already_in_the_class_and_says_so(
    client, officer_a, offering, cadre_in_a, make_cadre, agency_a_unit
):
    other = make_cadre("CB-A-009", "Hồ Văn Tâm", agency_a_unit)
    services.enrolment_request(cadre=other, offering=offering)
    client.force_login(officer_a)
    url = reverse("training:offering_nominate", args=[offering.pk])
    page = client.get(url).content.decode()
    assert f'value="{other.pk}" id="c{other.pk}" disabled' in page  # marked as already in
    response = client.post(url, {"cadre": [cadre_in_a.pk, other.pk]}, follow=True)
    html = response.content.decode()
    assert "Đã có trong lớp, giữ nguyên: Hồ Văn Tâm." in html
    assert Enrolment.objects.get(cadre=cadre_in_a).status == S.APPROVED
    assert Enrolment.objects.get(cadre=other).status == S.REQUESTED  # left as it was


def test_a_refused_nomination_names_nobody_and_keeps_the_ticks(
    client, officer_a, offering, cadre_in_a, make_cadre, agency_a_unit
):
    from cadres.models import CadreCategory

    offering.eligible_categories.add(CadreCategory.objects.get(code="vien-chuc"))
    fits = make_cadre(
        "CB-A-010",
        "Lý Thị Hồng",
        agency_a_unit,
        category=CadreCategory.objects.get(code="vien-chuc"),
    )
    client.force_login(officer_a)
    url = reverse("training:offering_nominate", args=[offering.pk])
    response = client.post(url, {"cadre": [cadre_in_a.pk, fits.pk]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chưa cử ai đi học, vì:" in html and "Nguyễn Thị Ánh:" in html
    assert f'value="{fits.pk}" id="c{fits.pk}" checked' in html  # the choice is kept
    assert not Enrolment.objects.exists()


def test_external_training_counts_toward_the_yearly_target(client, officer_a, cadre_in_a):
    from cadres.models import CadreCategory
    from training.models import HoursTarget

    category = CadreCategory.objects.get(code="cong-chuc")
    cadre_in_a.category = category
    cadre_in_a.save()
    HoursTarget.objects.create(category=category, year=2026, hours=40)
    client.force_login(officer_a)
    response = client.post(
        reverse("training:external_training_new", args=[cadre_in_a.pk]),
        {
            "title": "Trung cấp lý luận chính trị",
            "institution": "Trường Chính trị tỉnh",
            "content_kind": "political_theory",
            "hours": 44,
            "start_date": "02/02/2026",
            "end_date": "30/06/2026",
            "theory_level_gained": "trung_cap",
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("training:cadre_record", args=[cadre_in_a.pk])).content.decode()
    assert "Trường Chính trị tỉnh" in html
    assert ">44<" in html.replace(" ", "") or "44" in html
    bad = client.post(
        reverse("training:external_training_new", args=[cadre_in_a.pk]),
        {
            "title": "X",
            "institution": "Y",
            "content_kind": "digital",
            "hours": 4,
            "start_date": "05/03/2026",
            "end_date": "01/03/2026",
        },
    )
    assert "“Ngày kết thúc” không được trước “Ngày bắt đầu”" in bad.content.decode()
    assert ExternalTraining.objects.count() == 1
