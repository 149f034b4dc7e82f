import datetime
import io

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from cadres.models import CadreCategory
from training.models import Enrolment, ExternalTraining, HoursTarget
from training.models import EnrolmentStatus as S
from training.selectors import training_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(offering, cadre_in_a):
    category = CadreCategory.objects.get(code="cong-chuc")
    cadre_in_a.category = category
    cadre_in_a.save()
    year = timezone.localdate().year
    HoursTarget.objects.create(category=category, year=year, hours=40)
    Enrolment.objects.create(
        offering=offering,
        cadre=cadre_in_a,
        status=S.COMPLETED,
        hours_credited=16,
        completed_at=timezone.now(),
    )
    ExternalTraining.objects.create(
        cadre=cadre_in_a,
        title="Bồi dưỡng kiến thức quốc phòng - an ninh đối tượng 4",
        institution="Bộ Chỉ huy quân sự tỉnh",
        content_kind="defence_security",
        hours=32,
        start_date=datetime.date(year, 3, 2),
        end_date=datetime.date(year, 3, 13),
    )
    return year


def test_hours_add_internal_and_external_against_the_category_target(history, cadre_in_a):
    record = training_record(cadre=cadre_in_a)
    this_year = next(y for y in record.years if y.year == history)
    assert (this_year.internal, this_year.external, this_year.total) == (16, 32, 48)
    assert this_year.target == 40 and this_year.met is True


def test_the_record_prints_as_a_vietnamese_pdf(client, learner, history):
    client.force_login(learner)
    response = client.get(reverse("training:my_record_pdf"))
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "HỒ SƠ ĐÀO TẠO, BỒI DƯỠNG CÁ NHÂN" in text
    assert "Nguyễn Thị Ánh" in text
    assert "Bộ Chỉ huy quân sự tỉnh" in text
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("BeVietnamPro" in name for name in fonts)


def test_the_system_can_record_training_done_elsewhere(cadre_in_a):
    import datetime

    from cadres.access import SYSTEM
    from training import services

    record = services.external_training_record(
        actor=SYSTEM,
        cadre=cadre_in_a,
        title="Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4",
        institution="Trường Quân sự tỉnh",
        content_kind="defence_security",
        start_date=datetime.date(2026, 3, 2),
        end_date=datetime.date(2026, 3, 6),
        hours=40,
    )
    assert record.recorded_by is None and record.hours == 40
