"""The training plan pages: an officer drafts from the suggestions and submits, a coordinator
returns and approves; outsiders get 404; queries do not grow with agencies or items."""

import pytest
from django.urls import reverse

from curriculum.choices import ContentKind
from training import services
from training.models import TrainingPlan, TrainingPlanItem, TrainingPlanStatus, TrainingRequirement

pytestmark = pytest.mark.django_db


def test_an_officer_drafts_from_the_suggestions_and_a_coordinator_returns_then_approves(
    client, officer_a, coordinator, agency_a
):
    client.force_login(officer_a)
    response = client.post(reverse("training:plan_create"), {"agency": agency_a.pk, "year": 2027})
    plan = TrainingPlan.objects.get()
    assert response.url == reverse("training:plan_suggestions", args=[plan.pk])
    assert client.get(response.url).status_code == 200
    client.post(
        reverse("training:plan_item_add", args=[plan.pk]),
        {"content_kind": "digital", "headcount": 12, "quarter": 2, "estimated_cost": 5000000},
    )
    assert plan.items.count() == 1
    client.post(reverse("training:plan_action", args=[plan.pk, "submit"]))
    plan.refresh_from_db()
    assert plan.status == TrainingPlanStatus.SUBMITTED
    # The officer may not decide their own agency's plan.
    client.post(reverse("training:plan_action", args=[plan.pk, "approve"]))
    plan.refresh_from_db()
    assert plan.status == TrainingPlanStatus.SUBMITTED
    client.force_login(coordinator)
    client.post(
        reverse("training:plan_action", args=[plan.pk, "return"]), {"reason": "Thiếu quý 3"}
    )
    plan.refresh_from_db()
    assert plan.status == TrainingPlanStatus.RETURNED and plan.return_reason == "Thiếu quý 3"
    client.force_login(officer_a)
    assert (
        "Thiếu quý 3"
        in client.get(reverse("training:plan_detail", args=[plan.pk])).content.decode()
    )
    client.post(
        reverse("training:plan_item_add", args=[plan.pk]),
        {"content_kind": "political_theory", "headcount": 3, "quarter": 3, "estimated_cost": 0},
    )
    client.post(reverse("training:plan_action", args=[plan.pk, "submit"]))
    client.force_login(coordinator)
    client.post(reverse("training:plan_action", args=[plan.pk, "approve"]))
    plan.refresh_from_db()
    assert plan.status == TrainingPlanStatus.APPROVED


def test_suggestions_count_the_cadres_lacking_a_requirement(
    client, officer_a, agency_a, cadre_in_a, make_cadre, agency_a_unit
):
    from cadres.models import CadreCategory

    category = CadreCategory.objects.create(code="cb-thu-ke-hoach", name="Nhóm thử kế hoạch")
    for cadre in (cadre_in_a, make_cadre("CB-A-9", "Đặng Văn Tư", agency_a_unit)):
        cadre.category = category
        cadre.save()
    TrainingRequirement.objects.create(
        name="Kỹ năng số cấp xã",
        content_kind=ContentKind.DIGITAL,
        periods=8,
        category=category,
        basis="Ví dụ",
    )
    plan = services.training_plan_create(actor=officer_a, agency=agency_a, year=2027)
    client.force_login(officer_a)
    page = client.get(reverse("training:plan_suggestions", args=[plan.pk])).content.decode()
    assert "Kỹ năng số cấp xã" in page and 'value="2"' in page
    requirement = TrainingRequirement.objects.get(name="Kỹ năng số cấp xã")
    client.post(
        reverse("training:plan_suggestions", args=[plan.pk]),
        {"requirement": requirement.pk, "headcount": 2, "quarter": 2},
    )
    item = plan.items.get()
    assert (item.requirement, item.category, item.headcount, item.content_kind) == (
        requirement,
        category,
        2,
        ContentKind.DIGITAL,
    )


