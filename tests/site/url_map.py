"""Every URL pattern of the site, walked from the URLconf, and how to fill each one's address.

URL_KWARGS maps each URL name of the project to a function of the test cast (tests/site/
conftest.py: `office_cast`) giving its arguments. The walk tests (test_office_roles,
test_permission_matrix) fail on a project URL missing from it, so a new page must say which
objects its address needs. URLs of Wagtail, allauth and Django's own are classified by prefix
in docs/permissions.md instead.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from training import classroom


def all_patterns():
    """(url name, route, view) of every pattern of the URLconf."""

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                yield (
                    namespace + (pattern.name or ""),
                    prefix + str(pattern.pattern),
                    pattern.callback,
                )

    return list(walk(get_resolver().url_patterns))


def url_for(name: str, cast) -> str:
    """The address of the URL named `name` with the cast's objects ("?" adds a query)."""
    kwargs = dict(URL_KWARGS[name](cast))
    query = kwargs.pop("?", "")
    return reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")


def office_patterns():
    """(url name, route, view) of every pattern under office/."""
    return [p for p in all_patterns() if p[1].startswith("office/")]


URL_KWARGS = {
    "cadres:office_home": lambda c: {},
    "cadres:cadre_list": lambda c: {},
    "cadres:cadre_create": lambda c: {},
    "cadres:cadre_accounts_open": lambda c: {},
    "cadres:cadre_export_csv": lambda c: {},
    "cadres:cadre_export_xlsx": lambda c: {},
    "cadres:export_job": lambda c: {"pk": c["export_job"].pk},
    "cadres:cadre_detail": lambda c: {"pk": c["cadre"].pk},
    "cadres:cadre_edit": lambda c: {"pk": c["cadre"].pk},
    "cadres:cadre_history": lambda c: {"pk": c["cadre"].pk},
    "cadres:cadre_account_open": lambda c: {"pk": c["cadre"].pk},
    "cadres:cadre_password_link": lambda c: {"pk": c["cadre"].pk},
    "cadres:cadre_retirement": lambda c: {"pk": c["cadre"].pk},
    "cadres:agency_tree": lambda c: {},
    "cadres:agency_detail": lambda c: {"pk": c["agency"].pk},
    "cadres:agency_edit": lambda c: {"pk": c["agency"].pk},
    "cadres:agency_create": lambda c: {"parent_pk": c["agency"].pk},
    "cadres:agency_change": lambda c: {"pk": c["agency"].pk},
    "cadres:agency_split": lambda c: {"pk": c["agency"].pk},
    "cadres:officer_assign": lambda c: {"pk": c["agency"].pk},
    "cadres:assignment_end": lambda c: {"pk": c["assignment"].pk},
    "cadres:coverage": lambda c: {},
    "cadres:coverage_export": lambda c: {},
    "cadres:rotation_list": lambda c: {},
    "cadres:rotation_create": lambda c: {"?": f"cadre={c['cadre'].pk}"},
    "cadres:rotation_detail": lambda c: {"pk": c["plan"].pk},
    "cadres:rotation_action": lambda c: {"pk": c["plan"].pk, "action": "approve"},
    "cadres:import_job": lambda c: {"pk": c["import_job"].pk},
    "cadres:job_download": lambda c: {"pk": c["export_job"].pk},
    "cadres:import_upload": lambda c: {"kind": "cadres"},
    "cadres:import_preview": lambda c: {"kind": "cadres"},
    "cadres:import_template": lambda c: {"kind": "cadres"},
    "training:approval_queue": lambda c: {},
    "training:cadre_capacity": lambda c: {"pk": c["cadre"].pk},
    "training:requirement_nominate": lambda c: {},
    "training:report_index": lambda c: {},
    "cadres:login_email_confirm": lambda c: {},
    "cadres:my_notices": lambda c: {},
    "admin_password_reset_redirect": lambda c: {},
    "training:report_page": lambda c: {"name": "trained"},
    "training:report_download": lambda c: {"name": "trained", "fmt": "csv"},
    "training:report_file": lambda c: {"pk": c["report_file"].pk},
    "training:office_offering_list": lambda c: {},
    "training:offering_create": lambda c: {},
    "training:office_offering_detail": lambda c: {"pk": c["offering"].pk},
    "training:offering_edit": lambda c: {"pk": c["offering"].pk},
    "training:offering_nominate": lambda c: {"pk": c["offering"].pk},
    "training:cadre_record": lambda c: {"pk": c["cadre"].pk},
    "training:cadre_record_pdf": lambda c: {"pk": c["cadre"].pk},
    "training:external_training_new": lambda c: {"pk": c["cadre"].pk},
    "training:certificates_expiring": lambda c: {},
    "training:offering_certificates": lambda c: {"pk": c["offering"].pk},
    "training:certificate_revoke": lambda c: {"pk": c["certificate"].pk},
    "training:certificate_batch": lambda c: {"pk": c["batch"].pk},
    "training:register_book": lambda c: {},
    "cadres:user_list": lambda c: {},
    "cadres:user_detail": lambda c: {"pk": c["officer"].pk},
    "cadres:scope_withdraw": lambda c: {"pk": c["officer"].scopes.get().pk},
    "cadres:audit_list": lambda c: {},
    "curriculum:emulation_list": lambda c: {},
    "curriculum:emulation_register": lambda c: {},
    "curriculum:emulation_queue": lambda c: {},
    "curriculum:emulation_replicate": lambda c: {},
    "curriculum:emulation_detail": lambda c: {"pk": c["registration"].pk},
    "curriculum:emulation_evidence_add": lambda c: {"pk": c["registration"].pk},
    "curriculum:emulation_assess": lambda c: {"pk": c["registration"].pk},
    "curriculum:emulation_decide": lambda c: {"pk": c["registration"].pk},
    "curriculum:emulation_import": lambda c: {},
    "curriculum:emulation_import_template": lambda c: {},
    "curriculum:emulation_import_job": lambda c: {"pk": c["emulation_job"].pk},
    "curriculum:emulation_evidence": lambda c: {
        "pk": c["registration"].pk,
        "evidence_pk": c["registration"].evidence_files.get().pk,
    },
    "training:runner_home": lambda c: {},
    "training:class_run": lambda c: {"pk": c["in_person"].pk},
    "training:session_create": lambda c: {"pk": c["in_person"].pk},
    "training:session_edit": lambda c: _session(c),
    "training:session_remove": lambda c: _session(c),
    "training:session_attendance": lambda c: _session(c),
    "training:session_check_in": lambda c: _session(c),
    "training:session_roster": lambda c: _session(c),
    "training:class_sheet": lambda c: {"pk": c["in_person"].pk},
    "training:class_sheet_import": lambda c: {"pk": c["in_person"].pk},
    "training:class_sheet_job": lambda c: {"pk": c["in_person"].pk, "job_pk": c["sheet_job"].pk},
    "training:class_results": lambda c: {"pk": c["in_person"].pk},
    "training:class_decision": lambda c: {"pk": c["in_person"].pk},
    "training:register_book_export": lambda c: {
        "pk": c["certificate"].body_id,
        "year": c["certificate"].issued_on.year,
        "fmt": "xlsx",
    },
    "cadres:planning_register": lambda c: {},
    "training:plan_list": lambda c: {},
    "training:plan_create": lambda c: {},
    "training:plan_detail": lambda c: {"pk": c["training_plan"].pk},
    "training:plan_item_add": lambda c: {"pk": c["training_plan"].pk},
    "training:plan_suggestions": lambda c: {"pk": c["training_plan"].pk},
    "training:plan_item_remove": lambda c: {
        "pk": c["training_plan"].pk,
        "item_pk": c["plan_item"].pk,
    },
    "training:plan_item_link": lambda c: {
        "pk": c["training_plan"].pk,
        "item_pk": c["plan_item"].pk,
    },
    "training:plan_action": lambda c: {"pk": c["training_plan"].pk, "action": "submit"},
    "training:plan_rollup": lambda c: {"agency_pk": c["agency"].pk},
    "cadres:planning_create": lambda c: {"?": f"cadre={c['cadre'].pk}"},
    "cadres:planning_detail": lambda c: {"pk": c["planning"].pk},
    "cadres:planning_remove": lambda c: {"pk": c["planning"].pk},
}


