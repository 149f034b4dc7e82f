"""Classes held in person: attendance counted by the class's rule, results and grades, check-in
by a code that changes every minute, and completion by decision."""

import datetime
import io
from decimal import Decimal

import pypdf
import pytest
from django.utils import timezone

from cadres.access import SYSTEM
from training import certificate_printing, classroom, register_book, selectors, services
from training.models import (
    AttendanceStatus,
    EnrolmentStatus,
    GradingScheme,
    OfferingMode,
    Session,
)
from training.services import TrainingError

pytestmark = pytest.mark.django_db
P, L, E, A = "present", "late", "excused", "absent"


def mark(offering, enrolment, statuses):
    for session, status in zip(offering.sessions.all(), statuses, strict=True):
        classroom.attendance_mark(actor=SYSTEM, session=session, marks={enrolment.pk: status})


def check(offering, enrolment):
    return selectors.completion_checks(offering, [enrolment])[enrolment.pk]


def test_attendance_counts_periods_by_the_class_rule(in_person, learners):
    learner = learners[0]
    mark(in_person, learner, [P, L, E])  # 4 + 4 + 2 periods
    assert check(in_person, learner).share_percent == 80  # late counts, excused does not
    in_person.excused_counts_as_present = True
    assert check(in_person, learner).share_percent == 100
    in_person.late_counts_as_present = False
    in_person.excused_counts_as_present = False
    assert check(in_person, learner).share_percent == 40


def test_completion_needs_both_the_attendance_share_and_a_passing_result(in_person, learners):
    course = in_person.course
    course.min_attendance_percent = 80
    course.save()
    present, short = learners[0], learners[1]
    mark(in_person, present, [P, P, A])  # 8 of 10 periods
    mark(in_person, short, [P, A, A])  # 4 of 10
    assert check(in_person, present).reasons == ["Chưa có kết quả học tập."]
    for enrolment in (present, short):
        classroom.result_save(actor=SYSTEM, enrolment=enrolment, passed=True)
    assert check(in_person, present).qualifies
    reasons = check(in_person, short).reasons
    assert reasons == ["Số tiết tham dự đạt 40%; cần ít nhất 80%."]
    classroom.result_save(actor=SYSTEM, enrolment=present, passed=False)
    assert not check(in_person, present).qualifies


def test_a_graded_class_gives_the_grade_of_the_band_reached(in_person, learners):
    in_person.grading_scheme = GradingScheme.objects.get(code="thang-diem-10")
    in_person.save()
    result = classroom.result_save(actor=SYSTEM, enrolment=learners[0], score=Decimal("8.5"))
    assert (result.grade, result.passed) == ("Giỏi", True)
    result = classroom.result_save(actor=SYSTEM, enrolment=learners[1], score=Decimal("4.75"))
    assert (result.grade, result.passed) == ("Không đạt", False)
    assert classroom.parse_score("9,25", Decimal(10)) == Decimal("9.25")
    with pytest.raises(TrainingError):
        classroom.parse_score("11", Decimal(10))


def test_the_decision_completes_those_who_qualify_once_and_says_why_for_the_others(
    in_person, learners, coordinator, issuing_body
):
    done, absent, no_result = learners
    mark(in_person, done, [P, P, P])
    mark(in_person, absent, [A, A, P])
    mark(in_person, no_result, [P, P, P])
    classroom.result_save(actor=SYSTEM, enrolment=done, passed=True)
    classroom.result_save(actor=SYSTEM, enrolment=absent, passed=True)
    outcome = classroom.completion_decide(
        actor=coordinator,
        offering=in_person,
        number="45/QĐ-TCT",
        decided_on=timezone.localdate(),
        signer_name="Lê Văn Bình",
        signer_title="Hiệu trưởng",
    )
    for enrolment in learners:
        enrolment.refresh_from_db()
    assert done.status == EnrolmentStatus.COMPLETED and done.hours_credited == 16
    assert [c.enrolment_id for c in outcome.certificates] == [done.pk]
    assert absent.status == EnrolmentStatus.FAILED and "Số tiết tham dự đạt 20%" in absent.reason
    assert no_result.status == EnrolmentStatus.FAILED and "Chưa có kết quả" in no_result.reason
    with pytest.raises(TrainingError) as error:
        classroom.completion_decide(
            actor=coordinator,
            offering=in_person,
            number="46/QĐ-TCT",
            decided_on=timezone.localdate(),
            signer_name="x",
            signer_title="y",
        )
    assert "45/QĐ-TCT" in error.value.messages[0]
    done.refresh_from_db()
    assert done.hours_credited == 16  # credited once


