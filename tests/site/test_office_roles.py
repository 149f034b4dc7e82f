"""Every page under /office/, found by walking the URLconf: anonymous visitors log in, a wrong
role gets 404 (as an object out of reach does), for GET and for POST; a leader reads and never
writes: every POST anywhere under /office/ answers 404, and the pages they read offer no form
or link that would change something.

A URL name missing from URL_KWARGS fails the test: a new office page must say which objects its
address needs, and so joins these checks.
"""

import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from cadres import exports, imports
from cadres.access import EVERYTHING
from cadres.roles import Role
from cadres.selectors import CadreFilters
from curriculum.emulation import services as emulation
from training import classroom, services
from training.models import OfferingMode, Session

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
    "cadres:planning_create": lambda c: {},
    "cadres:planning_detail": lambda c: {"pk": c["planning"].pk},
    "cadres:planning_remove": lambda c: {"pk": c["planning"].pk},
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
    "training:report_index": lambda c: {},
    "training:report_page": lambda c: {"name": "trained"},
    "training:report_download": lambda c: {"name": "trained", "fmt": "csv"},
    "training:office_offering_list": lambda c: {},
    "training:offering_create": lambda c: {},
    "training:office_offering_detail": lambda c: {"pk": c["offering"].pk},
    "training:offering_edit": lambda c: {"pk": c["offering"].pk},
    "training:offering_nominate": lambda c: {"pk": c["offering"].pk},
    "training:cadre_record": lambda c: {"pk": c["cadre"].pk},
    "training:cadre_record_pdf": lambda c: {"pk": c["cadre"].pk},
    "training:external_training_new": lambda c: {"pk": c["cadre"].pk},
    "training:cadre_capacity": lambda c: {"pk": c["cadre"].pk},
    "training:requirement_nominate": lambda c: {},
    "training:certificates_expiring": lambda c: {},
    "training:offering_certificates": lambda c: {"pk": c["offering"].pk},
    "training:certificate_revoke": lambda c: {"pk": c["certificate"].pk},
    "training:certificate_batch": lambda c: {"pk": c["batch"].pk},
    "training:register_book": lambda c: {},
    "cadres:user_list": lambda c: {},
    "cadres:user_detail": lambda c: {"pk": c["officer"].pk},
    "cadres:scope_withdraw": lambda c: {"pk": c["officer"].scopes.get().pk},
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
}


def _session(cast):
    return {"pk": cast["in_person"].pk, "session_pk": cast["session"].pk}


