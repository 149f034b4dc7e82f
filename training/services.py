"""Every write of the learning capability: enrolment transitions, progress, quizzes, feedback.

Each service checks the transition and raises TrainingError with a translatable message when
it is refused; a refused call changes nothing. Seats are counted under a row lock on the class,
so simultaneous requests never overbook it (on PostgreSQL; SQLite serialises writers anyway).
"""

import logging
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cadres import audit, jobs, queue
from cadres.access import acting_user, agency_scope_for, change_scope_for, is_coordinator
from cadres.models import AuditAction, Cadre, Posting, agency_name_on
from cadres.selectors import agency_on
from cadres.text import nfc
from curriculum.models import CoursePage, LessonPage
from curriculum.quiz import QuizError, QuizResult, grade_quiz
from training import capacity, selectors
from training.models import (
    ENDED,
    LEARNING,
    SEAT_HOLDING,
    Certificate,
    CertificateBatch,
    CompletionDecision,
    CourseFeedback,
    Enrolment,
    EnrolmentStatus,
    ExternalTraining,
    IssuingBody,
    LessonProgress,
    Offering,
    OfferingMode,
    Qualification,
    QuizAttempt,
    RegisterCounter,
    Result,
    SentReminder,
    TrainingPlan,
    TrainingPlanItem,
    TrainingPlanStatus,
    TrainingRequirement,
)
from training.selectors import course_requirements

logger = logging.getLogger(__name__)

CLASS_CANCELLED = _("This class has been cancelled.")
WINDOW_CLOSED = _("Enrolment for this class is open from %(opens)s to %(closes)s only.")
NOT_FOR_CATEGORY = _("This class is only for: %(categories)s.")
NOT_FOR_AGENCY = _("This class is not open to cadres of %(agency)s.")
PREREQUISITES_MISSING = _("Complete these courses first: %(courses)s.")
ALREADY_ENROLLED = _("%(name)s already has an enrolment in this class (%(status)s).")
OUT_OF_SCOPE = _("%(name)s is not in the agencies you manage.")
TRANSITION_REFUSED = _("An enrolment that is “%(status)s” cannot be %(action)s.")
REASON_REQUIRED = _("Give the reason for the rejection.")
NOT_LEARNING = _("Your enrolment does not allow learning now (%(status)s).")
CLASS_NOT_STARTED = _("The class starts on %(date)s.")
NO_ATTEMPTS_LEFT = _("You have used all %(count)s attempts of this quiz.")
FEEDBACK_NOT_YET = _("Feedback opens when you have completed the course.")
FEEDBACK_GIVEN = _("You have already sent your feedback for this class.")
RATING_RANGE = _("Choose a rating from 1 to 5.")
NOTHING_CHOSEN = _("Choose at least one cadre.")
EXTERNAL_DATES = _("The end date cannot be before the start date.")
EXTERNAL_HOURS = _("Hours must be a whole number greater than 0.")
QUALIFICATION_BOTH = _("Give both the area and the name of the qualification, or neither.")

ACTION_APPROVE = _("approved")
ACTION_REJECT = _("rejected")
ACTION_WITHDRAW = _("withdrawn")


class TrainingError(Exception):
    """A refused write; `messages` says why, in the user's language, one line per problem."""

    def __init__(self, *messages):
        self.messages = [str(m) for m in messages]
        super().__init__("; ".join(self.messages))


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


# --- Eligibility -------------------------------------------------------------------------


def eligibility_problems(*, cadre: Cadre, offering: Offering, check_window: bool = True) -> list:
    """Why this cadre may not enrol in this class; empty when they may."""
    problems = []
    if offering.cancelled:
        return [CLASS_CANCELLED]
    if check_window and not offering.is_enrolment_open():
        problems.append(
            WINDOW_CLOSED
            % {"opens": _date(offering.enrol_opens), "closes": _date(offering.enrol_closes)}
        )
    categories = list(offering.eligible_categories.all())
    if categories and cadre.category_id not in {c.pk for c in categories}:
        problems.append(NOT_FOR_CATEGORY % {"categories": ", ".join(c.name for c in categories)})
    agencies = list(offering.eligible_agencies.all())
    if agencies:
        cadre_path = cadre.agency.path
        if not any(cadre_path.startswith(a.path) for a in agencies):
            problems.append(NOT_FOR_AGENCY % {"agency": cadre.agency.name})
    missing = missing_prerequisites(cadre=cadre, course=offering.course)
    if missing:
        problems.append(PREREQUISITES_MISSING % {"courses": ", ".join(c.title for c in missing)})
    return problems


def missing_prerequisites(*, cadre: Cadre, course: CoursePage) -> list[CoursePage]:
    prerequisites = list(course.prerequisites.all())
    if not prerequisites:
        return []
    done = set(
        Enrolment.objects.filter(
            cadre=cadre,
            status=EnrolmentStatus.COMPLETED,
            offering__course__in=prerequisites,
        ).values_list("offering__course_id", flat=True)
    )
    return [c for c in prerequisites if c.pk not in done]


# --- Seats ----------------------------------------------------------------------------------


def audit_enrolment(actor, enrolment: Enrolment, action, before: dict, fields) -> None:
    """The trail of an enrolment (or of what hangs on one: a result, a certificate)."""
    audit.record(
        actor=actor,
        action=action,
        target=enrolment,
        cadre=enrolment.cadre_id,
        agency=enrolment.cadre.agency_id,
        changes=audit.diff(before, audit.snapshot(enrolment, fields)),
    )


def _audit_certificate(actor, certificate: Certificate, action, changes: dict) -> None:
    enrolment = certificate.enrolment
    audit.record(
        actor=actor,
        action=action,
        target=certificate,
        cadre=enrolment.cadre_id,
        agency=enrolment.cadre.agency_id,
        changes=changes,
        note=str(enrolment.offering),
    )


def _lock_offering(offering: Offering) -> Offering:
    return Offering.objects.select_for_update().get(pk=offering.pk)


def _seats_taken(offering: Offering) -> int:
    return offering.enrolments.filter(status__in=SEAT_HOLDING).count()


def _promote_waitlist(offering: Offering) -> list[Enrolment]:
    """Give freed seats to the longest-waiting cadres (the offering row must be locked)."""
    free = offering.capacity - _seats_taken(offering)
    if free <= 0:
        return []
    promoted = list(
        offering.enrolments.filter(status=EnrolmentStatus.WAITLISTED).order_by(
            "requested_at", "pk"
        )[:free]
    )
    new_status = (
        EnrolmentStatus.REQUESTED if offering.approval_required else EnrolmentStatus.APPROVED
    )
    for enrolment in promoted:
        enrolment.status = new_status
        enrolment.save(update_fields=["status"])
        audit_enrolment(
            None, enrolment, AuditAction.CHANGED, {"status": EnrolmentStatus.WAITLISTED}, ["status"]
        )
    return promoted


def _place(offering: Offering, *, approved: bool) -> str:
    """The status of a new request: a seat if one is free, the waitlist otherwise."""
    if _seats_taken(offering) >= offering.capacity:
        return EnrolmentStatus.WAITLISTED
    if approved or not offering.approval_required:
        return EnrolmentStatus.APPROVED
    return EnrolmentStatus.REQUESTED