def test_a_blended_class_also_needs_its_online_part(
    make_offering, lessons, cadre_in_a, quiz_answers, today
):
    offering = make_offering("LOP-KH", mode=OfferingMode.BLENDED, approval_required=False)
    classroom.session_save(
        actor=SYSTEM,
        session=Session(
            offering=offering,
            date=today,
            starts_at=datetime.time(14, 0),
            ends_at=datetime.time(16, 0),
            periods=3,
            place="Phòng 2",
        ),
    )
    enrolment = services.enrolment_request(cadre=cadre_in_a, offering=offering)
    mark(offering, enrolment, [P])
    classroom.result_save(actor=SYSTEM, enrolment=enrolment, passed=True)
    assert check(offering, enrolment).reasons == [
        "Phần học trực tuyến (mọi bài học và bài kiểm tra) chưa xong."
    ]
    for lesson in lessons:
        services.lesson_open(enrolment=enrolment, lesson=lesson)
    block_id, answers = quiz_answers
    services.quiz_submit(enrolment=enrolment, lesson=lessons[1], block_id=block_id, answers=answers)
    assert check(offering, enrolment).qualifies


class TestCheckIn:
    # A fixed moment of the day: a session "around now" would cross midnight late at night.
    @pytest.fixture
    def moment(self):
        zone = timezone.get_current_timezone()
        return timezone.make_aware(
            datetime.datetime.combine(timezone.localdate(), datetime.time(9, 10)), zone
        )

    @pytest.fixture
    def now_session(self, in_person):
        """The session of today, 09:00 to 10:00; `moment` is ten minutes into it."""
        session = in_person.sessions.get(date=timezone.localdate())
        session.starts_at, session.ends_at = datetime.time(9, 0), datetime.time(10, 0)
        session.save()
        return session

    def test_a_learner_checks_in_with_the_code_of_the_minute(
        self, moment, now_session, learners, learner
    ):
        enrolment = services.enrolment_request(cadre=learner.cadre, offering=now_session.offering)
        code = classroom.check_in_code(now_session, moment)
        classroom.attendance_check_in(
            user=learner, session=now_session, code=code, scanned_at=moment
        )
        mark = now_session.attendances.get(enrolment=enrolment)
        assert (mark.status, mark.source) == (AttendanceStatus.PRESENT, "check_in")

    def test_the_code_of_the_minute_before_still_works_an_older_one_does_not(
        self, moment, now_session, learner
    ):
        services.enrolment_request(cadre=learner.cadre, offering=now_session.offering)
        now = moment
        previous = classroom.check_in_code(now_session, now - datetime.timedelta(minutes=1))
        older = classroom.check_in_code(now_session, now - datetime.timedelta(minutes=3))
        assert classroom.check_in_problem(now_session, previous, now) is None
        with pytest.raises(TrainingError) as error:
            classroom.attendance_check_in(
                user=learner, session=now_session, code=older, scanned_at=now
            )
        assert "không phải mã của buổi học này" in error.value.messages[0]

    def test_another_sessions_code_is_refused(self, moment, now_session, in_person, learner):
        services.enrolment_request(cadre=learner.cadre, offering=in_person)
        other = in_person.sessions.exclude(pk=now_session.pk).first()
        code = classroom.check_in_code(other, moment)
        with pytest.raises(TrainingError):
            classroom.attendance_check_in(
                user=learner, session=now_session, code=code, scanned_at=moment
            )

    def test_outside_the_window_is_refused_with_its_hours(
        self, moment, now_session, learner, settings
    ):
        services.enrolment_request(cadre=learner.cadre, offering=now_session.offering)
        later = moment + datetime.timedelta(hours=2)
        code = classroom.check_in_code(now_session, later)
        problem = classroom.check_in_problem(now_session, code, later)
        assert problem.startswith("Buổi học này nhận điểm danh từ")
        settings.CHECK_IN_CLOSES_AFTER_MINUTES = 180  # the margins are settings
        assert classroom.check_in_problem(now_session, code, later) is None

    def test_a_cadre_not_in_the_class_or_not_approved_is_refused(
        self, moment, now_session, learner, learner_b, cadre_in_b
    ):
        code = classroom.check_in_code(now_session, moment)
        with pytest.raises(TrainingError) as error:
            classroom.attendance_check_in(
                user=learner_b, session=now_session, code=code, scanned_at=moment
            )
        assert "không phải học viên của lớp" in error.value.messages[0]
        offering = now_session.offering
        offering.approval_required = True
        offering.save()
        services.enrolment_request(cadre=learner.cadre, offering=offering)  # a request only
        with pytest.raises(TrainingError) as error:
            classroom.attendance_check_in(
                user=learner, session=now_session, code=code, scanned_at=moment
            )
        assert "chưa được duyệt" in error.value.messages[0]


