from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "cadres"
    verbose_name = _("Cadre registry")

    def ready(self):
        # The cadre list's category choices are kept in the cache until a category changes.
        from django.db.models.signals import post_delete, post_save

        from cadres.selectors import forget_category_choices

        for signal in (post_save, post_delete):
            signal.connect(
                forget_category_choices,
                sender="cadres.CadreCategory",
                dispatch_uid=f"cadres-category-choices-{id(signal)}",
            )
        # The cadre list's cached bodies show cadres, their open postings, agencies, categories
        # and accounts: any change of these retires them all (cadres.list_cache). Services that
        # write without signals (bulk writes, queryset updates, tree moves) bump it themselves.
        from cadres.list_cache import bump_on_user_save, bump_registry_version

        shown = ["cadres.Cadre", "cadres.Posting", "cadres.Agency", "cadres.CadreCategory"]
        for model in shown:
            for signal in (post_save, post_delete):
                signal.connect(
                    bump_registry_version,
                    sender=model,
                    dispatch_uid=f"cadres-registry-version-{model}-{id(signal)}",
                )
        post_save.connect(
            bump_on_user_save, sender="cadres.User", dispatch_uid="cadres-registry-version-user"
        )
        post_delete.connect(
            bump_registry_version,
            sender="cadres.User",
            dispatch_uid="cadres-registry-version-user-delete",
        )
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
