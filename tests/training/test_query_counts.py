""" "My courses" and the approval queue cost the same number of queries at any size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.curriculum import factories
from training.models import Enrolment, LessonProgress
from training.models import EnrolmentStatus as S

pytestmark = pytest.mark.django_db


def _count(client, url):
    client.get(url)  # warm caches filled once per process (content types, site root)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _classes(make_offering, course, n, start):
    catalog = course.get_parent().specific
    offerings = []
    for i in range(start, start + n):
        other = factories.course(catalog, title=f"Khóa {i}")
        factories.lesson(other, title=f"Bài {i}")
        offerings.append(make_offering(f"LOP-{i:03d}", course=other))
    return offerings


def test_my_courses_queries_do_not_grow(client, learner, cadre_in_a, make_offering, course):
    client.force_login(learner)
    for offering in _classes(make_offering, course, 2, 0):
        Enrolment.objects.create(offering=offering, cadre=cadre_in_a, status=S.IN_PROGRESS)
    small = _count(client, reverse("training:my_courses"))
    for offering in _classes(make_offering, course, 8, 10):
        e = Enrolment.objects.create(offering=offering, cadre=cadre_in_a, status=S.IN_PROGRESS)
        LessonProgress.objects.create(enrolment=e, lesson=None)
    assert _count(client, reverse("training:my_courses")) == small


def test_approval_queue_queries_do_not_grow(client, officer_a, make_cadre, agency_a_unit, offering):
    client.force_login(officer_a)

    def add(n, start):
        for i in range(start, start + n):
            cadre = make_cadre(f"CB-Q-{i:04d}", f"Nguyễn Văn {i}", agency_a_unit)
            Enrolment.objects.create(offering=offering, cadre=cadre, status=S.REQUESTED)

    add(3, 0)
    small = _count(client, reverse("training:approval_queue"))
    add(40, 100)
    assert _count(client, reverse("training:approval_queue")) == small
