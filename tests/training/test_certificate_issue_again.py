"""A certificate revoked for cause is not issued again by "issue to these": the class page lists
revoked learners apart, and issuing again is a decision per person, with its reason."""

import pytest
from django.urls import reverse

from training import services
from training.models import Certificate, OfferingMode
from training.services import TrainingError

pytestmark = pytest.mark.django_db

REASON = "Học viên không tham dự đủ số buổi theo quy định."


@pytest.fixture
def revoked_class(
    issuing_body, make_offering, lessons, make_cadre, agency_a_unit, completed_in_person
):
    """An in-person class of two, both completed; a certificate is issued by the coordinator."""
    offering = make_offering("LOP-TH", mode=OfferingMode.IN_PERSON, approval_required=False)
    absent = completed_in_person(make_cadre("CB-V-1", "Trương Hữu Hải", agency_a_unit), offering)
    present = completed_in_person(make_cadre("CB-V-2", "Lê Thị Mai", agency_a_unit), offering)
    return offering, absent, present


def _issue_all(offering, coordinator):
    return services.certificates_issue_for_offering(actor=coordinator, offering=offering)


def test_issuing_for_the_class_leaves_revoked_learners_out(
    revoked_class, coordinator, make_cadre, agency_a_unit, completed_in_person
):
    offering, absent, present = revoked_class
    _issue_all(offering, coordinator)
    services.certificate_revoke(
        actor=coordinator, certificate=absent.certificates.get(), reason=REASON
    )
    late = completed_in_person(make_cadre("CB-V-3", "Võ Văn Tài", agency_a_unit), offering)
    issued = _issue_all(offering, coordinator)
    assert [c.enrolment for c in issued] == [late]
    assert not absent.certificates.filter(revoked_at__isnull=True).exists()
    with pytest.raises(TrainingError):
        _issue_all(offering, coordinator)  # nothing left but the revoked learner


def test_issuing_again_needs_a_reason_and_records_what_it_follows(revoked_class, coordinator):
    offering, absent, _present = revoked_class
    _issue_all(offering, coordinator)
    old = absent.certificates.get()
    services.certificate_revoke(actor=coordinator, certificate=old, reason=REASON)
    with pytest.raises(TrainingError) as refused:
        services.certificate_issue_again(actor=coordinator, enrolment=absent, reason="  ")
    assert refused.value.messages == ["Hãy nêu lý do cấp lại chứng chỉ, giấy chứng nhận."]
    assert absent.certificates.count() == 1
    new = services.certificate_issue_again(
        actor=coordinator, enrolment=absent, reason="Đã học bù đủ buổi (Quyết định 15-QĐ/BTGDV)."
    )
    assert new.replaces == old and new.reissue_reason.startswith("Đã học bù")
    assert new.number != old.number and new.is_valid


def test_issuing_again_is_only_for_revoked_learners(revoked_class, coordinator, officer_a):
    offering, absent, present = revoked_class
    with pytest.raises(TrainingError) as refused:
        services.certificate_issue_again(actor=coordinator, enrolment=present, reason="Lý do")
    assert "không có chứng chỉ, giấy chứng nhận bị thu hồi" in refused.value.messages[0]
    with pytest.raises(TrainingError):
        services.certificate_issue_again(actor=officer_a, enrolment=absent, reason="Lý do")
    assert not Certificate.objects.exists()


def test_the_class_page_shows_the_choice_and_issues_again_on_request(
    client, revoked_class, coordinator
):
    offering, absent, _present = revoked_class
    _issue_all(offering, coordinator)
    old = absent.certificates.get()
    services.certificate_revoke(actor=coordinator, certificate=old, reason=REASON)
    client.force_login(coordinator)
    url = reverse("training:offering_certificates", args=[offering.pk])
    page = client.get(url).content.decode()
    assert "Đã bị thu hồi: không tự động cấp lại" in page and REASON in page
    assert "Trương Hữu Hải" in page and old.number in page
    # "Issue to these" has nobody to issue to and says so; the revoked learner stays revoked.
    response = client.post(url, {"action": "issue"}, follow=True)
    assert "chỉ được cấp lại từng người" in response.content.decode()
    assert Certificate.objects.filter(revoked_at__isnull=True, enrolment=absent).count() == 0
    # Without a reason: refused, said, nothing issued.
    response = client.post(url, {"action": "issue_again", "enrolment": absent.pk, "reason": ""})
    assert "Hãy nêu lý do cấp lại" in response.content.decode()
    assert absent.certificates.count() == 1
    response = client.post(
        url, {"action": "issue_again", "enrolment": absent.pk, "reason": "Đã học bù đủ buổi."}
    )
    assert response.status_code == 302
    new = absent.certificates.get(revoked_at__isnull=True)
    assert new.replaces == old
    page = client.get(url).content.decode()
    assert "Đã học bù đủ buổi." in page and "không tự động cấp lại" not in page


def test_issuing_again_for_another_class_s_enrolment_is_a_404(
    client, revoked_class, coordinator, make_offering, cadre_in_b, complete
):
    offering, _absent, _present = revoked_class
    other = complete(cadre_in_b, make_offering("LOP-KHAC", approval_required=False))
    client.force_login(coordinator)
    url = reverse("training:offering_certificates", args=[offering.pk])
    response = client.post(url, {"action": "issue_again", "enrolment": other.pk, "reason": "x"})
    assert response.status_code == 404
