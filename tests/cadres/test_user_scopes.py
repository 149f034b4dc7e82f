"""Granting and withdrawing scopes: coordinators and administrators, on the user's office page,
with history; what a job may still do after its requester's scopes change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadres import exports, jobs, services
from cadres.access import SYSTEM, agency_scope_for
from cadres.models import AgencyKind, Scope
from cadres.roles import Role
from cadres.selectors import CadreFilters

pytestmark = pytest.mark.django_db


def detail_url(user):
    return reverse("cadres:user_detail", args=[user.pk])


def front_kinds():
    return list(AgencyKind.objects.filter(code__in=["uy-ban-mttq", "to-chuc-chinh-tri-xa-hoi"]))


@pytest.fixture
def front_officer(make_user):
    return make_user("mattran", role=Role.PERSONNEL_OFFICER, email="mattran@example.vn")


@pytest.fixture
def front_a(make_agency, agency_a, make_cadre):
    front = make_agency("MTTQ-A", "Ủy ban MTTQ phường A", parent=agency_a, kind="uy-ban-mttq")
    make_cadre("CB-MTTQ-A", "Phạm Thị Hồng", front)
    return front


def test_a_coordinator_grants_a_front_line_scope_on_the_users_page(
    client, coordinator, front_officer, front_a, cadre_in_a
):
    client.force_login(coordinator)
    page = client.get(detail_url(front_officer)).content.decode()
    assert "Chưa có phạm vi" in page or "không thấy gì" in page
    response = client.post(
        detail_url(front_officer),
        {"agency": "", "kinds": [k.pk for k in front_kinds()], "note": "Theo dõi Mặt trận"},
    )
    assert response.status_code == 302
    scope = Scope.objects.get(user=front_officer)
    assert scope.agency is None and set(scope.kinds.all()) == set(front_kinds())
    assert scope.granted_by == coordinator and scope.note == "Theo dõi Mặt trận"
    page = client.get(detail_url(front_officer)).content.decode()
    assert "Toàn tỉnh" in page and "Ủy ban MTTQ" in page and "Theo dõi Mặt trận" in page

    client.force_login(front_officer)
    listing = client.get(reverse("cadres:cadre_list")).content.decode()
    assert "Phạm Thị Hồng" in listing and cadre_in_a.full_name not in listing


def test_a_scope_already_held_is_refused_with_a_clear_message(
    client, coordinator, officer_a, agency_a_unit
):
    client.force_login(coordinator)
    response = client.post(detail_url(officer_a), {"agency": agency_a_unit.pk, "note": ""})
    assert response.status_code == 200
    assert "đã thấy các đơn vị này" in response.content.decode()
    assert officer_a.scopes.count() == 1


def test_withdrawing_keeps_the_grant_in_the_history(client, coordinator, officer_a, cadre_in_a):
    scope = officer_a.scopes.get()
    client.force_login(coordinator)
    response = client.post(reverse("cadres:scope_withdraw", args=[scope.pk]))
    assert response.status_code == 302 and response.url == detail_url(officer_a)
    scope.refresh_from_db()
    assert scope.withdrawn_at is not None and scope.withdrawn_by == coordinator
    page = client.get(detail_url(officer_a)).content.decode()
    assert "Lịch sử phạm vi" in page and "Đảng ủy phường A" in page
    assert "dieuphoi" in page  # who withdrew it
    # A second withdrawal says so and changes nothing.
    withdrawn_at = scope.withdrawn_at
    client.post(reverse("cadres:scope_withdraw", args=[scope.pk]), follow=True)
    scope.refresh_from_db()
    assert scope.withdrawn_at == withdrawn_at
    # The officer now sees nothing.
    client.force_login(officer_a)
    detail = reverse("cadres:cadre_detail", args=[cadre_in_a.pk])
    assert client.get(detail).status_code == 404


def test_only_coordinators_and_administrators_grant(officer_a, officer_b, agency_b):
    with pytest.raises(services.RegistryError) as refused:
        services.scope_grant(actor=officer_a, user=officer_b, agency=agency_b)
    assert refused.value.message == services.SCOPE_NOT_ALLOWED
    with pytest.raises(services.RegistryError):
        services.scope_withdraw(actor=officer_a, scope=officer_b.scopes.get())
    assert officer_b.scopes.filter(withdrawn_at__isnull=True).count() == 1


def test_an_ended_agency_is_refused(coordinator, officer_b, make_agency, agency_a):
    import datetime

    ended = make_agency("OLD", "Đơn vị cũ", parent=agency_a, valid_to=datetime.date(2025, 6, 30))
    with pytest.raises(services.RegistryError) as refused:
        services.scope_grant(actor=coordinator, user=officer_b, agency=ended)
    assert refused.value.message == services.SCOPE_AGENCY_ENDED


@pytest.mark.parametrize("who", ["officer_a", "cadre_user", "editor"])
def test_others_get_404_on_the_users_pages(request, client, who, officer_b):
    client.force_login(request.getfixturevalue(who))
    scope = officer_b.scopes.get()
    scopes = Scope.objects.count()
    assert client.get(reverse("cadres:user_list")).status_code == 404
    assert client.get(detail_url(officer_b)).status_code == 404
    assert client.post(detail_url(officer_b), {"agency": ""}).status_code == 404
    assert client.post(reverse("cadres:scope_withdraw", args=[scope.pk])).status_code == 404
    assert officer_b.scopes.filter(withdrawn_at__isnull=True).count() == 1
    assert Scope.objects.count() == scopes


def test_a_leader_gets_404_on_the_users_pages(client, make_user, province, officer_b):
    leader = make_user("lanhdao", role=Role.LEADER, agency=province)
    client.force_login(leader)
    assert client.get(reverse("cadres:user_list")).status_code == 404
    assert client.get(detail_url(officer_b)).status_code == 404


def test_anonymous_visitors_log_in_first(client, officer_b):
    scope = officer_b.scopes.get()
    for url in (
        reverse("cadres:user_list"),
        detail_url(officer_b),
        reverse("cadres:scope_withdraw", args=[scope.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_unknown_users_and_scopes_are_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("cadres:user_detail", args=[99999])).status_code == 404
    assert client.post(reverse("cadres:scope_withdraw", args=[99999])).status_code == 404


def test_the_list_shows_officers_and_leaders_with_their_scopes_in_constant_queries(
    client, coordinator, officer_a, make_user, agency_b, cadre_user
):
    client.force_login(coordinator)
    url = reverse("cadres:user_list")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        page = client.get(url).content.decode()
    assert "tochuc_a" in page and "Đảng ủy phường A" in page
    assert cadre_user.username not in page  # plain cadres hold no scope
    for i in range(15):
        user = make_user(f"lanhdao{i}", role=Role.LEADER, agency=agency_b)
        services.scope_grant(
            actor=SYSTEM, user=user, agency=None, kinds=front_kinds(), note=f"Lãnh đạo {i}"
        )
    client.get(url)  # new members of a group retired the roles kept in the cache
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert "lanhdao14" in page and "Lãnh đạo" in page
    assert len(small.captured_queries) == len(large.captured_queries)
    found = client.get(url, {"q": "lanhdao3", "role": Role.LEADER.value}).content.decode()
    assert "lanhdao3" in found and "tochuc_a" not in found


def test_the_users_page_says_what_they_see(client, coordinator, officer_a, cadre_in_a, make_user):
    client.force_login(coordinator)
    page = client.get(detail_url(officer_a)).content.decode()
    assert "2 đơn vị và 1 cán bộ" in page
    no_role = make_user("chuaco")
    services.scope_grant(actor=coordinator, user=no_role, agency=None)
    page = client.get(detail_url(no_role)).content.decode()
    assert "không có vai trò" in page


def test_a_job_acts_within_what_its_requester_still_holds(
    officer_a, agency_a, agency_b, coordinator
):
    services.scope_grant(actor=coordinator, user=officer_a, agency=agency_b)
    job = exports.job_create(
        user=officer_a,
        fmt="csv",
        filters=CadreFilters(),
        scope=agency_scope_for(officer_a),
    )
    assert len(job.scopes) == 2
    assert jobs.job_actor(job).scope == agency_scope_for(officer_a)
    # Agency B withdrawn: the job keeps A only, even though it captured both.
    services.scope_withdraw(actor=coordinator, scope=officer_a.scopes.get(agency=agency_b))
    officer_a.__dict__.pop("_agency_scope", None)
    job.refresh_from_db()
    actor = jobs.job_actor(job)
    assert actor.scope.contains(agency_a) and not actor.scope.contains(agency_b)
