import datetime

import pytest
from django.urls import reverse

from training import services
from training.models import Enrolment, LessonProgress, QuizAttempt
from training.models import EnrolmentStatus as S
from training.services import TrainingError

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(make_offering, lessons, cadre_in_a, learner):
    offering = make_offering(approval_required=False)
    return services.enrolment_request(cadre=cadre_in_a, offering=offering)


def test_opening_a_lesson_records_progress_and_starts_the_course(
    client, learner, approved, lessons
):
    client.force_login(learner)
    response = client.get(lessons[0].url)
    assert response.status_code == 200
    approved.refresh_from_db()
    assert approved.status == S.IN_PROGRESS
    assert LessonProgress.objects.filter(enrolment=approved, lesson=lessons[0]).count() == 1
    client.get(lessons[0].url)  # opening again adds nothing
    assert LessonProgress.objects.filter(enrolment=approved).count() == 1


def test_lessons_opened_without_an_enrolment_record_nothing(client, learner, lessons):
    client.force_login(learner)
    assert client.get(lessons[0].url).status_code == 200
    assert not LessonProgress.objects.exists()


def test_a_class_that_has_not_started_records_nothing(
    client, learner, make_offering, lessons, cadre_in_a, today
):
    offering = make_offering(approval_required=False, start_date=today + datetime.timedelta(days=3))
    services.enrolment_request(cadre=cadre_in_a, offering=offering)
    client.force_login(learner)
    client.get(lessons[0].url)
    assert not LessonProgress.objects.exists()


def test_the_quiz_is_graded_on_the_server_and_completion_credits_hours_once(
    approved, lessons, quiz_answers
):
    block_id, right = quiz_answers
    services.lesson_open(enrolment=approved, lesson=lessons[0])
    attempt, result = services.quiz_submit(
        enrolment=approved, lesson=lessons[1], block_id=block_id, answers=right
    )
    assert (attempt.score, attempt.total, attempt.passed) == (2, 2, True)
    approved.refresh_from_db()
    assert approved.status == S.COMPLETED
    assert approved.hours_credited == 16
    # Opening lessons again after completion credits nothing more.
    with pytest.raises(TrainingError):
        services.lesson_open(enrolment=approved, lesson=lessons[0])
    approved.refresh_from_db()
    assert approved.hours_credited == 16


def test_passing_the_quiz_without_reading_every_lesson_does_not_complete(
    approved, lessons, quiz_answers
):
    block_id, right = quiz_answers
    services.quiz_submit(enrolment=approved, lesson=lessons[1], block_id=block_id, answers=right)
    approved.refresh_from_db()
    assert approved.status == S.IN_PROGRESS
    assert approved.hours_credited == 0
    services.lesson_open(enrolment=approved, lesson=lessons[0])
    approved.refresh_from_db()
    assert approved.status == S.COMPLETED


def test_attempts_are_limited_and_exhausting_them_fails_the_course(approved, lessons, quiz_answers):
    block_id, right = quiz_answers
    wrong_answers = {}
    block = next(b for b in lessons[1].body if b.block_type == "quiz")
    for question in block.value["questions"].bound_blocks:
        options = [
            o.id for o in question.value["options"].bound_blocks if not o.value["is_correct"]
        ]
        wrong_answers[question.id] = options[:1]
    for _ in range(2):  # the course allows two attempts
        attempt, result = services.quiz_submit(
            enrolment=approved, lesson=lessons[1], block_id=block_id, answers=wrong_answers
        )
        assert not result.passed
    approved.refresh_from_db()
    assert approved.status == S.FAILED
    with pytest.raises(TrainingError):
        services.quiz_submit(
            enrolment=approved, lesson=lessons[1], block_id=block_id, answers=right
        )
    assert QuizAttempt.objects.filter(enrolment=approved).count() == 2


def test_unanswered_questions_are_refused_and_not_counted(approved, lessons, quiz_answers):
    block_id, right = quiz_answers
    with pytest.raises(TrainingError) as error:
        services.quiz_submit(enrolment=approved, lesson=lessons[1], block_id=block_id, answers={})
    assert "câu" in error.value.messages[0]
    assert not QuizAttempt.objects.exists()


def test_a_requested_enrolment_cannot_learn(offering, cadre_in_a, lessons, quiz_answers):
    enrolment = services.enrolment_request(cadre=cadre_in_a, offering=offering)
    block_id, right = quiz_answers
    with pytest.raises(TrainingError) as error:
        services.quiz_submit(
            enrolment=enrolment, lesson=lessons[1], block_id=block_id, answers=right
        )
    assert "chưa cho phép vào học" in error.value.messages[0]


