"""The pages of those who run a class held in person, and the learner's side of it: access
(organisers of the class and coordinators only), the attendance sheet, the results form, the
check-in from a phone through the login, the class workbook imported back all or nothing, the
roster PDF and the calendar file."""

import datetime
import io
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cadres.access import SYSTEM
from cadres.models import ImportJob, JobStatus
from cadres.roles import Role
from training import classroom, services
from training.models import Attendance, AttendanceStatus, GradingScheme, OfferingMode, Result

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(make_user, in_person):
    """A teacher of the political school, named by the coordinator as the class's organiser."""
    user = make_user("giangvien", role=Role.PERSONNEL_OFFICER, first_name="Hà", last_name="Lê")
    classroom.organisers_set(actor=SYSTEM, offering=in_person, users=[user])
    return user


@pytest.fixture
def other_class(make_offering, today, make_user):
    """Another class held in person, with an organiser of its own."""
    offering = make_offering("LOP-KHAC", mode=OfferingMode.IN_PERSON, approval_required=False)
    user = make_user("giangvien2", role=Role.PERSONNEL_OFFICER)
    classroom.organisers_set(actor=SYSTEM, offering=offering, users=[user])
    return offering, user


def runner_urls(offering):
    session = offering.sessions.first()
    by_class = {"pk": offering.pk}
    by_session = {"pk": offering.pk, "session_pk": session.pk}
    return [
        reverse("training:class_run", kwargs=by_class),
        reverse("training:session_create", kwargs=by_class),
        reverse("training:session_edit", kwargs=by_session),
        reverse("training:session_attendance", kwargs=by_session),
        reverse("training:session_check_in", kwargs=by_session),
        reverse("training:session_roster", kwargs=by_session),
        reverse("training:class_sheet", kwargs=by_class),
        reverse("training:class_sheet_import", kwargs=by_class),
        reverse("training:class_results", kwargs=by_class),
    ]


def test_the_organiser_and_coordinators_open_every_page_of_the_class(
    client, in_person, learners, organiser, coordinator
):
    for user in (organiser, coordinator):
        client.force_login(user)
        for url in runner_urls(in_person):
            assert client.get(url).status_code == 200, (user.username, url)
    client.force_login(organiser)
    home = client.get(reverse("training:runner_home")).content.decode()
    assert in_person.code in home
    menu = client.get("/").content.decode()
    assert reverse("training:runner_home") in menu  # "Lớp tôi phụ trách" in the menu


