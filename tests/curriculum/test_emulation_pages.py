"""The "Dân vận khéo" pages: an officer registers with evidence, the body's assessor assesses
and decides, another commune records a replication; evidence stays private; outsiders get 404
on every page and anonymous visitors log in first."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadres.roles import Role
from curriculum.choices import RecognitionLevel
from curriculum.emulation.models import EmulationCriterion, Registration, RegistrationStatus
from tests.curriculum.test_emulation import _assess, _register

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
PDF = b"%PDF-1.4 bien ban nghiem thu"


@pytest.fixture
def registered(client, officer_a, agency_a_unit, cadre_in_a, bodies):
    client.force_login(officer_a)
    response = client.post(
        reverse("curriculum:emulation_register"),
        {
            "year": TODAY.year,
            "case_kind": "model",
            "field": "culture_society",
            "title": "  Tổ hòa giải ở cơ sở  ",
            "lead_agency": agency_a_unit.pk,
            "participant_codes": cadre_in_a.personnel_code,
            "goals": "Hòa giải mâu thuẫn trong khu phố.\nKhông để khiếu kiện vượt cấp.",
            "description": "Họp dân hằng tháng.",
            "start_date": f"01/02/{TODAY.year}",
            "evidence": [SimpleUploadedFile("biên bản.pdf", PDF)],
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    client.logout()
    return Registration.objects.get()


def test_an_officer_registers_a_model_with_evidence(client, registered, officer_a, bodies):
    assert registered.title == "Tổ hòa giải ở cơ sở"
    assert registered.assessing_body == bodies["a"]
    assert registered.goals.splitlines() == [
        "Hòa giải mâu thuẫn trong khu phố.",
        "Không để khiếu kiện vượt cấp.",
    ]
    evidence = registered.evidence_files.get()
    client.force_login(officer_a)
    page = client.get(reverse("curriculum:emulation_detail", args=[registered.pk])).content
    html = page.decode()
    assert "Tổ hòa giải ở cơ sở" in html and "biên bản.pdf" in html
    url = reverse("curriculum:emulation_evidence", args=[registered.pk, evidence.pk])
    assert not url.startswith("/media/")
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_evidence_is_refused_to_outsiders(
    client, registered, officer_b, assessor_b, assessor_a, cadre_user, editor
):
    evidence = registered.evidence_files.get()
    url = reverse("curriculum:emulation_evidence", args=[registered.pk, evidence.pk])
    for outsider in (officer_b, assessor_b, cadre_user, editor):
        client.force_login(outsider)
        assert client.get(url).status_code == 404, outsider
    # Nothing under /media/ either, whoever asks.
    assert client.get(f"/media/{evidence.file.name}").status_code == 404
    client.force_login(assessor_a)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url)["Location"].startswith("/accounts/login/")


def _pages(registration):
    evidence = registration.evidence_files.get()
    return [
        reverse("curriculum:emulation_detail", args=[registration.pk]),
        reverse("curriculum:emulation_evidence", args=[registration.pk, evidence.pk]),
        reverse("curriculum:emulation_evidence_add", args=[registration.pk]),
        reverse("curriculum:emulation_assess", args=[registration.pk]),
        reverse("curriculum:emulation_decide", args=[registration.pk]),
    ]


def test_outsiders_get_404_on_every_page_of_a_registration(
    client,
    registered,
    officer_b,
    assessor_b,
    make_user,
    bodies,
):
    province_assessor = make_user("thamdinh", role=Role.ASSESSOR, agency=bodies["province"])
    for outsider in (officer_b, assessor_b, province_assessor):
        client.force_login(outsider)
        for url in _pages(registered):
            assert client.get(url).status_code == 404, (outsider, url)
            assert client.post(url).status_code == 404, (outsider, url)
    # Their lists and queues do not show it either.
    client.force_login(officer_b)
    assert "Tổ hòa giải" not in client.get(reverse("curriculum:emulation_list")).content.decode()
    client.force_login(assessor_b)
    assert "Tổ hòa giải" not in client.get(reverse("curriculum:emulation_queue")).content.decode()


def test_anonymous_visitors_log_in_first(client, registered):
    urls = _pages(registered) + [
        reverse(name)
        for name in (
            "curriculum:emulation_list",
            "curriculum:emulation_register",
            "curriculum:emulation_queue",
            "curriculum:emulation_replicate",
        )
    ]
    for url in urls:
        assert client.get(url)["Location"].startswith("/accounts/login/"), url


def test_the_assessor_assesses_and_recognises_through_the_pages(client, registered, assessor_a):
    client.force_login(assessor_a)
    queue = client.get(reverse("curriculum:emulation_queue")).content.decode()
    assert "Tổ hòa giải ở cơ sở" in queue
    data = {f"score_{c.pk}": c.max_score for c in EmulationCriterion.objects.filter(active=True)}
    data["comment"] = "Cách làm thiết thực."
    response = client.post(reverse("curriculum:emulation_assess", args=[registered.pk]), data)
    assert response.status_code == 302
    response = client.post(
        reverse("curriculum:emulation_decide", args=[registered.pk]),
        {
            "recognised": "1",
            "level": RecognitionLevel.COMMUNE,
            "number": "25-QĐ/ĐU",
            "decided_on": TODAY.strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    registered.refresh_from_db()
    assert registered.status == RegistrationStatus.RECOGNISED
    html = client.get(reverse("curriculum:emulation_detail", args=[registered.pk])).content
    assert "25-QĐ/ĐU" in html.decode()
    # A closed record offers no more assessing.
    assert reverse("curriculum:emulation_assess", args=[registered.pk]) not in html.decode()


def test_a_province_level_is_refused_to_a_commune_body(client, registered, assessor_a):
    _assess(assessor_a, registered)
    client.force_login(assessor_a)
    response = client.post(
        reverse("curriculum:emulation_decide", args=[registered.pk]),
        {"recognised": "1", "level": RecognitionLevel.PROVINCE, "number": "1", "decided_on": ""},
    )
    assert response.status_code == 200
    registered.refresh_from_db()
    assert registered.status == RegistrationStatus.ASSESSING


def test_another_commune_records_a_replication_on_its_page(
    client, registered, assessor_a, officer_b, agency_b_unit
):
    from curriculum.emulation import services

    _assess(assessor_a, registered)
    services.recognition_decide(
        actor=assessor_a,
        registration=registered,
        recognised=True,
        level=RecognitionLevel.COMMUNE,
        number="25-QĐ/ĐU",
        decided_on=TODAY,
    )
    client.force_login(officer_b)
    response = client.post(
        reverse("curriculum:emulation_replicate"),
        {
            "source": registered.pk,
            "agency": agency_b_unit.pk,
            "started_on": TODAY.strftime("%d/%m/%Y"),
            "note": "Áp dụng ở ấp 2.",
        },
    )
    assert response.status_code == 302
    assert registered.replications.get().agency == agency_b_unit


def test_the_list_keeps_its_query_count_as_registrations_grow(
    client,
    officer_a,
    agency_a_unit,
    bodies,
    django_assert_max_num_queries,
):
    client.force_login(officer_a)
    url = reverse("curriculum:emulation_list")
    for n in range(3):
        _register(officer_a, agency_a_unit, title=f"Mô hình {n}")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(3, 23):
        _register(officer_a, agency_a_unit, title=f"Mô hình {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Mô hình ") >= 23


def test_the_cadres_record_lists_the_models_they_took_part_in(
    client, registered, officer_a, cadre_in_a, cadre_in_b, officer_b
):
    client.force_login(officer_a)
    html = client.get(reverse("training:cadre_record", args=[cadre_in_a.pk])).content.decode()
    assert "Tổ hòa giải ở cơ sở" in html
    client.force_login(officer_b)
    html = client.get(reverse("training:cadre_record", args=[cadre_in_b.pk])).content.decode()
    assert "Tổ hòa giải ở cơ sở" not in html
