"""The office home says what is waiting for its user, with a count and a link per kind of work."""

import pytest
from django.urls import reverse

from training import services

pytestmark = pytest.mark.django_db


def test_the_office_home_counts_what_waits_in_the_officers_scope(
    client, officer_a, officer_b, cadre_in_a, offering
):
    services.enrolment_request(cadre=cadre_in_a, offering=offering)
    client.force_login(officer_a)
    html = client.get(reverse("cadres:office_home")).content.decode()
    assert "Việc cần xử lý" in html
    assert "1</strong> đề nghị đăng ký học chờ duyệt" in html
    assert reverse("training:approval_queue") in html
    client.force_login(officer_b)  # the request is not in agency B
    html = client.get(reverse("cadres:office_home")).content.decode()
    assert "đề nghị đăng ký học chờ duyệt" not in html