def test_outsiders_get_404_and_anonymous_visitors_log_in(client, officer_a, officer_b, agency_a):
    plan = services.training_plan_create(actor=officer_a, agency=agency_a, year=2027)
    services.training_plan_item_add(
        actor=officer_a,
        plan=plan,
        item=TrainingPlanItem(content_kind="digital", headcount=5, quarter=2),
    )
    urls = [
        reverse("training:plan_detail", args=[plan.pk]),
        reverse("training:plan_item_add", args=[plan.pk]),
        reverse("training:plan_suggestions", args=[plan.pk]),
        reverse("training:plan_rollup", args=[agency_a.pk]),
    ]
    for url in urls + [reverse("training:plan_list")]:
        assert client.get(url).status_code == 302
    client.force_login(officer_b)
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("training:plan_action", args=[plan.pk, "submit"])).status_code == 404
    assert (
        agency_a.name
        not in client.get(reverse("training:plan_list") + "?year=2027").content.decode()
    )
    plan.refresh_from_db()
    assert plan.status == TrainingPlanStatus.DRAFT


def test_plan_pages_read_in_constant_queries_as_agencies_and_items_grow(
    client, coordinator, province, make_agency, django_assert_max_num_queries
):
    from cadres.access import SYSTEM

    def grow(start, n):
        for i in range(start, start + n):
            agency = make_agency(f"X-{i}", f"Ủy ban nhân dân xã {i}", parent=province)
            plan = services.training_plan_create(actor=SYSTEM, agency=agency, year=2027)
            for q in (1, 2):
                services.training_plan_item_add(
                    actor=SYSTEM,
                    plan=plan,
                    item=TrainingPlanItem(content_kind="digital", headcount=3, quarter=q),
                )
            services.training_plan_submit(actor=SYSTEM, plan=plan)
        return plan

    client.force_login(coordinator)
    pages = lambda plan: [  # noqa: E731
        reverse("training:plan_list") + "?year=2027",
        reverse("training:plan_detail", args=[plan.pk]),
        reverse("training:plan_rollup", args=[province.pk]) + "?year=2027",
    ]
    plan = grow(0, 10)
    counts = []
    for url in pages(plan):
        with django_assert_max_num_queries(40) as few:
            assert client.get(url).status_code == 200
        counts.append(len(few.captured_queries))
    plan = grow(10, 40)
    for url, count in zip(pages(plan), counts, strict=True):
        with django_assert_max_num_queries(count):
            client.get(url)


def test_plan_pages_keep_their_queries_at_3000_agencies(
    client, coordinator, province, django_assert_max_num_queries
):
    """The list, a plan and the roll-up at the province's size: agencies and their plans made
    in bulk (test data), the queries counted against ten plans made through the services."""
    from cadres.access import SYSTEM
    from cadres.models import Agency, AgencyKind
    from training.models import TrainingPlan

    client.force_login(coordinator)
    kind = AgencyKind.objects.get(code="uy-ban-nhan-dan")
    province = Agency.objects.get(pk=province.pk)

    from training.management.commands.seed_scale import _segment as segment

    def agencies(start, n):
        made = [
            Agency(
                code=f"BULK-{i}",
                name=f"Ủy ban nhân dân xã {i}",
                kind=kind,
                path=province.path + segment(province.numchild + 1 + i - start),
                depth=province.depth + 1,
                numchild=0,
            )
            for i in range(start, start + n)
        ]
        Agency.objects.bulk_create(made)
        Agency.objects.filter(pk=province.pk).update(numchild=province.numchild + n)
        province.numchild += n
        return list(Agency.objects.filter(code__in=[a.code for a in made]))

    first = agencies(0, 10)
    plan = None
    for agency in first:
        plan = services.training_plan_create(actor=SYSTEM, agency=agency, year=2027)
        for q in (1, 2):
            services.training_plan_item_add(
                actor=SYSTEM,
                plan=plan,
                item=TrainingPlanItem(content_kind="digital", headcount=3, quarter=q),
            )
        services.training_plan_submit(actor=SYSTEM, plan=plan)
    pages = [
        reverse("training:plan_list") + "?year=2027",
        reverse("training:plan_detail", args=[plan.pk]),
        reverse("training:plan_rollup", args=[province.pk]) + "?year=2027",
    ]
    counts = []
    for url in pages:
        with django_assert_max_num_queries(40) as few:
            assert client.get(url).status_code == 200
        counts.append(len(few.captured_queries))
    more = agencies(10, 2990)
    plans = TrainingPlan.objects.bulk_create(
        [TrainingPlan(agency=agency, year=2027, status=plan.status) for agency in more]
    )
    TrainingPlanItem.objects.bulk_create(
        [
            TrainingPlanItem(plan=p, content_kind="digital", headcount=3, quarter=q)
            for p in plans
            for q in (1, 2)
        ]
    )
    assert Agency.objects.count() > 3000
    for url, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
