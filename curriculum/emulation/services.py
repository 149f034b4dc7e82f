"""Every write of the "Dân vận khéo" cycle: register, add evidence, assess, decide, replicate,
and the draft case-study page a recognition at province level or above creates."""

import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date

from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cadres.access import acting_user, assessment_scope_for, change_scope_for
from cadres.models import Agency, Cadre
from cadres.text import fold, nfc
from curriculum.choices import CaseKind, RecognitionLevel
from curriculum.emulation.models import (
    Assessment,
    AssessmentScore,
    Decision,
    EmulationCriterion,
    Evidence,
    Registration,
    RegistrationStatus,
    Replication,
)
from curriculum.emulation.rules import assessing_body_for, levels_for
from curriculum.models import CaseStudyIndexPage, CaseStudyPage

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
EVIDENCE_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".mp4")

AGENCY_OUT_OF_SCOPE = _("This agency is outside the agencies you manage.")
CADRE_OUT_OF_SCOPE = _("%(name)s works in an agency you do not manage.")
NO_ASSESSING_BODY = _(
    "No dân vận body above this agency can assess it: check the agency tree (a Ban Tuyên giáo "
    "và Dân vận of the Tỉnh ủy, or a Ban Xây dựng Đảng under the commune's Đảng ủy)."
)
TITLE_REQUIRED = _("Give the model or exemplar a name.")
GOALS_REQUIRED = _("Say what the model or exemplar sets out to do.")
YEAR_IMPLAUSIBLE = _("The year must be between 2010 and next year.")
START_AFTER_YEAR = _("The start date cannot fall after the year it is registered for.")
ALREADY_REGISTERED = _("This agency already registered a model or exemplar by that name that year.")
MODEL_HAS_NO_PERSON = _("A model is a way of working: leave the exemplary person empty.")
EVIDENCE_TOO_BIG = _("%(name)s is larger than 20 MB.")
EVIDENCE_WRONG_TYPE = _("%(name)s: evidence is accepted as PDF, JPG, PNG, DOCX, XLSX or MP4.")
NOT_ASSESSOR = _("You do not assess the registrations of this body.")
ALREADY_RECOGNISED = _("This registration is already recognised; its record is closed.")
SCORES_INCOMPLETE = _("Score every criterion.")
SCORE_OUT_OF_RANGE = _("%(criterion)s: the score must be between 0 and %(max)s.")
NOT_ASSESSED = _("Record at least one assessment before deciding.")
LEVEL_NOT_FOR_BODY = _("This body recognises at these levels only: %(levels)s.")
DECISION_NUMBER_REQUIRED = _("A recognition needs the decision number.")
DECISION_IN_FUTURE = _("The decision date cannot be in the future.")
DECISION_BEFORE_REGISTRATION = _("The decision date cannot come before the registration's year.")
NOT_RECOGNISED_YET = _("Only a recognised model can be replicated.")
REPLICATING_ITSELF = _("The lead agency cannot replicate its own model.")
ALREADY_REPLICATED = _("This agency already recorded that it replicates this model.")
RECOGNISED_BY = _("Recognised at %(level)s by decision %(number)s of %(date)s (%(body)s).")
CADRES_TAKING_PART = _("Cadres taking part: %(names)s.")
ONLY_MODELS_REPLICATE = _("An exemplar is a person or a collective: only models are replicated.")


