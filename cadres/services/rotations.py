"""Rotation plans (Regulation 65-QĐ/TW): propose, approve, carry out, cancel."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres import audit
from cadres.access import acting_user
from cadres.models import (
    Agency,
    AuditAction,
    Cadre,
    JobPosition,
    LeadershipTitle,
    Posting,
    RotationForm,
    RotationPlan,
    RotationRule,
    RotationRuleKind,
    RotationStatus,
)
from cadres.services.cadres import cadre_transfer
from cadres.services.common import (
    LegalBasis,
    RegistryError,
    fresh_agency,
    require_in_scope,
)
from cadres.text import nfc

# Rotation plans
ROTATION_NOT_SERVING = _(
    "This cadre holds no post at the moment, so there is nothing to rotate from."
)
ROTATION_SAME_AGENCY = _("The cadre already works in this agency: choose another one.")
ROTATION_TO_ENDED_AGENCY = _("The agency to rotate to has ended.")
ROTATION_BEFORE_CURRENT_POST = _("The planned date cannot be before the current post started.")
ROTATION_ALREADY_PLANNED = _("This cadre already has a rotation plan that is proposed or approved.")
ROTATION_CANNOT_APPROVE = _("Only a proposed plan can be approved.")
ROTATION_CANNOT_EXECUTE = _("Only an approved plan can be carried out.")
ROTATION_CANNOT_CANCEL = _("A plan that was carried out or cancelled cannot be cancelled.")
ROTATION_POST_CHANGED = _(
    "The cadre's post has changed since the plan was made: cancel it and make a new one."
)
ROTATION_NEEDS_POSITION = _("Give the position in the agency rotated to.")
ROTATION_BAD_FORM = _("Choose the form of the move: rotation, reassignment or secondment.")
ROTATION_END_BEFORE_START = _("The planned end or review date must come after the planned date.")
ROTATION_EXCEPTION_OTHER_FORM = _("This exception is not one of the rules of this form of move.")
ROTATION_EXCEPTION_NEEDS_REASON = _("Give the reason for the exception.")

# --- Rotation plans ---


@transaction.atomic
def rotation_plan_create(
    *,
    actor,
    cadre: Cadre,
    to_agency: Agency,
    to_position: str,
    form: str,
    planned_date: date,
    planned_end: date | None = None,
    service_exception: RotationRule | None = None,
    exception_reason: str = "",
    reason: str = "",
    basis: LegalBasis | None = None,
    to_job_position: JobPosition | None = None,
    to_title: LeadershipTitle | None = None,
) -> RotationPlan:
    """Propose moving a serving cadre from their current post (warnings do not stop it).

    A plan may rest on an exception to the rule on service left, chosen with its reason.
    """
    require_in_scope(actor, cadre.agency)
    require_in_scope(actor, to_agency)
    if form not in RotationForm.values:
        raise RegistryError(ROTATION_BAD_FORM)
    if not nfc(to_position):
        raise RegistryError(ROTATION_NEEDS_POSITION)
    current = Posting.objects.filter(cadre=cadre, end_date__isnull=True).first()
    if current is None:
        raise RegistryError(ROTATION_NOT_SERVING)
    if to_agency.pk == current.agency_id:
        raise RegistryError(ROTATION_SAME_AGENCY)
    if to_agency.valid_to is not None:
        raise RegistryError(ROTATION_TO_ENDED_AGENCY)
    if planned_date < current.start_date:
        raise RegistryError(ROTATION_BEFORE_CURRENT_POST)
    if planned_end is not None and planned_end <= planned_date:
        raise RegistryError(ROTATION_END_BEFORE_START)
    exception_reason = nfc(exception_reason) if service_exception else ""
    if service_exception is not None:
        if not (
            service_exception.is_exception
            and service_exception.form == form
            and service_exception.kind == RotationRuleKind.SERVICE_LEFT
        ):
            raise RegistryError(ROTATION_EXCEPTION_OTHER_FORM)
        if not exception_reason:
            raise RegistryError(ROTATION_EXCEPTION_NEEDS_REASON)
    active = (RotationStatus.PROPOSED, RotationStatus.APPROVED)
    if RotationPlan.objects.filter(cadre=cadre, status__in=active).exists():
        raise RegistryError(ROTATION_ALREADY_PLANNED)
    basis = basis or LegalBasis(number="")
    try:
        with transaction.atomic():
            plan = RotationPlan.objects.create(
                cadre=cadre,
                from_posting=current,
                from_agency_id=current.agency_id,
                to_agency=to_agency,
                to_position=nfc(to_position),
                to_job_position=to_job_position,
                to_title=to_title,
                form=form,
                planned_date=planned_date,
                planned_end=planned_end,
                service_exception=service_exception,
                exception_reason=exception_reason,
                reason=nfc(reason),
                basis_number=nfc(basis.number),
                basis_date=basis.issued_on,
                basis_issuer=nfc(basis.issuer),
                created_by=acting_user(actor),
            )
    except IntegrityError:
        raise RegistryError(ROTATION_ALREADY_PLANNED) from None
    _audit(actor, plan, AuditAction.CREATED, {}, PLAN_FIELDS)
    return plan


PLAN_FIELDS = (
    "from_agency",
    "to_agency",
    "to_position",
    "form",
    "planned_date",
    "planned_end",
    "service_exception",
    "exception_reason",
    "reason",
    "basis_number",
    "basis_date",
    "basis_issuer",
)


def _audit(actor, plan: RotationPlan, action, before: dict, fields) -> None:
    audit.record(
        actor=actor,
        action=action,
        target=plan,
        agency=plan.from_agency_id,
        changes=audit.diff(before, audit.snapshot(plan, fields)),
    )


def _locked_plan(actor, plan: RotationPlan) -> RotationPlan:
    require_in_scope(actor, plan.from_agency)
    return RotationPlan.objects.select_for_update().select_related("cadre").get(pk=plan.pk)


@transaction.atomic
def rotation_plan_approve(*, actor, plan: RotationPlan) -> RotationPlan:
    plan = _locked_plan(actor, plan)
    if plan.status != RotationStatus.PROPOSED:
        raise RegistryError(ROTATION_CANNOT_APPROVE)
    plan.status = RotationStatus.APPROVED
    plan.decided_at = timezone.now()
    plan.save(update_fields=["status", "decided_at"])
    _audit(actor, plan, AuditAction.APPROVED, {"status": RotationStatus.PROPOSED}, ["status"])
    return plan


@transaction.atomic
def rotation_plan_execute(
    *, actor, plan: RotationPlan, start_date: date | None = None
) -> RotationPlan:
    """Carry out an approved plan: the transfer service ends the old post and opens the new."""
    plan = _locked_plan(actor, plan)
    if plan.status != RotationStatus.APPROVED:
        raise RegistryError(ROTATION_CANNOT_EXECUTE)
    current = Posting.objects.filter(cadre=plan.cadre, end_date__isnull=True).first()
    if current is None or current.pk != plan.from_posting_id:
        raise RegistryError(ROTATION_POST_CHANGED)
    to_agency = fresh_agency(plan.to_agency)
    if to_agency.valid_to is not None:
        raise RegistryError(ROTATION_TO_ENDED_AGENCY)
    posting = cadre_transfer(
        actor=actor,
        cadre=plan.cadre,
        agency=to_agency,
        position=plan.to_position,
        start_date=start_date or plan.planned_date,
        job_position=plan.to_job_position,
        title=plan.to_title,
    )
    plan.status = RotationStatus.EXECUTED
    plan.executed_posting = posting
    plan.save(update_fields=["status", "executed_posting"])
    _audit(actor, plan, AuditAction.EXECUTED, {"status": RotationStatus.APPROVED}, ["status"])
    return plan


@transaction.atomic
def rotation_plan_cancel(*, actor, plan: RotationPlan, reason: str = "") -> RotationPlan:
    plan = _locked_plan(actor, plan)
    if plan.status not in (RotationStatus.PROPOSED, RotationStatus.APPROVED):
        raise RegistryError(ROTATION_CANNOT_CANCEL)
    before = audit.snapshot(plan, ["status", "cancel_reason"])
    plan.status = RotationStatus.CANCELLED
    plan.cancel_reason = nfc(reason)
    plan.save(update_fields=["status", "cancel_reason"])
    _audit(actor, plan, AuditAction.CANCELLED, before, ["status", "cancel_reason"])
    return plan
