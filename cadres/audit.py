"""The audit trail: who changed what, when, field by field (old → new).

Services record here, in the transaction of the change, so every door (a page, an import, a
command, the demo data) leaves the same trail and a rolled-back change leaves none. Recording in
the services rather than with a library on model signals is deliberate: the imports and the
agency events write with bulk_create/bulk_update/update(), which send no signals, so
django-simple-history or django-auditlog would miss exactly the largest changes.

An import leaves one entry per record it wrote (linked to its job, see `within_job`) and, when
its run ends, one entry with its file name and counts (`job_finished`, the job base's hook).
"""

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.dispatch import receiver
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from cadres import jobs
from cadres.access import acting_user
from cadres.models import AuditAction, AuditEntry, Cadre, ExportJob, ImportJob, JobStatus

SYSTEM_NAME = _("the system")

_current_job: ContextVar[int | None] = ContextVar("audit_job", default=None)


@contextmanager
def within_job(job_id: int | None):
    """Entries recorded inside are linked to this job (an import's per-record entries)."""
    token = _current_job.set(job_id)
    try:
        yield
    finally:
        _current_job.reset(token)


def shown(value):
    """A value as the trail keeps it: JSON, dates as users read them (dd/mm/yyyy)."""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict:
    """The values of these fields now (a related object by its name)."""
    return {name: shown(getattr(obj, name)) for name in fields}


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value changed (a field with no value before,
    as in a creation, only when it has one now)."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value and (name in before or value not in (None, ""))
    }


def _actor_name(user) -> str:
    if user is None:
        return ""
    return (user.get_full_name() or user.get_username())[:150]


def entry(
    *,
    actor,
    action: str,
    target: models.Model,
    changes: dict | None = None,
    cadre: Cadre | int | None = None,
    agency=None,
    note: str = "",
    at=None,
    label: str = "",
) -> AuditEntry:
    """An unsaved entry (record it with `record` or many at once with `record_many`)."""
    user = acting_user(actor)
    if cadre is None and isinstance(target, Cadre):
        cadre = target
    if cadre is None and getattr(target, "cadre_id", None):
        cadre = target.cadre_id
    if agency is None:
        agency = getattr(target, "agency_id", None)
    return AuditEntry(
        at=at or timezone.now(),
        actor=user,
        actor_name=_actor_name(user),
        action=action,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        target_label=(label or str(target))[:255],
        cadre_id=cadre.pk if isinstance(cadre, Cadre) else cadre,
        agency_id=agency.pk if isinstance(agency, models.Model) else agency,
        job_id=_current_job.get(),
        changes=changes or {},
        note=str(note)[:2000],
    )


def record(**kwargs) -> AuditEntry:
    """Record one entry now (inside the caller's transaction)."""
    made = entry(**kwargs)
    made.save()
    return made


def record_many(entries: list[AuditEntry]) -> None:
    AuditEntry.objects.bulk_create(entries, batch_size=500)


def record_change(*, actor, target, before: dict, fields: Iterable[str], **kwargs):
    """Record what changed since `before` (a snapshot of `fields`); nothing if nothing did."""
    changes = diff(before, snapshot(target, fields))
    if changes:
        return record(
            actor=actor, action=AuditAction.CHANGED, target=target, changes=changes, **kwargs
        )
    return None


# --- Reading ---

# Names the trail uses that are no field of the audited model: {name: (label, choices)}.
# Other apps add theirs from their AppConfig.ready (training: attendance, results).
EXTRA_FIELDS: dict[str, tuple[object, dict]] = {
    "role": (_("role in the event"), {}),
    "import_kind": (_("import of"), {}),
    "created": (_("created"), {}),
    "updated": (_("updated"), {}),
    "transferred": (_("transferred"), {}),
    "unchanged": (_("unchanged"), {}),
    "rows": (_("rows"), {}),
    "sensitive": (_("with ethnicity, religion and Party membership"), {}),
}


def register_field(name: str, label, choices=None) -> None:
    EXTRA_FIELDS[name] = (label, dict(choices or {}))


def field_label(target_type: str, name: str) -> str:
    """The name users read for a field of the audited model (its verbose name)."""
    if name in EXTRA_FIELDS:
        return str(EXTRA_FIELDS[name][0])
    try:
        field = apps.get_model(target_type)._meta.get_field(name)
    except (LookupError, ValueError, Exception):
        return name
    return str(getattr(field, "verbose_name", name))


def type_label(target_type: str) -> str:
    try:
        return str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type


def _value_label(target_type: str, name: str, value):
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if value in (None, ""):
        return "—"
    if name in EXTRA_FIELDS:
        return EXTRA_FIELDS[name][1].get(value, value)
    try:
        field = apps.get_model(target_type)._meta.get_field(name)
        choices = dict(field.flatchoices) if getattr(field, "choices", None) else None
    except Exception:
        choices = None
    if choices and value in choices:
        return choices[value]
    return formats.localize(value) if isinstance(value, int | float) else value


def changes_shown(entry: AuditEntry) -> list[tuple[str, object, object]]:
    """[(field name as users read it, old, new)] for a page."""
    return [
        (
            field_label(entry.target_type, name),
            _value_label(entry.target_type, name, pair[0] if isinstance(pair, list) else None),
            _value_label(entry.target_type, name, pair[1] if isinstance(pair, list) else pair),
        )
        for name, pair in (entry.changes or {}).items()
    ]


# --- The job base's hook: one entry per import written ---


@receiver(jobs.job_finished)
def _job_done(sender, job, **kwargs):
    if isinstance(job, ExportJob) and job.status == JobStatus.DONE:
        _export_written(job)
    if not isinstance(job, ImportJob) or job.status != JobStatus.DONE or job.step != "write":
        return
    counts = job.counts or {}
    AuditEntry.objects.create(
        actor=job.requested_by,
        actor_name=_actor_name(job.requested_by),
        action=AuditAction.IMPORTED,
        target_type=ImportJob._meta.label_lower,
        target_id=job.pk,
        target_label=job.original_name[:255],
        job_id=job.pk,
        changes={
            "import_kind": job.import_kind,
            **{
                name: counts.get(name, 0)
                for name in ("created", "updated", "transferred", "unchanged")
            },
        },
        note=job.original_name,
    )


def _export_written(job: ExportJob) -> None:
    """A list of cadres left the site as a file: who, when, how many, with sensitive columns
    or not (personal data carried off is a view of it too)."""
    AuditEntry.objects.create(
        actor=job.requested_by,
        actor_name=_actor_name(job.requested_by),
        action=AuditAction.EXPORTED,
        target_type=ExportJob._meta.label_lower,
        target_id=job.pk,
        target_label=job.result_name[:255],
        job_id=job.pk,
        changes={"rows": job.rows_total, "sensitive": job.sensitive},
    )


# --- Views of a cadre's full record (Law 91/2025/QH15: who read personal data, when) ---


# The pages whose views are logged, as the log names them.
VIEWED_PAGES = {
    "cadre_detail": _("the cadre's page"),
    "cadre_edit": _("the edit form"),
    "training_record": _("the training record"),
    "training_record_pdf": _("the training record (PDF)"),
}


def record_view(*, viewer, cadre: Cadre, page: str = "") -> AuditEntry:
    """Log that a member of staff opened the cadre's full record."""
    return record(actor=viewer, action=AuditAction.VIEWED, target=cadre, note=page)