def _open_enrolment(
    *, actor, offering, cadre, status, nominated_by=None, decided_by=None
) -> Enrolment:
    """Create the cadre's enrolment, or reopen a withdrawn/rejected one (one row per class)."""
    now = timezone.now()
    existing = Enrolment.objects.filter(offering=offering, cadre=cadre).first()
    if existing is not None and existing.status not in ENDED:
        raise TrainingError(
            ALREADY_ENROLLED % {"name": cadre.full_name, "status": existing.get_status_display()}
        )
    enrolment = existing or Enrolment(offering=offering, cadre=cadre)
    before = {"status": existing.status} if existing else {}
    enrolment.status = status
    enrolment.requested_at = now
    enrolment.nominated_by = nominated_by
    enrolment.decided_by = decided_by
    enrolment.decided_at = now if decided_by else None
    enrolment.reason = ""
    enrolment.save()
    audit_enrolment(
        actor, enrolment, AuditAction.CREATED, before, ["offering", "status", "nominated_by"]
    )
    return enrolment


# --- Classes ---------------------------------------------------------------------------------


@transaction.atomic
def offering_save(
    *, actor, offering: Offering, eligible_categories=None, eligible_agencies=None, organisers=None
) -> Offering:
    """Open a class or change one (coordinators); the office form and the demo both come here."""
    _require_coordinator(actor)
    if offering.created_by_id is None:
        offering.created_by = acting_user(actor)
    offering.full_clean()
    offering.save()
    if eligible_categories is not None:
        offering.eligible_categories.set(eligible_categories)
    if eligible_agencies is not None:
        offering.eligible_agencies.set(eligible_agencies)
    if organisers is not None:
        offering.organisers.set(organisers)
    return offering


# --- Enrolment transitions --------------------------------------------------------------


@transaction.atomic
def enrolment_request(*, cadre: Cadre, offering: Offering) -> Enrolment:
    """A cadre asks for a place: a seat (pending approval if needed) or the waitlist."""
    offering = _lock_offering(offering)
    problems = eligibility_problems(cadre=cadre, offering=offering)
    if problems:
        raise TrainingError(*problems)
    return _open_enrolment(
        actor=cadre.user,
        offering=offering,
        cadre=cadre,
        status=_place(offering, approved=False),
    )


@dataclass
class Nomination:
    """What a nomination did: who was enrolled, and who was in the class already (left as is)."""

    enrolled: list[Enrolment]
    already_in: list[Enrolment]


@transaction.atomic
def enrolment_nominate(*, actor, offering: Offering, cadres: Iterable[Cadre]) -> Nomination:
    """A personnel officer enrols several cadres; all or none (every problem is reported).

    Nominated cadres are approved by the act of nomination; past the capacity they wait. A cadre
    already in the class is no reason to refuse the others: they are left as they are and named.
    """
    cadres = list(cadres)
    if not cadres:
        raise TrainingError(NOTHING_CHOSEN)
    offering = _lock_offering(offering)
    scope = change_scope_for(actor)
    problems = []
    existing = {
        e.cadre_id: e
        for e in Enrolment.objects.filter(offering=offering, cadre__in=cadres).exclude(
            status__in=ENDED
        )
    }
    to_enrol = []
    for cadre in cadres:
        if not scope.contains(cadre.agency):
            problems.append(OUT_OF_SCOPE % {"name": cadre.full_name})
            continue
        if cadre.pk in existing:
            continue
        to_enrol.append(cadre)
        # Officers may nominate until enrolment closes, even before it opens to self-enrolment.
        for problem in eligibility_problems(cadre=cadre, offering=offering, check_window=False):
            problems.append(f"{cadre.full_name}: {problem}")
        if offering.enrol_closes < timezone.localdate():
            problems.append(
                f"{cadre.full_name}: "
                + WINDOW_CLOSED
                % {"opens": _date(offering.enrol_opens), "closes": _date(offering.enrol_closes)}
            )
    if problems:
        raise TrainingError(*problems)
    enrolled = [
        _open_enrolment(
            actor=actor,
            offering=offering,
            cadre=cadre,
            status=_place(offering, approved=True),
            nominated_by=acting_user(actor),
            decided_by=acting_user(actor),
        )
        for cadre in to_enrol
    ]
    return Nomination(
        enrolled=enrolled, already_in=[existing[c.pk] for c in cadres if c.pk in existing]
    )


def _require_manager(actor, enrolment: Enrolment) -> None:
    if not change_scope_for(actor).contains(enrolment.cadre.agency):
        raise TrainingError(OUT_OF_SCOPE % {"name": enrolment.cadre.full_name})


def _refuse(enrolment: Enrolment, action) -> TrainingError:
    return TrainingError(
        TRANSITION_REFUSED % {"status": enrolment.get_status_display(), "action": action}
    )


def _locked_enrolment(enrolment: Enrolment) -> tuple[Enrolment, Offering]:
    offering = _lock_offering(enrolment.offering)
    enrolment = Enrolment.objects.select_related("cadre__agency", "cadre__user", "offering").get(
        pk=enrolment.pk
    )
    return enrolment, offering


ENROLMENT_DECISION_NOTICE = "enrolment_decision"


def _tell_cadre(enrolment: Enrolment, *, approved: bool) -> None:
    """The decision on a request, to the cadre (through the outbox, in this transaction)."""
    cadre = enrolment.cadre
    user = cadre.user if cadre.user_id else None
    email = (user.email if user is not None else "") or cadre.email
    if not email:
        return
    offering = enrolment.offering
    with translation.override(settings.LANGUAGE_CODE):
        if approved:
            subject = _("Your place in class %(code)s is approved") % {"code": offering.code}
            body = _("The class starts on %(date)s. Your courses: %(url)s") % {
                "date": _date(offering.start_date),
                "url": settings.SITE_URL.rstrip("/") + reverse("training:my_courses"),
            }
        else:
            subject = _("Your request for class %(code)s is declined") % {"code": offering.code}
            body = _("Reason: %(reason)s") % {"reason": enrolment.reason}
        queue.email_queue(
            kind=ENROLMENT_DECISION_NOTICE,
            recipient=email,
            user=user,
            subject=str(subject),
            body=str(body),
        )


@transaction.atomic
def enrolment_approve(*, actor, enrolment: Enrolment) -> Enrolment:
    enrolment, _offering = _locked_enrolment(enrolment)
    _require_manager(actor, enrolment)
    if enrolment.status != EnrolmentStatus.REQUESTED:
        raise _refuse(enrolment, ACTION_APPROVE)
    enrolment.status = EnrolmentStatus.APPROVED
    enrolment.decided_by = acting_user(actor)
    enrolment.decided_at = timezone.now()
    enrolment.save(update_fields=["status", "decided_by", "decided_at"])
    audit_enrolment(
        actor, enrolment, AuditAction.APPROVED, {"status": EnrolmentStatus.REQUESTED}, ["status"]
    )
    _tell_cadre(enrolment, approved=True)
    return enrolment


