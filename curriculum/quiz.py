"""Grading of a lesson's quiz on the server: the only place that reads which options are correct.

`grade_quiz` is pure (no writes): the learning capability (training) calls it and records the
attempt; the curriculum's own "check answers" view calls it and only shows the result.
Questions and options are identified by their StreamField block ids, which survive reordering.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from curriculum.models import CoursePage

UNKNOWN_QUIZ = _("This quiz no longer exists in the lesson. Reload the page.")
ANSWER_EVERY_QUESTION = _("Answer every question before checking: %(count)s left unanswered.")
ONE_ANSWER_ONLY = _("Choose only one option for a single-choice question.")
UNKNOWN_OPTION = _("An answer does not match the options of this quiz. Reload the page.")


class QuizError(ValueError):
    """Answers that cannot be graded; the message says why in the user's language."""


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class QuizResult:
    block_id: str
    title: str
    questions: tuple[QuestionResult, ...]
    pass_mark_percent: int

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def score(self) -> int:
        return sum(1 for question in self.questions if question.correct)

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0

    @property
    def passed(self) -> bool:
        return self.percent >= self.pass_mark_percent


def find_quiz(lesson_page, block_id: str):
    """The quiz block (a StreamValue child) with this id, or None."""
    for block in lesson_page.body:
        if block.block_type == "quiz" and block.id == block_id:
            return block
    return None


def grade_quiz(
    lesson_page,
    block_id: str,
    answers: Mapping[str, Collection[str]],
    *,
    pass_mark_percent: int | None = None,
) -> QuizResult:
    """Grade answers ({question id: chosen option ids}) against the lesson's quiz block.

    A question is right when the chosen options are exactly the correct ones. Raises QuizError
    for an unknown quiz, unanswered questions, several options on a single-choice question or
    option ids that are not in the question. The pass mark defaults to the course's.
    """
    block = find_quiz(lesson_page, block_id)
    if block is None:
        raise QuizError(UNKNOWN_QUIZ)
    questions = block.value["questions"]
    unanswered = 0
    results = []
    for question in questions.bound_blocks:
        value = question.value
        option_ids = {option.id for option in value["options"].bound_blocks}
        correct_ids = {
            option.id for option in value["options"].bound_blocks if option.value["is_correct"]
        }
        chosen = set(answers.get(question.id, ()))
        if not chosen:
            unanswered += 1
            continue
        if not chosen <= option_ids:
            raise QuizError(UNKNOWN_OPTION)
        if value["kind"] == "single" and len(chosen) > 1:
            raise QuizError(ONE_ANSWER_ONLY)
        results.append(
            QuestionResult(
                question_id=question.id,
                text=value["text"],
                correct=chosen == correct_ids,
                explanation=value["explanation"],
            )
        )
    if unanswered:
        raise QuizError(ANSWER_EVERY_QUESTION % {"count": unanswered})
    if pass_mark_percent is None:
        pass_mark_percent = _course_pass_mark(lesson_page)
    return QuizResult(
        block_id=block_id,
        title=block.value["title"],
        questions=tuple(results),
        pass_mark_percent=pass_mark_percent,
    )


def _course_pass_mark(lesson_page) -> int:
    course = CoursePage.objects.filter(path=lesson_page.path[: -lesson_page.steplen]).first()
    return course.pass_mark_percent if course else 100


def answers_from_post(lesson_page, block_id: str, data) -> dict[str, list[str]]:
    """Answers from a submitted quiz form: field "q-<question id>" holds the chosen option ids."""
    block = find_quiz(lesson_page, block_id)
    if block is None:
        raise QuizError(UNKNOWN_QUIZ)
    return {
        question.id: data.getlist(f"q-{question.id}")
        for question in block.value["questions"].bound_blocks
    }
