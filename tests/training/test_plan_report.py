"""The plan report: each item of the submitted and approved plans against what was done, and
per agency; drafts and other years do not count; an outsider's scope holds nothing."""

import pytest

from cadres.access import agency_scope_for
from training import reports, services
from training.models import TrainingPlanItem
from training.periods import calendar_year

pytestmark = pytest.mark.django_db


def test_plan_against_actual_per_item_and_per_agency(
    officer_a,
    officer_b,
    coordinator,
    agency_a,
    agency_b,
    make_offering,
    cadre_in_a,
    complete,
    today,
):
    year = today.year
    plan = services.training_plan_create(actor=officer_a, agency=agency_a, year=year)
    done = services.training_plan_item_add(
        actor=officer_a,
        plan=plan,
        item=TrainingPlanItem(content_kind="digital", headcount=4, quarter=1, estimated_cost=9000),
    )
    services.training_plan_item_add(
        actor=officer_a,
        plan=plan,
        item=TrainingPlanItem(content_kind="political_theory", headcount=6, quarter=3),
    )
    services.training_plan_submit(actor=officer_a, plan=plan)
    services.training_plan_approve(actor=coordinator, plan=plan)
    offering = make_offering("LOP-BC", approval_required=False)
    services.offering_plan_item_set(actor=coordinator, offering=offering, item=done)
    enrolment = complete(cadre_in_a, offering)
    # A draft of another agency does not count.
    draft = services.training_plan_create(actor=officer_b, agency=agency_b, year=year)
    services.training_plan_item_add(
        actor=officer_b,
        plan=draft,
        item=TrainingPlanItem(content_kind="digital", headcount=9, quarter=1),
    )
    report = reports.run("plan", reports.ReportFilter(period=calendar_year(year)))
    items = report.frames.get("By plan item", report.main)
    assert len(items) == 2
    first = items.iloc[0]
    assert (first["quarter"], first["headcount"], first["estimated_cost"]) == (1, 4, 9000)
    assert (first["classes"], first["enrolled"], first["completed"]) == (1, 1, 1)
    assert first["hours"] == enrolment.hours_credited
    per_agency = list(report.frames.values())[1]
    assert list(per_agency["agency"]) == [agency_a.name]
    assert (int(per_agency["headcount"][0]), int(per_agency["share_done"][0])) == (10, 10)
    # Another year, or the scope of another agency's officer, holds nothing.
    assert report.filter.period.start.year == year
    other = reports.run("plan", reports.ReportFilter(period=calendar_year(year + 1)))
    assert len(other.main) == 0
    outsider = reports.run(
        "plan",
        reports.ReportFilter(period=calendar_year(year), scope=agency_scope_for(officer_b)),
    )
    assert len(outsider.main) == 0


def test_the_plan_report_page_renders(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/office/reports/plan/").status_code == 200