def test_a_certificate_by_decision_prints_the_decision_and_the_grade_and_the_book_lists_them(
    in_person, learners, coordinator, issuing_body
):
    in_person.grading_scheme = GradingScheme.objects.get(code="thang-diem-10")
    in_person.save()
    good, fair, _absent = learners
    for enrolment, score in ((good, "8.5"), (fair, "7")):
        mark(in_person, enrolment, [P, P, P])
        classroom.result_save(actor=SYSTEM, enrolment=enrolment, score=Decimal(score))
    decided = timezone.localdate()
    outcome = classroom.completion_decide(
        actor=coordinator,
        offering=in_person,
        number="45/QĐ-TCT",
        decided_on=decided,
        signer_name="Lê Văn Bình",
        signer_title="Hiệu trưởng",
    )
    by_enrolment = {c.enrolment_id: c for c in outcome.certificates}
    certificate = by_enrolment[good.pk]
    assert (certificate.decision_number, certificate.decision_date, certificate.grade) == (
        "45/QĐ-TCT",
        decided,
        "Giỏi",
    )
    single = pypdf.PdfReader(io.BytesIO(certificate_printing.certificate_pdf(certificate)))
    text = single.pages[0].extract_text()
    assert f"Quyết định số 45/QĐ-TCT ngày {decided:%d/%m/%Y}" in text
    assert "Xếp loại:" in text and "Giỏi" in text
    assert len(single.pages) == 1  # the two extra lines still fit the page
    # In a batch the grade is drawn over the shared page: each page carries its own.
    batch = pypdf.PdfReader(io.BytesIO(certificate_printing.batch_pdf(outcome.certificates)))
    grades = {page.extract_text().count("Giỏi") > 0 for page in batch.pages}
    assert len(batch.pages) == 2 and grades == {True, False}
    assert any("Khá" in page.extract_text() for page in batch.pages)
    # The register book lists the decision and the grade.
    rows = register_book.register_book_frame(outcome.certificates).to_dict("records")
    assert {(r["Quyết định"], r["Xếp loại"]) for r in rows} == {
        (f"45/QĐ-TCT, {decided:%d/%m/%Y}", "Giỏi"),
        (f"45/QĐ-TCT, {decided:%d/%m/%Y}", "Khá"),
    }


def test_a_session_to_come_takes_only_an_excused_absence_and_no_decision_comes_before_it(
    in_person, learners, coordinator, today
):
    later = classroom.session_save(
        actor=SYSTEM,
        session=Session(
            offering=in_person,
            date=today + datetime.timedelta(days=1),
            starts_at=datetime.time(7, 30),
            ends_at=datetime.time(11, 0),
            periods=2,
            place="Hội trường A",
        ),
    )
    with pytest.raises(TrainingError) as error:
        classroom.attendance_mark(actor=SYSTEM, session=later, marks={learners[0].pk: P})
    assert "chưa diễn ra" in error.value.messages[0]
    classroom.attendance_mark(actor=SYSTEM, session=later, marks={learners[0].pk: E})
    assert later.attendances.get().status == E
    with pytest.raises(TrainingError) as error:
        classroom.completion_decide(
            actor=coordinator,
            offering=in_person,
            number="47/QĐ-TCT",
            decided_on=today,
            signer_name="Lê Văn Bình",
            signer_title="Hiệu trưởng",
        )
    assert f"{later.date:%d/%m/%Y}" in error.value.messages[0]
    assert not in_person.enrolments.filter(status=EnrolmentStatus.COMPLETED).exists()
