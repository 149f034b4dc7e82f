"""The registry's demo data: a realistic province, and a second run changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model

from cadres.access import agency_scope_for, can_change
from cadres.demo import CADRE_COUNT, MERGER_CADRES_PER_BODY, seed_registry
from cadres.models import Agency, Cadre, OutgoingEmail, Posting
from cadres.roles import Role
from cadres.selectors import agencies_in_scope

pytestmark = pytest.mark.django_db


def test_seed_registry_builds_the_province_and_is_idempotent(personnel_officer, make_user):
    front = make_user("mattran", role=Role.PERSONNEL_OFFICER)
    home_affairs = make_user("noivu", role=Role.PERSONNEL_OFFICER)
    leader = make_user("lanhdao", role=Role.LEADER)
    seed_registry(io.StringIO())
    counts = (Agency.objects.count(), Cadre.objects.count(), Posting.objects.count())
    # The replayed merger adds cadres posted in three old communes' three bodies.
    assert counts[1] == CADRE_COUNT + 9 * MERGER_CADRES_PER_BODY and counts[2] > counts[1]
    # The demo cadre's login is opened by the account service, like every other cadre's.
    first = Cadre.objects.get(personnel_code="CB000001")
    assert first.full_name == "Nguyễn Thị Ánh" and first.user.username == "CB000001"
    assert first.user.groups.filter(name=Role.CADRE.value).exists()
    # The demo officer's scope: the commune's subtree, granted by the system.
    assert [s.agency.code for s in personnel_officer.scopes.all()] == ["DU-RACHGIA"]
    # The vertical lines: every Front committee and member organisation, nothing else; every
    # commune People's Committee and the department of home affairs; a leader sees it all.
    seen = {a.code for a in agencies_in_scope(user=front)}
    front_bodies = Agency.objects.filter(
        kind__code__in=["uy-ban-mttq", "to-chuc-chinh-tri-xa-hoi"]
    ).values_list("code", flat=True)
    assert seen == set(front_bodies) and {"MTTQ-AG", "MTTQ-RACHGIA", "MTTQ-PHUQUOC"} <= seen
    seen = {a.code for a in agencies_in_scope(user=home_affairs)}
    assert {"UBND-RACHGIA", "UBND-PHUQUOC", "UBND-AG-SNV"} <= seen
    assert not seen & {"UBND-AG", "DU-RACHGIA", "MTTQ-RACHGIA", "UBND-AG-SYT"}
    assert agency_scope_for(leader).everything and not can_change(leader)
    assert Cadre.objects.filter(user__isnull=False).count() > 10
    assert Posting.objects.filter(end_date__isnull=False).exists()
    # Accounts go to cadres without an email: no set-password emails pile up in the outbox.
    assert not OutgoingEmail.objects.exists()
    # The import's transfer: an earlier post ends the day the current one starts.
    moved = Cadre.objects.filter(
        personnel_code__lte=f"CB{CADRE_COUNT:06d}", postings__end_date__isnull=False
    ).distinct()
    assert moved.count() > 200
    for cadre in moved.filter(postings__end_date__isnull=True).prefetch_related("postings")[:50]:
        postings = sorted(cadre.postings.all(), key=lambda p: p.start_date)
        for before, after in zip(postings, postings[1:], strict=False):
            assert before.end_date == after.start_date
        assert cadre.agency_id == postings[-1].agency_id
    # The few who left hold no post any more.
    left = Cadre.objects.filter(personnel_code__lte=f"CB{CADRE_COUNT:06d}").exclude(
        postings__end_date__isnull=True
    )
    assert 0 < left.count() < 50
    # Religion has no import column: it comes through cadre_update.
    assert Cadre.objects.exclude(religion="").count() > 300
    seed_registry(io.StringIO())
    assert (Agency.objects.count(), Cadre.objects.count(), Posting.objects.count()) == counts
    assert get_user_model().objects.filter(username__startswith="CB").count() == 61
