"""Issuing: automatic on online completion, by coordinators for a class, numbers and renewal."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from curriculum.models import CoursePage
from training import services
from training.models import (
    Certificate,
    DocumentFormat,
    IssuingBody,
    OfferingMode,
    RegisterCounter,
)
from training.models import EnrolmentStatus as S
from training.services import TrainingError

pytestmark = pytest.mark.django_db


def test_completing_an_online_class_issues_one_certificate(certificate, cadre_in_a, course):
    assert certificate.enrolment.status == S.COMPLETED
    assert certificate.holder_name == "Nguyễn Thị Ánh"
    assert certificate.kind == course.credential_kind == "attestation"
    assert certificate.number == f"0001/{timezone.localdate().year}/GCN-BTGDV"
    assert certificate.hours == 16
    assert certificate.expires_on is None  # the course has no validity
    assert certificate.state == "valid" and not certificate.is_expired
    assert len(certificate.verification_code) >= 16
    assert Certificate.objects.count() == 1


def test_kind_and_expiry_follow_the_course(
    issuing_body, course, make_offering, lessons, cadre_in_a, complete
):
    CoursePage.objects.filter(pk=course.pk).update(
        credential_kind="certificate", validity_months=24
    )
    enrolment = complete(cadre_in_a, make_offering(approval_required=False))
    cert = enrolment.certificates.get()
    today = timezone.localdate()
    assert cert.kind == "certificate"
    assert cert.number == f"0001/{today.year}/CC-BTGDV"
    assert cert.expires_on == today + relativedelta(months=24)


def test_classes_held_in_person_do_not_complete_by_reading_the_lessons(
    issuing_body, make_offering, lessons, cadre_in_a, complete
):
    for mode in (OfferingMode.IN_PERSON, OfferingMode.BLENDED):
        enrolment = complete(
            cadre_in_a, make_offering(f"LOP-{mode}", mode=mode, approval_required=False)
        )
        assert enrolment.status == S.IN_PROGRESS  # their completion decision completes them
        assert not enrolment.certificates.exists()


def test_without_an_issuing_body_completion_still_counts(
    make_offering, lessons, cadre_in_a, complete
):
    enrolment = complete(cadre_in_a, make_offering(approval_required=False))
    assert enrolment.status == S.COMPLETED
    assert not Certificate.objects.exists()


def test_coordinator_issues_a_class_in_one_go_and_not_twice(
    make_issuing_body, make_offering, lessons, make_cadre, agency_a_unit, complete, coordinator
):
    offering = make_offering(approval_required=False, capacity=30)
    cadres = [make_cadre(f"CB-X-{i:02d}", f"Lê Thị Hồng {i}", agency_a_unit) for i in range(5)]
    for cadre in cadres:
        complete(cadre, offering)  # no issuing body yet: completed, not issued
    make_issuing_body()
    issued = services.certificates_issue_for_offering(actor=coordinator, offering=offering)
    year = timezone.localdate().year
    assert sorted(c.serial for c in issued) == [1, 2, 3, 4, 5]
    assert {c.number for c in issued} == {f"{n:04d}/{year}/GCN-BTGDV" for n in range(1, 6)}
    with pytest.raises(TrainingError) as error:
        services.certificates_issue_for_offering(actor=coordinator, offering=offering)
    assert error.value.messages == [
        "Mọi người đã hoàn thành lớp này đều đã được cấp chứng chỉ, giấy chứng nhận; người bị "
        "thu hồi chỉ được cấp lại từng người, có nêu lý do."
    ]
    assert Certificate.objects.count() == 5


def test_only_coordinators_issue_by_hand(
    make_issuing_body, make_offering, lessons, cadre_in_a, complete, officer_a
):
    offering = make_offering(approval_required=False)
    enrolment = complete(cadre_in_a, offering)
    make_issuing_body()
    with pytest.raises(TrainingError):
        services.certificates_issue_for_offering(actor=officer_a, offering=offering)
    with pytest.raises(TrainingError):
        services.certificate_issue(enrolment=enrolment, actor=officer_a)
    assert not Certificate.objects.exists()


def test_an_unfinished_enrolment_gets_no_certificate(
    issuing_body, make_offering, lessons, cadre_in_a, coordinator
):
    enrolment = services.enrolment_request(
        cadre=cadre_in_a, offering=make_offering(approval_required=False)
    )
    with pytest.raises(TrainingError) as error:
        services.certificate_issue(enrolment=enrolment, actor=coordinator)
    assert "chưa hoàn thành" in error.value.messages[0]
    assert not Certificate.objects.exists()
    assert not RegisterCounter.objects.exists()


def test_numbers_restart_each_year_and_are_per_body(
    issuing_body, make_offering, lessons, make_cadre, agency_a_unit, complete, monkeypatch, province
):
    first = complete(
        make_cadre("CB-Y-1", "Phạm Văn An", agency_a_unit),
        make_offering("L1", approval_required=False),
    )
    other_body = IssuingBody.objects.create(
        code="truong-ct",
        name="Trường Chính trị tỉnh",
        heading_name="Trường Chính trị tỉnh",
        place_name="Rạch Giá",
        number_format="{suffix}-{year}-{seq:05d}",
        attestation_suffix="GCN-TCT",
        signer_name="Lê Văn Bình",
        signer_title="HIỆU TRƯỞNG",
        document_format=DocumentFormat.objects.get(code="nha-nuoc"),
        agency=agency_a_unit,
    )
    # A class organised under agency A goes to the nearer body.
    second = complete(
        make_cadre("CB-Y-2", "Phạm Văn Bảo", agency_a_unit),
        make_offering("L2", approval_required=False, organiser=agency_a_unit),
    )
    year = timezone.localdate().year
    assert first.certificates.get().number == f"0001/{year}/GCN-BTGDV"
    assert second.certificates.get().body == other_body
    assert second.certificates.get().number == f"GCN-TCT-{year}-00001"
    next_year = datetime.date(year + 1, 1, 2)
    monkeypatch.setattr(services.timezone, "localdate", lambda: next_year)
    third = complete(
        make_cadre("CB-Y-3", "Phạm Văn Cường", agency_a_unit),
        make_offering(
            "L3",
            approval_required=False,
            start_date=next_year,
            end_date=next_year + datetime.timedelta(days=5),
            enrol_opens=next_year,
            enrol_closes=next_year,
        ),
    )
    assert third.certificates.get().number == f"0001/{year + 1}/GCN-BTGDV"


def test_enrolling_again_and_completing_renews_and_keeps_the_old_one(
    certificate, make_offering, cadre_in_a, complete
):
    again = complete(cadre_in_a, make_offering("LOP-CC-2", approval_required=False))
    new = again.certificates.get()
    assert new.pk != certificate.pk and new.serial == certificate.serial + 1
    certificate.refresh_from_db()
    assert certificate.state == "valid"  # history kept; the newer one renews it
    assert Certificate.objects.filter(enrolment__cadre=cadre_in_a).count() == 2


def test_a_bad_number_format_is_refused_in_vietnamese(issuing_body):
    from django.core.exceptions import ValidationError

    issuing_body.number_format = "{so}/{year}"
    with pytest.raises(ValidationError) as error:
        issuing_body.full_clean()
    assert "phải có {seq}" in str(error.value)
