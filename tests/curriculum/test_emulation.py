"""The "Dân vận khéo" cycle: register → assess → recognise or not (history kept), replication
and its count, the draft case study a provincial recognition opens (live only after a moderator
approves it), private evidence, and 404 for outsiders on every page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import nested_form_data, rich_text

from cadres.roles import Role
from curriculum.choices import CaseField, CaseKind, RecognitionLevel
from curriculum.emulation import selectors, services
from curriculum.emulation.models import (
    EmulationCriterion,
    Registration,
    RegistrationStatus,
)
from curriculum.emulation.services import EmulationError
from curriculum.models import CaseStudyPage

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
YEAR = TODAY.year


def _register(actor, agency, title="Dân vận khéo trong cải cách hành chính", **extra):
    fields = dict(
        actor=actor,
        year=YEAR,
        case_kind=CaseKind.MODEL,
        field=CaseField.POLITICAL_SYSTEM,
        title=title,
        lead_agency=agency,
        goals="Giải quyết thủ tục đúng hẹn, tiếp dân mỗi tuần.",
        description="Tổ công tác đến từng ấp.",
        start_date=datetime.date(YEAR, 1, 15),
    )
    fields.update(extra)
    return services.registration_create(**fields)


def _scores(value_of=lambda c: c.max_score - 2):
    return {c.pk: value_of(c) for c in EmulationCriterion.objects.filter(active=True)}


def _assess(actor, registration, comment="Cách làm hay, dân đồng tình."):
    return services.assessment_record(
        actor=actor, registration=registration, scores=_scores(), comment=comment
    )


# --- The assessing body -------------------------------------------------------------------


def test_a_commune_unit_is_assessed_by_the_communes_party_building_body(
    officer_a, agency_a_unit, bodies
):
    registration = _register(officer_a, agency_a_unit)
    assert registration.assessing_body == bodies["a"]
    assert registration.status == RegistrationStatus.REGISTERED


def test_the_communes_party_committee_is_assessed_by_the_province(officer_a, agency_a, bodies):
    assert _register(officer_a, agency_a).assessing_body == bodies["province"]


def test_an_officer_registers_only_for_agencies_in_scope(officer_a, agency_b_unit, bodies):
    with pytest.raises(EmulationError) as error:
        _register(officer_a, agency_b_unit)
    assert error.value.message == services.AGENCY_OUT_OF_SCOPE
    assert not Registration.objects.exists()


def test_participants_come_from_the_officers_agencies(
    officer_a, agency_a_unit, cadre_in_a, cadre_in_b, bodies
):
    with pytest.raises(EmulationError):
        _register(officer_a, agency_a_unit, participants=[cadre_in_a, cadre_in_b])
    registration = _register(officer_a, agency_a_unit, participants=[cadre_in_a])
    assert list(registration.participants.all()) == [cadre_in_a]


# --- The cycle ----------------------------------------------------------------------------


def test_registered_assessed_not_recognised_then_recognised_keeps_history(
    officer_a, assessor_a, agency_a_unit, bodies
):
    registration = _register(officer_a, agency_a_unit)
    _assess(assessor_a, registration)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ASSESSING

    services.recognition_decide(
        actor=assessor_a,
        registration=registration,
        recognised=False,
        decided_on=TODAY,
        reason="Chưa đủ thời gian thực hiện.",
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.NOT_RECOGNISED
    assert registration.recognition_level == ""

    _assess(assessor_a, registration, comment="Đã bổ sung kết quả.")
    services.recognition_decide(
        actor=assessor_a,
        registration=registration,
        recognised=True,
        level=RecognitionLevel.COMMUNE,
        number="15-QĐ/ĐU",
        decided_on=TODAY,
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.RECOGNISED
    assert registration.recognition_level == RecognitionLevel.COMMUNE
    assert [d.recognised for d in registration.decisions.all()] == [False, True]
    assert registration.assessments.count() == 2
    # A commune recognition opens no case study.
    assert registration.case_study is None
    with pytest.raises(EmulationError) as error:
        _assess(assessor_a, registration)
    assert error.value.message == services.ALREADY_RECOGNISED


def test_scores_are_kept_per_criterion_and_checked_against_the_maximum(
    officer_a, assessor_a, province_assessor, agency_a_unit, bodies
):
    registration = _register(officer_a, agency_a_unit)
    too_high = _scores(lambda c: c.max_score + 1)
    with pytest.raises(EmulationError):
        services.assessment_record(actor=assessor_a, registration=registration, scores=too_high)
    missing = dict(list(_scores().items())[1:])
    with pytest.raises(EmulationError) as error:
        services.assessment_record(actor=assessor_a, registration=registration, scores=missing)
    assert error.value.message == services.SCORES_INCOMPLETE
    assessment = _assess(assessor_a, registration)
    criteria = EmulationCriterion.objects.filter(active=True)
    assert assessment.total == sum(c.max_score - 2 for c in criteria)
    assert assessment.scores.count() == criteria.count()
    # Every criterion says where it comes from.
    assert all(c.basis for c in criteria)


def test_several_assessors_comment(officer_a, assessor_a, make_user, agency_a_unit, bodies):
    colleague = make_user("thamdinh_a2", role=Role.ASSESSOR, agency=bodies["a"])
    registration = _register(officer_a, agency_a_unit)
    _assess(assessor_a, registration, comment="Ý kiến thứ nhất.")
    _assess(colleague, registration, comment="Ý kiến thứ hai.")
    assert [a.comment for a in registration.assessments.all()] == [
        "Ý kiến thứ nhất.",
        "Ý kiến thứ hai.",
    ]


def test_only_the_body_above_assesses_and_at_its_levels(
    officer_a, assessor_a, assessor_b, province_assessor, agency_a_unit, bodies
):
    registration = _register(officer_a, agency_a_unit)
    for outsider in (assessor_b, province_assessor, officer_a):
        with pytest.raises(EmulationError) as error:
            _assess(outsider, registration)
        assert error.value.message == services.NOT_ASSESSOR
    _assess(assessor_a, registration)
    with pytest.raises(EmulationError):
        services.recognition_decide(
            actor=assessor_a,
            registration=registration,
            recognised=True,
            level=RecognitionLevel.PROVINCE,
            number="1",
            decided_on=TODAY,
        )
    with pytest.raises(EmulationError) as error:
        services.recognition_decide(
            actor=assessor_a,
            registration=registration,
            recognised=True,
            level=RecognitionLevel.COMMUNE,
            number="",
            decided_on=TODAY,
        )
    assert error.value.message == services.DECISION_NUMBER_REQUIRED


def test_no_decision_before_an_assessment(officer_a, assessor_a, agency_a_unit, bodies):
    registration = _register(officer_a, agency_a_unit)
    with pytest.raises(EmulationError) as error:
        services.recognition_decide(
            actor=assessor_a, registration=registration, recognised=False, decided_on=TODAY
        )
    assert error.value.message == services.NOT_ASSESSED


# --- Replication --------------------------------------------------------------------------


def _recognised_commune_model(officer_a, assessor_a, agency_a_unit):
    registration = _register(officer_a, agency_a_unit)
    _assess(assessor_a, registration)
    services.recognition_decide(
        actor=assessor_a,
        registration=registration,
        recognised=True,
        level=RecognitionLevel.COMMUNE,
        number="15-QĐ/ĐU",
        decided_on=TODAY,
    )
    return registration


def test_another_agency_replicates_a_recognised_model_and_it_is_counted(
    officer_a, officer_b, assessor_a, agency_a_unit, agency_b_unit, bodies
):
    unrecognised = _register(officer_a, agency_a_unit, title="Mô hình chưa công nhận")
    with pytest.raises(EmulationError) as error:
        services.replication_record(
            actor=officer_b, source=unrecognised, agency=agency_b_unit, started_on=TODAY
        )
    assert error.value.message == services.NOT_RECOGNISED_YET
    source = _recognised_commune_model(officer_a, assessor_a, agency_a_unit)
    with pytest.raises(EmulationError):  # not an agency officer B manages
        services.replication_record(
            actor=officer_b, source=source, agency=agency_a_unit, started_on=TODAY
        )
    replication = services.replication_record(
        actor=officer_b, source=source, agency=agency_b_unit, started_on=TODAY, note="Áp dụng."
    )
    assert replication.source == source
    with pytest.raises(EmulationError) as error:
        services.replication_record(
            actor=officer_b, source=source, agency=agency_b_unit, started_on=TODAY
        )
    assert error.value.message == services.ALREADY_REPLICATED
    listed = selectors.registrations_for(officer_a).get(pk=source.pk)
    assert listed.replication_count == 1


# --- Into the CMS -------------------------------------------------------------------------


def _recognised_at_province(officer_a, province_assessor, agency_a, participants=()):
    registration = _register(
        officer_a, agency_a, title="Chính quyền lắng nghe dân nói", participants=participants
    )
    _assess(province_assessor, registration)
    services.recognition_decide(
        actor=province_assessor,
        registration=registration,
        recognised=True,
        level=RecognitionLevel.PROVINCE,
        number="120-QĐ/BTGDVTU",
        decided_on=TODAY,
    )
    registration.refresh_from_db()
    return registration


def test_province_recognition_opens_a_draft_case_study_that_goes_live_only_through_review(
    client, officer_a, province_assessor, agency_a, bodies, case_index, editor, moderator
):
    # The assessor reads the site in English; the page is written in Vietnamese all the same.
    with translation.override("en"):
        registration = _recognised_at_province(officer_a, province_assessor, agency_a)
    page = registration.case_study.specific
    assert isinstance(page, CaseStudyPage)
    assert "Được công nhận cấp tỉnh theo Quyết định số 120-QĐ/BTGDVTU" in page.results
    assert not page.live
    assert page.get_parent().specific == case_index
    assert (page.title, page.field, page.year, page.unit, page.recognition_level) == (
        registration.title,
        registration.field,
        YEAR,
        agency_a.name,
        RecognitionLevel.PROVINCE,
    )
    assert "120-QĐ/BTGDVTU" in page.results
    assert list(page.emulation_records.all()) == [registration]
    assert not CaseStudyPage.objects.live().filter(pk=page.pk).exists()
    client.logout()
    assert client.get(f"{case_index.url}{page.slug}/").status_code == 404

    # The editor cannot publish it; submitting starts the review and it stays a draft.
    assert not page.permissions_for_user(editor).can_publish()
    client.force_login(editor)
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "case_kind": page.case_kind,
            "field": page.field,
            "unit": page.unit,
            "year": page.year,
            "recognition_level": page.recognition_level,
            "summary": page.summary,
            "problem": rich_text(page.problem),
            "approach": rich_text(page.approach),
            "results": rich_text(page.results),
            "replication": rich_text("<p>Nhân rộng ở mọi phường.</p>"),
            "key_figures": {"count": 0},
        }
    )
    data["action-submit"] = "1"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert not page.live

    client.force_login(moderator)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    client.post(url, {"comment": "Đồng ý."})
    page.refresh_from_db()
    assert page.live
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=moderator)
    client.logout()
    assert client.get(page.url).status_code == 200


def test_the_editors_listing_in_the_admin_shows_the_records_drafts(
    client, officer_a, province_assessor, agency_a, bodies, case_index, editor, cadre_user
):
    registration = _recognised_at_province(officer_a, province_assessor, agency_a)
    client.force_login(editor)
    response = client.get(reverse("emulation_case_studies"))
    assert response.status_code == 200
    html = response.content.decode()
    assert registration.title in html
    assert reverse("wagtailadmin_pages:edit", args=[registration.case_study_id]) in html
    # The page editor shows the record it came from (editors cannot open the office's pages).
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[registration.case_study_id]))
    assert "120-QĐ/BTGDVTU" in edit.content.decode()
    assert agency_a.name in edit.content.decode()
    # Not for other roles: Wagtail's admin refuses them.
    client.force_login(cadre_user)
    assert client.get(reverse("emulation_case_studies")).status_code in (302, 403)


# --- The cadre's part and counts ------------------------------------------------------------


def test_a_cadre_record_lists_the_models_they_took_part_in(
    officer_a, agency_a_unit, cadre_in_a, cadre_in_b, bodies
):
    registration = _register(officer_a, agency_a_unit, participants=[cadre_in_a])
    assert selectors.cadre_emulation_records(cadre_in_a) == [registration]
    assert selectors.cadre_emulation_records(cadre_in_b) == []


def test_counts_per_agency_field_and_level(
    officer_a, assessor_a, agency_a_unit, agency_a, bodies, django_assert_max_num_queries
):
    _recognised_commune_model(officer_a, assessor_a, agency_a_unit)
    _register(officer_a, agency_a, title="Mô hình thứ hai", field=CaseField.ECONOMY)
    with django_assert_max_num_queries(4):
        counts = selectors.emulation_counts(officer_a, year=YEAR)
    assert {r["field"]: (r["registered"], r["recognised"]) for r in counts["by_field"]} == {
        CaseField.POLITICAL_SYSTEM: (1, 1),
        CaseField.ECONOMY: (1, 0),
    }
    assert [(r["recognition_level"], r["recognised"]) for r in counts["by_level"]] == [
        (RecognitionLevel.COMMUNE, 1)
    ]
    assert {r["lead_agency__name"]: r["registered"] for r in counts["by_agency"]} == {
        agency_a.name: 1,
        agency_a_unit.name: 1,
    }