def test_feedback_after_completion_once(approved, lessons, quiz_answers):
    with pytest.raises(TrainingError):
        services.feedback_submit(enrolment=approved, rating=5, comments="")
    Enrolment.objects.filter(pk=approved.pk).update(status=S.COMPLETED, hours_credited=16)
    approved.refresh_from_db()
    services.feedback_submit(enrolment=approved, rating=4, comments="Rất thiết thực")
    with pytest.raises(TrainingError):
        services.feedback_submit(enrolment=approved, rating=5, comments="")


def _post_quiz(client, lesson, block_id, answers):
    from django.urls import reverse

    data = {f"q-{question}": options for question, options in answers.items()}
    return client.post(reverse("curriculum:quiz_check", args=[lesson.pk, block_id]), data)


def test_an_enrolled_cadre_submitting_the_lesson_quiz_records_an_attempt(
    client, learner, approved, lessons, quiz_answers, issuing_body
):
    block_id, right = quiz_answers
    client.force_login(learner)
    client.get(lessons[0].url)
    response = _post_quiz(client, lessons[1], block_id, right)
    attempt = QuizAttempt.objects.get()
    assert (attempt.enrolment_id, attempt.passed, attempt.number) == (approved.pk, True, 1)
    assert response.status_code == 302
    assert response["Location"] == reverse("training:quiz_attempt", args=[attempt.pk])
    for _reload in range(2):  # the result is a page of its own: reloading records nothing
        html = client.get(response["Location"]).content.decode()
        assert "Đúng 2/2 câu (100%)" in html
        assert "Đã hoàn thành khóa học: được tính 16 tiết." in html
    certificate = approved.certificates.get()
    assert reverse("training:certificate_pdf", args=[certificate.pk]) in html
    assert QuizAttempt.objects.count() == 1
    lesson_html = client.get(lessons[1].url).content.decode()
    assert "Đã đạt: 2/2 câu đúng (100%) ở lần làm bài 1." in lesson_html
    # Trying again after passing is revision: checked, not recorded.
    again = _post_quiz(client, lessons[1], block_id, right)
    assert again["Location"] == reverse("curriculum:quiz_check", args=[lessons[1].pk, block_id])
    assert QuizAttempt.objects.count() == 1


def _refused(client, lesson, block_id, right):
    """Nothing graded: no attempt, no result kept to read back, the answers not revealed."""
    response = _post_quiz(client, lesson, block_id, right)
    assert response.status_code == 302
    assert response["Location"].startswith(lesson.url)
    follow = client.get(response["Location"])
    assert "Chỉ học viên của một lớp" in follow.content.decode()
    result = client.get(reverse("curriculum:quiz_check", args=[lesson.pk, block_id]))
    assert result.status_code == 302 and "câu đúng" not in result.content.decode()
    assert not QuizAttempt.objects.exists()


def test_without_an_enrolment_the_quiz_is_not_checked(client, learner, lessons, quiz_answers):
    # Checking answers for anyone let them be mined before a class started.
    block_id, right = quiz_answers
    client.force_login(learner)
    _refused(client, lessons[1], block_id, right)


def test_before_the_class_starts_or_before_approval_the_quiz_is_not_checked(
    client, learner, make_offering, offering, lessons, cadre_in_a, quiz_answers, today
):
    block_id, right = quiz_answers
    later = make_offering(
        "LOP-02", approval_required=False, start_date=today + datetime.timedelta(days=3)
    )
    services.enrolment_request(cadre=cadre_in_a, offering=later)
    client.force_login(learner)
    _refused(client, lessons[1], block_id, right)
    Enrolment.objects.all().delete()
    services.enrolment_request(cadre=cadre_in_a, offering=offering)  # requested, not approved
    _refused(client, lessons[1], block_id, right)


def test_an_editor_checks_the_quiz_as_practice(client, editor, lessons, quiz_answers):
    block_id, right = quiz_answers
    client.force_login(editor)
    response = _post_quiz(client, lessons[1], block_id, right)
    assert "2 / 2 câu đúng" in client.get(response["Location"]).content.decode()
    assert not QuizAttempt.objects.exists()


def test_a_refused_attempt_over_http_says_why_and_records_nothing(
    client, learner, approved, lessons, quiz_answers
):
    block_id, _right = quiz_answers
    client.force_login(learner)
    response = _post_quiz(client, lessons[1], block_id, {})
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert "câu" in follow.content.decode()
    assert not QuizAttempt.objects.exists()
