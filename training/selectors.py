"""Reads of the learning capability, scoped to the user, with a constant number of queries."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres import user_state
from cadres.access import (
    AgencyScope,
    agency_scope_for,
    change_scope_for,
    granted_scopes,
    is_coordinator,
    is_leader,
)
from cadres.models import Agency, Cadre, Scope, User
from cadres.request_memo import remembered
from cadres.roles import Role, user_fact
from curriculum.emulation.selectors import cadre_emulation_records
from curriculum.models import CoursePage, LessonPage, content_version
from training.models import (
    ENDED,
    LEARNING,
    SEAT_HOLDING,
    Attendance,
    AttendanceStatus,
    Certificate,
    CertificateBatch,
    CourseFeedback,
    Enrolment,
    EnrolmentStatus,
    ExternalTraining,
    HoursTarget,
    IssuingBody,
    LessonProgress,
    Offering,
    OfferingMode,
    QuizAttempt,
    Result,
    Session,
    TrainingPlan,
    TrainingPlanItem,
    TrainingPlanStatus,
)

_ENROLMENT_RELATED = ("offering__course", "offering__organiser", "cadre__agency")


# --- Access functions: 404 outside what the user may see --------------------------------


def access_offering_by_id(user, pk) -> Offering:
    """Any logged-in user may see a class (cadres browse them to enrol)."""
    if not user.is_authenticated:
        raise Http404
    try:
        return Offering.objects.select_related("course", "organiser").get(pk=pk)
    except (Offering.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_managed_offering(user, pk) -> Offering:
    """A class its manager may change: coordinators only."""
    if not is_coordinator(user):
        raise Http404
    return access_offering_by_id(user, pk)


def access_run_offering(user, pk) -> Offering:
    """A class held in person (or blended) the user runs: coordinators every one, organisers the
    classes they were named on; 404 otherwise (another class, an online one, anyone else)."""
    if not user.is_authenticated:
        raise Http404
    offerings = Offering.objects.select_related(
        "course", "organiser", "grading_scheme", "completion_decision"
    ).filter(mode__in=[OfferingMode.IN_PERSON, OfferingMode.BLENDED])
    if not is_coordinator(user):
        offerings = offerings.filter(organisers=user)
    try:
        return offerings.get(pk=pk)
    except (Offering.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_run_session(user, offering_pk, pk) -> Session:
    offering = access_run_offering(user, offering_pk)
    try:
        return offering.sessions.select_related("offering__course").get(pk=pk)
    except (Session.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_check_in_session(pk) -> Session:
    """A session one checks in to from a QR code (the code itself is checked by the service)."""
    try:
        return Session.objects.select_related("offering__course").get(pk=pk)
    except (Session.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def offerings_run_by(*, user) -> QuerySet[Offering]:
    """Classes held in person the user runs that have not ended long ago, soonest first."""
    offerings = Offering.objects.filter(
        mode__in=[OfferingMode.IN_PERSON, OfferingMode.BLENDED],
        cancelled=False,
        end_date__gte=timezone.localdate() - timedelta(days=90),
    ).select_related("course", "organiser")
    if not is_coordinator(user):
        offerings = offerings.filter(organisers=user)
    return offerings.order_by("start_date", "code")


ORGANISES_CLASSES = "organises_classes"
HAS_ENROLMENTS = "has_enrolments"
LESSON_PAGE_STATUSES = [*LEARNING, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED]


def enrolment_rows(user_id: int) -> QuerySet:
    """Rows that exist when the user has an enrolment a lesson page cares for (read with the
    roles, cadres.roles): a reader who never enrolled skips the lesson page's enrolment query."""
    return Enrolment.objects.filter(cadre__user_id=user_id, status__in=LESSON_PAGE_STATUSES)


def organised_class_rows(user_id: int) -> QuerySet:
    """Rows that exist when the user organises a class (read with the roles, cadres.roles)."""
    return Offering.organisers.through.objects.filter(user_id=user_id)


def runs_classes(user) -> bool:
    """Does the user organise a class (for the menu)? One query, for signed-in users only."""
    return user_fact(user, ORGANISES_CLASSES)


def runs_any_class(user) -> bool:
    """May the user open the pages of those who run classes? Coordinators run every class;
    organisers their own; leaders, who change nothing, none."""
    if is_coordinator(user):
        return True
    return not is_leader(user) and runs_classes(user)


def class_grid(*, offering: Offering):
    """The class's learners, sessions and marks, and each learner's standing (constant queries)."""
    learners = list(
        attending_enrolments(offering)
        .select_related("cadre__agency")
        .order_by("cadre__name_sort_text", "pk")
    )
    sessions = list(offering.sessions.all())
    marks = {
        (a.enrolment_id, a.session_id): a
        for a in Attendance.objects.filter(session__offering=offering)
    }
    checks = completion_checks(offering, learners)
    rows = [
        {
            "enrolment": e,
            "marks": [marks.get((e.pk, s.pk)) for s in sessions],
            "check": checks[e.pk],
        }
        for e in learners
    ]
    return {"sessions": sessions, "rows": rows}


# --- Completion of classes held in person ---


def course_requirements(course: CoursePage) -> tuple[set[int], set[tuple[int, str]]]:
    """The live lessons of a course and its quizzes, as (lesson ids, {(lesson id, block id)})."""
    lessons = LessonPage.objects.live().child_of(course).only("id", "body")
    lesson_ids = set()
    quizzes = set()
    for lesson in lessons:
        lesson_ids.add(lesson.pk)
        for block in lesson.body:
            if block.block_type == "quiz":
                quizzes.add((lesson.pk, block.id))
    return lesson_ids, quizzes