@pytest.fixture
def office_cast(cast, tmp_path, make_user, province, make_agency, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
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
    # A class held in person, with a session and a sheet uploaded for it.
    in_person = cast["offering"]
    in_person.pk, in_person.id, in_person.code = None, None, "LOP-TT"
    in_person.mode = OfferingMode.IN_PERSON
    in_person.save()
    cast["in_person"] = in_person
    cast["session"] = classroom.session_save(
        actor=coordinator,
        session=Session(
            offering=in_person,
            date=in_person.start_date,
            starts_at=datetime.time(7, 30),
            ends_at=datetime.time(11, 0),
            periods=4,
            place="Hội trường A",
        ),
    )
    cast["sheet_job"] = imports.job_create(
        user=coordinator,
        import_kind="class_sheet",
        upload=SimpleUploadedFile("lop.xlsx", b"x"),
        scope=EVERYTHING,
        params={"offering_id": in_person.pk},
    )
    # A "Dân vận khéo" model of agency A, with its evidence, assessed by the province's body.
    make_agency(
        "TU-TEST-BTGDV", "Ban Tuyên giáo và Dân vận", parent=province, kind="ban-tuyen-giao-dan-van"
    )
    cast["registration"] = emulation.registration_create(
        actor=officer,
        year=datetime.date.today().year,
        case_kind="model",
        field="economy",
        title="Chợ phiên nông sản",
        lead_agency=cast["officer"].scopes.get().agency,
        goals="Tiêu thụ nông sản cho dân.",
        start_date=datetime.date(datetime.date.today().year, 1, 1),
        evidence_files=[SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test")],
    )
    cast["emulation_job"] = imports.job_create(
        user=officer,
        import_kind="emulation",
        upload=SimpleUploadedFile("dvk.xlsx", b"x"),
        scope=EVERYTHING,
    )
    # A leader whose scope holds every object of the cast: a 404 is the role's, not the scope's.
    cast["leader"] = make_user("lanhdao", role=Role.LEADER, agency=province)
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


def _database_state():
    """Rows per model of the registry and training, and every rotation plan's status."""
    counts = {
        model.__name__: model.objects.count()
        for app in ("cadres", "training")
        for model in apps.get_app_config(app).get_models()
    }
    plans = list(apps.get_model("cadres", "RotationPlan").objects.values_list("pk", "status"))
    return counts, plans


def test_a_leader_gets_404_on_every_post_and_changes_nothing(client, office_cast):
    client.force_login(office_cast["leader"])
    before = _database_state()
    urls = _urls(office_cast)
    for name, _rule, url in urls:
        assert client.post(url).status_code == 404, name
    # With the fields a real form sends, too (the plan's approval, an enrolment's decision).
    assert client.post(reverse("training:approval_queue"), {"action": "approve"}).status_code == 404
    assert _database_state() == before


def test_a_leader_gets_404_on_pages_that_exist_to_change_something(client, office_cast):
    client.force_login(office_cast["leader"])
    work = [(n, u) for n, rule, u in _urls(office_cast) if rule in ("office_work", "coordinator")]
    assert len(work) >= 25
    for name, url in work:
        assert client.get(url).status_code == 404, name


class _Page(HTMLParser):
    """The forms (method, action) and links of a page."""

    def __init__(self):
        super().__init__()
        self.forms, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(((attrs.get("method") or "get").lower(), attrs.get("action") or ""))
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "button" and attrs.get("formaction"):
            self.forms.append(("post", attrs["formaction"]))


# Forms every page of the site has: logging out and choosing the language.
SHELL_FORMS = {reverse("account_logout"), reverse("set_language")}


def _writes_offered(html: str) -> list[str]:
    """POST forms (but the shell's) and links to pages that exist to change something."""
    page = _Page()
    page.feed(html)
    found = [
        f"form {action}"
        for method, action in page.forms
        if method == "post" and urlsplit(action).path not in SHELL_FORMS
    ]
    for href in page.links:
        path = urlsplit(href).path
        if not path.startswith("/office/"):
            continue
        try:
            rule = getattr(resolve(path).func, "access_rule", None)
        except Resolver404:
            continue
        if rule in ("office_work", "coordinator"):
            found.append(f"link {href}")
    return found


def test_a_leader_reads_office_pages_without_a_form_or_link_that_changes_something(
    client, office_cast
):
    client.force_login(office_cast["leader"])
    read = [(n, u) for n, rule, u in _urls(office_cast) if rule == "office"]
    requester_only = {"cadres:export_job", "cadres:job_download"}  # the officer's own jobs
    shown = 0
    for name, url in read:
        response = client.get(url)
        if name in requester_only:
            assert response.status_code == 404, name
            continue
        assert response.status_code == 200, name
        if response["Content-Type"].startswith("text/html"):
            assert _writes_offered(response.content.decode()) == [], name
            shown += 1
    assert shown >= 12


def test_the_same_pages_offer_their_buttons_to_a_personnel_officer(client, office_cast):
    """The check above can fail: an officer of the same agency gets the write buttons."""
    client.force_login(office_cast["officer"])
    for name in ("cadres:cadre_detail", "cadres:agency_detail", "training:cadre_record"):
        url = reverse(name, kwargs=URL_KWARGS[name](office_cast))
        assert _writes_offered(client.get(url).content.decode()), name
