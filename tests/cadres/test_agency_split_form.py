"""Splitting an agency through the office page: the parts, then where each posting and unit goes."""

import datetime

import pytest
from django.urls import reverse

from cadres.models import Agency, AgencyEvent, AgencyEventKind, Cadre, Posting
from tests.cadres.conftest import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(make_agency, agency_a):
    return make_agency("UBND-S", "Ủy ban nhân dân xã Lớn", parent=agency_a)


@pytest.fixture
def existing(make_agency, agency_a):
    return make_agency("UBND-E", "Ủy ban nhân dân xã Bên", parent=agency_a)


def _url(agency):
    return reverse("cadres:agency_split", args=[agency.pk])


def _basis(**extra):
    return {
        "parts": "2",
        "effective_date": "2026-01-01",
        "basis_number": "1234/NQ-UBTVQH15",
        "basis_date": "2025-12-01",
        "basis_issuer": "UBTVQH",
        **extra,
    }


def test_a_full_split_through_the_form(
    client, officer_a, source, existing, make_agency, make_cadre, old_posting
):
    a = make_cadre("CB-1", "Lê Văn An", source, position="Chủ tịch")
    b = make_cadre("CB-2", "Lê Văn Ba", source)
    past = old_posting("CB-3", "Võ Thị Cúc", source, existing)
    unit = make_agency("TDV-S", "Tổ dân vận ấp Lớn", parent=source, kind="to-dan-van")
    open_a, open_b = a.postings.get().pk, b.postings.get().pk
    client.force_login(officer_a)

    page = client.get(_url(source), {"parts": 2})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lê Văn An" in html and "Chủ tịch" in html and "Tổ dân vận ấp Lớn" in html
    assert "Võ Thị Cúc" not in html  # only current postings are placed

    response = client.post(
        _url(source),
        _basis(
            part0_code="UBND-N",
            part0_name="Ủy ban nhân dân xã Mới",
            part0_kind=source.kind.pk,
            part1_existing=existing.pk,
            **{f"posting_{open_a}": "0", f"posting_{open_b}": "1", f"unit_{unit.pk}": "1"},
        ),
    )

    assert response.status_code == 302
    assert response.url == reverse("cadres:agency_detail", args=[source.pk])
    new = Agency.objects.get(code="UBND-N")
    assert new.get_parent() == source.get_parent() and new.name == "Ủy ban nhân dân xã Mới"
    source.refresh_from_db()
    assert source.valid_to == datetime.date(2025, 12, 31)
    assert Cadre.objects.get(pk=a.pk).agency == new
    assert Cadre.objects.get(pk=b.pk).agency == existing
    # History is kept: the old postings still name the old agency, and are closed.
    for pk in (open_a, open_b):
        old = Posting.objects.get(pk=pk)
        assert old.agency == source and old.end_date == datetime.date(2025, 12, 31)
    assert past.postings.get(end_date=datetime.date(2025, 6, 30)).agency == source
    assert a.postings.get(end_date__isnull=True).agency == new
    assert b.postings.get(end_date__isnull=True).agency == existing
    assert Agency.objects.get(pk=unit.pk).get_parent() == existing
    event = AgencyEvent.objects.get()
    assert event.kind == AgencyEventKind.SPLIT and event.basis_number == "1234/NQ-UBTVQH15"
    assert {x.code for x in event.agencies_in("target")} == {"UBND-N", "UBND-E"}

    detail = client.get(response.url).content.decode()
    assert "Ủy ban nhân dân xã Mới" in detail and "Ủy ban nhân dân xã Bên" in detail
    assert "1234/NQ-UBTVQH15" in detail


def test_an_unplaced_posting_shows_the_services_message_and_writes_nothing(
    client, coordinator, source, existing, make_agency, make_cadre
):
    other = make_agency("UBND-F", "Ủy ban nhân dân xã Khác", parent=source.get_parent())
    make_cadre("CB-1", "Lê Văn An", source)
    client.force_login(coordinator)
    before = snapshot()
    response = client.post(
        _url(source), _basis(part0_existing=existing.pk, part1_existing=other.pk)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hãy chọn nơi chuyển đến cho từng cán bộ đang công tác tại đơn vị." in html
    assert 'value="1234/NQ-UBTVQH15"' in html  # the user's input is kept
    assert snapshot() == before


def test_the_page_has_as_many_parts_as_asked(client, coordinator, source):
    client.force_login(coordinator)
    html = client.get(_url(source), {"parts": 4}).content.decode()
    assert 'name="part3_code"' in html and 'name="part4_code"' not in html
    html = client.get(_url(source), {"parts": 99}).content.decode()
    assert 'name="part4_code"' in html and 'name="part5_code"' not in html


def test_an_officer_of_another_agency_gets_404(client, officer_b, source, existing):
    client.force_login(officer_b)
    before = snapshot()
    assert client.get(_url(source)).status_code == 404
    response = client.post(_url(source), _basis(part0_existing=existing.pk))
    assert response.status_code == 404
    assert snapshot() == before


def test_anonymous_users_go_to_the_login_page(client, source):
    for response in (client.get(_url(source)), client.post(_url(source), _basis())):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_a_successor_outside_the_scope_is_refused(
    client, officer_a, source, existing, agency_b_unit, make_cadre
):
    cadre = make_cadre("CB-1", "Lê Văn An", source)
    client.force_login(officer_a)
    before = snapshot()
    response = client.post(
        _url(source),
        _basis(
            part0_existing=existing.pk,
            part1_existing=agency_b_unit.pk,
            **{f"posting_{cadre.postings.get().pk}": "1"},
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["part1_existing"]
    assert agency_b_unit not in form.fields["part1_existing"].queryset  # not even offered
    assert snapshot() == before


def test_the_agency_page_links_to_the_split(client, officer_a, source):
    client.force_login(officer_a)
    html = client.get(reverse("cadres:agency_detail", args=[source.pk])).content.decode()
    assert _url(source) in html
