"""The audit trail: who changed what, when, old → new, whatever the door (page, import, agency
event written in bulk); readable by coordinators only, filtered by object."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cadres import services
from cadres.access import SYSTEM
from cadres.models import AuditAction, AuditEntry, ImportJob, OfficerAssignment, RotationPlan
from tests.cadres.helpers import CADRE_HEADERS, cadre_row, write_xlsx

pytestmark = pytest.mark.django_db

AUDIT = reverse("cadres:audit_list")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def details_of(cadre, **changes):
    fields = {
        name: getattr(cadre, name)
        for name in (
            "full_name",
            "date_of_birth",
            "gender",
            "ethnicity",
            "religion",
            "is_party_member",
            "party_joined_on",
            "theory_level",
            "education",
            "category",
            "email",
        )
    }
    return services.CadreDetails(**{**fields, **changes})


def test_an_edit_records_who_when_and_each_field_old_and_new(client, officer_a, cadre_in_a):
    client.force_login(officer_a)
    services.cadre_update(
        actor=officer_a,
        cadre=cadre_in_a,
        details=details_of(cadre_in_a, full_name="Nguyễn Thị Ánh Hồng", education="Thạc sĩ"),
    )
    entry = AuditEntry.objects.get(action=AuditAction.CHANGED, target_id=cadre_in_a.pk)
    assert entry.actor == officer_a
    assert entry.cadre == cadre_in_a
    assert entry.target_type == "cadres.cadre"
    assert entry.changes == {
        "full_name": ["Nguyễn Thị Ánh", "Nguyễn Thị Ánh Hồng"],
        "education": ["", "Thạc sĩ"],
    }


def test_an_edit_that_changes_nothing_records_nothing(officer_a, cadre_in_a):
    services.cadre_update(actor=officer_a, cadre=cadre_in_a, details=details_of(cadre_in_a))
    assert not AuditEntry.objects.filter(action=AuditAction.CHANGED).exists()


def test_a_refused_change_leaves_no_entry(officer_a, cadre_in_b):
    with pytest.raises(services.RegistryError):
        services.cadre_update(
            actor=officer_a, cadre=cadre_in_b, details=details_of(cadre_in_b, full_name="X")
        )
    assert not AuditEntry.objects.exists()


def test_a_transfer_records_the_post_ended_the_post_opened_and_the_agency(
    officer_a, cadre_in_a, agency_a
):
    services.cadre_transfer(
        actor=officer_a,
        cadre=cadre_in_a,
        agency=agency_a,
        position="Phó Bí thư",
        start_date=datetime.date(2026, 1, 1),
    )
    entries = {(e.action, e.target_type): e for e in AuditEntry.objects.filter(cadre=cadre_in_a)}
    assert entries[("ended", "cadres.posting")].changes == {"end_date": [None, "01/01/2026"]}
    assert entries[("created", "cadres.posting")].changes["position"] == [None, "Phó Bí thư"]
    assert entries[("transferred", "cadres.cadre")].changes == {
        "agency": ["Ủy ban nhân dân phường A", "Đảng ủy phường A"]
    }


def test_officer_assignments_and_rotation_plans_are_recorded(
    officer_a, cadre_in_a, agency_a, responsibility
):
    assignment = services.officer_assign(
        actor=officer_a,
        agency=agency_a,
        cadre=cadre_in_a,
        kind=responsibility(),
        start_date=datetime.date(2025, 8, 1),
    )
    services.officer_assignment_end(
        actor=officer_a, assignment=assignment, end_date=datetime.date(2025, 12, 31)
    )
    plan = services.rotation_plan_create(
        actor=officer_a,
        cadre=cadre_in_a,
        to_agency=agency_a,
        to_position="Chuyên viên",
        form="dieu_dong",
        planned_date=datetime.date(2026, 3, 1),
    )
    services.rotation_plan_cancel(actor=officer_a, plan=plan, reason="Đổi kế hoạch")
    trail = list(
        AuditEntry.objects.filter(cadre=cadre_in_a)
        .order_by("pk")
        .values_list("target_type", "action")
    )
    assert trail == [
        ("cadres.officerassignment", "created"),
        ("cadres.officerassignment", "ended"),
        ("cadres.rotationplan", "created"),
        ("cadres.rotationplan", "cancelled"),
    ]
    cancelled = AuditEntry.objects.get(target_type="cadres.rotationplan", action="cancelled")
    assert cancelled.changes == {
        "status": ["proposed", "cancelled"],
        "cancel_reason": ["", "Đổi kế hoạch"],
    }
    assert OfficerAssignment.objects.count() == 1 and RotationPlan.objects.count() == 1


def test_an_agency_merge_written_in_bulk_leaves_an_entry_per_posting_and_per_agency(
    coordinator, agency_a_unit, agency_b_unit, cadre_in_a, basis
):
    result = services.agency_merge(
        actor=coordinator,
        sources=[agency_a_unit],
        target=agency_b_unit,
        effective_date=datetime.date(2026, 1, 1),
        basis=basis,
    )
    event_entries = AuditEntry.objects.filter(target_type="cadres.agencyevent")
    assert {e.agency_id for e in event_entries} == {agency_a_unit.pk, agency_b_unit.pk}
    assert all(e.target_id == result.event.pk for e in event_entries)
    moved = AuditEntry.objects.filter(cadre=cadre_in_a, target_type="cadres.posting")
    assert sorted(moved.values_list("action", flat=True)) == ["created", "ended"]
    assert moved.get(action="ended").changes == {"end_date": [None, "31/12/2025"]}


def test_an_import_leaves_one_entry_for_the_file_and_one_per_record(
    client, officer_a, cadre_in_a, tmp_path, django_capture_on_commit_callbacks
):
    path = write_xlsx(
        tmp_path / "can-bo-thang-12.xlsx",
        CADRE_HEADERS,
        [
            cadre_row("CB-NEW-1", "Lê Văn Mới", "UBND-A"),
            cadre_row("CB-A-001", "Nguyễn Thị Ánh Hồng", "UBND-A", **{"Dân tộc": "Khmer"}),
        ],
    )
    client.force_login(officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("cadres:import_upload", args=["cadres"]),
            {"file": SimpleUploadedFile(path.name, path.read_bytes())},
        )
        job = ImportJob.objects.get()
        client.post(reverse("cadres:import_job", args=[job.pk]), {"confirm": "1"})
    summary = AuditEntry.objects.get(action=AuditAction.IMPORTED)
    assert summary.actor == officer_a
    assert summary.target_label == "can-bo-thang-12.xlsx"
    assert summary.changes["created"] == 1 and summary.changes["updated"] == 1
    per_record = AuditEntry.objects.filter(job=job).exclude(action=AuditAction.IMPORTED)
    assert {(e.action, e.target_label) for e in per_record} >= {
        ("created", "Lê Văn Mới (CB-NEW-1)"),
        ("changed", "Nguyễn Thị Ánh Hồng (CB-A-001)"),
    }
    changed = per_record.get(action="changed")
    assert changed.changes["full_name"] == ["Nguyễn Thị Ánh", "Nguyễn Thị Ánh Hồng"]
    assert all(e.actor == officer_a for e in per_record)


def test_the_check_run_of_an_import_records_nothing(client, officer_a, cadre_in_a, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", CADRE_HEADERS, [cadre_row("CB9", "Lê Chín", "UBND-A")])
    client.force_login(officer_a)
    client.post(
        reverse("cadres:import_upload", args=["cadres"]),
        {"file": SimpleUploadedFile(path.name, path.read_bytes())},
    )
    assert not AuditEntry.objects.exists()


# --- Reading the trail ---


def test_coordinators_read_the_trail_of_one_cadre_with_old_and_new_values(
    client, coordinator, officer_a, cadre_in_a, cadre_in_b
):
    services.cadre_update(
        actor=officer_a,
        cadre=cadre_in_a,
        details=details_of(cadre_in_a, education="Thạc sĩ Luật"),
    )
    services.cadre_update(
        actor=SYSTEM, cadre=cadre_in_b, details=details_of(cadre_in_b, education="Kỹ sư")
    )
    client.force_login(coordinator)
    page = client.get(AUDIT, {"cadre": cadre_in_a.pk}).content.decode()
    assert "Thạc sĩ Luật" in page and "Kỹ sư" not in page
    assert "Trình độ chuyên môn" in page or "education" in page.lower()
    whole = client.get(AUDIT).content.decode()
    assert "Kỹ sư" in whole and "hệ thống" in whole  # the system's change, named so


def test_the_cadre_page_shows_its_history_to_coordinators_only(
    client, coordinator, officer_a, cadre_in_a
):
    services.cadre_update(
        actor=officer_a, cadre=cadre_in_a, details=details_of(cadre_in_a, education="Thạc sĩ")
    )
    url = reverse("cadres:cadre_detail", args=[cadre_in_a.pk])
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "Lịch sử thay đổi" in page and "Thạc sĩ" in page
    client.force_login(officer_a)
    page = client.get(url).content.decode()
    assert "Lịch sử thay đổi" not in page and reverse("cadres:audit_list") not in page


@pytest.mark.parametrize("who", ["officer_a", "leader", "cadre_user", "editor", "moderator"])
def test_everyone_but_coordinators_gets_404_from_the_trail(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(AUDIT).status_code == 404
    assert client.get(AUDIT, {"views": "1"}).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(AUDIT)
    assert response.status_code == 302 and "login" in response.url


def test_the_trail_page_costs_the_same_queries_for_many_entries(
    client, coordinator, officer_a, cadre_in_a, django_assert_max_num_queries
):
    for n in range(60):
        services.cadre_update(
            actor=officer_a, cadre=cadre_in_a, details=details_of(cadre_in_a, education=f"E{n}")
        )
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(AUDIT).status_code == 200


# --- Views of a cadre's full record (Law 91/2025/QH15) ---


def test_every_staff_view_of_a_full_record_is_logged_and_listed_for_coordinators(
    client, coordinator, officer_a, leader, cadre_in_a, agency_a
):
    from cadres.models import Scope

    Scope.objects.create(user=leader, agency=agency_a)
    for viewer in (officer_a, leader, officer_a):
        client.force_login(viewer)
        assert client.get(reverse("cadres:cadre_detail", args=[cadre_in_a.pk])).status_code == 200
    client.force_login(officer_a)
    client.get(reverse("cadres:cadre_edit", args=[cadre_in_a.pk]))
    views = AuditEntry.objects.filter(action=AuditAction.VIEWED, cadre=cadre_in_a)
    assert list(views.order_by("pk").values_list("actor__username", "note")) == [
        ("tochuc_a", "cadre_detail"),
        ("lanhdao", "cadre_detail"),
        ("tochuc_a", "cadre_detail"),
        ("tochuc_a", "cadre_edit"),
    ]
    client.force_login(coordinator)
    listed = client.get(AUDIT, {"views": "1", "cadre": cadre_in_a.pk}).content.decode()
    assert listed.count("tochuc_a") >= 3 and "lanhdao" in listed
    changes = client.get(AUDIT, {"cadre": cadre_in_a.pk}).content.decode()
    assert "tochuc_a" not in changes  # views are not changes


def test_an_outsider_refused_the_record_leaves_no_view(client, officer_b, cadre_in_a):
    client.force_login(officer_b)
    assert client.get(reverse("cadres:cadre_detail", args=[cadre_in_a.pk])).status_code == 404
    assert not AuditEntry.objects.exists()


def test_the_trail_of_an_import_costs_no_query_per_row(
    tmp_path, make_cadre, agency_a_unit, agency_a
):
    """Transfers and edits by import leave their entries in batches: the query count of a
    write does not grow with the rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cadres.imports import import_cadres

    def run(count, start):
        codes = [f"CB-Q-{start + n}" for n in range(count)]
        for code in codes:
            make_cadre(code, "Lê Văn Q", agency_a_unit)
        path = write_xlsx(
            tmp_path / f"q{start}.xlsx",
            CADRE_HEADERS,
            [cadre_row(code, "Lê Văn Quý", "DU-A") for code in codes],  # renamed and moved
        )
        with CaptureQueriesContext(connection) as queries:
            result = import_cadres(source=path, filename=path.name, actor=SYSTEM)
        assert result.ok and result.transferred == count
        return len(queries)

    few, many = run(3, 0), run(30, 100)
    # 27 more rows; a batch more at most (SQLite caps the parameters of one INSERT).
    assert many - few <= 2
    assert AuditEntry.objects.filter(action="transferred").count() == 33
    assert AuditEntry.objects.filter(action="changed", target_type="cadres.cadre").count() == 33


def test_granting_and_withdrawing_a_scope_is_recorded(coordinator, leader, agency_a):
    scope = services.scope_grant(actor=coordinator, user=leader, agency=agency_a, note="Theo dõi")
    services.scope_withdraw(actor=coordinator, scope=scope)
    granted, withdrawn = AuditEntry.objects.filter(target_type="cadres.scope").order_by("pk")
    assert (granted.action, granted.actor, granted.agency_id) == (
        "created",
        coordinator,
        agency_a.pk,
    )
    assert granted.changes["agency"] == [None, "Đảng ủy phường A"]
    assert withdrawn.action == "withdrawn" and withdrawn.changes["withdrawn_at"][0] is None


def test_yes_and_no_in_the_trail_read_as_yes_and_no():
    """Not "đạt" (reached), which a training page's "yes" once made of every yes."""
    from cadres.audit import _value_label

    with translation.override("vi"):
        assert str(_value_label("cadres.cadre", "is_party_member", True)) == "có"
        assert str(_value_label("cadres.cadre", "is_party_member", False)) == "không"
