"""Scopes along the vertical lines: a Front-line scope, a kind scope, two scopes at once.

The tree places each commune's Front committee and People's Committee under the commune's
Party committee; the provincial Front is a tree of its own:

    Tỉnh ủy ─┬─ Đảng ủy xã X ─┬─ UBND xã X        Ủy ban MTTQ tỉnh ── Hội LHPN tỉnh
             │                 └─ MTTQ xã X
             └─ Đảng ủy xã Y ─┬─ UBND xã Y
                               └─ MTTQ xã Y
"""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadres import imports, selectors, services
from cadres.access import AgencyScope, ScopePart, agency_scope_for
from cadres.models import Agency, AgencyKind, Cadre, ExportJob, OfficerAssignment, Scope
from cadres.roles import Role
from tests.cadres.conftest import snapshot
from tests.cadres.helpers import CADRE_HEADERS, cadre_row, export_via_job, write_csv

pytestmark = pytest.mark.django_db

FRONT_KINDS = ("uy-ban-mttq", "to-chuc-chinh-tri-xa-hoi")


def kind_ids(*codes):
    return list(AgencyKind.objects.filter(code__in=codes).values_list("pk", flat=True))


def grant(user, agency=None, kinds=()):
    scope = Scope.objects.create(user=user, agency=agency)
    scope.kinds.set(AgencyKind.objects.filter(code__in=kinds))
    return scope


@pytest.fixture
def lines(make_agency, make_cadre, province):
    """The tree above, one cadre serving in each agency (named after it)."""
    agencies = {"TU": province}
    for commune in ("X", "Y"):
        party = make_agency(
            f"DU-{commune}", f"Đảng ủy xã {commune}", parent=province, kind="dang-uy"
        )
        agencies[f"DU-{commune}"] = party
        agencies[f"UBND-{commune}"] = make_agency(
            f"UBND-{commune}", f"Ủy ban nhân dân xã {commune}", parent=party
        )
        agencies[f"MTTQ-{commune}"] = make_agency(
            f"MTTQ-{commune}", f"Ủy ban MTTQ xã {commune}", parent=party, kind="uy-ban-mttq"
        )
    front = make_agency("MTTQ-P", "Ủy ban MTTQ tỉnh", kind="uy-ban-mttq")
    agencies["MTTQ-P"] = front
    agencies["HPN-P"] = make_agency(
        "HPN-P", "Hội Liên hiệp Phụ nữ tỉnh", parent=front, kind="to-chuc-chinh-tri-xa-hoi"
    )
    cadres = {}
    for number, (code, agency) in enumerate(sorted(agencies.items()), start=1):
        cadres[code] = make_cadre(f"CB-{code}", f"Cán bộ {code} số {number}", agency)
    return {"agency": agencies, "cadre": cadres}


@pytest.fixture
def front_officer(make_user, lines):
    """The provincial Front's officer: every Front committee and member organisation."""
    user = make_user("mattran", role=Role.PERSONNEL_OFFICER, email="mattran@example.vn")
    grant(user, kinds=FRONT_KINDS)
    return user


@pytest.fixture
def two_scopes_officer(make_user, lines):
    """Commune X's whole subtree, and every People's Committee of the province."""
    user = make_user("noivu", role=Role.PERSONNEL_OFFICER, email="noivu@example.vn")
    grant(user, lines["agency"]["DU-X"])
    grant(user, lines["agency"]["TU"], kinds=["uy-ban-nhan-dan"])
    return user


def listed_codes(user) -> set[str]:
    return {c.personnel_code for c in selectors.cadre_list(user=user)}


