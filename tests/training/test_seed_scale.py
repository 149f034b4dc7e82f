"""seed_scale, small: the synthetic province has yearly training plans, and the classes that
carry out their items follow the rule of the class page (an approved item of the class's year
and course), so the plan report has something to compare."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from training import reports
from training.models import Offering, TrainingPlan, TrainingPlanItem, TrainingPlanStatus
from training.periods import Period

pytestmark = pytest.mark.django_db


def test_seed_scale_makes_plans_and_links_classes_to_approved_items():
    call_command("seed_scale", cadres=1000, enrolments=15000, communes=20, stdout=io.StringIO())

    years = set(TrainingPlan.objects.values_list("year", flat=True))
    assert years == {2024, 2025, 2026}
    statuses = set(TrainingPlan.objects.values_list("status", flat=True))
    assert {TrainingPlanStatus.APPROVED, TrainingPlanStatus.SUBMITTED} <= statuses
    assert not TrainingPlan.objects.filter(items__isnull=True).exists()
    assert TrainingPlanItem.objects.count() >= 2 * TrainingPlan.objects.count()

    linked = Offering.objects.filter(plan_item__isnull=False).select_related("plan_item__plan")
    assert linked.exists()
    for offering in linked:
        item = offering.plan_item
        assert item.plan.status == TrainingPlanStatus.APPROVED
        assert (item.plan.year, item.course_id) == (offering.start_date.year, offering.course_id)

    report = reports.run(
        "plan", reports.ReportFilter(period=Period(date(2025, 1, 1), date(2025, 12, 31)))
    )
    items = report.main
    assert len(items) and set(items["plan_year"]) == {2025}
    assert items["classes"].sum() == linked.filter(plan_item__plan__year=2025).count()
    assert items["completed"].sum() > 0

    with pytest.raises(CommandError):
        call_command("seed_scale", cadres=10, enrolments=10, communes=3, stdout=io.StringIO())
