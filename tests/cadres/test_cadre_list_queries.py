"""The cadre list costs the same number of queries with 10 or 60 cadres on the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadres.list_cache import bump_registry_version

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_cadre_list_queries_do_not_grow_with_the_rows(
    client, officer_a, make_cadre, agency_a_unit, make_user
):
    from cadres.models import CadreCategory

    category = CadreCategory.objects.first()
    client.force_login(officer_a)
    url = reverse("cadres:cadre_list")

    def add(start, count):
        for i in range(start, start + count):
            cadre = make_cadre(f"CB{i:04d}", f"Nguyễn Văn Số{i}", agency_a_unit, category=category)
            if i % 3 == 0:
                cadre.user = make_user(f"CB{i:04d}")
                cadre.save()

    add(0, 10)
    client.get(url)  # warm up caches that are not per page (content types, sessions)
    bump_registry_version()  # the list's body is rendered again on the next view
    small = count_queries(client, url)
    add(10, 50)  # a change of the registry: rendered again too
    client.get(url)  # linking accounts retired the roles kept in the cache
    bump_registry_version()
    large = count_queries(client, url)
    assert small == large
    assert small <= 12
    # The same list again: its body comes from the cache, without the list's queries.
    assert count_queries(client, url) < small


def test_agency_tree_and_detail_queries_do_not_grow(
    client, coordinator, make_agency, province, make_cadre
):
    client.force_login(coordinator)
    url = reverse("cadres:agency_tree")
    client.get(url)
    small = count_queries(client, url)
    for i in range(20):
        agency = make_agency(f"X{i}", f"Đơn vị {i}", parent=province)
        make_cadre(f"CBX{i}", f"Lê Văn {i}", agency)
    assert count_queries(client, url) == small
    detail = reverse("cadres:agency_detail", args=[province.pk])
    assert count_queries(client, detail) <= 12
