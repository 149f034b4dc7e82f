"""What the soak asks of the site from the inside, one command a call, JSON on stdout.

Run with the soak's production environment (DJANGO_SETTINGS_MODULE, DATABASE_URL, ...):
    python tests/soak/site_ops.py facts
Jobs are created and queued through the same services and job base as the office pages.
"""

import csv
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_site.settings.production")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.base import File  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from cadres import imports, queue  # noqa: E402
from cadres.access import agency_scope_for  # noqa: E402
from cadres.models import Cadre, ImportJob, Job, OutgoingEmail  # noqa: E402
from curriculum.models import CatalogPage, CoursePage, LessonPage  # noqa: E402
from training import services  # noqa: E402
from training.models import Certificate, CertificateBatch, Offering  # noqa: E402

IMPORT_PREFIX = "SOAK"


def facts():
    today = timezone.localdate()
    cadre_users = list(
        get_user_model()
        .objects.filter(is_active=True, cadre__isnull=False, username__startswith="CB")
        .order_by("username")
        .values_list("username", flat=True)
    )
    open_classes = list(
        Offering.objects.filter(enrol_opens__lte=today, enrol_closes__gte=today)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    certificates = Certificate.objects.filter(revoked_at=None)
    biggest = max(
        Offering.objects.all(),
        key=lambda o: certificates.filter(enrolment__offering=o).count(),
    )
    anchor = Cadre.objects.filter(user__username="CB000001").select_related("agency").first()
    return {
        "catalog": [p.url for p in CatalogPage.objects.live()],
        "courses": [p.url for p in CoursePage.objects.live().order_by("pk")],
        "lessons": [p.url for p in LessonPage.objects.live().order_by("pk")],
        "cadres": cadre_users,
        "open_classes": open_classes,
        "certificate_codes": list(certificates.values_list("verification_code", flat=True)[:20]),
        "batch_offering": biggest.pk,
        "cadre_ids": list(Cadre.objects.order_by("pk").values_list("pk", flat=True)[:5]),
        "agency_code": anchor.agency.code if anchor and anchor.agency_id else "",
    }


def cadre_passwords(password):
    """The demo's cadres get the demo password, so that the soak logs in as each of them."""
    users = get_user_model().objects.filter(is_active=True, username__startswith="CB")
    for user in users:
        user.set_password(password)
        user.save(update_fields=["password"])
    return {"users": len(users)}


def _coordinator():
    return get_user_model().objects.get(username="dieuphoi")


def batch_start(offering_pk):
    offering = Offering.objects.get(pk=int(offering_pk))
    batch = services.certificate_batch_start(actor=_coordinator(), offering=offering)
    queue.job_enqueue(batch)
    return {"job": batch.pk}


def import_start(rows, agency_code, path):
    """A CSV of new cadres, as a personnel department writes it, checked in the background."""
    headers = ["Mã cán bộ", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Đảng viên"]
    headers += ["Ngày vào Đảng", "Trình độ LLCT", "Trình độ chuyên môn", "Mã đơn vị", "Chức vụ"]
    headers += ["Ngày bắt đầu", "Email", "Đối tượng"]
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headers)
        for n in range(int(rows)):
            writer.writerow(
                [f"{IMPORT_PREFIX}{n:05d}", f"Nguyễn Văn Thử {n}", "15/03/1985", "Nam", "Kinh"]
                + ["Có", "03/02/2010", "Trung cấp", "Cử nhân Luật", agency_code, "Chuyên viên"]
                + ["01/07/2025", "", "Công chức"]
            )
    user = _coordinator()
    with open(path, "rb") as upload:
        job = imports.job_create(
            user=user,
            import_kind="cadres",
            upload=File(upload, name="can-bo-moi.csv"),
            scope=agency_scope_for(user),
        )
    queue.job_enqueue(job)
    return {"job": job.pk}


def import_confirm(job_pk):
    job = ImportJob.objects.get(pk=int(job_pk))
    confirmed = imports.job_confirm(job)
    if confirmed:
        queue.job_enqueue(job)
    return {"confirmed": confirmed, "problems": job.problems[:3]}


def job(job_pk):
    row = Job.objects.get(pk=int(job_pk))
    return {
        "status": row.status,
        "step": getattr(row, "step", ""),
        "attempts": row.attempts,
        "rows_done": row.rows_done,
        "rows_total": row.rows_total,
        "result_file": row.result_file.name if row.result_file else "",
        "error": row.error,
    }


def imported_cadres():
    return {"count": Cadre.objects.filter(personnel_code__startswith=IMPORT_PREFIX).count()}


def batches(count, offering_pk):
    """Several batches at once, for two workers to share."""
    offering = Offering.objects.get(pk=int(offering_pk))
    made = []
    for _ in range(int(count)):
        batch = services.certificate_batch_start(actor=_coordinator(), offering=offering)
        queue.job_enqueue(batch)
        made.append(batch.pk)
    return {"jobs": made}


def jobs_state(*pks):
    rows = CertificateBatch.objects.filter(pk__in=[int(p) for p in pks])
    return {str(r.pk): {"status": r.status, "attempts": r.attempts} for r in rows}


def emails_queue(count, tag):
    made = []
    for n in range(int(count)):
        with transaction.atomic():
            email = queue.email_queue(
                kind="soak",
                recipient=f"nguoi-nhan-{n}@example.vn",
                subject=f"{tag} {n}",
                body="Thư thử của make soak.",
            )
        made.append(email.pk)
    return {"emails": made}


def emails(since_pk=0):
    rows = OutgoingEmail.objects.filter(pk__gt=int(since_pk))
    return {
        "by_status": {
            status: rows.filter(status=status).count()
            for status in rows.values_list("status", flat=True).distinct()
        },
        "last_pk": OutgoingEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
    }


def publish(course_url_path, marker):
    """An editor's change published: a new revision of a course page, as the admin makes it."""
    page = next(p for p in CoursePage.objects.live() if p.url == course_url_path)
    page = page.specific
    page.title = f"{page.title.split(' [')[0]} [{marker}]"
    page.save_revision().publish()
    return {"title": page.title}


def evidence_record(cadre_pk):
    from training.models import ExternalTraining

    record = ExternalTraining.objects.filter(cadre_id=int(cadre_pk)).order_by("-pk").first()
    return {"pk": record.pk if record else None, "name": record.evidence.name if record else ""}


COMMANDS = {
    "facts": facts,
    "cadre-passwords": cadre_passwords,
    "batch-start": batch_start,
    "import-start": import_start,
    "import-confirm": import_confirm,
    "job": job,
    "imported-cadres": imported_cadres,
    "batches": batches,
    "jobs-state": jobs_state,
    "emails-queue": emails_queue,
    "emails": emails,
    "publish": publish,
    "evidence-record": evidence_record,
}

if __name__ == "__main__":
    print(json.dumps(COMMANDS[sys.argv[1]](*sys.argv[2:]), default=str))
