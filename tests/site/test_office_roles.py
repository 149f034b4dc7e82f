"""Every page under /office/, found by walking the URLconf: anonymous visitors log in, a wrong
role gets 404 (as an object out of reach does), for GET and for POST; a leader reads and never
writes: every POST anywhere under /office/ answers 404, and the pages they read offer no form
or link that would change something.

A URL name missing from URL_KWARGS fails the test: a new office page must say which objects its
address needs, and so joins these checks.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.urls import Resolver404, resolve, reverse

from tests.site.url_map import URL_KWARGS, office_patterns, url_for

pytestmark = pytest.mark.django_db


def test_every_office_page_is_behind_a_role_check():
    patterns = office_patterns()
    assert len(patterns) > 40
    unguarded = [name for name, _route, view in patterns if not getattr(view, "access_rule", None)]
    assert unguarded == []
    unknown = [name for name, _route, _view in patterns if name not in URL_KWARGS]
    assert unknown == [], "add these URL names to URL_KWARGS"


def _urls(cast):
    return [
        (name, view.access_rule, url_for(name, cast)) for name, _route, view in office_patterns()
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
    # The officer's own jobs.
    requester_only = {"cadres:export_job", "cadres:job_download", "training:report_file"}
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
        url = url_for(name, office_cast)
        assert _writes_offered(client.get(url).content.decode()), name
