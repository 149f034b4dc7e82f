"""The demo's "Dân vận khéo" year: registrations in several communes, decisions, a replication
in another commune, and the provincial model published through the review workflow."""

import io

import pytest
from wagtail.models import PageLogEntry

from cadres.demo import _agency_specs, _party_building_specs, seed_agencies
from cadres.models import Agency
from cadres.roles import Role
from curriculum.emulation.demo import seed_emulation
from curriculum.emulation.models import Registration, RegistrationStatus, Replication
from tests.curriculum import factories

pytestmark = pytest.mark.django_db


def test_the_demo_year_runs_through_the_services_and_publishes_one_case_study(
    make_user, editor, moderator
):
    out = io.StringIO()
    seed_agencies(out, _agency_specs())
    seed_agencies(out, _party_building_specs())
    make_user("thamdinh", role=Role.ASSESSOR, agency=Agency.objects.get(code="TU-AG-BTGDV"))
    make_user("thamdinhxa", role=Role.ASSESSOR, agency=Agency.objects.get(code="BXDD-RACHGIA"))
    index = factories.case_index()

    seed_emulation(out)
    registrations = Registration.objects.all()
    communes = {r.lead_agency.code.split("-")[-1] for r in registrations}
    assert len(communes) >= 5
    statuses = {r.status for r in registrations}
    assert statuses >= {
        RegistrationStatus.RECOGNISED,
        RegistrationStatus.NOT_RECOGNISED,
        RegistrationStatus.ASSESSING,
        RegistrationStatus.REGISTERED,
    }
    provincial = registrations.get(recognition_level="province")
    page = provincial.case_study.specific
    assert page.live and page.get_parent().pk == index.pk
    # Submitted by the editor and published by the moderator, not written live.
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.start", user=editor)
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=moderator)
    assert Replication.objects.filter(agency__code="MTTQ-HONDAT").exists()

    before = (Registration.objects.count(), Replication.objects.count())
    seed_emulation(out)
    assert (Registration.objects.count(), Replication.objects.count()) == before
