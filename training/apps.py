from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The vary of the public verification page (see training.views.certificates.verify).
CERTIFICATE_VARY = "training.certificate"


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        # Certificate batches run on the registry's job base; every coordinator may follow them.
        from cadres import imports, jobs
        from cadres.selectors import (
            register_cadre_page_links,
            register_coverage_extension,
            register_dashboard_panels,
            register_pending_work,
            register_planning_extension,
            register_rotation_plan_panel,
        )
        from training import capacity, class_sheet, dashboard, services
        from training.models import CertificateBatch
        from training.views.capacity import rotation_readiness_panel
        from training.views.office import cadre_page_links, pending_work

        jobs.register(
            services.CERTIFICATE_BATCH_JOB,
            jobs.JobKind(
                model=CertificateBatch,
                run=services.certificate_batch_build,
                page="training:certificate_batch",
                readable_by=jobs.coordinators_and_requester,
            ),
        )
        # Report files too large to build in the request; only their requester reads them.
        from training import report_exports
        from training.models import ReportFile

        jobs.register(
            report_exports.JOB_KIND,
            jobs.JobKind(model=ReportFile, run=report_exports.run_job, page="training:report_file"),
        )
        # A cadre's office page links to their training record and to training done elsewhere.
        register_cadre_page_links(cadre_page_links)
        # The office home counts the requests to decide and the certificates about to expire.
        register_pending_work(pending_work)
        # ... and the reporting year's figures, with the communes that lag most.
        register_dashboard_panels(dashboard.dashboard_panels)
        # A class's attendance and results sheet comes back as an import on the job base.
        imports.register_import(class_sheet.KIND, class_sheet.import_class_sheet)
        # The coverage page learns who is trained for their post, and can nominate the others.
        register_coverage_extension(capacity.mark_coverage)
        # A rotation plan's page lists what the target post requires that the cadre lacks.
        register_rotation_plan_panel(rotation_readiness_panel)
        # The trail names attendance marks and results as the class pages do.
        from cadres import audit
        from training.models import AttendanceStatus, Result

        audit.register_field("attendance", _("attendance"), AttendanceStatus.choices)
        for name in ("score", "grade", "passed"):
            audit.register_field(f"result_{name}", Result._meta.get_field(name).verbose_name)
        # The planning register shows what each planned cadre lacks for the title.
        register_planning_extension(capacity.mark_planning)
        # Public pages stored whole (curriculum.public_pages) vary with the classes of a course
        # and with a certificate's record: the facts they show besides published content.
        from cadres.roles import register_user_fact
        from curriculum.models import COURSE_PAGE_VARY
        from curriculum.public_pages import register_vary
        from training.selectors import (
            HAS_ENROLMENTS,
            ORGANISES_CLASSES,
            certificate_digest_by_code,
            course_classes_digest,
            enrolment_rows,
            organised_class_rows,
        )

        register_vary(COURSE_PAGE_VARY, course_classes_digest)
        register_vary(CERTIFICATE_VARY, certificate_digest_by_code)
        # The menu of every page asks whether the user organises a class: read with the roles.
        register_user_fact(ORGANISES_CLASSES, organised_class_rows)
        register_user_fact(HAS_ENROLMENTS, enrolment_rows)
        from curriculum.middleware import register_read_ahead
        from training.selectors import lesson_reader_entries

        register_read_ahead(lambda _request, page: lesson_reader_entries(page))
        _retire_user_state_on_writes()


def _retire_user_state_on_writes() -> None:
    """What cadres.user_state keeps per user (roles and facts, a lesson page's enrolments and
    quiz attempts) is retired by the writes it was read from."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from cadres import user_state
    from training.models import Enrolment, LessonProgress, Offering, QuizAttempt

    for signal in (post_save, post_delete):
        for model in (Enrolment, Offering):
            signal.connect(
                user_state.changed_for_everyone,
                sender=model,
                dispatch_uid=f"training-user-state-{model.__name__}-{id(signal)}",
            )
        for model in (LessonProgress, QuizAttempt):
            signal.connect(
                _learning_written,
                sender=model,
                dispatch_uid=f"training-user-state-{model.__name__}-{id(signal)}",
            )
    m2m_changed.connect(
        user_state.changed_for_everyone,
        sender=Offering.organisers.through,
        dispatch_uid="training-user-state-organisers",
    )


def _learning_written(instance, **_kwargs) -> None:
    from cadres import user_state
    from training.models import Enrolment

    if not user_state.enabled():
        return
    user_id = (
        Enrolment.objects.filter(pk=instance.enrolment_id)
        .values_list("cadre__user_id", flat=True)
        .first()
    )
    user_state.changed_for_user(user_id)
