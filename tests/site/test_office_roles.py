"""Every page under /office/, found by walking the URLconf: anonymous visitors log in, a wrong
role gets 404 (as an object out of reach does), for GET and for POST.

A URL name missing from URL_KWARGS fails the test: a new office page must say which objects its
address needs, and so joins these checks.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cadres import exports, imports
from cadres.access import EVERYTHING
from cadres.selectors import CadreFilters
from training import services

pytestmark = pytest.mark.django_db


def office_patterns():
    """(url name, route, view) of every pattern under office/."""

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

    return [p for p in walk(get_resolver().url_patterns) if p[1].startswith("office/")]


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
    "cadres:rotation_create": lambda c: {},
    "cadres:rotation_detail": lambda c: {"pk": c["plan"].pk},
    "cadres:rotation_action": lambda c: {"pk": c["plan"].pk, "action": "approve"},
    "cadres:import_job": lambda c: {"pk": c["import_job"].pk},
    "cadres:job_download": lambda c: {"pk": c["export_job"].pk},
    "cadres:import_upload": lambda c: {"kind": "cadres"},
    "cadres:import_preview": lambda c: {"kind": "cadres"},
    "cadres:import_template": lambda c: {"kind": "cadres"},
    "training:approval_queue": lambda c: {},
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
    "training:register_book_export": lambda c: {
        "pk": c["certificate"].body_id,
        "year": c["certificate"].issued_on.year,
        "fmt": "xlsx",
    },
}


@pytest.fixture
def office_cast(cast, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    officer, coordinator = cast["officer"], cast["coordinator"]
    cast["export_job"] = exports.job_create(
        user=officer, fmt="csv", filters=CadreFilters(), scope=EVERYTHING
    )
    cast["import_job"] = imports.job_create(
        user=officer,
        import_kind="cadres",
        upload=SimpleUploadedFile("a.csv", b"x"),
        scope=EVERYTHING,
    )
    cast["batch"] = services.certificate_batch_start(actor=coordinator, offering=cast["offering"])
    return cast


def test_every_office_page_is_behind_a_role_check():
    patterns = office_patterns()
    assert len(patterns) > 40
    unguarded = [name for name, _route, view in patterns if not getattr(view, "access_rule", None)]
    assert unguarded == []
    unknown = [name for name, _route, _view in patterns if name not in URL_KWARGS]
    assert unknown == [], "add these URL names to URL_KWARGS"


def _urls(cast):
    return [
        (name, view.access_rule, reverse(name, kwargs=URL_KWARGS[name](cast)))
        for name, _route, view in office_patterns()
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, office_cast):
    for name, _rule, url in _urls(office_cast):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, method)
            assert response["Location"].startswith("/accounts/login/"), name


@pytest.mark.parametrize("role", ["learner", "editor"])
def test_roles_without_office_work_get_404_everywhere(client, office_cast, role):
    client.force_login(office_cast[role])
    for name, _rule, url in _urls(office_cast):
        assert client.get(url).status_code == 404, name
        assert client.post(url).status_code == 404, name


def test_a_personnel_officer_gets_404_on_coordinators_pages(client, office_cast):
    client.force_login(office_cast["officer"])
    coordinator_only = [(n, u) for n, rule, u in _urls(office_cast) if rule == "coordinator"]
    assert len(coordinator_only) >= 6
    for name, url in coordinator_only:
        assert client.get(url).status_code == 404, name
        assert client.post(url).status_code == 404, name