def test_a_front_line_scope_sees_every_front_committee_and_nothing_else_of_the_communes(
    client, front_officer, lines
):
    front = {"CB-MTTQ-X", "CB-MTTQ-Y", "CB-MTTQ-P", "CB-HPN-P"}
    assert listed_codes(front_officer) == front
    tree = selectors.agency_tree(user=front_officer)
    assert {a.code for a in tree} == {"MTTQ-X", "MTTQ-Y", "MTTQ-P", "HPN-P"}
    counts = selectors.office_counts(user=front_officer)
    assert (counts.agencies, counts.cadres) == (4, 4)

    client.force_login(front_officer)
    page = client.get(reverse("cadres:cadre_list")).content.decode()
    assert "Cán bộ MTTQ-X" in page and "Cán bộ HPN-P" in page
    assert "Cán bộ UBND-X" not in page and "Cán bộ DU-Y" not in page
    for code in ("UBND-X", "DU-X", "UBND-Y", "TU"):
        cadre = lines["cadre"][code]
        assert client.get(reverse("cadres:cadre_detail", args=[cadre.pk])).status_code == 404
        agency = lines["agency"][code]
        assert client.get(reverse("cadres:agency_detail", args=[agency.pk])).status_code == 404
    front_x = client.get(reverse("cadres:agency_detail", args=[lines["agency"]["MTTQ-X"].pk]))
    assert front_x.status_code == 200
    assert "Đảng ủy xã X" not in front_x.content.decode()  # its parent is not theirs to see
    detail = reverse("cadres:cadre_detail", args=[lines["cadre"]["MTTQ-Y"].pk])
    assert client.get(detail).status_code == 200


def test_the_tree_indents_a_narrowed_scope_under_the_agencies_it_lists(front_officer):
    indents = {a.code: a.indent for a in selectors.agency_tree(user=front_officer)}
    assert indents == {"MTTQ-X": 0, "MTTQ-Y": 0, "MTTQ-P": 0, "HPN-P": 1}


