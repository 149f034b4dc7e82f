from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        # Certificate batches run on the registry's job base; every coordinator may follow them.
        from cadres import jobs
        from training import services
        from training.models import CertificateBatch

        jobs.register(
            services.CERTIFICATE_BATCH_JOB,
            jobs.JobKind(
                model=CertificateBatch,
                run=services.certificate_batch_build,
                page="training:certificate_batch",
                readable_by=jobs.coordinators_and_requester,
            ),
        )
