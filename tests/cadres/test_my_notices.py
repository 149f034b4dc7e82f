"""Each person sees the notices sent to their own account, and only those."""

import pytest
from django.urls import reverse

from cadres.queue import email_queue

pytestmark = pytest.mark.django_db


def test_a_person_sees_their_notices_and_nobody_elses(client, officer_a, officer_b):
    email_queue(
        kind="planning",
        recipient=officer_a.email,
        subject="Kế hoạch chờ duyệt",
        body="Mời đồng chí xem.",
        user=officer_a,
    )
    email_queue(
        kind="planning",
        recipient=officer_b.email,
        subject="Thư của người khác",
        body="Không phải của A.",
        user=officer_b,
    )
    url = reverse("cadres:my_notices")
    assert client.get(url).status_code == 302  # anonymous: log in
    client.force_login(officer_a)
    html = client.get(url).content.decode()
    assert "Kế hoạch chờ duyệt" in html and "Mời đồng chí xem." in html
    assert "Thư của người khác" not in html
