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
        # The users and roles kept in the shared cache (cadres.user_state) are retired by any
        # save of a user, change of group membership or of groups, or of the account a cadre's
        # record is linked to.
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed

        from cadres import user_state

        m2m_changed.connect(
            user_state.changed_for_everyone,
            sender=get_user_model().groups.through,
            dispatch_uid="cadres-user-state-groups",
        )
        for signal in (post_save, post_delete):
            signal.connect(
                _user_written,
                sender=get_user_model(),
                dispatch_uid=f"cadres-user-state-user-{id(signal)}",
            )
            signal.connect(
                user_state.changed_for_everyone,
                sender="auth.Group",
                dispatch_uid=f"cadres-user-state-group-{id(signal)}",
            )
            signal.connect(
                _cadre_account_changed,
                sender="cadres.Cadre",
                dispatch_uid=f"cadres-user-state-cadre-{id(signal)}",
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


def _cadre_account_changed(instance, **_kwargs) -> None:
    # What a user's enrolments are follows the cadre record linked to their account.
    if instance.user_id is not None:
        from cadres import user_state

        user_state.changed_for_everyone()


def _user_written(instance, **_kwargs) -> None:
    # The signed-in user is read from the cache (cadres.auth_backends): a saved password,
    # a deactivation or a changed name shows on the next request.
    from cadres import user_state

    user_state.changed_for_user(instance.pk)