def attending_enrolments(offering: Offering):
    """The learners of a class who take part: approved, learning, or already decided."""
    return offering.enrolments.filter(
        status__in=[*LEARNING, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED]
    )


@dataclass
class CompletionCheck:
    """Where a learner stands against the class's completion rule, and why if short of it."""

    sessions: int = 0
    periods_total: int = 0
    periods_counted: int = 0
    needed_percent: int = 0
    result: Result | None = None
    online_done: bool | None = None  # blended classes only
    reasons: list[str] = field(default_factory=list)

    @property
    def share_percent(self) -> int:
        if not self.periods_total:
            return 0
        return int(100 * self.periods_counted / self.periods_total)

    @property
    def qualifies(self) -> bool:
        return not self.reasons


def counted_statuses(offering: Offering) -> set[str]:
    """The marks that count towards attendance in this class (its rule, shown on the page)."""
    counted = {AttendanceStatus.PRESENT}
    if offering.late_counts_as_present:
        counted.add(AttendanceStatus.LATE)
    if offering.excused_counts_as_present:
        counted.add(AttendanceStatus.EXCUSED)
    return counted


def completion_checks(offering: Offering, enrolments) -> dict[int, CompletionCheck]:
    """Every learner's standing, in a constant number of queries: attendance share by periods
    (tiết) against the course's minimum, a passing result, and the online part when blended."""
    enrolments = list(enrolments)
    course = offering.course
    sessions = list(offering.sessions.all())
    periods = {s.pk: s.periods for s in sessions}
    counted = counted_statuses(offering)
    attended: dict[int, int] = {}
    for mark in Attendance.objects.filter(session__offering=offering).only(
        "session_id", "enrolment_id", "status"
    ):
        if mark.status in counted:
            attended[mark.enrolment_id] = attended.get(mark.enrolment_id, 0) + periods.get(
                mark.session_id, 0
            )
    results = {r.enrolment_id: r for r in Result.objects.filter(enrolment__in=enrolments)}
    online = {}
    if offering.mode == OfferingMode.BLENDED:
        lesson_ids, quizzes = course_requirements(course)
        opened = {}
        for enrolment_id, lesson_id in LessonProgress.objects.filter(
            enrolment__in=enrolments
        ).values_list("enrolment_id", "lesson_id"):
            opened.setdefault(enrolment_id, set()).add(lesson_id)
        passed = {}
        for enrolment_id, lesson_id, block_id in QuizAttempt.objects.filter(
            enrolment__in=enrolments, passed=True
        ).values_list("enrolment_id", "lesson_id", "block_id"):
            passed.setdefault(enrolment_id, set()).add((lesson_id, block_id))
        for enrolment in enrolments:
            online[enrolment.pk] = (
                bool(lesson_ids)
                and lesson_ids <= opened.get(enrolment.pk, set())
                and quizzes <= passed.get(enrolment.pk, set())
            )
    checks = {}
    total = sum(periods.values())
    for enrolment in enrolments:
        check = CompletionCheck(
            sessions=len(sessions),
            periods_total=total,
            periods_counted=attended.get(enrolment.pk, 0),
            needed_percent=course.min_attendance_percent,
            result=results.get(enrolment.pk),
            online_done=online.get(enrolment.pk),
        )
        if not sessions:
            check.reasons.append(str(_("The class has no sessions yet.")))
        elif check.share_percent < check.needed_percent:
            check.reasons.append(
                str(
                    _("Attendance %(share)s%% of the periods; at least %(needed)s%% is needed.")
                    % {"share": check.share_percent, "needed": check.needed_percent}
                )
            )
        if check.result is None:
            check.reasons.append(str(_("No result has been entered yet.")))
        elif not check.result.passed:
            check.reasons.append(str(_("The final assessment was not passed.")))
        if check.online_done is False:
            check.reasons.append(str(_("The online part (every lesson and quiz) is not done.")))
        checks[enrolment.pk] = check
    return checks


def check_in_window(session: Session) -> tuple[datetime, datetime]:
    """From CHECK_IN_OPENS_BEFORE_MINUTES before the session to CHECK_IN_CLOSES_AFTER_MINUTES
    after its end, in the site's time zone."""
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(session.date, session.starts_at), zone)
    end = timezone.make_aware(datetime.combine(session.date, session.ends_at), zone)
    return (
        start - timedelta(minutes=settings.CHECK_IN_OPENS_BEFORE_MINUTES),
        end + timedelta(minutes=settings.CHECK_IN_CLOSES_AFTER_MINUTES),
    )


@dataclass
class LearnerSchedule:
    """A class's sessions as its learner sees them: each with their own mark, and where they
    stand against the completion rule (None before they take part)."""

    rows: list[tuple[Session, Attendance | None]]
    standing: CompletionCheck | None
    counted: set[str]
    check_in_now: Session | None = None  # open for check-in, and the learner not marked yet


def learner_schedule(*, offering: Offering, enrolment: Enrolment | None) -> LearnerSchedule:
    sessions = list(offering.sessions.all())
    marks, standing = {}, None
    taking_part = enrolment is not None and enrolment.status in (
        *LEARNING,
        EnrolmentStatus.COMPLETED,
        EnrolmentStatus.FAILED,
    )
    if taking_part and sessions:
        marks = {a.session_id: a for a in enrolment.attendances.all()}
        standing = completion_checks(offering, [enrolment])[enrolment.pk]
    now = timezone.now()
    check_in_now = None
    if taking_part and enrolment.status in LEARNING:
        check_in_now = next(
            (
                s
                for s in sessions
                if s.pk not in marks and check_in_window(s)[0] <= now <= check_in_window(s)[1]
            ),
            None,
        )
    return LearnerSchedule(
        rows=[(s, marks.get(s.pk)) for s in sessions],
        standing=standing,
        counted=counted_statuses(offering),
        check_in_now=check_in_now,
    )