class EmulationError(Exception):
    """A rule of the movement refused the change; `message` is shown to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _text(value: str) -> str:
    """NFC, trimmed, lines kept (goals and descriptions have paragraphs)."""
    lines = [" ".join(unicodedata.normalize("NFC", line).split()) for line in value.splitlines()]
    return "\n".join(lines).strip()


def _require_change(actor, agency: Agency) -> None:
    if not change_scope_for(actor).contains(agency):
        raise EmulationError(AGENCY_OUT_OF_SCOPE)


def _require_assessor(actor, registration: Registration) -> None:
    if not assessment_scope_for(actor).contains(registration.assessing_body):
        raise EmulationError(NOT_ASSESSOR)


def _check_evidence(files) -> None:
    for upload in files:
        name = nfc(upload.name)
        if not name.lower().endswith(EVIDENCE_EXTENSIONS):
            raise EmulationError(EVIDENCE_WRONG_TYPE % {"name": name})
        if upload.size > MAX_EVIDENCE_BYTES:
            raise EmulationError(EVIDENCE_TOO_BIG % {"name": name})


def _save_evidence(actor, registration: Registration, files) -> list[Evidence]:
    saved = []
    for upload in files:
        evidence = Evidence(
            registration=registration,
            name=nfc(upload.name)[:255],
            uploaded_by=acting_user(actor),
        )
        evidence.file.save(upload.name, upload, save=False)
        evidence.save()
        saved.append(evidence)
    return saved


@transaction.atomic
def registration_create(
    *,
    actor,
    year: int,
    case_kind: str,
    field: str,
    title: str,
    lead_agency: Agency,
    goals: str,
    start_date: date,
    description: str = "",
    exemplar_cadre: Cadre | None = None,
    participants: Iterable[Cadre] = (),
    evidence_files: Iterable = (),
) -> Registration:
    """An agency registers a model or an exemplar for the year; the dân vận body above it will
    assess it. An exemplar without a person is a collective (the lead agency itself)."""
    _require_change(actor, lead_agency)
    scope = change_scope_for(actor)
    participants = list(participants)
    for cadre in [*participants, *([exemplar_cadre] if exemplar_cadre else [])]:
        if cadre.agency_id is None or not scope.contains(cadre.agency):
            raise EmulationError(CADRE_OUT_OF_SCOPE % {"name": cadre.full_name})
    title, goals = nfc(title), _text(goals)
    if not title:
        raise EmulationError(TITLE_REQUIRED)
    if not goals:
        raise EmulationError(GOALS_REQUIRED)
    if not 2010 <= year <= timezone.localdate().year + 1:
        raise EmulationError(YEAR_IMPLAUSIBLE)
    if start_date.year > year:
        raise EmulationError(START_AFTER_YEAR)
    if case_kind == CaseKind.MODEL and exemplar_cadre is not None:
        raise EmulationError(MODEL_HAS_NO_PERSON)
    if Registration.objects.filter(year=year, lead_agency=lead_agency, title=title).exists():
        raise EmulationError(ALREADY_REGISTERED)
    evidence_files = list(evidence_files)
    _check_evidence(evidence_files)
    body = assessing_body_for(lead_agency)
    if body is None:
        raise EmulationError(NO_ASSESSING_BODY)
    registration = Registration(
        year=year,
        case_kind=case_kind,
        field=field,
        title=title,
        lead_agency=lead_agency,
        assessing_body=body,
        exemplar_cadre=exemplar_cadre,
        goals=goals,
        description=_text(description),
        start_date=start_date,
        registered_by=acting_user(actor),
    )
    registration.full_clean()
    registration.save()
    registration.participants.set(participants)
    _save_evidence(actor, registration, evidence_files)
    return registration


@transaction.atomic
def evidence_add(*, actor, registration: Registration, files: Iterable) -> list[Evidence]:
    """More evidence from the lead agency's officers (until the record is closed)."""
    _require_change(actor, registration.lead_agency)
    files = list(files)
    _check_evidence(files)
    return _save_evidence(actor, registration, files)


