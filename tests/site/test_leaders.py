"""Leaders (Lãnh đạo) follow what their scopes hold: registry, coverage, classes, certificates;
they change nothing, whatever the door, and see no sensitive personal data."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from cadres import imports, services
from cadres.models import Cadre
from cadres.roles import Role, is_staff_member
from tests.cadres.helpers import CADRE_HEADERS, cadre_row, write_csv
from training import services as training_services
from training.models import Offering, OfferingMode

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(make_user, province):
    return make_user("lanhdao", role=Role.LEADER, agency=province, email="lanhdao@example.vn")


def test_the_leaders_group_exists_and_leaders_protect_their_login_like_staff(leader):
    assert Group.objects.filter(name="Leaders").exists()
    assert Role.LEADER.label == "Lãnh đạo"
    assert is_staff_member(leader)


def test_a_leader_reads_the_registry_of_their_scope(client, leader, cast):
    client.force_login(leader)
    cadre, agency = cast["cadre"], cast["agency"]
    home = client.get(reverse("cadres:office_home")).content.decode()
    assert "Bạn theo dõi (chỉ xem, không chỉnh sửa):" in home
    assert "Tỉnh ủy Thử nghiệm và các đơn vị trực thuộc" in home
    assert reverse("cadres:import_upload", args=["cadres"]) not in home
    listing = client.get(reverse("cadres:cadre_list")).content.decode()
    assert cadre.full_name in listing and "Xuất Excel" not in listing
    for url in (
        reverse("cadres:cadre_detail", args=[cadre.pk]),
        reverse("cadres:cadre_history", args=[cadre.pk]),
        reverse("cadres:agency_detail", args=[agency.pk]),
        reverse("cadres:coverage"),
        reverse("cadres:rotation_detail", args=[cast["plan"].pk]),
        reverse("training:cadre_record", args=[cadre.pk]),
        reverse("training:office_offering_detail", args=[cast["offering"].pk]),
        reverse("training:certificates_expiring"),
    ):
        assert client.get(url).status_code == 200, url
    export = client.get(reverse("cadres:coverage_export"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd")
    assert client.get(reverse("training:cadre_record_pdf", args=[cadre.pk])).status_code == 200
    certificate = reverse("training:certificate_pdf", args=[cast["certificate"].pk])
    assert client.get(certificate).status_code == 200


def test_a_leader_sees_no_sensitive_personal_data(client, leader, cast):
    client.force_login(leader)
    page = client.get(reverse("cadres:cadre_detail", args=[cast["cadre"].pk])).content.decode()
    assert "Nguyễn Thị Ánh" in page
    for value in ("Khmer", "Phật giáo Hòa Hảo", "Dân tộc", "Tôn giáo"):
        assert value not in page
    listing = client.get(reverse("cadres:cadre_list")).content.decode()
    assert "Đảng viên" not in listing
    # Nor can they learn it by filtering: the filter is not theirs.
    filtered = client.get(reverse("cadres:cadre_list"), {"party": "no"}).content.decode()
    assert "Nguyễn Thị Ánh" in filtered


def test_a_leader_follows_every_class_past_ones_included(client, leader, cast, province):
    today = timezone.localdate()
    Offering.objects.create(
        course=cast["course"],
        code="LOP-CU",
        mode=OfferingMode.ONLINE,
        organiser=province,
        start_date=today - datetime.timedelta(days=400),
        end_date=today - datetime.timedelta(days=370),
        capacity=10,
        enrol_opens=today - datetime.timedelta(days=420),
        enrol_closes=today - datetime.timedelta(days=401),
    )
    client.force_login(leader)
    page = client.get(reverse("training:office_offering_list")).content.decode()
    assert "LOP-01" in page and "LOP-CU" in page
    assert reverse("training:offering_create") not in page


def test_the_services_refuse_a_leader_whatever_the_door(leader, cast, agency_b, tmp_path):
    cadre = cast["cadre"]
    with pytest.raises(services.RegistryError) as refused:
        services.cadre_transfer(
            actor=leader, cadre=cadre, agency=agency_b, start_date=datetime.date(2026, 1, 2)
        )
    assert refused.value.message == services.AGENCY_OUT_OF_SCOPE
    with pytest.raises(services.RegistryError):
        services.cadre_leave(actor=leader, cadre=cadre, end_date=datetime.date(2026, 1, 2))
    with pytest.raises(training_services.TrainingError):
        training_services.external_training_record(
            actor=leader,
            cadre=cadre,
            title="Bồi dưỡng",
            institution="Trường",
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2025, 1, 5),
            hours=8,
        )
    path = write_csv(
        tmp_path / "lanhdao.csv", CADRE_HEADERS, [cadre_row("CB-L-1", "Lê Văn Lãnh", "DU-A")]
    )
    result = imports.import_cadres(source=path, filename=path.name, actor=leader)
    assert [(p.row, p.column) for p in result.problems] == [(2, "Mã đơn vị")]
    assert not Cadre.objects.filter(personnel_code="CB-L-1").exists()
    assert Cadre.objects.get(pk=cadre.pk).agency == cadre.agency


def test_a_leader_of_another_agency_gets_404_on_agency_a(client, make_user, agency_b, cast):
    outsider = make_user("lanhdao_b", role=Role.LEADER, agency=agency_b)
    client.force_login(outsider)
    for url in (
        reverse("cadres:cadre_detail", args=[cast["cadre"].pk]),
        reverse("cadres:agency_detail", args=[cast["agency"].pk]),
        reverse("training:cadre_record", args=[cast["cadre"].pk]),
        reverse("training:certificate_pdf", args=[cast["certificate"].pk]),
        reverse("cadres:rotation_detail", args=[cast["plan"].pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert cast["cadre"].full_name not in client.get(reverse("cadres:cadre_list")).content.decode()


def test_a_leader_without_a_scope_sees_nothing(client, make_user, cast):
    client.force_login(make_user("lanhdao_moi", role=Role.LEADER))
    home = client.get(reverse("cadres:office_home")).content.decode()
    assert "Bạn chưa được cấp phạm vi nào" in home
    assert client.get(reverse("cadres:cadre_detail", args=[cast["cadre"].pk])).status_code == 404
