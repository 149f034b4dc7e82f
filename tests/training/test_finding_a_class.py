"""From a course to its classes: the course page lists what one can still join, the classes page
groups open and coming classes apart from one's own, and leaving a class asks first."""

import datetime

import pytest
from django.urls import reverse

from training import services
from training.models import Enrolment, EnrolmentStatus

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def classes(make_offering, lessons, today):
    return {
        "open": make_offering("LOP-MO", approval_required=False),
        "soon": make_offering("LOP-SAP", enrol_opens=today + 3 * DAY, enrol_closes=today + 9 * DAY),
        "closed": make_offering("LOP-DONG", enrol_opens=today - 9 * DAY, enrol_closes=today - DAY),
        "mine": make_offering("LOP-CUA-TOI", approval_required=False),
    }


def test_the_course_page_lists_the_classes_one_can_join(
    client, learner, cadre_in_a, course, classes
):
    services.enrolment_request(cadre=cadre_in_a, offering=classes["mine"])
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert "Các lớp của khóa học này" in html
    assert (
        "LOP-MO" in html and reverse("training:offering_enrol", args=[classes["open"].pk]) in html
    )
    assert "LOP-SAP" in html and "mở đăng ký từ" in html
    assert "LOP-DONG" not in html  # nobody can join a closed window
    assert "Bạn đang học lớp LOP-CUA-TOI" in html
    assert reverse("training:offering_enrol", args=[classes["mine"].pk]) not in html


def test_enrolling_from_the_course_page(client, learner, cadre_in_a, course, classes):
    client.force_login(learner)
    client.post(reverse("training:offering_enrol", args=[classes["open"].pk]))
    assert Enrolment.objects.get(cadre=cadre_in_a).status == EnrolmentStatus.APPROVED
    assert "Bạn đang học lớp LOP-MO" in client.get(course.url).content.decode()


def test_visitors_are_asked_to_log_in_to_enrol(client, course, classes):
    html = client.get(course.url).content.decode()
    assert "LOP-MO" in html and "Đăng nhập để đăng ký học" in html
    assert "offering_enrol" not in html and "/enrol/" not in html


def test_the_course_page_costs_the_same_queries_with_more_classes(
    client, learner, course, classes, make_offering, django_assert_max_num_queries
):
    client.force_login(learner)
    client.get(course.url)  # warm the page's caches
    with django_assert_max_num_queries(14) as few:
        client.get(course.url)
    first = len(few.captured_queries)  # the log is emptied when the next request starts
    for number in range(8):
        make_offering(f"LOP-THEM-{number}")
    client.get(course.url)  # the new classes retired the roles kept for the visitor
    with django_assert_max_num_queries(first):
        client.get(course.url)


def test_the_classes_page_groups_open_and_coming_classes_apart_from_ones_own(
    client, learner, cadre_in_a, classes
):
    services.enrolment_request(cadre=cadre_in_a, offering=classes["mine"])
    client.force_login(learner)
    html = client.get(reverse("training:offering_list")).content.decode()
    open_now, _sep, rest = html.partition("Sắp mở đăng ký")
    assert "LOP-MO" in open_now and "LOP-SAP" in rest
    assert "LOP-DONG" not in html and "LOP-CUA-TOI" not in html
    assert "Bạn đang có 1 lớp chưa kết thúc" in html


def test_withdrawing_asks_first(client, learner, cadre_in_a, classes):
    enrolment = services.enrolment_request(cadre=cadre_in_a, offering=classes["open"])
    client.force_login(learner)
    url = reverse("training:enrolment_withdraw", args=[enrolment.pk])
    detail = client.get(reverse("training:offering_detail", args=[classes["open"].pk]))
    assert url in detail.content.decode()
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Rút khỏi lớp học?" in confirm.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.APPROVED  # a GET changes nothing
    client.post(url)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN


def test_another_cadre_cannot_see_or_withdraw_ones_enrolment(
    client, learner_b, cadre_in_a, classes
):
    enrolment = services.enrolment_request(cadre=cadre_in_a, offering=classes["open"])
    client.force_login(learner_b)
    url = reverse("training:enrolment_withdraw", args=[enrolment.pk])
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404


def test_the_approval_queue_approves_without_a_reason_and_shows_free_seats(
    client, officer_a, cadre_in_a, make_offering, lessons
):
    offering = make_offering("LOP-DUYET", capacity=3)
    enrolment = services.enrolment_request(cadre=cadre_in_a, offering=offering)
    client.force_login(officer_a)
    url = reverse("training:approval_queue")
    html = client.get(url).content.decode()
    assert "required" not in html.split('name="reason"')[1].split(">")[0]
    assert "Còn 2 chỗ trống" in html  # the request holds one of the three
    assert 'data-select-all="enrolment"' in html
    client.post(url, {"enrolment": [enrolment.pk], "action": "approve"})
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.APPROVED


def test_after_joining_the_class_page_leads_to_the_first_lesson(
    client, learner, cadre_in_a, lessons, classes, make_offering
):
    client.force_login(learner)
    response = client.post(reverse("training:offering_enrol", args=[classes["open"].pk]))
    html = client.get(response["Location"]).content.decode()
    assert f'href="{lessons[0].url}">Bắt đầu học</a>' in html
    # Waiting for approval: no way into the lessons yet, only the way out.
    asking = make_offering("LOP-CAN-DUYET", approval_required=True)
    services.enrolment_request(cadre=cadre_in_a, offering=asking)
    html = client.get(reverse("training:offering_detail", args=[asking.pk])).content
    assert "Bắt đầu học" not in html.decode() and "Rút khỏi lớp" in html.decode()