@transaction.atomic
def enrolment_reject(*, actor, enrolment: Enrolment, reason: str) -> Enrolment:
    reason = (reason or "").strip()
    if not reason:
        raise TrainingError(REASON_REQUIRED)
    enrolment, offering = _locked_enrolment(enrolment)
    _require_manager(actor, enrolment)
    if enrolment.status not in (EnrolmentStatus.REQUESTED, EnrolmentStatus.WAITLISTED):
        raise _refuse(enrolment, ACTION_REJECT)
    before = audit.snapshot(enrolment, ["status", "reason"])
    enrolment.status = EnrolmentStatus.REJECTED
    enrolment.reason = reason
    enrolment.decided_by = acting_user(actor)
    enrolment.decided_at = timezone.now()
    enrolment.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit_enrolment(actor, enrolment, AuditAction.REJECTED, before, ["status", "reason"])
    _tell_cadre(enrolment, approved=False)
    _promote_waitlist(offering)
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, actor, enrolment: Enrolment) -> Enrolment:
    """The cadre (or their personnel officer) gives up the place; the waitlist moves up."""
    enrolment, offering = _locked_enrolment(enrolment)
    if enrolment.cadre.user_id != actor.pk:
        _require_manager(actor, enrolment)
    allowed = (
        EnrolmentStatus.REQUESTED,
        EnrolmentStatus.WAITLISTED,
        EnrolmentStatus.APPROVED,
        EnrolmentStatus.IN_PROGRESS,
    )
    if enrolment.status not in allowed:
        raise _refuse(enrolment, ACTION_WITHDRAW)
    before = {"status": enrolment.status}
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save(update_fields=["status"])
    audit_enrolment(actor, enrolment, AuditAction.WITHDRAWN, before, ["status"])
    _promote_waitlist(offering)
    return enrolment


@dataclass
class BulkResult:
    done: list[Enrolment]
    refused: list[tuple[Enrolment, str]]


def enrolments_decide(*, actor, enrolments: Iterable[Enrolment], approve: bool, reason: str = ""):
    """Approve or reject many at once from the queue; each refusal is reported, not fatal."""
    if not approve and not (reason or "").strip():
        raise TrainingError(REASON_REQUIRED)
    result = BulkResult(done=[], refused=[])
    for enrolment in enrolments:
        try:
            if approve:
                result.done.append(enrolment_approve(actor=actor, enrolment=enrolment))
            else:
                result.done.append(
                    enrolment_reject(actor=actor, enrolment=enrolment, reason=reason)
                )
        except TrainingError as error:
            result.refused.append((enrolment, "; ".join(error.messages)))
    return result


# --- Learning -------------------------------------------------------------------------------


def _require_learning(enrolment: Enrolment) -> None:
    if enrolment.status not in LEARNING:
        raise TrainingError(NOT_LEARNING % {"status": enrolment.get_status_display()})
    if enrolment.offering.start_date > timezone.localdate():
        raise TrainingError(CLASS_NOT_STARTED % {"date": _date(enrolment.offering.start_date)})


def _start(enrolment: Enrolment) -> None:
    if enrolment.status == EnrolmentStatus.APPROVED:
        enrolment.status = EnrolmentStatus.IN_PROGRESS
        enrolment.started_at = timezone.now()
        enrolment.save(update_fields=["status", "started_at"])


@transaction.atomic
def lesson_open(*, enrolment: Enrolment, lesson: LessonPage) -> bool:
    """Record that the cadre opened a lesson; returns whether the course completed now."""
    _require_learning(enrolment)
    _progress, first_visit = LessonProgress.objects.get_or_create(
        enrolment=enrolment, lesson=lesson
    )
    _start(enrolment)
    # Only a lesson opened for the first time can complete the course: revisits (most page
    # views) skip reading every lesson body of the course.
    return first_visit and _complete_if_done(enrolment)


@transaction.atomic
def quiz_submit(
    *, enrolment: Enrolment, lesson: LessonPage, block_id: str, answers: Mapping
) -> tuple[QuizAttempt, QuizResult]:
    """Grade a quiz on the server and record the attempt, within the course's attempt limit."""
    _require_learning(enrolment)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    course = enrolment.offering.course
    used = QuizAttempt.objects.filter(enrolment=enrolment, block_id=block_id).count()
    if used >= course.allowed_attempts:
        raise TrainingError(NO_ATTEMPTS_LEFT % {"count": course.allowed_attempts})
    try:
        result = grade_quiz(lesson, block_id, answers, pass_mark_percent=course.pass_mark_percent)
    except QuizError as error:
        raise TrainingError(str(error)) from error
    attempt = QuizAttempt.objects.create(
        enrolment=enrolment,
        lesson=lesson,
        block_id=block_id,
        number=used + 1,
        answers={key: sorted(value) for key, value in answers.items()},
        score=result.score,
        total=result.total,
        percent=result.percent,
        passed=result.passed,
    )
    LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    _start(enrolment)
    completed = _complete_if_done(enrolment)
    if not completed and not result.passed and attempt.number >= course.allowed_attempts:
        enrolment.status = EnrolmentStatus.FAILED
        enrolment.save(update_fields=["status"])
    return attempt, result


def enrolment_credit(enrolment: Enrolment, *, at, actor=None, before: dict | None = None) -> None:
    """Mark an enrolment completed at `at` and credit the course's periods, once.

    Both ways of completing (online, and the decision of a class held in person) end here, so
    the hours and the agency the training counts for are set the same way. The caller holds the
    row and has checked that the enrolment qualifies. The trail records it as `actor`'s (the
    system's for an online course the learner finished).
    """
    previous = enrolment.status
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.completed_at = at
    enrolment.hours_credited = enrolment.offering.course.periods
    enrolment.agency_id = enrolment.cadre.agency_id  # the agency then, for "as then" reports
    enrolment.reason = ""
    before = before or {"status": previous}
    enrolment.save(update_fields=["status", "completed_at", "hours_credited", "agency", "reason"])
    audit_enrolment(actor, enrolment, AuditAction.CHANGED, before, ["status", "hours_credited"])


def _complete_if_done(enrolment: Enrolment) -> bool:
    """Complete the enrolment when every lesson was opened and every quiz passed.

    Hours are credited here and only here, guarded by the status, so they count once. Classes
    held in person (or blended) complete by their completion decision (training.classroom).
    """
    if enrolment.status not in LEARNING or enrolment.offering.mode != OfferingMode.ONLINE:
        return False
    course = enrolment.offering.course
    lesson_ids, quizzes = course_requirements(course)
    opened = set(enrolment.progress.values_list("lesson_id", flat=True))
    passed = set(enrolment.quiz_attempts.filter(passed=True).values_list("lesson_id", "block_id"))
    if not lesson_ids or not lesson_ids <= opened or not quizzes <= passed:
        return False
    # Completed by the course's rules as the learner finished it: recorded as the system's.
    enrolment_credit(enrolment, at=timezone.now())
    _issue_on_completion(enrolment)  # same transaction: no completion without its certificate
    return True


# --- Feedback and external training -------------------------------------------------------


@transaction.atomic
def feedback_submit(*, enrolment: Enrolment, rating: int, comments: str) -> CourseFeedback:
    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise TrainingError(FEEDBACK_NOT_YET)
    if CourseFeedback.objects.filter(enrolment=enrolment).exists():
        raise TrainingError(FEEDBACK_GIVEN)
    if rating not in range(1, 6):
        raise TrainingError(RATING_RANGE)
    return CourseFeedback.objects.create(
        enrolment=enrolment, rating=rating, comments=(comments or "").strip()
    )


