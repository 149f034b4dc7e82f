"""Personal data under the Law on Personal Data Protection (91/2025/QH15, in force since
1 January 2026): sensitive fields (ethnicity, religion, Party membership) reach only the roles
that need them, and every view of a cadre's full record or export of the list by staff is
logged (who, when), readable by coordinators."""

import pytest
from django.urls import reverse

from cadres.models import AuditAction, AuditEntry, Scope
from tests.cadres.helpers import export_via_job

pytestmark = pytest.mark.django_db

SENSITIVE = ["Khmer", "Phật giáo Hòa Hảo", "Dân tộc", "Tôn giáo"]


@pytest.fixture
def leader_a(leader, agency_a):
    Scope.objects.create(user=leader, agency=agency_a)
    return leader


def test_a_leader_reads_the_record_without_sensitive_fields(client, leader_a, cadre_in_a):
    client.force_login(leader_a)
    for name in ("cadres:cadre_detail", "training:cadre_record"):
        html = client.get(reverse(name, args=[cadre_in_a.pk])).content.decode()
        assert "Nguyễn Thị Ánh" in html, name
        for value in SENSITIVE:
            assert value not in html, (name, value)
    listed = client.get(reverse("cadres:cadre_list")).content.decode()
    assert "Nguyễn Thị Ánh" in listed and "Đảng viên" not in listed


def test_a_leader_cannot_filter_by_party_membership(client, leader_a, cadre_in_a, make_cadre):
    """A filter would reveal the field as surely as a column."""
    make_cadre("CB-A-002", "Lê Văn Bình", cadre_in_a.agency)  # not a member
    client.force_login(leader_a)
    url = reverse("cadres:cadre_list")
    members = client.get(url, {"party": "yes"}).context["page"].paginator.count
    others = client.get(url, {"party": "no"}).context["page"].paginator.count
    assert members == others == 2


def test_views_of_the_training_record_are_logged_too(client, officer_a, cadre_in_a):
    client.force_login(officer_a)
    client.get(reverse("training:cadre_record", args=[cadre_in_a.pk]))
    client.get(reverse("training:cadre_record_pdf", args=[cadre_in_a.pk]))
    notes = AuditEntry.objects.filter(action=AuditAction.VIEWED, cadre=cadre_in_a).values_list(
        "actor__username", "note"
    )
    assert sorted(notes) == [
        ("tochuc_a", "training_record"),
        ("tochuc_a", "training_record_pdf"),
    ]


def test_an_export_is_logged_with_its_rows_and_whether_sensitive_columns_went(
    client, officer_a, coordinator, cadre_in_a, django_capture_on_commit_callbacks
):
    client.force_login(officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        export_via_job(client, "csv")
    entry = AuditEntry.objects.get(action=AuditAction.EXPORTED)
    assert entry.actor == officer_a
    assert entry.changes == {"rows": 1, "sensitive": True}
    client.force_login(coordinator)
    page = client.get(reverse("cadres:audit_list"), {"views": "1"}).content.decode()
    assert "xuất danh sách" in page and "tochuc_a" in page


def test_the_log_of_views_names_the_page_seen(client, coordinator, officer_a, cadre_in_a):
    client.force_login(officer_a)
    client.get(reverse("cadres:cadre_detail", args=[cadre_in_a.pk]))
    client.force_login(coordinator)
    page = client.get(
        reverse("cadres:audit_list"), {"views": "1", "cadre": cadre_in_a.pk}
    ).content.decode()
    assert "Trang của cán bộ" in page and "tochuc_a" in page