@transaction.atomic
def assessment_record(
    *, actor, registration: Registration, scores: Mapping[int, int], comment: str = ""
) -> Assessment:
    """One assessor's scores on every criterion in use (keyed by criterion id) and comment."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    _require_assessor(actor, registration)
    if registration.status == RegistrationStatus.RECOGNISED:
        raise EmulationError(ALREADY_RECOGNISED)
    criteria = list(EmulationCriterion.objects.filter(active=True))
    if any(scores.get(c.pk) is None for c in criteria):
        raise EmulationError(SCORES_INCOMPLETE)
    for criterion in criteria:
        if not 0 <= int(scores[criterion.pk]) <= criterion.max_score:
            raise EmulationError(
                SCORE_OUT_OF_RANGE % {"criterion": criterion.name, "max": criterion.max_score}
            )
    user = acting_user(actor)
    assessment = Assessment.objects.create(
        registration=registration,
        assessor=user,
        # The system (demo data, an import) assesses in the name of the body.
        assessor_name=(user.get_full_name() or user.username)
        if user
        else registration.assessing_body.name,
        comment=_text(comment),
        total=sum(int(scores[c.pk]) for c in criteria),
    )
    AssessmentScore.objects.bulk_create(
        AssessmentScore(assessment=assessment, criterion=c, score=int(scores[c.pk]))
        for c in criteria
    )
    if registration.status == RegistrationStatus.REGISTERED:
        registration.status = RegistrationStatus.ASSESSING
        registration.save(update_fields=["status"])
    return assessment


@transaction.atomic
def recognition_decide(
    *,
    actor,
    registration: Registration,
    recognised: bool,
    decided_on: date,
    level: str = "",
    number: str = "",
    reason: str = "",
) -> Decision:
    """The body's decision: recognised at a level (with its decision number) or not. Decisions
    are kept; one not to recognise may be followed by another after a new assessment. A
    recognition at province level or above opens a draft case study for the editors."""
    given, registration = (
        registration,
        Registration.objects.select_for_update().get(pk=registration.pk),
    )
    _require_assessor(actor, registration)
    if registration.status == RegistrationStatus.RECOGNISED:
        raise EmulationError(ALREADY_RECOGNISED)
    if not registration.assessments.exists():
        raise EmulationError(NOT_ASSESSED)
    if decided_on > timezone.localdate():
        raise EmulationError(DECISION_IN_FUTURE)
    if decided_on.year < registration.year:
        raise EmulationError(DECISION_BEFORE_REGISTRATION)
    number = nfc(number)
    if recognised:
        allowed = levels_for(registration.assessing_body)
        if level not in allowed:
            labels = ", ".join(str(RecognitionLevel(x).label) for x in allowed)
            raise EmulationError(LEVEL_NOT_FOR_BODY % {"levels": labels})
        if not number:
            raise EmulationError(DECISION_NUMBER_REQUIRED)
    else:
        level = ""
    decision = Decision(
        registration=registration,
        recognised=recognised,
        level=level,
        number=number,
        decided_on=decided_on,
        reason=_text(reason),
        decided_by=acting_user(actor),
    )
    decision.full_clean()
    decision.save()
    registration.status = (
        RegistrationStatus.RECOGNISED if recognised else RegistrationStatus.NOT_RECOGNISED
    )
    registration.recognition_level = level
    registration.save(update_fields=["status", "recognition_level"])
    if recognised and level in (RecognitionLevel.PROVINCE, RecognitionLevel.NATIONAL):
        case_study_draft_create(actor=actor, registration=registration)
    given.status, given.recognition_level = registration.status, registration.recognition_level
    given.case_study_id = registration.case_study_id
    return decision


def _paragraphs(text: str) -> str:
    parts = [p.strip() for p in (text or "").splitlines() if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in parts)


def case_study_draft_create(*, actor, registration: Registration) -> CaseStudyPage | None:
    """A draft case-study page filled from the record and linked back to it, under the case
    study library; it is not live: an editor finishes it and submits it for review, and a
    moderator publishes it. None when the site has no case-study library yet."""
    if registration.case_study_id:
        return registration.case_study
    index = CaseStudyIndexPage.objects.order_by("path").first()
    if index is None:
        return None
    user = acting_user(actor)
    lead = registration.lead_agency
    people = ", ".join(c.full_name for c in registration.participants.all())
    summary = registration.goals[:600]
    # The page is Vietnamese content, whatever language the recognising user reads.
    with translation.override("vi"):
        results = _paragraphs(
            "\n".join(
                str(
                    RECOGNISED_BY
                    % {
                        "level": d.get_level_display().lower(),
                        "number": d.number,
                        "date": f"{d.decided_on:%d/%m/%Y}",
                        "body": registration.assessing_body.name,
                    }
                )
                for d in registration.decisions.filter(recognised=True)
            )
        )
        taking_part = str(CADRES_TAKING_PART % {"names": people}) if people else ""
    page = CaseStudyPage(
        title=registration.title,
        slug=f"{slugify(fold(registration.title))[:60]}-{registration.year}-{registration.pk}",
        live=False,
        owner=user,
        case_kind=registration.case_kind,
        field=registration.field,
        unit=lead.name,
        year=registration.year,
        recognition_level=registration.recognition_level,
        summary=summary,
        problem=_paragraphs(registration.goals),
        approach=_paragraphs(registration.description) or _paragraphs(registration.goals),
        results=results,
        replication="",
    )
    page.approach += _paragraphs(taking_part)
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    registration.case_study = page
    registration.save(update_fields=["case_study"])
    return page


@transaction.atomic
def replication_record(
    *, actor, source: Registration, agency: Agency, started_on: date, note: str = ""
) -> Replication:
    """Another agency records that it adopted a recognised model."""
    _require_change(actor, agency)
    source = Registration.objects.select_for_update().get(pk=source.pk)
    if source.status != RegistrationStatus.RECOGNISED:
        raise EmulationError(NOT_RECOGNISED_YET)
    if source.case_kind != CaseKind.MODEL:
        raise EmulationError(ONLY_MODELS_REPLICATE)
    if agency.pk == source.lead_agency_id:
        raise EmulationError(REPLICATING_ITSELF)
    if Replication.objects.filter(source=source, agency=agency).exists():
        raise EmulationError(ALREADY_REPLICATED)
    return Replication.objects.create(
        source=source,
        agency=agency,
        started_on=started_on,
        note=_text(note),
        recorded_by=acting_user(actor),
    )
