"""An agency file that renames, moves or ends agencies records the same events as the event pages."""

import datetime

import pytest

from cadres import imports, services
from cadres.access import SYSTEM
from cadres.models import Agency, AgencyEvent, AgencyName
from tests.cadres.helpers import write_csv

pytestmark = pytest.mark.django_db

HEADERS = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Loại đơn vị",
    "Mã đơn vị cấp trên",
    "Giải thể",
    "Ngày hiệu lực",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
]
DECISION = ["01/03/2026", "125/QĐ-UBND", "20/02/2026", "UBND tỉnh"]
BASIS = services.LegalBasis(
    number="125/QĐ-UBND", issued_on=datetime.date(2026, 2, 20), issuer="UBND tỉnh"
)
EFFECTIVE = datetime.date(2026, 3, 1)


def run(path, **options):
    return imports.import_agencies(source=path, filename=path.name, actor=SYSTEM, **options)


@pytest.fixture
def two_trees(make_agency):
    """The same small tree twice: one changed by a file, the other on the event pages."""
    trees = {}
    for prefix in ("F", "P"):
        top = make_agency(
            f"{prefix}-TOP", "Tỉnh ủy", kind="tinh-uy", valid_from=datetime.date(2020, 1, 1)
        )
        a = make_agency(
            f"{prefix}-A",
            "Đảng ủy xã Mỹ Lâm",
            parent=top,
            kind="dang-uy",
            valid_from=datetime.date(2020, 1, 1),
        )
        b = make_agency(
            f"{prefix}-B",
            "Ủy ban MTTQ xã Mỹ Lâm",
            parent=top,
            kind="uy-ban-mttq",
            valid_from=datetime.date(2020, 1, 1),
        )
        trees[prefix] = (top, a, b)
    return trees


def history(prefix: str) -> tuple:
    """The events and former names of one tree, with agencies named without their prefix."""
    events = []
    for event in AgencyEvent.objects.filter(
        links__agency__code__startswith=f"{prefix}-"
    ).distinct():
        links = sorted(
            (link.role, link.agency.code.removeprefix(f"{prefix}-"))
            for link in event.links.select_related("agency")
        )
        events.append(
            (
                event.kind,
                event.effective_date,
                event.basis_number,
                event.basis_date,
                event.basis_issuer,
                tuple(links),
            )
        )
    names = sorted(
        (n.agency.code.removeprefix(f"{prefix}-"), n.name, n.valid_from, n.valid_to)
        for n in AgencyName.objects.filter(agency__code__startswith=f"{prefix}-")
    )
    return sorted(events), names


def test_a_file_renames_and_moves_as_the_event_pages_do(tmp_path, two_trees):
    _top, page_a, page_b = two_trees["P"]
    services.agency_rename(
        actor=SYSTEM,
        agency=page_a,
        new_name="Đảng ủy xã Mỹ Lâm mới",
        effective_date=EFFECTIVE,
        basis=BASIS,
    )
    services.agency_move(
        actor=SYSTEM, agency=page_b, new_parent=page_a, effective_date=EFFECTIVE, basis=BASIS
    )
    path = write_csv(
        tmp_path / "doi.csv",
        HEADERS,
        [
            ["F-A", "Đảng ủy xã Mỹ Lâm mới", "Đảng ủy", "F-TOP", "", *DECISION],
            ["F-B", "Ủy ban MTTQ xã Mỹ Lâm", "Ủy ban MTTQ", "F-A", "", *DECISION],
        ],
    )
    check = run(path, dry_run=True)
    assert check.ok, check.problems
    assert (check.updated, check.transferred) == (1, 1)
    assert history("F") == ([], [])  # a check writes nothing, events included

    result = run(path)
    assert result.ok, result.problems
    assert history("F") == history("P")
    assert history("F")[0]  # and there is history to compare
    assert Agency.objects.get(code="F-A").name == "Đảng ủy xã Mỹ Lâm mới"
    assert Agency.objects.get(code="F-B").get_parent().code == "F-A"


def test_a_file_ends_an_agency_with_its_decision(tmp_path, two_trees):
    path = write_csv(
        tmp_path / "giai-the.csv",
        HEADERS,
        [["F-B", "Ủy ban MTTQ xã Mỹ Lâm", "Ủy ban MTTQ", "F-TOP", "Có", *DECISION]],
    )
    result = run(path)
    assert result.ok, result.problems
    ended = Agency.objects.get(code="F-B")
    assert ended.valid_to == EFFECTIVE - datetime.timedelta(days=1)
    event = AgencyEvent.objects.get(links__agency=ended)
    assert (event.kind, event.basis_number) == ("dissolve", "125/QĐ-UBND")


def test_an_end_the_services_refuse_is_a_row_problem_and_nothing_is_written(
    tmp_path, two_trees, make_cadre
):
    _top, a, b = two_trees["F"]
    make_cadre("CB-MT-1", "Lê Thị Hoa", b)  # still serving in B: B cannot be dissolved
    path = write_csv(
        tmp_path / "giai-the.csv",
        HEADERS,
        [
            ["F-A", "Đảng ủy xã Mỹ Lâm mới", "Đảng ủy", "F-TOP", "", *DECISION],
            ["F-B", "Ủy ban MTTQ xã Mỹ Lâm", "Ủy ban MTTQ", "F-TOP", "Có", *DECISION],
        ],
    )
    result = run(path)
    assert [(p.row, p.column, p.reason) for p in result.problems] == [
        (3, "Giải thể", str(services.DISSOLVE_HAS_POSTINGS))
    ]
    assert Agency.objects.get(code="F-A").name == "Đảng ủy xã Mỹ Lâm"  # row 2 rolled back too
    assert not AgencyEvent.objects.exists()