def test_outsiders_get_404_and_anonymous_visitors_log_in(
    client, in_person, learners, other_class, officer_a, learner, leader, organiser
):
    urls = runner_urls(in_person) + [reverse("training:class_decision", args=[in_person.pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/")
    _other, other_organiser = other_class
    for user in (other_organiser, officer_a, learner, leader):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.username, url)
            assert client.post(url).status_code == 404, (user.username, url)
    # The organiser of this class runs it, but the decision is the coordinator's.
    client.force_login(organiser)
    assert client.get(urls[-1]).status_code == 404


def test_an_online_class_has_no_sessions_to_run(client, offering, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("training:class_run", args=[offering.pk])).status_code == 404


def test_a_session_of_another_class_is_a_404(client, in_person, other_class, coordinator):
    other, _user = other_class
    session = in_person.sessions.first()
    client.force_login(coordinator)
    url = reverse("training:session_attendance", args=[other.pk, session.pk])
    assert client.get(url).status_code == 404


def test_attendance_is_marked_in_bulk_and_shows_on_the_class_page(
    client, in_person, learners, organiser
):
    session = in_person.sessions.first()
    client.force_login(organiser)
    url = reverse("training:session_attendance", args=[in_person.pk, session.pk])
    data = {
        f"mark-{learners[0].pk}": AttendanceStatus.PRESENT,
        f"mark-{learners[1].pk}": AttendanceStatus.EXCUSED,
        f"mark-{learners[2].pk}": AttendanceStatus.ABSENT,
    }
    response = client.post(url, data, follow=True)
    assert "Đã lưu 3 điểm danh." in response.content.decode()
    marks = dict(session.attendances.values_list("enrolment_id", "status"))
    assert marks == {
        learners[0].pk: AttendanceStatus.PRESENT,
        learners[1].pk: AttendanceStatus.EXCUSED,
        learners[2].pk: AttendanceStatus.ABSENT,
    }
    # A value that is no mark: said, and nothing changes.
    response = client.post(url, {f"mark-{learners[0].pk}": "gone"}, follow=True)
    assert response.status_code == 200
    assert session.attendances.get(enrolment=learners[0]).status == AttendanceStatus.PRESENT


def test_results_form_grades_scores_and_refuses_a_score_out_of_range(
    client, in_person, learners, organiser
):
    in_person.grading_scheme = GradingScheme.objects.get(code="thang-diem-10")
    in_person.save()
    client.force_login(organiser)
    url = reverse("training:class_results", args=[in_person.pk])
    page = client.get(url).content.decode()
    assert "Thang điểm 10" in page and "Giỏi" in page  # the bands are shown
    response = client.post(url, {f"result-{learners[0].pk}": "12"})
    assert response.status_code == 200
    assert "10" in response.content.decode() and not Result.objects.exists()
    client.post(url, {f"result-{learners[0].pk}": "8,5", f"result-{learners[1].pk}": "4"})
    grades = dict(Result.objects.values_list("enrolment_id", "grade"))
    assert grades == {learners[0].pk: "Giỏi", learners[1].pk: "Không đạt"}


class TestCheckInFromAPhone:
    @pytest.fixture
    def session(self, in_person):
        """Today's session, set around the present moment so the real clock is inside it."""
        session = in_person.sessions.get(date=timezone.localdate())
        now = timezone.localtime()
        start = max(now - datetime.timedelta(hours=1), now.replace(hour=0, minute=0))
        end = min(now + datetime.timedelta(hours=1), now.replace(hour=23, minute=59))
        session.starts_at, session.ends_at = start.time(), end.time()
        session.save()
        return session

    def test_the_screen_shows_a_code_whose_address_checks_in_after_the_login(
        self, client, session, learner, organiser, settings
    ):
        settings.SITE_URL = "https://daotao.example.vn"
        enrolment = services.enrolment_request(cadre=learner.cadre, offering=session.offering)
        client.force_login(organiser)
        screen = client.get(
            reverse("training:session_check_in", args=[session.offering_id, session.pk])
        )
        address = screen.context["url"]
        assert address.startswith("https://daotao.example.vn/learn/check-in/")
        assert 'http-equiv="refresh"' in screen.content.decode()
        client.logout()
        # The phone is not logged in: the scan's moment rides through the login, signed.
        path = urlsplit(address).path
        to_login = client.get(path)
        assert to_login.status_code == 302
        next_url = parse_qs(urlsplit(to_login["Location"]).query)["next"][0]
        client.force_login(learner)
        done = client.get(next_url)
        assert done.status_code == 200
        assert "Bạn đã được điểm danh có mặt" in done.content.decode()
        mark = Attendance.objects.get(enrolment=enrolment, session=session)
        assert (mark.status, mark.source) == (AttendanceStatus.PRESENT, "check_in")
        client.force_login(organiser)
        screen = client.get(
            reverse("training:session_check_in", args=[session.offering_id, session.pk])
        )
        assert learner.cadre.full_name in screen.content.decode()

    def test_a_wrong_code_is_refused_with_a_message_and_a_forged_token_is_a_404(
        self, client, session, learner
    ):
        services.enrolment_request(cadre=learner.cadre, offering=session.offering)
        client.force_login(learner)
        response = client.get(reverse("training:check_in", args=[session.pk, "ABCDEFGH"]))
        assert response.status_code == 400
        assert "không phải mã của buổi học này" in response.content.decode()
        assert not Attendance.objects.exists()
        forged = client.get(reverse("training:check_in_confirm") + "?t=abc")
        assert forged.status_code == 404

    def test_a_code_typed_from_the_screen_checks_in_too(self, client, session, learner):
        enrolment = services.enrolment_request(cadre=learner.cadre, offering=session.offering)
        client.force_login(learner)
        page = client.get(reverse("training:offering_detail", args=[session.offering_id]))
        typed = reverse("training:check_in_typed", args=[session.pk])
        assert typed in page.content.decode()  # the form, while the session takes attendance
        wrong = client.post(typed, {"code": "ZZZZ0000"})
        assert wrong.status_code == 400 and not Attendance.objects.exists()
        done = client.post(typed, {"code": classroom.check_in_code(session).lower()})
        assert done.status_code == 200
        assert Attendance.objects.get(enrolment=enrolment).status == AttendanceStatus.PRESENT
        page = client.get(reverse("training:offering_detail", args=[session.offering_id]))
        assert typed not in page.content.decode()  # marked: no form any more


def _upload(client, offering, workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("lop.xlsx", buffer.getvalue())
    url = reverse("training:class_sheet_import", args=[offering.pk])
    return client.post(url, {"file": upload})


def _sheet(client, offering):
    response = client.get(reverse("training:class_sheet", args=[offering.pk]))
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_the_class_workbook_comes_back_filled_in_and_is_written_on_confirm(
    client, in_person, learners, organiser
):
    client.force_login(organiser)
    workbook = _sheet(client, in_person)
    assert workbook.sheetnames == ["Điểm danh", "Danh sách học viên", "Bảng ký tên"]
    sheet = workbook["Điểm danh"]
    headers = [c.value for c in sheet[3]]
    assert headers[:3] == ["Mã cán bộ", "Họ và tên", "Đơn vị"] and headers[-1] == "Kết quả"
    sign_in = [c.value for c in workbook["Bảng ký tên"][3]]
    assert sign_in[3].endswith("Ký tên") and len(sign_in) == 3 + 3
    for row in sheet.iter_rows(min_row=4):
        row[3].value, row[4].value, row[5].value, row[6].value = "x", "m", "p", "Đạt"
    response = _upload(client, in_person, workbook)
    job = ImportJob.objects.get()
    assert response.url == reverse("training:class_sheet_job", args=[in_person.pk, job.pk])
    page = client.get(response.url).content.decode()
    assert "Mọi dòng đều hợp lệ" in page and not Attendance.objects.exists()
    client.post(response.url, {"confirm": "1"})
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Attendance.objects.filter(source="import").count() == 9
    assert set(Attendance.objects.values_list("status", flat=True)) == {
        "present",
        "late",
        "excused",
    }
    assert Result.objects.filter(passed=True).count() == 3


def test_a_class_workbook_with_one_bad_cell_writes_nothing_and_says_where(
    client, in_person, learners, organiser
):
    client.force_login(organiser)
    workbook = _sheet(client, in_person)
    sheet = workbook["Điểm danh"]
    for row in sheet.iter_rows(min_row=4):
        row[3].value, row[6].value = "x", "Đạt"
    sheet["E5"] = "có lẽ"  # row 5, the second session's column
    sheet["A6"] = "CB-KHONG-CO"
    response = _upload(client, in_person, workbook)
    page = client.get(response.url).content.decode()
    assert "Ghi Có mặt, Đi muộn, Vắng có phép hoặc Vắng" in page
    assert "Không có học viên nào của lớp mang mã cán bộ này." in page
    assert "có lẽ" in page and "CB-KHONG-CO" in page
    job = ImportJob.objects.get()
    assert [(p["row"], p["column"]) for p in job.problems] == [
        (5, sheet["E3"].value),
        (6, "Mã cán bộ"),
    ]
    client.post(response.url, {"confirm": "1"})
    assert not Attendance.objects.exists() and not Result.objects.exists()


def test_the_roster_pdf_lists_the_learners_with_a_column_to_sign(
    client, in_person, learners, organiser
):
    session = in_person.sessions.first()
    client.force_login(organiser)
    response = client.get(reverse("training:session_roster", args=[in_person.pk, session.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Ký tên" in text and in_person.code in text
    assert f"{session.date:%d/%m/%Y}" in text
    for enrolment in learners:
        assert enrolment.cadre.full_name in text
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("BeVietnamPro" in name for name in fonts)


def test_a_learner_downloads_the_class_calendar_and_nobody_else_does(
    client, in_person, learner, learner_b
):
    enrolment = services.enrolment_request(cadre=learner.cadre, offering=in_person)
    url = reverse("training:enrolment_calendar", args=[enrolment.pk])
    assert client.get(url).status_code == 302
    client.force_login(learner_b)
    assert client.get(url).status_code == 404
    client.force_login(learner)
    response = client.get(url)
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert body.count("BEGIN:VEVENT") == 3 and "Hội trường A" in body


def test_the_decision_page_confirms_and_issues_for_the_coordinator(
    client, in_person, learners, coordinator, issuing_body
):
    for enrolment in learners[:2]:
        for session in in_person.sessions.all():
            classroom.attendance_mark(
                actor=SYSTEM, session=session, marks={enrolment.pk: AttendanceStatus.PRESENT}
            )
        classroom.result_save(actor=SYSTEM, enrolment=enrolment, score=None, passed=True)
    client.force_login(coordinator)
    url = reverse("training:class_decision", args=[in_person.pk])
    page = client.get(url).content.decode()
    assert "Đủ điều kiện" in page or "Hoàn thành" in page
    response = client.post(
        url,
        {
            "number": "12/QĐ-TCT",
            "decided_on": timezone.localdate().strftime("%d/%m/%Y"),
            "signer_name": "Lê Văn Bình",
            "signer_title": "Hiệu trưởng",
        },
        follow=True,
    )
    assert "Đã ghi quyết định số 12/QĐ-TCT: 2 học viên hoàn thành, 1 chưa hoàn thành" in (
        response.content.decode()
    )
    assert in_person.enrolments.filter(certificates__decision_number="12/QĐ-TCT").count() == 2
    credited = sorted(in_person.enrolments.values_list("hours_credited", flat=True))
    assert credited == [0, in_person.course.periods, in_person.course.periods]
    # Decided once: the page now shows the decision and offers no second one.
    again = client.get(url).content.decode()
    assert "12/QĐ-TCT" in again and 'name="number"' not in again


def test_the_learner_sees_the_schedule_their_marks_and_why_they_have_not_completed(
    client, in_person, learner
):
    enrolment = services.enrolment_request(cadre=learner.cadre, offering=in_person)
    first, second, _third = in_person.sessions.all()
    classroom.attendance_mark(
        actor=SYSTEM, session=first, marks={enrolment.pk: AttendanceStatus.PRESENT}
    )
    classroom.attendance_mark(
        actor=SYSTEM, session=second, marks={enrolment.pk: AttendanceStatus.EXCUSED}
    )
    client.force_login(learner)
    page = client.get(reverse("training:offering_detail", args=[in_person.pk])).content.decode()
    assert "Lịch học" in page and "Hội trường A, Trường Chính trị tỉnh" in page
    assert "Vắng có phép" in page  # their own mark of the second session
    # 4 of 10 periods: the excused absence counts as absent by the class's rule, said so.
    assert "Đã tham dự 4/10 tiết (40%" in page
    assert "vắng có phép được tính là vắng" in page
    assert "Chưa có kết quả" in page
    assert reverse("training:enrolment_calendar", args=[enrolment.pk]) in page
    courses = client.get(reverse("training:my_courses")).content.decode()
    assert "Lịch học: 3 buổi" in courses


def test_after_the_decision_the_class_is_read_only(client, in_person, learners, coordinator):
    for enrolment in learners:
        for session in in_person.sessions.all():
            classroom.attendance_mark(
                actor=SYSTEM, session=session, marks={enrolment.pk: AttendanceStatus.PRESENT}
            )
        classroom.result_save(actor=SYSTEM, enrolment=enrolment, passed=True)
    classroom.completion_decide(
        actor=coordinator,
        offering=in_person,
        number="12/QĐ-TCT",
        decided_on=timezone.localdate(),
        signer_name="Lê Văn Bình",
        signer_title="Hiệu trưởng",
    )
    session = in_person.sessions.first()
    with pytest.raises(services.TrainingError) as error:
        classroom.attendance_mark(
            actor=coordinator, session=session, marks={learners[0].pk: AttendanceStatus.ABSENT}
        )
    assert "12/QĐ-TCT" in error.value.messages[0]
    client.force_login(coordinator)
    page = client.get(reverse("training:class_run", args=[in_person.pk])).content.decode()
    assert reverse("training:class_results", args=[in_person.pk]) not in page
    assert reverse("training:session_roster", args=[in_person.pk, session.pk]) in page
    response = client.get(
        reverse("training:session_attendance", args=[in_person.pk, session.pk]), follow=True
    )
    assert "không thể thay đổi buổi học, điểm danh và kết quả" in response.content.decode()
    assert session.attendances.get(enrolment=learners[0]).status == AttendanceStatus.PRESENT
