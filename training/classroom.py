"""Classes held in person: sessions, attendance (marked on a sheet, imported, or checked in by a
QR code that changes every minute), results and grades, and the completion decision.

Every write here is a service: keyword-only arguments, one transaction, a TrainingError with a
Vietnamese message when a rule refuses it. Those who run a class are the coordinators and the
organisers a coordinator names on the class.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres import audit
from cadres.access import acting_user, is_coordinator
from cadres.models import AuditAction
from training.models import (
    LEARNING,
    Attendance,
    AttendanceSource,
    AttendanceStatus,
    CompletionDecision,
    Enrolment,
    EnrolmentStatus,
    Offering,
    Result,
    Session,
)
from training.selectors import attending_enrolments, check_in_window, completion_checks
from training.services import (
    TrainingError,
    audit_enrolment,
    certificate_issue,
    enrolment_credit,
    issuing_body_for,
)

NOT_ORGANISER = _("Only the class's coordinators and organisers may do this.")
SESSION_OUTSIDE_CLASS = _(
    "The session's date must fall within the class's dates (%(start)s – %(end)s)."
)
SESSION_HAS_ATTENDANCE = _("Attendance was marked for this session: it can no longer be removed.")
NOT_IN_CLASS = _("A learner marked is no longer in this class: reload the page and mark again.")
SESSION_NOT_YET = _(
    "The session of %(date)s has not taken place yet: only an excused absence can be recorded "
    "before it."
)
CHECK_IN_WRONG_CODE = _(
    "This code is not the one of this session now: scan the code on the organiser's screen again."
)
CHECK_IN_OUTSIDE_WINDOW = _(
    "Check-in for this session is open from %(opens)s to %(closes)s on %(date)s."
)
CHECK_IN_NOT_ENROLLED = _("You are not a learner of this class: ask its organiser.")
CHECK_IN_NOT_APPROVED = _(
    "Your place in this class is not approved (%(status)s): ask its organiser."
)
CHECK_IN_NO_CADRE = _("Your account is not linked to a cadre of the registry.")
SCORE_INVALID = _("Write a score between 0 and %(max)s, e.g. 8,5.")
RESULT_NEEDS_PASSED = _("Say whether %(name)s passed.")
DECISION_ALREADY = _("This class's results were already confirmed by decision %(number)s.")
DECISION_NO_SESSIONS = _("Add the class's sessions and mark attendance before confirming results.")
DECISION_NEEDS_NUMBER = _("Give the decision's number.")
DECISION_IN_FUTURE = _("The decision's date cannot be later than today.")
DECISION_BEFORE_LAST_SESSION = _(
    "The class's last session is on %(date)s: results are confirmed after it, not before."
)
DECIDED = _(
    "The class's results were confirmed by decision %(number)s of %(date)s: its sessions, "
    "attendance and results can no longer be changed."
)
NOT_IN_PERSON = _("Only classes held in person or blended have sessions, attendance and results.")

# A check-in code is good for the minute it is shown and the one before, so a phone that scans
# at the turn of a minute still gets in; anything older is a replay.
CODE_MINUTES = 2


def _require_runner(actor, offering: Offering) -> None:
    if not can_run(actor, offering):
        raise TrainingError(NOT_ORGANISER)


def can_run(user, offering: Offering) -> bool:
    """Coordinators run every class; an organiser runs the classes they were named on."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_coordinator(user):
        return True
    return offering.organisers.filter(pk=user.pk).exists()


def _require_sessions(offering: Offering) -> None:
    if not offering.has_sessions:
        raise TrainingError(NOT_IN_PERSON)


def _require_undecided(offering: Offering) -> None:
    """Once a decision confirmed the results, the sessions, marks and results it rests on stay
    as they were (a correction is a new decision's business, outside this system)."""
    decision = CompletionDecision.objects.filter(offering_id=offering.pk).first()
    if decision is not None:
        raise TrainingError(
            DECIDED % {"number": decision.number, "date": _date(decision.decided_on)}
        )


def _date(value) -> str:
    return value.strftime("%d/%m/%Y")


# --- Sessions ---------------------------------------------------------------------------------


@transaction.atomic
def session_save(*, actor, session: Session) -> Session:
    """Add or change a session of a class held in person."""
    offering = session.offering
    _require_runner(actor, offering)
    _require_sessions(offering)
    _require_undecided(offering)
    if not offering.start_date <= session.date <= offering.end_date:
        raise TrainingError(
            SESSION_OUTSIDE_CLASS
            % {"start": _date(offering.start_date), "end": _date(offering.end_date)}
        )
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_remove(*, actor, session: Session) -> None:
    """Remove a session planned by mistake; one with attendance stays (it is history)."""
    _require_runner(actor, session.offering)
    _require_undecided(session.offering)
    if session.attendances.exists():
        raise TrainingError(SESSION_HAS_ATTENDANCE)
    session.delete()


@transaction.atomic
def organisers_set(*, actor, offering: Offering, users) -> None:
    """Name who runs a class besides the coordinators (coordinators only)."""
    if not is_coordinator(actor):
        raise TrainingError(NOT_ORGANISER)
    offering.organisers.set(users)