def test_two_scopes_see_their_union_exports_included(client, two_scopes_officer, lines):
    union = {"CB-DU-X", "CB-UBND-X", "CB-MTTQ-X", "CB-UBND-Y"}
    assert listed_codes(two_scopes_officer) == union
    client.force_login(two_scopes_officer)
    _page, _response, body = export_via_job(client, "csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert {row[0] for row in rows[1:]} == union
    job = ExportJob.objects.get()
    ubnd = kind_ids("uy-ban-nhan-dan")
    assert sorted(job.scopes, key=lambda e: e["path"]) == [
        {"path": lines["agency"]["TU"].path, "kinds": ubnd},
        {"path": lines["agency"]["DU-X"].path},
    ]
    # The sheet of a filter inside one scope holds that scope's rows only.
    _page, _response, body = export_via_job(client, "csv", {"agency": lines["agency"]["UBND-Y"].pk})
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["CB-UBND-Y"]


def test_a_transfer_between_two_scopes_is_allowed_and_out_of_them_refused(
    two_scopes_officer, lines
):
    cadre = lines["cadre"]["MTTQ-X"]
    services.cadre_transfer(
        actor=two_scopes_officer,
        cadre=cadre,
        agency=lines["agency"]["UBND-Y"],  # in the other scope
        start_date=datetime.date(2026, 1, 1),
    )
    assert Cadre.objects.get(pk=cadre.pk).agency.code == "UBND-Y"
    with pytest.raises(services.RegistryError) as refused:
        services.cadre_transfer(
            actor=two_scopes_officer,
            cadre=Cadre.objects.get(pk=cadre.pk),
            agency=lines["agency"]["MTTQ-Y"],  # in neither
            start_date=datetime.date(2026, 2, 1),
        )
    assert refused.value.message == services.AGENCY_OUT_OF_SCOPE
    assert Cadre.objects.get(pk=cadre.pk).agency.code == "UBND-Y"


def test_a_narrowed_scope_adds_and_keeps_only_agencies_of_its_kinds(front_officer, lines):
    kinds = {k.code: k for k in AgencyKind.objects.all()}
    front_x = lines["agency"]["MTTQ-X"]

    def create(parent, kind, code):
        return services.agency_create(
            actor=front_officer, parent=parent, code=code, name=code, kind=kinds[kind]
        )

    unit = create(front_x, "to-chuc-chinh-tri-xa-hoi", "HND-X")
    assert unit.get_parent().pk == front_x.pk
    for parent, kind, expected in [
        (front_x, "uy-ban-nhan-dan", services.NEW_AGENCY_OUT_OF_SCOPE),
        (None, "uy-ban-mttq", services.AGENCY_OUT_OF_SCOPE),  # a top agency: the province's
        (lines["agency"]["DU-X"], "uy-ban-mttq", services.AGENCY_OUT_OF_SCOPE),
    ]:
        before = snapshot()
        with pytest.raises(services.RegistryError) as refused:
            create(parent, kind, "NEW")
        assert refused.value.message == expected
        assert snapshot() == before
    with pytest.raises(services.RegistryError) as refused:
        services.agency_update(actor=front_officer, agency=front_x, kind=kinds["uy-ban-nhan-dan"])
    assert refused.value.message == services.WOULD_LEAVE_SCOPE
    assert Agency.objects.get(pk=front_x.pk).kind.code == "uy-ban-mttq"


def test_a_change_that_carries_units_outside_the_scope_is_refused(
    front_officer, lines, make_agency, basis
):
    front_x, front_y = lines["agency"]["MTTQ-X"], lines["agency"]["MTTQ-Y"]
    make_agency("UBND-IN-MTTQ", "Đơn vị khác loại", parent=front_x)  # not the Front's kind
    event = {"actor": front_officer, "effective_date": datetime.date(2026, 1, 1), "basis": basis}
    before = snapshot()
    with pytest.raises(services.RegistryError) as refused:
        services.agency_move(agency=front_x, new_parent=lines["agency"]["MTTQ-P"], **event)
    assert refused.value.message == services.UNITS_OUT_OF_SCOPE
    with pytest.raises(services.RegistryError) as refused:
        services.agency_merge(sources=[front_x], target=front_y, **event)
    assert refused.value.message == services.UNITS_OUT_OF_SCOPE
    assert snapshot() == before
    # A Front committee without foreign units moves within the Front's line.
    services.agency_move(agency=front_y, new_parent=lines["agency"]["MTTQ-P"], **event)
    assert Agency.objects.get(pk=front_y.pk).get_parent().code == "MTTQ-P"


def test_coverage_of_a_narrowed_scope_adds_up_only_what_it_lists(
    client, front_officer, coordinator, lines
):
    front_kind = "phu-trach-mat-tran-doan-the"
    OfficerAssignment.objects.create(
        cadre=lines["cadre"]["MTTQ-X"],
        agency=lines["agency"]["MTTQ-X"],
        kind=selectors.responsibility_kinds().get(code=front_kind),
        start_date=datetime.date(2025, 7, 1),
    )
    result = selectors.coverage(user=front_officer)
    rows = {row.agency.code: row for row in result.rows}
    assert set(rows) == {"MTTQ-X", "MTTQ-Y", "MTTQ-P", "HPN-P"}
    assert {code: row.indent for code, row in rows.items()} == {
        "MTTQ-X": 0,
        "MTTQ-Y": 0,
        "MTTQ-P": 0,
        "HPN-P": 1,
    }
    # Three Front committees need a Front officer; one has one. The communes' Party
    # committees and People's Committees (dân vận officers, all vacant) count nowhere.
    assert (result.required, result.filled) == (3, 1)
    assert [count.kind.code for count in result.by_kind] == [front_kind]
    assert (rows["MTTQ-P"].total_required, rows["MTTQ-P"].total_filled) == (1, 0)
    assert (rows["MTTQ-X"].total_required, rows["MTTQ-X"].total_filled) == (1, 1)
    client.force_login(front_officer)
    page = client.get(reverse("cadres:coverage")).content.decode()
    assert "Ủy ban MTTQ xã Y" in page and "Đảng ủy xã X" not in page
    # The coordinator's coverage rolls the commune's Front committee up to its Party committee.
    everything = {row.agency.code: row for row in selectors.coverage(user=coordinator).rows}
    assert everything["DU-X"].total_filled == 1


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_queries_stay_constant_with_several_scopes(
    client, two_scopes_officer, front_officer, lines, make_agency, make_cadre, make_user
):
    grant(two_scopes_officer, kinds=FRONT_KINDS)  # a third scope
    single = make_user("motphamvi", role=Role.PERSONNEL_OFFICER, agency=lines["agency"]["DU-X"])
    urls = [reverse("cadres:cadre_list"), reverse("cadres:coverage")]
    client.force_login(single)
    for url in urls:
        client.get(url)  # warm up caches that are not per page
    one_scope = [count_queries(client, url) for url in urls]
    client.force_login(two_scopes_officer)
    for url in urls:
        client.get(url)  # this officer's roles, kept in the cache
    small = [count_queries(client, url) for url in urls]
    assert small == one_scope
    for i in range(12):
        party = make_agency(f"DU-N{i}", f"Đảng ủy xã N{i}", parent=lines["agency"]["TU"])
        for code, kind in ((f"UBND-N{i}", "uy-ban-nhan-dan"), (f"MTTQ-N{i}", "uy-ban-mttq")):
            agency = make_agency(code, code, parent=party, kind=kind)
            make_cadre(f"CB-{code}", f"Nguyễn Văn {code}", agency)
    assert len(listed_codes(two_scopes_officer)) == 4 + 3 + 24
    for url in urls:
        client.get(url)
    assert [count_queries(client, url) for url in urls] == small


def test_an_import_touching_an_agency_outside_the_scopes_is_refused_with_its_row(
    tmp_path, two_scopes_officer, lines
):
    path = write_csv(
        tmp_path / "hai-pham-vi.csv",
        CADRE_HEADERS,
        [
            cadre_row("CB-NEW-1", "Lê Văn Một", "MTTQ-X"),  # commune X's subtree
            cadre_row("CB-NEW-2", "Lê Văn Hai", "UBND-Y"),  # every People's Committee
            cadre_row("CB-NEW-3", "Lê Văn Ba", "MTTQ-Y"),  # neither
            cadre_row("CB-MTTQ-Y", "Cán bộ MTTQ-Y số 6", "UBND-X"),  # a cadre of neither
        ],
    )
    before = snapshot()
    result = imports.import_cadres(
        source=path, filename=path.name, actor=two_scopes_officer, dry_run=False
    )
    assert [(p.row, p.column) for p in result.problems] == [(4, "Mã đơn vị"), (5, "Mã cán bộ")]
    assert result.problems[0].value == "MTTQ-Y"
    assert snapshot() == before
    assert not Cadre.objects.filter(personnel_code__startswith="CB-NEW").exists()
    # Without the two rows, the file goes in.
    path = write_csv(
        tmp_path / "trong-pham-vi.csv",
        CADRE_HEADERS,
        [
            cadre_row("CB-NEW-1", "Lê Văn Một", "MTTQ-X"),
            cadre_row("CB-NEW-2", "Lê Văn Hai", "UBND-Y"),
        ],
    )
    result = imports.import_cadres(source=path, filename=path.name, actor=two_scopes_officer)
    assert result.ok and result.created == 2


def test_scope_of_a_user_is_the_normalised_union_of_their_grants(two_scopes_officer, lines):
    grant(two_scopes_officer, lines["agency"]["UBND-X"])  # already held through DU-X
    scope = agency_scope_for(two_scopes_officer)
    assert scope == AgencyScope.of(
        [
            ScopePart(lines["agency"]["DU-X"].path),
            ScopePart(lines["agency"]["TU"].path, frozenset(kind_ids("uy-ban-nhan-dan"))),
        ]
    )
    assert len(scope.parts) == 2