@transaction.atomic
def external_training_record(
    *,
    actor,
    cadre: Cadre,
    qualification_area: str = "",
    qualification_name: str = "",
    **fields,
) -> ExternalTraining:
    """Training done elsewhere; with a qualification it gave (a Khmer certificate, a diploma
    in state management), that qualification joins the cadre's capacity profile."""
    if not change_scope_for(actor).contains(cadre.agency):
        raise TrainingError(OUT_OF_SCOPE % {"name": cadre.full_name})
    if fields["end_date"] < fields["start_date"]:
        raise TrainingError(EXTERNAL_DATES)
    if not fields.get("hours") or fields["hours"] < 1:
        raise TrainingError(EXTERNAL_HOURS)
    if bool(qualification_area) != bool(qualification_name.strip()):
        raise TrainingError(QUALIFICATION_BOTH)
    record = ExternalTraining(
        cadre=cadre,
        recorded_by=acting_user(actor),
        agency_id=agency_on(cadre, fields["end_date"]),
        **fields,
    )
    record.full_clean()
    record.save()
    if qualification_area:
        _qualification_save(
            cadre=cadre,
            area=qualification_area,
            name=qualification_name,
            awarded_on=record.end_date,
            institution=record.institution,
            external_training=record,
        )
    return record


def _qualification_save(**fields) -> Qualification:
    qualification = Qualification(**fields)
    qualification.name = nfc(qualification.name.strip())
    qualification.full_clean()
    qualification.save()
    return qualification


@transaction.atomic
def qualification_record(*, actor, cadre: Cadre, area: str, name: str, **fields) -> Qualification:
    """A qualification a cadre holds (a degree, a language certificate), in one area."""
    if not change_scope_for(actor).contains(cadre.agency):
        raise TrainingError(OUT_OF_SCOPE % {"name": cadre.full_name})
    return _qualification_save(cadre=cadre, area=area, name=name, **fields)


@transaction.atomic
def training_requirement_save(*, actor, requirement: TrainingRequirement) -> TrainingRequirement:
    """What a post requires, kept by coordinators (the admin's form checks the same model)."""
    _require_coordinator(actor)
    requirement.full_clean()
    requirement.save()
    return requirement


# --- Certificates ---------------------------------------------------------------------------
# Register numbers come from one counter row per issuing body and year, locked while a number is
# taken and saved in the same transaction as the certificate: a rolled-back issue gives its
# number back, so the register book has no gaps, and simultaneous issues wait for each other.

NOT_COMPLETED = _("%(name)s has not completed the course (%(status)s).")
ALREADY_CERTIFIED = _("%(name)s already has a valid certificate for this class: %(number)s.")
NO_ISSUING_BODY = _(
    "No issuing body is set up for classes of %(agency)s: add one (or mark one as default)."
)
NOTHING_TO_ISSUE = _(
    "Everyone who completed this class has had a certificate; a revoked one is issued again "
    "only person by person, with a reason."
)
ISSUE_AGAIN_REASON_REQUIRED = _("Give the reason for issuing a certificate again.")
NEVER_REVOKED = _("%(name)s has no revoked certificate in this class: issue it as usual.")
REVOKE_REASON_REQUIRED = _("Give the reason for revoking the certificate.")
ALREADY_REVOKED = _("Certificate %(number)s was already revoked on %(date)s.")
COORDINATORS_ONLY = _("Only training coordinators may do this.")
BATCH_EMPTY = _("This class has no valid certificates to print yet.")
ISSUE_DATE_RANGE = _("The issue date must be between the class's start (%(start)s) and today.")

EXPIRY_REMINDER = "certificate_expiry"
EXPIRY_REMINDER_DAYS = 90


def _require_coordinator(actor) -> None:
    if not is_coordinator(actor):
        raise TrainingError(COORDINATORS_ONLY)


def issuing_body_for(offering: Offering) -> IssuingBody | None:
    """The body linked to the organiser or its nearest ancestor; else the default body."""
    return issuing_body_for_path(offering.organiser.path)


def issuing_body_for_path(organiser_path: str) -> IssuingBody | None:
    """The body linked to the agency at this tree path or its nearest ancestor; else the
    default body ("" is the whole province: the default body)."""
    bodies = list(
        IssuingBody.objects.select_related("agency", "document_format").filter(
            Q(agency__isnull=False) | Q(is_default=True)
        )
    )
    linked = [b for b in bodies if b.agency and organiser_path.startswith(b.agency.path)]
    if linked:
        return max(linked, key=lambda b: len(b.agency.path))
    return next((b for b in bodies if b.is_default), None)