# --- Attendance -------------------------------------------------------------------------------


@transaction.atomic
def attendance_mark(
    *, actor, session: Session, marks: dict[int, str], source: str = AttendanceSource.SHEET
) -> int:
    """Mark many learners of a session at once ({enrolment id: status}); returns how many."""
    _require_runner(actor, session.offering)
    _require_sessions(session.offering)
    _require_undecided(session.offering)
    learners = {
        e.pk: e for e in attending_enrolments(session.offering).select_related("cadre", "offering")
    }
    if any(pk not in learners for pk in marks):
        raise TrainingError(NOT_IN_CLASS)
    for status in marks.values():
        if status not in AttendanceStatus.values:
            raise TrainingError(_("Unknown attendance mark: %(mark)s") % {"mark": status})
    if session.date > timezone.localdate() and any(
        status != AttendanceStatus.EXCUSED for status in marks.values()
    ):
        raise TrainingError(SESSION_NOT_YET % {"date": _date(session.date)})
    now = timezone.now()
    existing = {a.enrolment_id: a for a in session.attendances.filter(enrolment_id__in=marks)}
    previous = {pk: mark.status for pk, mark in existing.items()}
    changed, created = [], []
    for enrolment_id, status in marks.items():
        mark = existing.get(enrolment_id)
        if mark is None:
            created.append(
                Attendance(
                    session=session,
                    enrolment_id=enrolment_id,
                    status=status,
                    source=source,
                    marked_by=acting_user(actor),
                    marked_at=now,
                )
            )
        elif mark.status != status:
            mark.status, mark.source = status, source
            mark.marked_by, mark.marked_at = acting_user(actor), now
            changed.append(mark)
    Attendance.objects.bulk_create(created)
    Attendance.objects.bulk_update(changed, ["status", "source", "marked_by", "marked_at"])
    day = audit.shown(session.date)
    audit.record_many(
        [
            audit.entry(
                actor=actor,
                action=AuditAction.CHANGED,
                target=learners[mark.enrolment_id],
                cadre=learners[mark.enrolment_id].cadre_id,
                agency=learners[mark.enrolment_id].cadre.agency_id,
                changes={"attendance": [previous.get(mark.enrolment_id), mark.status]},
                note=day,
            )
            for mark in created + changed
        ]
    )
    return len(created) + len(changed)


def _minute(at: datetime) -> int:
    return int(at.timestamp() // 60)


def check_in_code(session: Session, at: datetime | None = None) -> str:
    """The code shown on the organiser's screen for this minute (8 letters and digits)."""
    at = at or timezone.now()
    message = f"check-in:{session.pk}:{_minute(at)}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return digest[:8].upper()


def check_in_code_valid(session: Session, code: str, at: datetime) -> bool:
    code = (code or "").strip().upper()
    return any(
        hmac.compare_digest(code, check_in_code(session, at - timedelta(minutes=back)))
        for back in range(CODE_MINUTES)
    )


def check_in_problem(session: Session, code: str, scanned_at: datetime):
    """Why a scan cannot check in, judged at the moment of the scan (None when it can)."""
    opens, closes = check_in_window(session)
    if not opens <= scanned_at <= closes:
        local = timezone.localtime
        return CHECK_IN_OUTSIDE_WINDOW % {
            "opens": local(opens).strftime("%H:%M"),
            "closes": local(closes).strftime("%H:%M"),
            "date": _date(session.date),
        }
    if not check_in_code_valid(session, code, scanned_at):
        return CHECK_IN_WRONG_CODE
    return None


@transaction.atomic
def attendance_check_in(*, user, session: Session, code: str, scanned_at: datetime) -> Attendance:
    """A learner checks in with the code they scanned: present, judged at the scan's moment
    (a phone that had to log in first keeps the moment it scanned)."""
    problem = check_in_problem(session, code, scanned_at)
    if problem:
        raise TrainingError(problem)
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(offering=session.offering, cadre__user_id=user.pk)
        .exclude(status__in=[EnrolmentStatus.WITHDRAWN, EnrolmentStatus.REJECTED])
        .first()
    )
    if enrolment is None:
        raise TrainingError(CHECK_IN_NOT_ENROLLED)
    if enrolment.status not in LEARNING:
        raise TrainingError(CHECK_IN_NOT_APPROVED % {"status": enrolment.get_status_display()})
    mark, _created = Attendance.objects.update_or_create(
        session=session,
        enrolment=enrolment,
        defaults={
            "status": AttendanceStatus.PRESENT,
            "source": AttendanceSource.CHECK_IN,
            "marked_by": user,
            "marked_at": scanned_at,
        },
    )
    if enrolment.status == EnrolmentStatus.APPROVED:
        enrolment.status = EnrolmentStatus.IN_PROGRESS
        enrolment.started_at = enrolment.started_at or timezone.now()
        enrolment.save(update_fields=["status", "started_at"])
    return mark


# --- Results ----------------------------------------------------------------------------------