def _session(cast):
    return {"pk": cast["in_person"].pk, "session_pk": cast["session"].pk}


# The project's pages outside /office/: the learner's, the public ones, the site shell's.
URL_KWARGS.update(
    {
        "healthz": lambda c: {},
        "set_language": lambda c: {},
        "cadres:my_profile": lambda c: {},
        "curriculum:catalog": lambda c: {},
        "curriculum:search": lambda c: {},
        "curriculum:quiz_check": lambda c: {"page_id": c["lesson"].pk, "block_id": c["quiz_id"]},
        "training:offering_list": lambda c: {},
        "training:offering_detail": lambda c: {"pk": c["offering"].pk},
        "training:offering_enrol": lambda c: {"pk": c["offering"].pk},
        "training:my_courses": lambda c: {},
        "training:my_record": lambda c: {},
        "training:my_record_pdf": lambda c: {},
        "training:enrolment_withdraw": lambda c: {"pk": c["enrolment"].pk},
        "training:feedback": lambda c: {"pk": c["enrolment"].pk},
        "training:quiz_attempt": lambda c: {"pk": c["attempt"].pk},
        "training:enrolment_calendar": lambda c: {"pk": c["enrolment"].pk},
        "training:check_in": lambda c: {
            "session_pk": c["session"].pk,
            "code": classroom.check_in_code(c["session"]),
        },
        "training:check_in_confirm": lambda c: {},
        "training:check_in_typed": lambda c: {"session_pk": c["session"].pk},
        "training:external_training_evidence": lambda c: {"pk": c["external"].pk},
        "training:verify_start": lambda c: {},
        "training:verify": lambda c: {"code": c["certificate"].verification_code},
        "training:my_certificates": lambda c: {},
        "training:certificate_pdf": lambda c: {"pk": c["certificate"].pk},
    }
)
