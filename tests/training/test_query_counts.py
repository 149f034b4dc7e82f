""" "My courses" and the approval queue cost the same number of queries at any size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.curriculum import factories
from training.models import Enrolment, LessonProgress, Offering, OfferingMode, Session
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
    for number, offering in enumerate(_classes(make_offering, course, 8, 10)):
        e = Enrolment.objects.create(offering=offering, cadre=cadre_in_a, status=S.IN_PROGRESS)
        LessonProgress.objects.create(enrolment=e, lesson=None)
        if number % 2:  # held in person: the page shows the next session of each
            Offering.objects.filter(pk=offering.pk).update(mode=OfferingMode.IN_PERSON)
            for day in (0, 1):
                Session.objects.create(
                    offering=offering,
                    date=offering.start_date + datetime.timedelta(days=day),
                    starts_at=datetime.time(7, 30),
                    ends_at=datetime.time(11, 0),
                    periods=4,
                    place="Hội trường",
                )
    page = client.get(reverse("training:my_courses")).content.decode()
    assert page.count("Buổi học tới") == 4
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
