from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "cadres"
    verbose_name = _("Cadre registry")

    def ready(self):
        # Runners are registered once the models are loaded (imports and exports need them).
        from cadres import audit, exports, imports, jobs  # noqa: F401 (audit: the job hook)
        from cadres.models import ExportJob, ImportJob

        jobs.register(
            imports.JOB_KIND,
            jobs.JobKind(model=ImportJob, run=imports.run_job, page="cadres:import_job"),
        )
        jobs.register(
            exports.JOB_KIND,
            jobs.JobKind(model=ExportJob, run=exports.run_job, page="cadres:export_job"),
        )