def access_own_enrolment(user, pk) -> Enrolment:
    try:
        return Enrolment.objects.select_related(*_ENROLMENT_RELATED).get(
            pk=pk, cadre__user_id=user.pk
        )
    except (Enrolment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_managed_enrolment(user, pk) -> Enrolment:
    """An enrolment of a cadre in the officer's agencies (coordinators: all)."""
    scope = agency_scope_for(user)
    try:
        return Enrolment.objects.select_related(*_ENROLMENT_RELATED).get(
            scope.agency_q("cadre__agency__"), pk=pk
        )
    except (Enrolment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_external_training(user, pk) -> ExternalTraining:
    """A record of training elsewhere: its cadre, or staff whose scope covers the cadre."""
    if not user.is_authenticated:
        raise Http404
    scope = agency_scope_for(user)
    mine = Q(cadre__user_id=user.pk)
    if scope.everything:  # `mine | Q()` would be just `mine`: Q() ORs away to nothing
        visible = Q()
    else:
        visible = mine if scope.is_empty else mine | scope.agency_q("cadre__agency__")
    try:
        return ExternalTraining.objects.select_related("cadre").get(visible, pk=pk)
    except (ExternalTraining.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- Classes --------------------------------------------------------------------------------


def offerings_for_cadre(*, cadre: Cadre) -> QuerySet[Offering]:
    """Classes a cadre can see: not finished, not cancelled, annotated with seats taken.

    Eligibility is shown per class rather than filtered, so a cadre learns why they cannot enrol.
    """
    today = timezone.localdate()
    return (
        Offering.objects.filter(cancelled=False, end_date__gte=today)
        .select_related("course", "organiser")
        .annotate(seats_taken=_seats_taken_count())
        .annotate(seats_left=F("capacity") - F("seats_taken"))
        .order_by("enrol_closes", "code")
    )


@dataclass
class JoinableClasses:
    """The classes a cadre may still join, by where their enrolment window stands."""

    open_now: list  # enrolment open today
    opening_soon: list  # enrolment not open yet
    mine: list  # classes the cadre is already in (any status but withdrawn or rejected)


def joinable_offerings(*, cadre: Cadre | None, course=None) -> JoinableClasses:
    """Classes whose enrolment is open or yet to open, apart from those the cadre is in.

    Closed windows are left out: nobody can join them. `course` narrows to one course (the
    course page). Two queries whatever the number of classes.
    """
    today = timezone.localdate()
    offerings = Offering.objects.filter(
        cancelled=False, enrol_closes__gte=today, end_date__gte=today
    )
    if course is not None:
        offerings = offerings.filter(course=course)
    offerings = list(
        offerings.select_related("course", "organiser")
        .annotate(seats_taken=_seats_taken_count())
        .annotate(seats_left=F("capacity") - F("seats_taken"))
        .order_by("enrol_opens", "start_date", "code")
    )
    enrolments = {}
    if cadre is not None:
        enrolments = {
            e.offering_id: e
            for e in Enrolment.objects.filter(cadre=cadre, offering__in=offerings).exclude(
                status__in=ENDED
            )
        }
    joinable = JoinableClasses(open_now=[], opening_soon=[], mine=[])
    for offering in offerings:
        if offering.pk in enrolments:
            offering.my_enrolment = enrolments[offering.pk]
            joinable.mine.append(offering)
        elif offering.enrol_opens <= today:
            joinable.open_now.append(offering)
        else:
            joinable.opening_soon.append(offering)
    return joinable


def course_classes_digest(course) -> str:
    """What the course page shows an anonymous visitor of its classes (joinable_offerings with
    no cadre), as a digest read with one lean query: the page is stored whole until this
    changes (a seat taken, a window opening, a new day)."""
    today = timezone.localdate()
    rows = list(
        Offering.objects.filter(
            course=course, cancelled=False, enrol_closes__gte=today, end_date__gte=today
        )
        .order_by()
        .values_list(
            "pk",
            "code",
            "organiser__name",
            "mode",
            "start_date",
            "end_date",
            "enrol_opens",
            "enrol_closes",
            "capacity",
        )
        .annotate(taken=_seats_taken_count())
    )
    return _digest((today, sorted(rows)))


_CERTIFICATE_COLUMNS = [f.attname for f in Certificate._meta.concrete_fields]


def certificate_digest(certificate: Certificate | None) -> str:
    """Everything the public verification page shows of a certificate (all its own columns),
    and the day (its state)."""
    if certificate is None:
        return ""
    return _digest((timezone.localdate(), [getattr(certificate, c) for c in _CERTIFICATE_COLUMNS]))


def certificate_digest_by_code(code: str) -> str:
    """The same digest, read with one plain query (the verification page stored whole)."""
    row = (
        Certificate.objects.filter(verification_code=code)
        .order_by()
        .values_list(*_CERTIFICATE_COLUMNS)
        .first()
    )
    return "" if row is None else _digest((timezone.localdate(), list(row)))


def _digest(value) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


def _seats_taken_count():
    return Count("enrolments", filter=Q(enrolments__status__in=SEAT_HOLDING))


def enrolments_of(*, offering: Offering, cadres) -> dict[int, Enrolment]:
    """These cadres' current enrolments in the class, by cadre id (one query)."""
    return {
        e.cadre_id: e
        for e in Enrolment.objects.filter(offering=offering, cadre__in=cadres).exclude(
            status__in=ENDED
        )
    }


def offerings_open_for_nomination() -> QuerySet[Offering]:
    """Classes personnel officers may still nominate cadres to."""
    return (
        Offering.objects.filter(cancelled=False, enrol_closes__gte=timezone.localdate())
        .select_related("course", "organiser")
        .annotate(seats_taken=_seats_taken_count())
        .annotate(seats_left=F("capacity") - F("seats_taken"))
        .order_by("enrol_closes", "code")
    )


def offerings_to_follow() -> QuerySet[Offering]:
    """Every class, newest first, with seats taken: what leaders follow."""
    return (
        Offering.objects.select_related("course", "organiser")
        .annotate(seats_taken=_seats_taken_count())
        .order_by("-start_date", "code")
    )


def offerings_managed(*, user) -> QuerySet[Offering]:
    if not is_coordinator(user):
        return Offering.objects.none()
    return (
        Offering.objects.select_related("course", "organiser")
        .annotate(
            seats_taken=_seats_taken_count(),
            pending=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.REQUESTED)),
        )
        .order_by("-start_date", "code")
    )


def offering_enrolments(*, user, offering: Offering) -> QuerySet[Enrolment]:
    scope = agency_scope_for(user)
    return (
        offering.enrolments.filter(scope.agency_q("cadre__agency__"))
        .select_related("cadre__agency", "cadre__category")
        .order_by("status", "cadre__name_sort_text")
    )


@dataclass
class FeedbackSummary:
    count: int
    average: float | None
    by_rating: dict[int, int]
    comments: list[CourseFeedback]


def feedback_summary(*, offering: Offering) -> FeedbackSummary:
    rows = list(
        CourseFeedback.objects.filter(enrolment__offering=offering)
        .select_related("enrolment__cadre")
        .order_by("-submitted_at")
    )
    by_rating = {rating: 0 for rating in range(5, 0, -1)}
    for row in rows:
        by_rating[row.rating] += 1
    average = round(sum(r.rating for r in rows) / len(rows), 2) if rows else None
    return FeedbackSummary(
        count=len(rows),
        average=average,
        by_rating=by_rating,
        comments=[r for r in rows if r.comments],
    )


# --- Approval queue -------------------------------------------------------------------------


def approval_queue(*, user) -> QuerySet[Enrolment]:
    """Requests and waitlisted enrolments of the cadres the user manages, oldest first."""
    scope = agency_scope_for(user)
    if scope.is_empty:
        return Enrolment.objects.none()
    seats_taken = (
        Enrolment.objects.filter(offering=OuterRef("offering"), status__in=SEAT_HOLDING)
        .values("offering")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Enrolment.objects.filter(
            scope.agency_q("cadre__agency__"),
            status__in=[EnrolmentStatus.REQUESTED, EnrolmentStatus.WAITLISTED],
        )
        .select_related("cadre__agency", "cadre__category", "offering__course")
        # Free seats of each request's class (a pending request already holds its seat).
        .annotate(seats_free=F("offering__capacity") - Coalesce(Subquery(seats_taken), Value(0)))
        .order_by("requested_at", "pk")
    )


# --- My courses -----------------------------------------------------------------------------


@dataclass
class CourseProgress:
    enrolment: Enrolment
    lessons_total: int
    lessons_opened: int
    first_lesson: LessonPage | None = None
    sessions: list[Session] = field(default_factory=list)  # classes held in person

    @property
    def next_session(self) -> Session | None:
        today = timezone.localdate()
        return next((s for s in self.sessions if s.date >= today), None)

    @property
    def percent(self) -> int:
        if not self.lessons_total:
            return 0
        return round(100 * min(self.lessons_opened, self.lessons_total) / self.lessons_total)


def my_courses(*, cadre: Cadre) -> list[CourseProgress]:
    """The cadre's enrolments with progress and sessions, in four queries whatever their
    number."""
    enrolments = list(
        Enrolment.objects.filter(cadre=cadre)
        .select_related("offering__course", "offering__organiser")
        .prefetch_related("offering__sessions")
        .annotate(
            opened=Count("progress", distinct=True),
            feedback_given=Exists(CourseFeedback.objects.filter(enrolment=OuterRef("pk"))),
        )
        .order_by("-requested_at")
    )
    courses = {e.offering.course.pk: e.offering.course for e in enrolments}
    lessons_by_course: dict[int, list[LessonPage]] = defaultdict(list)
    if courses:
        query = reduce(or_, (Q(path__startswith=c.path) for c in courses.values()))
        depth = {c.depth + 1 for c in courses.values()}
        lessons = LessonPage.objects.live().filter(query, depth__in=depth).order_by("path")
        course_by_path = {c.path: c.pk for c in courses.values()}
        for lesson in lessons.only("id", "title", "slug", "path", "depth", "url_path"):
            course_id = course_by_path.get(lesson.path[: -LessonPage.steplen])
            if course_id is not None:
                lessons_by_course[course_id].append(lesson)
    result = []
    for enrolment in enrolments:
        lessons = lessons_by_course.get(enrolment.offering.course.pk, [])
        result.append(
            CourseProgress(
                enrolment=enrolment,
                lessons_total=len(lessons),
                lessons_opened=enrolment.opened,
                first_lesson=lessons[0] if lessons else None,
                sessions=list(enrolment.offering.sessions.all()),
            )
        )
    return result


# What a lesson page reads of its reader, kept per user (cadres.user_state).
_LESSON_ENROLMENTS = "lesson-enrolments:%s"
_QUIZ_ATTEMPTS = "quiz-attempts:%s"


def lesson_reader_entries(page) -> list[str]:
    """The reader's entries a lesson page asks for, read ahead with the user (curriculum's
    ReadAheadMiddleware)."""
    if not isinstance(page, LessonPage):
        return []
    return [_LESSON_ENROLMENTS % page.pk, _QUIZ_ATTEMPTS % page.pk]


def _course_enrolments(user, lesson: LessonPage) -> list[Enrolment]:
    """The user's enrolments in classes of this lesson's course that a lesson page cares for,
    newest first, each knowing whether the lesson was opened and the course's allowed quiz
    attempts: one query, read once per request (the progress hook, the quiz states, the
    quiz check all ask)."""
    if not user_fact(user, HAS_ENROLMENTS):  # read with the roles: most readers never enrolled
        return []
    course_path = lesson.path[: -LessonPage.steplen]

    def read():
        return list(
            Enrolment.objects.filter(
                cadre__user_id=user.pk,
                offering__course__path=course_path,
                status__in=LESSON_PAGE_STATUSES,
            )
            # The course (a page with many columns) loads only when a first visit needs it
            # to check completion.
            .select_related("offering")
            .annotate(
                lesson_opened=Exists(
                    LessonProgress.objects.filter(enrolment=OuterRef("pk"), lesson_id=lesson.pk)
                ),
                course_allowed_attempts=F("offering__course__allowed_attempts"),
            )
            .order_by("-requested_at")
        )

    # Between requests too, while none of the user's enrolments, classes or progress and no
    # publish (the course's path and attempts) changed (cadres.user_state).
    return remembered(
        ("training:lesson-enrolments", user.pk, lesson.pk),
        lambda: user_state.user_value(
            user.pk, _LESSON_ENROLMENTS % lesson.pk, read, stamp=(content_version(),)
        ),
    )


def learning_enrolment(*, user, lesson: LessonPage) -> Enrolment | None:
    """The user's enrolment that lets them learn this lesson's course now, if any."""
    if not user.is_authenticated:
        return None
    today = timezone.localdate()
    return next(
        (
            e
            for e in _course_enrolments(user, lesson)
            if e.status in LEARNING and e.offering.start_date <= today
        ),
        None,
    )


def learns_course_of(*, user, lesson: LessonPage) -> bool:
    """Whether the user may check this lesson's quizzes: an approved enrolment in a class of its
    course that has started (completed learners revise; failed ones have used their attempts)."""
    if not user.is_authenticated:
        return False
    today = timezone.localdate()
    return any(
        e.status in (*LEARNING, EnrolmentStatus.COMPLETED) and e.offering.start_date <= today
        for e in _course_enrolments(user, lesson)
    )


@dataclass
class QuizState:
    """Where the user stands on one quiz of a lesson."""

    block_id: str
    attempts: int
    allowed: int
    passed_attempt: QuizAttempt | None
    last_attempt: QuizAttempt | None

    @property
    def passed(self) -> bool:
        return self.passed_attempt is not None

    @property
    def attempts_left(self) -> int:
        return max(0, self.allowed - self.attempts)

    @property
    def passed_attempt_url(self) -> str:
        return reverse("training:quiz_attempt", args=[self.passed_attempt.pk])

    @property
    def last_attempt_url(self) -> str:
        return reverse("training:quiz_attempt", args=[self.last_attempt.pk])

    @property
    def key(self) -> str:
        """What the lesson's cached body varies by for this quiz."""
        if self.passed:
            return f"{self.block_id}:p{self.passed_attempt.pk}"
        return f"{self.block_id}:{self.attempts}/{self.allowed}"


def quiz_states(*, user, lesson: LessonPage) -> dict[str, QuizState]:
    """The user's attempts at each quiz of the lesson, in their latest enrolment of its course
    that lets them learn or has ended in completion or failure. One query for the attempts."""
    if not user.is_authenticated or not lesson.quiz_block_ids:
        return {}
    enrolments = _course_enrolments(user, lesson)
    if not enrolments:
        return {}
    enrolment = enrolments[0]
    attempts = user_state.user_value(
        user.pk,
        _QUIZ_ATTEMPTS % lesson.pk,
        lambda: list(
            QuizAttempt.objects.filter(enrolment=enrolment, lesson_id=lesson.pk).order_by("number")
        ),
        stamp=(enrolment.pk,),
    )
    allowed = enrolment.course_allowed_attempts
    states = {}
    for block_id in lesson.quiz_block_ids:
        mine = [a for a in attempts if a.block_id == block_id]
        states[block_id] = QuizState(
            block_id=block_id,
            attempts=len(mine),
            allowed=allowed,
            passed_attempt=next((a for a in mine if a.passed), None),
            last_attempt=mine[-1] if mine else None,
        )
    return states


def own_cadre(user) -> Cadre | None:
    """The signed-in user's registry record, if they have one (None for staff and visitors)."""
    if not user.is_authenticated:
        return None
    return Cadre.objects.filter(user_id=user.pk).select_related("agency").first()


def first_lesson(*, course) -> LessonPage | None:
    """Where learning a course starts: its first published lesson."""
    return LessonPage.objects.live().child_of(course).order_by("path").first()


def valid_certificate(*, enrolment: Enrolment) -> Certificate | None:
    return enrolment.certificates.filter(revoked_at__isnull=True).order_by("-issued_on").first()


def access_own_attempt(user, pk) -> QuizAttempt:
    """A quiz attempt of the user's own enrolment; 404 otherwise."""
    try:
        return QuizAttempt.objects.select_related("enrolment__offering__course", "lesson").get(
            pk=pk, enrolment__cadre__user_id=user.pk
        )
    except (QuizAttempt.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- Training record ------------------------------------------------------------------------


@dataclass
class YearHours:
    year: int
    internal: int = 0
    external: int = 0
    target: int | None = None

    @property
    def total(self) -> int:
        return self.internal + self.external

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.total >= self.target


@dataclass
class TrainingRecord:
    cadre: Cadre
    completed: list[Enrolment]
    current: list[Enrolment]
    external: list[ExternalTraining]
    years: list[YearHours] = field(default_factory=list)
    # "Dân vận khéo" models and exemplars the cadre took part in (or is the person of).
    emulation: list = field(default_factory=list)


def training_record(*, cadre: Cadre) -> TrainingRecord:
    """Courses, external training and hours per year against the category's target."""
    enrolments = list(
        Enrolment.objects.filter(cadre=cadre)
        .select_related("offering__course", "offering__organiser")
        .order_by("-completed_at", "-requested_at")
    )
    completed = [e for e in enrolments if e.status == EnrolmentStatus.COMPLETED]
    current = [
        e
        for e in enrolments
        if e.status
        in (
            EnrolmentStatus.REQUESTED,
            EnrolmentStatus.WAITLISTED,
            EnrolmentStatus.APPROVED,
            EnrolmentStatus.IN_PROGRESS,
        )
    ]
    external = list(cadre.external_trainings.order_by("-end_date"))
    years: dict[int, YearHours] = {}
    # Hours credited per year (in the local time zone) of the completed enrolments read above.
    for enrolment in completed:
        at = enrolment.completed_at
        year = timezone.localtime(at).year if at is not None else None
        years.setdefault(year, YearHours(year)).internal += enrolment.hours_credited or 0
    for record in external:
        year = record.end_date.year
        years.setdefault(year, YearHours(year)).external += record.hours
    this_year = timezone.localdate().year
    years.setdefault(this_year, YearHours(this_year))
    if cadre.category_id:
        targets = dict(
            HoursTarget.objects.filter(
                category_id=cadre.category_id, year__in=list(years)
            ).values_list("year", "hours")
        )
        for year, hours in targets.items():
            years[year].target = hours
    return TrainingRecord(
        cadre=cadre,
        completed=completed,
        current=current,
        external=external,
        years=sorted(years.values(), key=lambda y: y.year, reverse=True),
        emulation=cadre_emulation_records(cadre),
    )


# --- Certificates ---------------------------------------------------------------------------

_CERTIFICATE_RELATED = (
    "body",
    "enrolment__cadre__agency",
    "enrolment__cadre__user",
    "enrolment__offering__course",
)


def _certificates() -> QuerySet[Certificate]:
    return Certificate.objects.select_related(*_CERTIFICATE_RELATED)


def access_certificate_by_id(user, pk) -> Certificate:
    """The holder, staff whose scope covers the holder's agency, and superusers; 404 otherwise."""
    if not user.is_authenticated:
        raise Http404
    try:
        certificate = _certificates().get(pk=pk)
    except (Certificate.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    cadre = certificate.enrolment.cadre
    if cadre.user_id == user.pk or agency_scope_for(user).contains(cadre.agency):
        return certificate
    raise Http404


def access_managed_certificate(user, pk) -> Certificate:
    """A certificate a coordinator may revoke or reissue; 404 for everyone else."""
    if not is_coordinator(user):
        raise Http404
    return access_certificate_by_id(user, pk)


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate a public verification code names, or None (no user, no scope)."""
    if not code or len(code) > 40:
        return None
    return (
        Certificate.objects.select_related("body", "enrolment__offering", "revoked_by")
        .filter(verification_code=code)
        .first()
    )


def my_certificates(*, cadre: Cadre) -> QuerySet[Certificate]:
    return _certificates().filter(enrolment__cadre=cadre).order_by("-issued_on", "-pk")


@dataclass
class RevokedLearner:
    """Completed the class, holds no valid certificate because theirs was revoked."""

    enrolment: Enrolment
    revoked: Certificate  # the latest revoked certificate


@dataclass
class OfferingCertificates:
    certificates: list[Certificate]
    without_certificate: list[Enrolment]  # completed, never issued: "issue to these" covers them
    revoked: list[RevokedLearner]  # completed, certificate revoked: issued again one by one


def offering_certificates(*, offering: Offering) -> OfferingCertificates:
    """A class's certificates (revoked ones too), who completed it and never had one, and who
    completed it but had theirs revoked (three queries)."""
    certificates = list(
        _certificates()
        .filter(enrolment__offering=offering)
        .order_by("enrolment__cadre__name_sort_text", "-created_at")
    )
    valid = Certificate.objects.filter(enrolment=OuterRef("pk"), revoked_at=None)
    completed = list(
        offering.enrolments.filter(status=EnrolmentStatus.COMPLETED)
        .exclude(Exists(valid))
        .select_related("cadre__agency")
        .order_by("cadre__name_sort_text")
    )
    last_revoked: dict[int, Certificate] = {}
    for certificate in certificates:
        if certificate.revoked_at is None:
            continue
        known = last_revoked.get(certificate.enrolment_id)
        if known is None or certificate.revoked_at > known.revoked_at:
            last_revoked[certificate.enrolment_id] = certificate
    return OfferingCertificates(
        certificates=certificates,
        without_certificate=[e for e in completed if e.pk not in last_revoked],
        revoked=[
            RevokedLearner(enrolment=e, revoked=last_revoked[e.pk])
            for e in completed
            if e.pk in last_revoked
        ],
    )


def _not_renewed() -> Exists:
    # A later valid certificate of the same course for the same cadre renews this one.
    newer = Certificate.objects.filter(
        enrolment__cadre_id=OuterRef("enrolment__cadre_id"),
        enrolment__offering__course_id=OuterRef("enrolment__offering__course_id"),
        revoked_at=None,
        issued_on__gt=OuterRef("issued_on"),
    )
    return ~Exists(newer)


def _expiring(today, days: int) -> QuerySet[Certificate]:
    return (
        _certificates()
        .filter(
            _not_renewed(),
            revoked_at=None,
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=days),
        )
        .order_by("expires_on", "holder_name", "pk")
    )


def certificates_expiring(*, user, days: int, today=None) -> QuerySet[Certificate]:
    """Valid, not yet renewed certificates expiring within `days`, in the user's agencies."""
    scope = agency_scope_for(user)
    if scope.is_empty:
        return Certificate.objects.none()
    today = today or timezone.localdate()
    return _expiring(today, days).filter(scope.agency_q("enrolment__cadre__agency__"))


def certificates_due_for_reminder(*, today, days: int) -> QuerySet[Certificate]:
    """For the reminder command (no user): every certificate expiring within `days`."""
    return _expiring(today, days)


def personnel_officers_with_scopes() -> list[tuple[User, AgencyScope]]:
    """Active personnel officers and the union of their scopes (two queries)."""
    officers = list(
        User.objects.filter(
            is_active=True,
            groups__name=Role.PERSONNEL_OFFICER.value,
            pk__in=Scope.objects.filter(withdrawn_at__isnull=True).values("user_id"),
        )
    )
    scopes = granted_scopes(officer.pk for officer in officers)
    return [(officer, scopes[officer.pk]) for officer in officers if officer.pk in scopes]


def offering_batches(*, offering: Offering) -> QuerySet[CertificateBatch]:
    return offering.certificate_batches.order_by("-created_at")[:5]


def issuing_bodies() -> QuerySet[IssuingBody]:
    return IssuingBody.objects.order_by("name")


def register_years(*, body: IssuingBody) -> list[int]:
    return sorted(
        set(Certificate.objects.filter(body=body).values_list("year", flat=True)), reverse=True
    )


def register_book(*, body: IssuingBody, year: int) -> list[Certificate]:
    """The register book (sổ cấp) of a body for a year, in number order, revoked ones included."""
    return list(
        Certificate.objects.filter(body=body, year=year)
        .select_related("enrolment__offering")
        .order_by("serial")
    )


# --- Yearly training plans ---


def plan_approvers(*, plan: TrainingPlan) -> QuerySet[User]:
    """Who is told that a plan awaits approval: the active coordinators with an address."""
    return (
        User.objects.filter(groups__name=Role.COORDINATOR, is_active=True)
        .exclude(email="")
        .distinct()
    )


def training_plans(*, user, year: int | None = None, status: str = "") -> QuerySet[TrainingPlan]:
    """Plans of the user's agencies, newest year first, in tree order."""
    scope = agency_scope_for(user)
    plans = TrainingPlan.objects.filter(scope.agency_q("agency__"))
    if year:
        plans = plans.filter(year=year)
    if status:
        plans = plans.filter(status=status)
    return (
        plans.select_related("agency")
        .annotate(
            item_count=Count("items", distinct=True),
            headcount=Coalesce(Sum("items__headcount"), 0),
        )
        .order_by("-year", "agency__path")
    )


def access_training_plan_by_id(user, pk) -> TrainingPlan:
    """A plan of an agency the user sees; 404 otherwise."""
    scope = agency_scope_for(user)
    try:
        return TrainingPlan.objects.select_related(
            "agency", "created_by", "submitted_by", "decided_by"
        ).get(scope.agency_q("agency__"), pk=pk)
    except (TrainingPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass
class ItemActual:
    """One plan item against what was done: classes opened for it, enrolled, completed, hours."""

    item: TrainingPlanItem
    classes: int = 0
    enrolled: int = 0
    completed: int = 0
    hours: int = 0

    @property
    def done_share(self) -> int:
        return round(100 * self.completed / self.item.headcount) if self.item.headcount else 0


_COUNTED = [
    EnrolmentStatus.APPROVED,
    EnrolmentStatus.IN_PROGRESS,
    EnrolmentStatus.COMPLETED,
    EnrolmentStatus.FAILED,
]


def plan_against_actual(items) -> list[ItemActual]:
    """Each item with its classes (not cancelled), the cadres enrolled in them, those who
    completed and the hours credited: two queries for any number of items."""
    items = list(items)
    rows = {item.pk: ItemActual(item=item) for item in items}
    if not items:
        return []
    for row in (
        Offering.objects.filter(plan_item__in=items, cancelled=False)
        .values("plan_item")
        .annotate(n=Count("pk"))
    ):
        rows[row["plan_item"]].classes = row["n"]
    for row in (
        Enrolment.objects.filter(
            offering__plan_item__in=items, offering__cancelled=False, status__in=_COUNTED
        )
        .values("offering__plan_item")
        .annotate(
            enrolled=Count("pk"),
            completed=Count("pk", filter=Q(status=EnrolmentStatus.COMPLETED)),
            hours=Coalesce(Sum("hours_credited"), 0),
        )
    ):
        actual = rows[row["offering__plan_item"]]
        actual.enrolled, actual.completed, actual.hours = (
            row["enrolled"],
            row["completed"],
            row["hours"],
        )
    return list(rows.values())


def plan_items(*, plan: TrainingPlan) -> list[ItemActual]:
    items = plan.items.select_related("course", "category", "title", "job_position")
    return plan_against_actual(items.order_by("quarter", "pk"))


@dataclass
class RollupRow:
    """Items of the plans under an agency added up by what they train."""

    label: str
    plans: int = 0
    headcount: int = 0
    cost: int = 0
    classes: int = 0
    enrolled: int = 0
    completed: int = 0
    hours: int = 0


def plan_rollup(*, user, agency, year: int) -> list[RollupRow]:
    """The submitted and approved plans of the agency and every agency under it (within the
    user's scope) for a year, consolidated by course or content kind: four queries."""
    scope = agency_scope_for(user)
    items = list(
        TrainingPlanItem.objects.filter(
            scope.agency_q("plan__agency__"),
            plan__agency__path__startswith=agency.path,
            plan__year=year,
            plan__status__in=[TrainingPlanStatus.SUBMITTED, TrainingPlanStatus.APPROVED],
        ).select_related("course")
    )
    rows: dict[str, RollupRow] = {}
    plans: dict[str, set] = defaultdict(set)
    for actual in plan_against_actual(items):
        item = actual.item
        row = rows.setdefault(item.label, RollupRow(label=item.label))
        plans[item.label].add(item.plan_id)
        row.headcount += item.headcount
        row.cost += int(item.estimated_cost)
        row.classes += actual.classes
        row.enrolled += actual.enrolled
        row.completed += actual.completed
        row.hours += actual.hours
    for label, row in rows.items():
        row.plans = len(plans[label])
    return sorted(rows.values(), key=lambda r: r.label)


def plan_item_classes(*, plan: TrainingPlan) -> dict[int, list[Offering]]:
    """The classes linked to each item of the plan (one query)."""
    found: dict[int, list[Offering]] = defaultdict(list)
    for offering in Offering.objects.filter(plan_item__plan=plan).order_by("start_date", "code"):
        found[offering.plan_item_id].append(offering)
    return dict(found)


def classes_to_link(*, year: int) -> list[Offering]:
    """Classes of the plan's year a coordinator may link to an item (not cancelled)."""
    return list(
        Offering.objects.filter(start_date__year=year, cancelled=False)
        .select_related("course")
        .order_by("start_date", "code")[:300]
    )


def enrolments_starting_on(*, day) -> QuerySet[Enrolment]:
    """For the reminder command: places held in classes that start on `day`."""
    return Enrolment.objects.filter(
        offering__start_date=day,
        offering__cancelled=False,
        status__in=[EnrolmentStatus.APPROVED, EnrolmentStatus.IN_PROGRESS],
    ).select_related("cadre__user", "offering__course")


def plan_items_without_class(*, today) -> list[TrainingPlanItem]:
    """For the reminder command: items of approved plans whose quarter has begun (this year's
    or an earlier year's) and that no class carries out."""
    return list(
        _items_begun_without_class(today).select_related(
            "plan__agency", "plan__submitted_by", "plan__created_by", "course"
        )
    )


def _items_begun_without_class(today) -> QuerySet[TrainingPlanItem]:
    quarter = (today.month - 1) // 3 + 1
    return (
        TrainingPlanItem.objects.filter(plan__status=TrainingPlanStatus.APPROVED)
        .filter(Q(plan__year__lt=today.year) | Q(plan__year=today.year, quarter__lte=quarter))
        .exclude(Exists(Offering.objects.filter(plan_item=OuterRef("pk"), cancelled=False)))
    )


def plans_to_decide(*, user) -> int:
    """Submitted plans this user may approve or return: every one for a coordinator; for an
    officer, those of agencies whose parent they may change (as services.can_decide_plan)."""
    plans = TrainingPlan.objects.filter(status=TrainingPlanStatus.SUBMITTED)
    if is_coordinator(user):
        return plans.count()
    step = Agency.steplen
    parents = [
        path[:-step] for path in plans.values_list("agency__path", flat=True) if len(path) > step
    ]
    if not parents:
        return 0
    allowed = set(
        Agency.objects.filter(change_scope_for(user).agency_q(), path__in=set(parents)).values_list(
            "path", flat=True
        )
    )
    return sum(1 for parent in parents if parent in allowed)


def late_plan_items(*, user, today) -> QuerySet[TrainingPlanItem]:
    """Items of approved plans in the user's scope whose quarter has begun with no class."""
    return _items_begun_without_class(today).filter(
        agency_scope_for(user).agency_q("plan__agency__")
    )


def requests_waiting(*, today) -> QuerySet[Enrolment]:
    """For the daily digest: requests awaiting a decision in classes still open to enrolment,
    oldest first."""
    return (
        Enrolment.objects.filter(
            status=EnrolmentStatus.REQUESTED,
            offering__cancelled=False,
            offering__enrol_closes__gte=today,
        )
        .select_related("cadre__agency", "offering")
        .order_by("requested_at", "pk")
    )


def requests_in_closing_windows(*, today, days: int) -> QuerySet[Enrolment]:
    """For the reminder command: requests still awaiting a decision in classes whose enrolment
    window closes within `days` days."""
    return Enrolment.objects.filter(
        status=EnrolmentStatus.REQUESTED,
        offering__cancelled=False,
        offering__enrol_closes__gte=today,
        offering__enrol_closes__lte=today + timedelta(days=days),
    ).select_related("cadre__agency", "offering")
