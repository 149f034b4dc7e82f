"""A scope is a union of parts (subtree path, optional agency kinds): what it holds, what two
scopes share, and how a job keeps one."""

import pytest

from cadres.access import (
    EVERYTHING,
    NOTHING,
    AgencyScope,
    ScopePart,
    scope_from_list,
    scope_intersection,
    scope_to_list,
    scope_within,
)
from cadres.models import Agency

FRONT, UBND, UNIONS = 7, 8, 9  # agency kind ids (no database needed)


def part(path="", *kinds):
    return ScopePart(path, frozenset(kinds))


def agency(path, kind):
    return Agency(path=path, kind_id=kind)


def test_a_part_holds_its_subtree_and_only_its_kinds():
    front_line = part("", FRONT, UNIONS)
    assert front_line.contains(agency("00010002", FRONT))
    assert front_line.contains(agency("0002", UNIONS))
    assert not front_line.contains(agency("00010002", UBND))
    commune = part("00010002")
    assert commune.contains(agency("000100020003", UBND))
    assert not commune.contains(agency("00010003", UBND))


def test_the_union_drops_parts_another_holds_and_merges_kinds_on_one_path():
    scope = AgencyScope.of(
        [part("0001"), part("00010002"), part("0002", FRONT), part("0002", UBND)]
    )
    assert scope.parts == (part("0001"), part("0002", FRONT, UBND))
    assert AgencyScope.of([part("0002", FRONT), part("0002")]).parts == (part("0002"),)
    assert AgencyScope.of([part("0001"), part("")]) == EVERYTHING
    assert AgencyScope.of([part("", FRONT)]).everything is False
    assert AgencyScope.of([]) == NOTHING and NOTHING.is_empty


def test_the_union_contains_what_any_part_contains():
    scope = AgencyScope.of([part("0001"), part("", FRONT)])
    assert scope.contains(agency("00010005", UBND))
    assert scope.contains(agency("00030001", FRONT))
    assert not scope.contains(agency("00030001", UBND))
    assert not NOTHING.contains(agency("0001", UBND))


def test_within_checks_kind_by_kind_and_never_says_yes_too_easily():
    two_lines = AgencyScope.of([part("", FRONT), part("", UBND)])
    assert scope_within(AgencyScope.of([part("0003", FRONT, UBND)]), two_lines)
    assert not scope_within(AgencyScope.of([part("0003")]), two_lines)  # every kind: no
    assert not scope_within(AgencyScope.of([part("0003", UNIONS)]), two_lines)
    assert scope_within(AgencyScope.of([part("00010002")]), AgencyScope.of([part("0001")]))
    assert not scope_within(AgencyScope.of([part("0001")]), AgencyScope.of([part("00010002")]))
    assert scope_within(NOTHING, two_lines) and scope_within(two_lines, EVERYTHING)
    assert not scope_within(EVERYTHING, two_lines)


def test_the_intersection_is_part_by_part():
    commune_and_front = scope_intersection(
        AgencyScope.of([part("0001"), part("0002")]), AgencyScope.of([part("", FRONT)])
    )
    assert commune_and_front.parts == (part("0001", FRONT), part("0002", FRONT))
    assert scope_intersection(
        AgencyScope.of([part("0001", UBND)]), AgencyScope.of([part("00010002", FRONT, UBND)])
    ).parts == (part("00010002", UBND),)
    assert scope_intersection(AgencyScope.of([part("0001")]), AgencyScope.of([part("0002")])) == (
        NOTHING
    )
    assert scope_intersection(
        AgencyScope.of([part("", FRONT)]), AgencyScope.of([part("", UBND)])
    ) == (NOTHING)
    front = AgencyScope.of([part("", FRONT)])
    assert scope_intersection(EVERYTHING, front) == front == scope_intersection(front, EVERYTHING)


@pytest.mark.parametrize(
    "scope",
    [EVERYTHING, NOTHING, AgencyScope.of([part("0001"), part("0002", FRONT, UNIONS)])],
)
def test_a_job_keeps_a_scope_as_a_list_and_reads_it_back(scope):
    assert scope_from_list(scope_to_list(scope)) == scope


def test_lists_written_before_kinds_still_read():
    assert scope_from_list([{"path": ""}]) == EVERYTHING
    assert scope_from_list([{"path": "0001"}]) == AgencyScope.of([part("0001")])
    assert scope_to_list(AgencyScope.of([part("0001"), part("", FRONT)])) == [
        {"path": "", "kinds": [FRONT]},
        {"path": "0001"},
    ]


def test_the_filter_is_one_or_of_paths_and_kinds():
    scope = AgencyScope.of([part("0001"), part("", FRONT, UNIONS)])
    text = str(scope.agency_q("agency__"))
    assert "agency__path__startswith" in text and "agency__kind__in" in text and "OR" in text
    assert str(EVERYTHING.agency_q()) == "(AND: )"