def _take_number(body: IssuingBody, year: int) -> int:
    # get_or_create survives a race on the first number of a year (the loser re-reads the row).
    RegisterCounter.objects.get_or_create(body=body, year=year)
    counter = RegisterCounter.objects.select_for_update().get(body=body, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _check_issue_date(offering: Offering, issued_on) -> None:
    if issued_on is not None and not offering.start_date <= issued_on <= timezone.localdate():
        raise TrainingError(ISSUE_DATE_RANGE % {"start": _date(offering.start_date)})


def _posting_on(cadre: Cadre, day) -> Posting | None:
    """The post the cadre held on that day (the newer one on a transfer day)."""
    return (
        Posting.objects.filter(cadre=cadre, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("agency")
        .prefetch_related("agency__former_names")
        .order_by("-start_date", "-pk")
        .first()
    )


def printed_fields(enrolment: Enrolment, *, body: IssuingBody, issued_on) -> dict:
    """Everything the paper prints, as it stands on the issue date; copied onto the certificate
    so that every later print is the same paper. A new printed field (a decision number, a
    grade) is added here, on Certificate, and in the template."""
    cadre = enrolment.cadre
    offering = enrolment.offering
    course = offering.course
    posting = _posting_on(cadre, issued_on)
    document_format = body.document_format
    # A certificate issued before the class ends covers the study up to its issue date.
    course_end = min(offering.end_date, issued_on)
    return {
        "holder_name": cadre.full_name,
        "holder_birth_date": cadre.date_of_birth,
        "holder_agency": (
            agency_name_on(posting.agency, issued_on) if posting else cadre.agency.name
        ),
        "holder_position": posting.position if posting else "",
        "course_title": course.title,
        "hours": enrolment.hours_credited or course.periods,
        "course_start": min(offering.start_date, course_end),
        "course_end": course_end,
        "heading": "\n".join(document_format.heading_lines),
        "issuer_parent": body.parent_name,
        "issuer_name": body.heading_name,
        "issuer_separator": document_format.separator,
        "place_date": body.place_date(issued_on),
        "signer_name": body.signer_name,
        "signer_title": "\n".join(body.signature_lines()),
        **_decision_fields(enrolment),
    }


def _decision_fields(enrolment: Enrolment) -> dict:
    """A class held in person prints the decision that confirmed its results, and the grade of
    a graded class; an online class prints neither."""
    decision = CompletionDecision.objects.filter(offering_id=enrolment.offering_id).first()
    if decision is None:
        return {}
    result = Result.objects.filter(enrolment=enrolment).first()
    return {
        "decision_number": decision.number,
        "decision_date": decision.decided_on,
        "grade": result.grade if result else "",
    }


def _issue(
    enrolment: Enrolment,
    *,
    body: IssuingBody,
    actor=None,
    replaces: Certificate | None = None,
    issued_on=None,
    reissue_reason: str = "",
) -> Certificate:
    """Issue for an enrolment already locked and checked (completed, no valid certificate).

    The register year is the year of the issue date, so a late entry lands in its own year.
    """
    course = enrolment.offering.course
    today = issued_on or timezone.localdate()
    serial = _take_number(body, today.year)
    certificate = Certificate(
        enrolment=enrolment,
        kind=course.credential_kind,
        body=body,
        year=today.year,
        serial=serial,
        number=body.format_number(
            seq=serial, year=today.year, suffix=body.suffix_for(course.credential_kind)
        ),
        issued_on=today,
        expires_on=(
            today + relativedelta(months=course.validity_months) if course.validity_months else None
        ),
        issued_by=acting_user(actor) if actor is not None else None,
        replaces=replaces,
        reissue_reason=reissue_reason,
        **printed_fields(enrolment, body=body, issued_on=today),
    )
    certificate.save()
    _audit_certificate(
        actor,
        certificate,
        AuditAction.ISSUED,
        audit.diff(
            {},
            audit.snapshot(
                certificate, ["number", "issued_on", "expires_on", "replaces", "reissue_reason"]
            ),
        ),
    )
    return certificate


def _lock_for_issue(enrolment: Enrolment) -> Enrolment:
    """Lock the enrolment row (two issues of one enrolment queue up) and check it may be issued."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("cadre__agency", "offering__course", "offering__organiser")
        .get(pk=enrolment.pk)
    )
    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise TrainingError(
            NOT_COMPLETED
            % {"name": enrolment.cadre.full_name, "status": enrolment.get_status_display()}
        )
    valid = Certificate.objects.filter(enrolment=enrolment, revoked_at__isnull=True).first()
    if valid is not None:
        raise TrainingError(
            ALREADY_CERTIFIED % {"name": enrolment.cadre.full_name, "number": valid.number}
        )
    return enrolment


def _body_or_error(offering: Offering) -> IssuingBody:
    body = issuing_body_for(offering)
    if body is None:
        raise TrainingError(NO_ISSUING_BODY % {"agency": offering.organiser.name})
    return body


@transaction.atomic
def certificate_issue(*, enrolment: Enrolment, actor=None, issued_on=None) -> Certificate:
    """Issue the certificate of one completed enrolment (automatically or by a coordinator)."""
    if actor is not None:
        _require_coordinator(actor)
    enrolment = _lock_for_issue(enrolment)
    _check_issue_date(enrolment.offering, issued_on)
    return _issue(
        enrolment, body=_body_or_error(enrolment.offering), actor=actor, issued_on=issued_on
    )


def _issue_on_completion(enrolment: Enrolment) -> Certificate | None:
    """Called inside _complete_if_done's transaction when an online class completes.

    Without a configured issuing body completion still counts; a coordinator issues later.
    """
    if enrolment.offering.mode != OfferingMode.ONLINE:
        return None
    if issuing_body_for(enrolment.offering) is None:
        logger.warning("No issuing body for class %s: certificate not issued", enrolment.offering)
        return None
    return certificate_issue(enrolment=enrolment)


@transaction.atomic
def certificates_issue_for_offering(
    *, actor, offering: Offering, issued_on=None
) -> list[Certificate]:
    """Issue in one go to everyone who completed the class and never had a certificate.

    Learners whose certificate was revoked are left out: issuing to them again is a decision,
    taken one by one with its reason (certificate_issue_again).
    """
    _require_coordinator(actor)
    offering = _lock_offering(offering)
    _check_issue_date(offering, issued_on)
    body = _body_or_error(offering)
    pending = list(
        Enrolment.objects.filter(offering=offering, status=EnrolmentStatus.COMPLETED)
        .exclude(Exists(Certificate.objects.filter(enrolment=OuterRef("pk"))))
        .order_by("cadre__name_sort_text", "pk")
    )
    if not pending:
        raise TrainingError(NOTHING_TO_ISSUE)
    return [
        _issue(_lock_for_issue(e), body=body, actor=actor, issued_on=issued_on) for e in pending
    ]


@transaction.atomic
def certificate_issue_again(
    *, actor, enrolment: Enrolment, reason: str, issued_on=None
) -> Certificate:
    """Issue a new certificate to a learner whose certificate was revoked, by an explicit
    decision with its reason; the new one records the revoked one it follows."""
    _require_coordinator(actor)
    reason = (reason or "").strip()
    if not reason:
        raise TrainingError(ISSUE_AGAIN_REASON_REQUIRED)
    enrolment = _lock_for_issue(enrolment)
    revoked = (
        Certificate.objects.filter(enrolment=enrolment, revoked_at__isnull=False)
        .order_by("-revoked_at", "-pk")
        .first()
    )
    if revoked is None:
        raise TrainingError(NEVER_REVOKED % {"name": enrolment.cadre.full_name})
    _check_issue_date(enrolment.offering, issued_on)
    return _issue(
        enrolment,
        body=_body_or_error(enrolment.offering),
        actor=actor,
        replaces=revoked,
        issued_on=issued_on,
        reissue_reason=reason,
    )


def _lock_certificate(certificate: Certificate) -> Certificate:
    return (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("enrolment__offering__course", "enrolment__offering__organiser")
        .get(pk=certificate.pk)
    )


def _revoke(certificate: Certificate, *, actor, reason: str) -> Certificate:
    if certificate.revoked_at is not None:
        raise TrainingError(
            ALREADY_REVOKED
            % {
                "number": certificate.number,
                "date": _date(timezone.localtime(certificate.revoked_at)),
            }
        )
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = acting_user(actor)
    certificate.revoke_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    _audit_certificate(
        actor,
        certificate,
        AuditAction.REVOKED,
        audit.diff({}, audit.snapshot(certificate, ["revoked_at", "revoke_reason"])),
    )
    return certificate


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise TrainingError(REVOKE_REASON_REQUIRED)
    return reason


@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a certificate issued in error; it stays in the register book, marked revoked."""
    _require_coordinator(actor)
    reason = _clean_reason(reason)
    return _revoke(_lock_certificate(certificate), actor=actor, reason=reason)


@transaction.atomic
def certificate_reissue(*, actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke and issue a new one with a new number; the old one stays in history."""
    _require_coordinator(actor)
    reason = _clean_reason(reason)
    old = _revoke(_lock_certificate(certificate), actor=actor, reason=reason)
    enrolment = _lock_for_issue(old.enrolment)
    return _issue(enrolment, body=_body_or_error(enrolment.offering), actor=actor, replaces=old)


# Batches: a job the coordinators watch (cadres.jobs); the view enqueues it, the job base runs
# certificate_batch_build, which renders and stores the file.

CERTIFICATE_BATCH_JOB = "certificate_batch"


def certificate_batch_start(*, actor, offering: Offering) -> CertificateBatch:
    """Record a job for one combined PDF of the class's valid certificates."""
    _require_coordinator(actor)
    total = Certificate.objects.filter(enrolment__offering=offering, revoked_at=None).count()
    if not total:
        raise TrainingError(BATCH_EMPTY)
    return jobs.job_create(
        CertificateBatch,
        kind=CERTIFICATE_BATCH_JOB,
        user=acting_user(actor),
        scope=agency_scope_for(actor),
        offering=offering,
        rows_total=total,
    )


def certificate_batch_build(batch_id: int, *, workers: int | None = None) -> None:
    """The job's runner: render the batch (the design drawn once per group, names laid over it)
    counting progress, then store the file. Running it again builds the same file again."""
    batch = CertificateBatch.objects.select_related("offering").get(pk=batch_id)
    # Every printed field is on the certificate itself: no join needed.
    certificates = list(
        Certificate.objects.filter(enrolment__offering=batch.offering, revoked_at=None).order_by(
            "holder_name", "pk"
        )
    )
    jobs.progress(batch.pk, 0, len(certificates))
    # Imported by the job that prints, not with the services: reportlab, pypdf and xhtml2pdf
    # weigh some 60 MB that every page, worker and report would carry otherwise.
    from training import certificate_printing

    pdf = certificate_printing.batch_pdf(
        certificates, progress=lambda done: jobs.progress(batch.pk, done), workers=workers
    )
    with tempfile.NamedTemporaryFile(suffix=".pdf") as out:
        out.write(pdf)
        out.flush()
        jobs.store_result(
            batch.pk,
            data_path=out.name,
            extension="pdf",
            download_name=f"chung-nhan-{batch.offering.code}-{batch.pk}.pdf",
        )
    jobs.finish(batch, rows_done=len(certificates))


# Reminders: each function sends what is due and returns how many emails went out; the
# send_reminders command runs them all, and a SentReminder row makes every send happen once.


def certificate_expiry_reminders_send(*, today=None, days: int = EXPIRY_REMINDER_DAYS) -> int:
    """Email holders and their personnel officers about certificates expiring within `days`."""
    today = today or timezone.localdate()
    due = list(selectors.certificates_due_for_reminder(today=today, days=days))
    if not due:
        return 0
    officers = selectors.personnel_officers_with_scopes()
    sent_keys = set(
        SentReminder.objects.filter(
            kind=EXPIRY_REMINDER, subject_key__in=[str(c.pk) for c in due]
        ).values_list("subject_key", "recipient")
    )
    # recipient email -> (greeting name, is officer, [certificates])
    outbox: dict[str, tuple[str, bool, list[Certificate]]] = {}
    for certificate in due:
        cadre = certificate.enrolment.cadre
        holder_email = (cadre.user.email if cadre.user and cadre.user.email else "") or cadre.email
        recipients = []
        if holder_email:
            recipients.append((holder_email.lower(), cadre.full_name, False))
        for officer, scope in officers:
            if officer.email and scope.contains(cadre.agency):
                name = officer.get_full_name() or officer.username
                recipients.append((officer.email.lower(), name, True))
        for email, name, is_officer in recipients:
            if (str(certificate.pk), email) in sent_keys:
                continue
            entry = outbox.setdefault(email, (name, is_officer, []))
            if certificate not in entry[2]:
                entry[2].append(certificate)
    sent = 0
    for email, (name, is_officer, certificates) in outbox.items():
        context = {
            "name": name,
            "is_officer": is_officer,
            "certificates": certificates,
            "today": today,
            "classes_url": settings.SITE_URL + reverse("training:offering_list"),
            "expiring_url": settings.SITE_URL + reverse("training:certificates_expiring"),
        }
        with translation.override("vi"):
            subject = render_to_string("training/emails/certificate_expiry_subject.txt", context)
            body = render_to_string("training/emails/certificate_expiry_body.txt", context)
        # The outbox delivers it (and retries while mail is down); recorded in the same
        # transaction, so no run of this command queues the same reminder twice.
        with transaction.atomic():
            queue.email_queue(kind=EXPIRY_REMINDER, recipient=email, subject=subject, body=body)
            SentReminder.objects.bulk_create(
                [
                    SentReminder(kind=EXPIRY_REMINDER, subject_key=str(c.pk), recipient=email)
                    for c in certificates
                ],
                ignore_conflicts=True,
            )
        sent += 1
    return sent


# --- Yearly training plans ------------------------------------------------------------------

PLAN_OUT_OF_SCOPE = _("This agency is outside the agencies you manage.")
PLAN_EXISTS = _("This agency already has a training plan for this year.")
PLAN_NOT_EDITABLE = _("Only a draft or a returned plan can be changed.")
PLAN_EMPTY = _("Add at least one item before submitting the plan.")
PLAN_CANNOT_SUBMIT = _("Only a draft or a returned plan can be submitted.")
PLAN_CANNOT_DECIDE = _("Only a submitted plan can be approved or returned.")
PLAN_NOT_ABOVE = _(
    "A plan is approved or returned by a coordinator or by an officer of the level above."
)
PLAN_RETURN_NEEDS_REASON = _("Give the reason for returning the plan.")
PLAN_ITEM_NEEDS_WHAT = _("Choose a course or a content kind.")
PLAN_ITEM_NOT_APPROVED = _("A class can only carry out an item of an approved plan.")
PLAN_NOTICE_SUBMITTED = "training_plan_submitted"
PLAN_NOTICE_DECIDED = "training_plan_decided"


def _require_plan_scope(actor, agency) -> None:
    if not change_scope_for(actor).contains(agency):
        raise TrainingError(PLAN_OUT_OF_SCOPE)


def can_decide_plan(actor, plan: TrainingPlan) -> bool:
    """Coordinators, and officers who may change the agency above the plan's agency."""
    if is_coordinator(actor):
        return True
    parent = plan.agency.get_parent()
    return parent is not None and change_scope_for(actor).contains(parent)


def _lock_plan(plan: TrainingPlan) -> TrainingPlan:
    return TrainingPlan.objects.select_for_update().select_related("agency").get(pk=plan.pk)


@transaction.atomic
def training_plan_create(*, actor, agency, year: int) -> TrainingPlan:
    _require_plan_scope(actor, agency)
    if TrainingPlan.objects.filter(agency=agency, year=year).exists():
        raise TrainingError(PLAN_EXISTS)
    plan = TrainingPlan.objects.create(agency=agency, year=year, created_by=acting_user(actor))
    _audit_plan(actor, plan, AuditAction.CREATED, {}, ["year", "status"])
    return plan


@transaction.atomic
def training_plan_item_add(
    *, actor, plan: TrainingPlan, item: TrainingPlanItem
) -> TrainingPlanItem:
    """Add a line to a draft or returned plan (the form, the suggestions and the demo)."""
    plan = _lock_plan(plan)
    _require_plan_scope(actor, plan.agency)
    if plan.status not in (TrainingPlanStatus.DRAFT, TrainingPlanStatus.RETURNED):
        raise TrainingError(PLAN_NOT_EDITABLE)
    if item.course_id is None and not item.content_kind:
        raise TrainingError(PLAN_ITEM_NEEDS_WHAT)
    item.plan = plan
    item.note = nfc(item.note)
    item.full_clean()
    item.save()
    _audit_plan(
        actor, plan, AuditAction.CHANGED, {}, [], note=_("Item added: %(item)s") % {"item": item}
    )
    return item


@transaction.atomic
def training_plan_item_remove(*, actor, item: TrainingPlanItem) -> None:
    plan = _lock_plan(item.plan)
    _require_plan_scope(actor, plan.agency)
    if plan.status not in (TrainingPlanStatus.DRAFT, TrainingPlanStatus.RETURNED):
        raise TrainingError(PLAN_NOT_EDITABLE)
    item.offerings.update(plan_item=None)
    _audit_plan(
        actor, plan, AuditAction.CHANGED, {}, [], note=_("Item removed: %(item)s") % {"item": item}
    )
    item.delete()


def _audit_plan(actor, plan: TrainingPlan, action, before: dict, fields, note="") -> None:
    audit.record(
        actor=actor,
        action=action,
        target=plan,
        agency=plan.agency_id,
        changes=audit.diff(before, audit.snapshot(plan, fields)),
        note=note,
    )


def _plan_url(plan: TrainingPlan) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("training:plan_detail", args=[plan.pk])


@transaction.atomic
def training_plan_submit(*, actor, plan: TrainingPlan) -> TrainingPlan:
    """Send the plan up: the approvers above are told by email (through the outbox)."""
    plan = _lock_plan(plan)
    _require_plan_scope(actor, plan.agency)
    if plan.status not in (TrainingPlanStatus.DRAFT, TrainingPlanStatus.RETURNED):
        raise TrainingError(PLAN_CANNOT_SUBMIT)
    if not plan.items.exists():
        raise TrainingError(PLAN_EMPTY)
    before = audit.snapshot(plan, ["status"])
    plan.status = TrainingPlanStatus.SUBMITTED
    plan.submitted_by = acting_user(actor)
    plan.submitted_at = timezone.now()
    plan.save(update_fields=["status", "submitted_by", "submitted_at"])
    _audit_plan(actor, plan, AuditAction.CHANGED, before, ["status"])
    for user in selectors.plan_approvers(plan=plan):
        with translation.override(settings.LANGUAGE_CODE):
            queue.email_queue(
                kind=PLAN_NOTICE_SUBMITTED,
                recipient=user.email,
                user=user,
                subject=str(
                    _("Training plan %(year)s of %(agency)s awaits your approval")
                    % {"year": plan.year, "agency": plan.agency.name}
                ),
                body=str(
                    _("The plan was submitted on %(date)s. Approve it or return it: %(url)s")
                    % {"date": _date(timezone.localdate()), "url": _plan_url(plan)}
                ),
            )
    return plan


def _tell_submitter(plan: TrainingPlan, subject, body) -> None:
    user = plan.submitted_by
    if user is None or not user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        queue.email_queue(
            kind=PLAN_NOTICE_DECIDED,
            recipient=user.email,
            user=user,
            subject=str(subject),
            body=str(body) + "\n" + _plan_url(plan),
        )


@transaction.atomic
def training_plan_approve(*, actor, plan: TrainingPlan) -> TrainingPlan:
    plan = _lock_plan(plan)
    if not can_decide_plan(actor, plan):
        raise TrainingError(PLAN_NOT_ABOVE)
    if plan.status != TrainingPlanStatus.SUBMITTED:
        raise TrainingError(PLAN_CANNOT_DECIDE)
    plan.status = TrainingPlanStatus.APPROVED
    plan.decided_by = acting_user(actor)
    plan.decided_at = timezone.now()
    plan.return_reason = ""
    plan.save(update_fields=["status", "decided_by", "decided_at", "return_reason"])
    _audit_plan(
        actor, plan, AuditAction.APPROVED, {"status": TrainingPlanStatus.SUBMITTED}, ["status"]
    )
    with translation.override(settings.LANGUAGE_CODE):
        _tell_submitter(
            plan,
            _("Training plan %(year)s of %(agency)s is approved")
            % {"year": plan.year, "agency": plan.agency.name},
            _("The plan is approved; classes can now be opened for its items."),
        )
    return plan


@transaction.atomic
def training_plan_return(*, actor, plan: TrainingPlan, reason: str) -> TrainingPlan:
    plan = _lock_plan(plan)
    if not can_decide_plan(actor, plan):
        raise TrainingError(PLAN_NOT_ABOVE)
    if plan.status != TrainingPlanStatus.SUBMITTED:
        raise TrainingError(PLAN_CANNOT_DECIDE)
    reason = nfc(reason)
    if not reason:
        raise TrainingError(PLAN_RETURN_NEEDS_REASON)
    before = audit.snapshot(plan, ["status", "return_reason"])
    plan.status = TrainingPlanStatus.RETURNED
    plan.decided_by = acting_user(actor)
    plan.decided_at = timezone.now()
    plan.return_reason = reason
    plan.save(update_fields=["status", "decided_by", "decided_at", "return_reason"])
    _audit_plan(actor, plan, AuditAction.REJECTED, before, ["status", "return_reason"])
    with translation.override(settings.LANGUAGE_CODE):
        _tell_submitter(
            plan,
            _("Training plan %(year)s of %(agency)s is returned")
            % {"year": plan.year, "agency": plan.agency.name},
            _("Reason: %(reason)s") % {"reason": reason},
        )
    return plan


@transaction.atomic
def offering_plan_item_set(*, actor, offering: Offering, item: TrainingPlanItem | None) -> Offering:
    """Say which approved plan item a class carries out (coordinators), or none."""
    _require_coordinator(actor)
    if item is not None:
        status = TrainingPlan.objects.filter(pk=item.plan_id).values_list("status", flat=True)
        if status.first() != TrainingPlanStatus.APPROVED:
            raise TrainingError(PLAN_ITEM_NOT_APPROVED)
    before = audit.snapshot(offering, ["plan_item"])
    offering.plan_item = item
    offering.save(update_fields=["plan_item"])
    audit.record_change(
        actor=actor,
        target=offering,
        before=before,
        fields=["plan_item"],
        agency=offering.organiser_id,
    )
    return offering


def training_plan_item_for_requirement(
    *, actor, plan: TrainingPlan, requirement: TrainingRequirement, headcount: int, quarter: int
) -> TrainingPlanItem:
    """A suggestion taken into the plan: the requirement's course or content kind, aimed at
    what the requirement targets."""
    return training_plan_item_add(
        actor=actor,
        plan=plan,
        item=TrainingPlanItem(
            requirement=requirement,
            course_id=requirement.course_id,
            content_kind="" if requirement.course_id else requirement.content_kind,
            category_id=requirement.category_id,
            title_id=requirement.title_id,
            job_position_id=requirement.job_position_id,
            headcount=max(headcount, 1),
            quarter=quarter,
        ),
    )


# --- Reminders of the plan and of classes (send_reminders) ------------------------------------

CLASS_START_REMINDER = "class_start"
CLASS_START_DAYS = 3
PLAN_ITEM_REMINDER = "plan_item_no_class"


def _send_once(*, kind: str, key: str, user, email: str, subject: str, body: str) -> bool:
    """Queue one reminder unless it went out already: the SentReminder row is written in the
    same transaction as the email, so no second run sends it again."""
    with transaction.atomic():
        _row, created = SentReminder.objects.get_or_create(
            kind=kind, subject_key=key, recipient=email.lower()
        )
        if not created:
            return False
        queue.email_queue(kind=kind, recipient=email, user=user, subject=subject, body=body)
    return True


def class_start_reminders_send(*, today=None, days: int = CLASS_START_DAYS) -> int:
    """Email each cadre whose class starts in `days` days, with the link to its calendar file."""
    today = today or timezone.localdate()
    start = today + timedelta(days=days)
    sent = 0
    for enrolment in selectors.enrolments_starting_on(day=start):
        cadre = enrolment.cadre
        email = (cadre.user.email if cadre.user_id and cadre.user.email else "") or cadre.email
        if not email:
            continue
        offering = enrolment.offering
        with translation.override(settings.LANGUAGE_CODE):
            subject = str(
                _("Your class %(code)s starts on %(date)s")
                % {"code": offering.code, "date": _date(offering.start_date)}
            )
            body = str(
                _(
                    "The class %(code)s (%(course)s) starts on %(date)s at %(venue)s. Add its "
                    "sessions to your calendar: %(url)s"
                )
                % {
                    "code": offering.code,
                    "course": offering.course.title,
                    "date": _date(offering.start_date),
                    "venue": offering.venue or "—",
                    "url": settings.SITE_URL.rstrip("/")
                    + reverse("training:enrolment_calendar", args=[enrolment.pk]),
                }
            )
        sent += _send_once(
            kind=CLASS_START_REMINDER,
            key=str(enrolment.pk),
            user=cadre.user,
            email=email,
            subject=subject,
            body=body,
        )
    return sent


def plan_item_reminders_send(*, today=None) -> int:
    """Email whoever submitted an approved plan about each item whose quarter has begun with
    no class linked to it."""
    today = today or timezone.localdate()
    sent = 0
    for item in selectors.plan_items_without_class(today=today):
        user = item.plan.submitted_by or item.plan.created_by
        if user is None or not user.email:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = str(
                _("Plan item with no class: %(item)s (quarter %(quarter)d/%(year)d)")
                % {"item": item.label, "quarter": item.quarter, "year": item.plan.year}
            )
            body = str(
                _(
                    "The approved training plan of %(agency)s has this item for quarter "
                    "%(quarter)d, and no class carries it out yet: %(url)s"
                )
                % {
                    "agency": item.plan.agency.name,
                    "quarter": item.quarter,
                    "url": _plan_url(item.plan),
                }
            )
        sent += _send_once(
            kind=PLAN_ITEM_REMINDER,
            key=str(item.pk),
            user=user,
            email=user.email,
            subject=subject,
            body=body,
        )
    return sent


LAPSE_REMINDER = "requirement_lapse"
LAPSE_DAYS = 60


def requirement_lapse_reminders_send(*, today=None, days: int = LAPSE_DAYS) -> int:
    """Tell each serving cadre, once per requirement and date, that training their post
    requires stops counting within `days` days (its validity ends), so they can take it again."""
    today = today or timezone.localdate()
    until = today + timedelta(days=days)
    cadres = list(
        Cadre.objects.filter(postings__end_date__isnull=True)
        .filter(Q(email__gt="") | Q(user__email__gt=""))
        .select_related("user")
        .distinct()
    )
    sent = 0
    for found in capacity.capacities(cadres, today=today).values():
        cadre = found.cadre
        email = (cadre.user.email if cadre.user_id and cadre.user.email else "") or cadre.email
        for check in found.checks:
            if (
                not check.met
                or check.valid_until is None
                or not today <= check.valid_until <= until
            ):
                continue
            with translation.override(settings.LANGUAGE_CODE):
                subject = str(
                    _("“%(name)s” stops counting on %(date)s")
                    % {"name": check.requirement.name, "date": _date(check.valid_until)}
                )
                body = str(
                    _(
                        "The training “%(name)s” that your post requires counts until %(date)s. "
                        "Take it again before then: %(url)s"
                    )
                    % {
                        "name": check.requirement.name,
                        "date": _date(check.valid_until),
                        "url": settings.SITE_URL.rstrip("/") + reverse("training:offering_list"),
                    }
                )
            sent += _send_once(
                kind=LAPSE_REMINDER,
                key=f"{cadre.pk}:{check.requirement.pk}:{check.valid_until:%Y%m%d}",
                user=cadre.user,
                email=email,
                subject=subject,
                body=body,
            )
    return sent


REQUESTS_DIGEST = "enrolment_requests_digest"


def requests_digest_send(*, today=None) -> int:
    """Tell each personnel officer, at most once a day, of the enrolment requests of their
    cadres that arrived since the day before and still wait for a decision (with how many wait
    in all), so a request is not left until its class's window is about to close."""
    today = today or timezone.localdate()
    since = timezone.make_aware(datetime.combine(today - timedelta(days=1), time.min))
    waiting = list(selectors.requests_waiting(today=today))
    if not any(enrolment.requested_at >= since for enrolment in waiting):
        return 0
    sent = 0
    url = settings.SITE_URL.rstrip("/") + reverse("training:approval_queue")
    for officer, scope in selectors.personnel_officers_with_scopes():
        if not officer.email:
            continue
        mine = [e for e in waiting if scope.contains(e.cadre.agency)]
        new = [e for e in mine if e.requested_at >= since]
        if not new:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = str(
                ngettext(
                    "%(count)d new enrolment request waits for your decision",
                    "%(count)d new enrolment requests wait for your decision",
                    len(new),
                )
                % {"count": len(new)}
            )
            lines = [
                f"- {e.cadre.full_name} ({e.cadre.agency.name}): {e.offering.code}, "
                + str(_("enrolment closes on %(date)s") % {"date": _date(e.offering.enrol_closes)})
                for e in new[:50]
            ]
            body = "\n".join(
                [
                    *lines,
                    "",
                    str(
                        _("%(count)d requests wait in all. Decide them here: %(url)s")
                        % {"count": len(mine), "url": url}
                    ),
                ]
            )
        sent += _send_once(
            kind=REQUESTS_DIGEST,
            key=today.isoformat(),
            user=officer,
            email=officer.email,
            subject=subject,
            body=body,
        )
    return sent


WINDOW_CLOSING_REMINDER = "enrolment_window_closing"
WINDOW_CLOSING_DAYS = 2


def window_closing_reminders_send(*, today=None, days: int = WINDOW_CLOSING_DAYS) -> int:
    """Tell each personnel officer, once per class, that requests of their cadres await a
    decision in a class whose enrolment window closes within `days` days."""
    today = today or timezone.localdate()
    pending = list(selectors.requests_in_closing_windows(today=today, days=days))
    if not pending:
        return 0
    sent = 0
    for officer, scope in selectors.personnel_officers_with_scopes():
        if not officer.email:
            continue
        mine: dict[int, list[Enrolment]] = {}
        for enrolment in pending:
            if scope.contains(enrolment.cadre.agency):
                mine.setdefault(enrolment.offering_id, []).append(enrolment)
        for requests in mine.values():
            offering = requests[0].offering
            with translation.override(settings.LANGUAGE_CODE):
                subject = str(
                    _("Enrolment in %(code)s closes on %(date)s: %(count)d requests to decide")
                    % {
                        "code": offering.code,
                        "date": _date(offering.enrol_closes),
                        "count": len(requests),
                    }
                )
                body = str(
                    _("Decide them before the window closes: %(url)s")
                    % {"url": settings.SITE_URL.rstrip("/") + reverse("training:approval_queue")}
                )
            sent += _send_once(
                kind=WINDOW_CLOSING_REMINDER,
                key=str(offering.pk),
                user=officer,
                email=officer.email,
                subject=subject,
                body=body,
            )
    return sent
