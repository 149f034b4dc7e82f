"""Quizzes: the lesson HTML carries questions and options only; grading happens on the server."""

import pytest
from django.urls import reverse

from curriculum.quiz import (
    ANSWER_EVERY_QUESTION,
    ONE_ANSWER_ONLY,
    UNKNOWN_OPTION,
    UNKNOWN_QUIZ,
    QuizError,
    grade_quiz,
)

pytestmark = pytest.mark.django_db


def _quiz(lesson):
    block = next(b for b in lesson.body if b.block_type == "quiz")
    questions = block.value["questions"].bound_blocks
    return block.id, questions


def _correct(question):
    return [o.id for o in question.value["options"].bound_blocks if o.value["is_correct"]]


def _wrong(question):
    return [o.id for o in question.value["options"].bound_blocks if not o.value["is_correct"]]


def test_lesson_html_has_no_answers_or_explanations(client, cadre_user, lesson):
    client.force_login(cadre_user)
    html = client.get(lesson.url).content.decode()
    block_id, questions = _quiz(lesson)
    assert "Việc đầu tiên khi tiếp dân là gì?" in html
    assert "Lắng nghe người dân nói hết" in html  # options are shown…
    assert "is_correct" not in html  # …but never which one is right
    assert "GIAI-THICH-BI-MAT" not in html  # explanations wait for grading
    assert "data-correct" not in html and "correct" not in html.split("quiz-", 1)[1].lower()
    # Every option of a question is rendered the same way: same input type, no extra attribute.
    for question in questions:
        for option in question.value["options"].bound_blocks:
            assert f'name="q-{question.id}" value="{option.id}">' in html
    # The cached body holds no CSRF token; the form still gets this visitor's token.
    assert f'form="quiz-{block_id}" name="csrfmiddlewaretoken"' in html


def test_all_right_answers_score_full_marks(lesson):
    block_id, questions = _quiz(lesson)
    answers = {q.id: _correct(q) for q in questions}
    result = grade_quiz(lesson, block_id, answers)
    assert (result.score, result.total, result.percent, result.passed) == (2, 2, 100, True)
    assert result.questions[0].explanation == "GIAI-THICH-BI-MAT: lắng nghe trước."


def test_multiple_choice_needs_exactly_the_correct_set(lesson):
    block_id, (single, multiple) = _quiz(lesson)
    partial = {single.id: _correct(single), multiple.id: _correct(multiple)[:1]}
    result = grade_quiz(lesson, block_id, partial)
    assert [q.correct for q in result.questions] == [True, False]
    assert result.percent == 50
    assert not result.passed  # the course's pass mark is 70 %
    too_many = {single.id: _correct(single), multiple.id: _correct(multiple) + _wrong(multiple)}
    assert grade_quiz(lesson, block_id, too_many).score == 1


def test_pass_mark_comes_from_the_course_or_the_caller(lesson, course):
    block_id, (single, multiple) = _quiz(lesson)
    half = {single.id: _correct(single), multiple.id: _wrong(multiple)}
    assert grade_quiz(lesson, block_id, half).pass_mark_percent == course.pass_mark_percent
    assert grade_quiz(lesson, block_id, half, pass_mark_percent=50).passed


@pytest.mark.parametrize(
    "case, message",
    [
        ("unanswered", ANSWER_EVERY_QUESTION % {"count": 1}),
        ("two_on_single", ONE_ANSWER_ONLY),
        ("foreign_option", UNKNOWN_OPTION),
        ("unknown_quiz", UNKNOWN_QUIZ),
    ],
)
def test_bad_answers_are_refused_with_a_clear_message(lesson, case, message):
    block_id, (single, multiple) = _quiz(lesson)
    answers = {single.id: _correct(single), multiple.id: _correct(multiple)}
    if case == "unanswered":
        answers[multiple.id] = []
    elif case == "two_on_single":
        answers[single.id] = _correct(single) + _wrong(single)
    elif case == "foreign_option":
        answers[single.id] = ["khong-co"]
    elif case == "unknown_quiz":
        block_id = "khong-co"
    with pytest.raises(QuizError) as caught:
        grade_quiz(lesson, block_id, answers)
    assert str(caught.value) == str(message)


def test_check_view_grades_then_shows_the_result_at_a_get_address(client, editor, lesson):
    # Editors may try the quizzes they write; learners' checks are tested in tests/training.
    client.force_login(editor)
    block_id, (single, multiple) = _quiz(lesson)
    url = reverse("curriculum:quiz_check", args=[lesson.pk, block_id])
    response = client.post(
        url, {f"q-{single.id}": _correct(single), f"q-{multiple.id}": _wrong(multiple)[:1]}
    )
    assert response.status_code == 302 and response.url == url
    for _reload in range(2):  # reloading the result sends nothing again
        html = client.get(url).content.decode()
        assert "1 / 2 câu đúng (50%)" in html and "Chưa đạt" in html
        assert "GIAI-THICH-BI-MAT" not in html  # explanations only once passed
    client.post(url, {f"q-{single.id}": _correct(single), f"q-{multiple.id}": _correct(multiple)})
    html = client.get(url).content.decode()
    assert "2 / 2 câu đúng (100%)" in html and "GIAI-THICH-BI-MAT" in html
    editor.language = "en"  # switching language shows the same result, in English
    editor.save(update_fields=["language"])
    assert "2 of 2 correct" in client.get(url).content.decode()


def test_check_view_says_what_is_missing_in_vietnamese(client, editor, lesson):
    client.force_login(editor)
    block_id, (single, _multiple) = _quiz(lesson)
    url = reverse("curriculum:quiz_check", args=[lesson.pk, block_id])
    response = client.post(url, {f"q-{single.id}": _correct(single)}, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"#quiz-{block_id}")
    assert "Hãy trả lời mọi câu hỏi trước khi kiểm tra: còn 1 câu chưa trả lời." in (
        response.content.decode()
    )


def test_check_view_is_404_for_an_unknown_quiz_or_lesson(client, cadre_user, lesson, course):
    client.force_login(cadre_user)
    assert client.post(reverse("curriculum:quiz_check", args=[lesson.pk, "x"])).status_code == 404
    block_id, _ = _quiz(lesson)
    url = reverse("curriculum:quiz_check", args=[course.pk, block_id])
    assert client.post(url).status_code == 404


def test_opening_the_check_address_before_checking_leads_to_the_quiz(client, cadre_user, lesson):
    client.force_login(cadre_user)
    block_id, _ = _quiz(lesson)
    url = reverse("curriculum:quiz_check", args=[lesson.pk, block_id])
    response = client.get(url)
    assert response.status_code == 302 and response.url.endswith(f"#quiz-{block_id}")


def test_quiz_question_validation_in_the_editor():
    from django.core.exceptions import ValidationError

    from curriculum.blocks import QuizQuestionBlock

    block = QuizQuestionBlock()
    value = block.to_python(
        {
            "kind": "single",
            "text": "Câu hỏi?",
            "options": [{"text": "A", "is_correct": True}, {"text": "B", "is_correct": True}],
            "explanation": "",
        }
    )
    with pytest.raises(ValidationError):
        block.clean(value)
