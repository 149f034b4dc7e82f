"""Transfers and leaving, through the services and the history page; the history is kept."""

import datetime

import pytest
from django.urls import reverse

from cadres import services
from cadres.models import Posting

pytestmark = pytest.mark.django_db


def test_a_transfer_ends_the_open_posting_and_opens_the_next(officer_a, cadre_in_a, agency_a):
    new = services.cadre_transfer(
        actor=officer_a,
        cadre=cadre_in_a,
        agency=agency_a,
        position="Phó Bí thư",
        start_date=datetime.date(2026, 1, 15),
    )
    old = cadre_in_a.postings.exclude(pk=new.pk).get()
    assert old.end_date == datetime.date(2026, 1, 15) and new.end_date is None
    cadre_in_a.refresh_from_db()
    assert cadre_in_a.agency == agency_a


def test_an_officer_cannot_transfer_a_cadre_out_of_their_scope(officer_a, cadre_in_a, agency_b):
    with pytest.raises(services.RegistryError) as error:
        services.cadre_transfer(
            actor=officer_a, cadre=cadre_in_a, agency=agency_b, start_date=datetime.date(2026, 1, 1)
        )
    assert error.value.message == services.AGENCY_OUT_OF_SCOPE
    assert Posting.objects.filter(cadre=cadre_in_a).count() == 1


def test_a_transfer_cannot_start_before_the_current_post(officer_a, cadre_in_a, agency_a):
    with pytest.raises(services.RegistryError) as error:
        services.cadre_transfer(
            actor=officer_a, cadre=cadre_in_a, agency=agency_a, start_date=datetime.date(2020, 1, 1)
        )
    assert error.value.message == services.POSTING_STARTS_TOO_EARLY


def test_history_page_records_a_transfer_and_shows_every_posting(
    client, officer_a, cadre_in_a, agency_a
):
    client.force_login(officer_a)
    url = reverse("cadres:cadre_history", args=[cadre_in_a.pk])
    response = client.post(
        url,
        {"transfer": "1", "agency": agency_a.pk, "position": "Ủy viên", "start_date": "2026-02-01"},
    )
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "Ủy ban nhân dân phường A" in html and "Đảng ủy phường A" in html
    assert "01/02/2026" in html and "01/07/2025" in html
    detail = client.get(reverse("cadres:cadre_detail", args=[cadre_in_a.pk])).content.decode()
    assert "Ủy viên" in detail and "Chuyên viên" in detail


def test_history_page_shows_a_vietnamese_error_and_changes_nothing(client, officer_a, cadre_in_a):
    client.force_login(officer_a)
    url = reverse("cadres:cadre_history", args=[cadre_in_a.pk])
    response = client.post(url, {"leave": "1", "end_date": "2020-01-01"})
    assert response.status_code == 200
    assert "Công tác không thể kết thúc trước khi bắt đầu." in response.content.decode()
    assert cadre_in_a.postings.get().end_date is None


def test_history_page_records_leaving(client, officer_a, cadre_in_a):
    client.force_login(officer_a)
    url = reverse("cadres:cadre_history", args=[cadre_in_a.pk])
    assert client.post(url, {"leave": "1", "end_date": "2026-05-31"}).status_code == 302
    assert cadre_in_a.postings.get().end_date == datetime.date(2026, 5, 31)
    listing = client.get(reverse("cadres:cadre_list"), {"status": "left"})
    assert [c.pk for c in listing.context["page"].object_list] == [cadre_in_a.pk]


def test_a_transfer_names_the_new_post_s_title_and_job_position_by_code(
    client, officer_a, cadre_in_a, agency_a
):
    from cadres.models import JobPosition, LeadershipTitle

    deputy = LeadershipTitle.objects.get(code="pho-bi-thu")
    job = JobPosition.objects.get(code="chuyen-vien-dan-van")
    client.force_login(officer_a)
    url = reverse("cadres:cadre_history", args=[cadre_in_a.pk])
    data = {"transfer": "1", "agency": agency_a.pk, "position": "Phó Bí thư Đảng ủy"}
    data |= {"start_date": "2026-02-01", "title": deputy.pk, "job_position": job.pk}
    assert client.post(url, data).status_code == 302
    posting = cadre_in_a.postings.get(end_date__isnull=True)
    assert (posting.position, posting.title, posting.job_position) == (
        "Phó Bí thư Đảng ủy",
        deputy,
        job,
    )
    # The free text stays as written; the history shows the coded title beside it.
    assert "Phó Bí thư</span>" in client.get(url).content.decode()
