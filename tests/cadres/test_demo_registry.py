"""The registry's demo data: a realistic province, and a second run changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model

from cadres.demo import CADRE_COUNT, MERGER_CADRES_PER_BODY, seed_registry
from cadres.models import Agency, Cadre, Posting

pytestmark = pytest.mark.django_db


def test_seed_registry_builds_the_province_and_is_idempotent(make_user, personnel_officer):
    make_user("CB000001")
    seed_registry(io.StringIO())
    counts = (Agency.objects.count(), Cadre.objects.count(), Posting.objects.count())
    # The replayed merger adds cadres posted in three old communes' three bodies.
    assert counts[1] == CADRE_COUNT + 9 * MERGER_CADRES_PER_BODY and counts[2] > counts[1]
    first = Cadre.objects.get(personnel_code="CB000001")
    assert first.full_name == "Nguyễn Thị Ánh" and first.user.username == "CB000001"
    personnel_officer.refresh_from_db()
    assert personnel_officer.agency.code == "DU-RACHGIA"
    assert Cadre.objects.filter(user__isnull=False).count() > 10
    assert Posting.objects.filter(end_date__isnull=False).exists()
    seed_registry(io.StringIO())
    assert (Agency.objects.count(), Cadre.objects.count(), Posting.objects.count()) == counts
    assert get_user_model().objects.filter(username__startswith="CB").count() == 61
