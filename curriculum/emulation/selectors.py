"""Reads of the "Dân vận khéo" records, scoped: officers see the registrations of the agencies
they manage, assessors those their body assesses; counts for reports; a cadre's part in them."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from cadres.access import agency_scope_for, assessment_scope_for
from cadres.models import Cadre
from curriculum.choices import CaseField, RecognitionLevel
from curriculum.emulation.models import (
    Assessment,
    AssessmentScore,
    Decision,
    Evidence,
    Registration,
    RegistrationStatus,
    Replication,
)

LIST_RELATED = ("lead_agency", "assessing_body", "exemplar_cadre", "case_study")


def _listed(queryset):
    return queryset.select_related(*LIST_RELATED).annotate(
        replication_count=Count("replications", distinct=True)
    )


def _visible_q(user) -> Q:
    """Registrations of agencies the user manages or reads, or assessed by their body."""
    condition = Q(pk__in=[])
    office = agency_scope_for(user)
    if not office.is_empty:
        condition |= office.agency_q("lead_agency__")
    assessing = assessment_scope_for(user)
    if not assessing.is_empty:
        condition |= assessing.agency_q("assessing_body__")
    return condition


def registrations_for(user, *, year: int | None = None, status: str = ""):
    """The registrations this user sees, newest year first."""
    queryset = Registration.objects.filter(_visible_q(user))
    if year:
        queryset = queryset.filter(year=year)
    if status:
        queryset = queryset.filter(status=status)
    return _listed(queryset).order_by("-year", "lead_agency__path", "title")


def years_for(user) -> list[int]:
    return list(
        Registration.objects.filter(_visible_q(user))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def assessment_queue(user, *, waiting_only: bool = True):
    """What the user's body assesses: waiting first (registered, being assessed)."""
    scope = assessment_scope_for(user)
    if scope.is_empty:
        return Registration.objects.none()
    queryset = Registration.objects.filter(scope.agency_q("assessing_body__"))
    if waiting_only:
        queryset = queryset.filter(
            status__in=[
                RegistrationStatus.REGISTERED,
                RegistrationStatus.ASSESSING,
                RegistrationStatus.NOT_RECOGNISED,
            ]
        )
    return (
        _listed(queryset)
        .annotate(assessment_count=Count("assessments", distinct=True))
        .order_by("registered_at", "pk")
    )


def access_registration_by_id(user, pk) -> Registration:
    """A registration the user sees (their agencies' or their body's); 404 otherwise."""
    try:
        return (
            Registration.objects.select_related(*LIST_RELATED, "lead_agency__kind")
            .select_related("assessing_body__kind", "registered_by")
            .prefetch_related(
                Prefetch("participants", queryset=Cadre.objects.select_related("agency")),
                Prefetch("evidence_files", queryset=Evidence.objects.all()),
                Prefetch(
                    "assessments",
                    queryset=Assessment.objects.prefetch_related(
                        Prefetch(
                            "scores", queryset=AssessmentScore.objects.select_related("criterion")
                        )
                    ),
                ),
                Prefetch("decisions", queryset=Decision.objects.select_related("decided_by")),
                Prefetch("replications", queryset=Replication.objects.select_related("agency")),
            )
            .get(_visible_q(user), pk=pk)
        )
    except (Registration.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_evidence_by_id(user, registration_pk, pk) -> Evidence:
    """An evidence file, for the lead agency's officers and the assessors only: 404 for
    everyone else, whether or not the file exists."""
    try:
        return Evidence.objects.select_related("registration").get(
            registration__in=Registration.objects.filter(_visible_q(user)),
            registration_id=registration_pk,
            pk=pk,
        )
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def recognised_models():
    """Recognised models anywhere in the province, which any agency may replicate."""
    return (
        Registration.objects.filter(status=RegistrationStatus.RECOGNISED, case_kind="model")
        .select_related("lead_agency")
        .order_by("-year", "title")
    )


def emulation_counts(user, *, year: int | None = None) -> dict[str, list[dict]]:
    """Registered and recognised per agency, per field and per level (a few grouped queries,
    whatever the number of rows), ready for the reports."""
    queryset = Registration.objects.filter(_visible_q(user))
    if year:
        queryset = queryset.filter(year=year)
    recognised = Count("pk", filter=Q(status=RegistrationStatus.RECOGNISED))
    by_agency = list(
        queryset.values("lead_agency_id", "lead_agency__name")
        .annotate(registered=Count("pk"), recognised=recognised)
        .order_by("lead_agency__path")
    )
    by_field = list(
        queryset.values("field")
        .annotate(registered=Count("pk"), recognised=recognised)
        .order_by("field")
    )
    by_level = list(
        queryset.filter(status=RegistrationStatus.RECOGNISED)
        .values("recognition_level")
        .annotate(recognised=Count("pk"))
        .order_by("recognition_level")
    )
    for row in by_field:
        row["label"] = CaseField(row["field"]).label
    for row in by_level:
        row["label"] = RecognitionLevel(row["recognition_level"]).label
    return {"by_agency": by_agency, "by_field": by_field, "by_level": by_level}


def cadre_emulation_records(cadre: Cadre) -> list[Registration]:
    """The models and exemplars the cadre took part in or is the exemplary person of."""
    return list(
        Registration.objects.filter(Q(participants=cadre) | Q(exemplar_cadre=cadre))
        .select_related("lead_agency")
        .distinct()
        .order_by("-year", "title")
    )


def case_study_drafts():
    """For editors: records whose recognition opened a case-study page, with the page."""
    return (
        Registration.objects.filter(case_study__isnull=False)
        .select_related("case_study", "lead_agency")
        .order_by("-registered_at")
    )