def parse_score(text, max_score: Decimal) -> Decimal | None:
    """A score as people write it ("8,5" or "8.5"); None for an empty cell."""
    text = str(text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        score = Decimal(text)
    except InvalidOperation:
        raise TrainingError(SCORE_INVALID % {"max": max_score}) from None
    if not Decimal(0) <= score <= max_score:
        raise TrainingError(SCORE_INVALID % {"max": max_score})
    return score.quantize(Decimal("0.01"))


@transaction.atomic
def result_save(
    *, actor, enrolment: Enrolment, score: Decimal | None = None, passed: bool | None = None
) -> Result:
    """Record a learner's final assessment. A graded class derives the grade and whether it
    passes from the score; a class without a scheme records passed or not passed."""
    offering = Offering.objects.select_related("grading_scheme").get(pk=enrolment.offering_id)
    _require_runner(actor, offering)
    _require_sessions(offering)
    _require_undecided(offering)
    scheme = offering.grading_scheme
    grade = ""
    if scheme is not None:
        if score is None:
            raise TrainingError(SCORE_INVALID % {"max": scheme.max_score})
        band = scheme.band_for(score)
        grade = band.label if band else ""
        passed = bool(band and band.passing)
    elif passed is None:
        raise TrainingError(RESULT_NEEDS_PASSED % {"name": enrolment.cadre.full_name})
    before = Result.objects.filter(enrolment=enrolment).first()
    fields = ["score", "grade", "passed"]
    old = audit.snapshot(before, fields) if before else {}
    result, _created = Result.objects.update_or_create(
        enrolment=enrolment,
        defaults={
            "score": score,
            "grade": grade,
            "passed": passed,
            "entered_by": acting_user(actor),
            "entered_at": timezone.now(),
        },
    )
    changes = audit.diff(old, audit.snapshot(result, fields))
    if changes:
        audit.record(
            actor=actor,
            action=AuditAction.CHANGED,
            target=enrolment,
            cadre=enrolment.cadre_id,
            agency=enrolment.cadre.agency_id,
            changes={f"result_{name}": pair for name, pair in changes.items()},
        )
    return result


# --- Completion -------------------------------------------------------------------------------


@dataclass
class DecisionOutcome:
    decision: CompletionDecision
    completed: list[Enrolment]
    not_completed: list[tuple[Enrolment, list[str]]]
    certificates: list


@transaction.atomic
def completion_decide(
    *,
    actor,
    offering: Offering,
    number: str,
    decided_on,
    signer_name: str,
    signer_title: str,
) -> DecisionOutcome:
    """Confirm a class's results by decision: learners who qualify complete (hours credited
    once) and get their certificate; the others end the class not completed, with the reason."""
    if not is_coordinator(actor):
        raise TrainingError(NOT_ORGANISER)
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    _require_sessions(offering)
    existing = CompletionDecision.objects.filter(offering=offering).first()
    if existing is not None:
        raise TrainingError(DECISION_ALREADY % {"number": existing.number})
    if not (number or "").strip():
        raise TrainingError(DECISION_NEEDS_NUMBER)
    last = offering.sessions.order_by("-date").first()
    if last is None:
        raise TrainingError(DECISION_NO_SESSIONS)
    if decided_on > timezone.localdate():
        raise TrainingError(DECISION_IN_FUTURE)
    if last.date > decided_on:
        raise TrainingError(DECISION_BEFORE_LAST_SESSION % {"date": _date(last.date)})
    decision = CompletionDecision.objects.create(
        offering=offering,
        number=number.strip(),
        decided_on=decided_on,
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        confirmed_by=acting_user(actor),
    )
    learners = list(
        offering.enrolments.select_for_update()
        .filter(status__in=LEARNING)
        .select_related("cadre", "offering__course")
    )
    checks = completion_checks(offering, learners)
    has_body = issuing_body_for(offering) is not None
    outcome = DecisionOutcome(decision=decision, completed=[], not_completed=[], certificates=[])
    # Learners complete on the day of the decision (a decision recorded later keeps its date, so
    # the training counts in the period it belongs to).
    now = timezone.now()
    if decided_on != timezone.localdate(now):
        now = timezone.make_aware(datetime.combine(decided_on, datetime.min.time()))
    for enrolment in learners:
        check = checks[enrolment.pk]
        before = {"status": enrolment.status, "reason": enrolment.reason, "hours_credited": None}
        if check.qualifies:
            enrolment_credit(enrolment, at=now, actor=actor, before=before)
            outcome.completed.append(enrolment)
            if has_body:  # without one, the coordinator issues them later from the class page
                outcome.certificates.append(
                    certificate_issue(enrolment=enrolment, actor=actor, issued_on=decided_on)
                )
        else:
            enrolment.status = EnrolmentStatus.FAILED
            enrolment.reason = "; ".join(check.reasons)[:500]
            enrolment.save(update_fields=["status", "reason"])
            audit_enrolment(actor, enrolment, AuditAction.CHANGED, before, ["status", "reason"])
            outcome.not_completed.append((enrolment, check.reasons))
    return outcome
