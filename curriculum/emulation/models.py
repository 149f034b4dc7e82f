"""The "Dân vận khéo" emulation: yearly registrations of models and exemplars, their assessment by
the dân vận body above, recognition decisions, replications elsewhere, and evidence files.

It lives in `curriculum` because a recognised model becomes a case-study page (curriculum) while
its records point at agencies and cadres (cadres): the import direction allows exactly that.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from curriculum.choices import CaseField, CaseKind, RecognitionLevel


class EmulationCriterion(models.Model):
    """A criterion the assessors score, with its maximum and the text it comes from: data, so
    that the province changes its guidance without a programmer."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what is looked at"), blank=True)
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    basis = models.CharField(_("basis"), max_length=300)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")

    def __str__(self):
        return self.name


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSESSING = "assessing", _("Being assessed")
    RECOGNISED = "recognised", _("Recognised")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")


class Registration(models.Model):
    """One model or exemplar registered by an agency for a year of the movement."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2010), MaxValueValidator(2100)]
    )
    case_kind = models.CharField(_("model or exemplar"), max_length=20, choices=CaseKind.choices)
    field = models.CharField(_("field"), max_length=30, choices=CaseField.choices)
    title = models.CharField(_("name of the model or exemplar"), max_length=255)
    lead_agency = models.ForeignKey(
        "cadres.Agency",
        on_delete=models.PROTECT,
        related_name="emulation_registrations",
        verbose_name=_("lead agency"),
    )
    # The dân vận body of the level above, fixed when registered (agencies move later).
    assessing_body = models.ForeignKey(
        "cadres.Agency",
        on_delete=models.PROTECT,
        related_name="emulation_assessments",
        verbose_name=_("assessing body"),
    )
    # An exemplar is a person (this cadre) or a collective (the lead agency).
    exemplar_cadre = models.ForeignKey(
        "cadres.Cadre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="emulation_exemplars",
        verbose_name=_("exemplary person"),
    )
    participants = models.ManyToManyField(
        "cadres.Cadre",
        blank=True,
        related_name="emulation_registrations",
        verbose_name=_("cadres taking part"),
    )
    goals = models.TextField(_("goals"))
    description = models.TextField(_("how it is done"), blank=True)
    start_date = models.DateField(_("start date"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    # The level of the latest recognition (empty while none or after "not recognised").
    recognition_level = models.CharField(
        _("level of recognition"), max_length=20, choices=RecognitionLevel.choices, blank=True
    )
    case_study = models.ForeignKey(
        "curriculum.CaseStudyPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emulation_records",
        verbose_name=_("case study"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("emulation registration")
        verbose_name_plural = _("emulation registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "lead_agency", "title"], name="emulation_registration_once_a_year"
            ),
            models.CheckConstraint(
                condition=~Q(case_kind="model") | Q(exemplar_cadre__isnull=True),
                name="emulation_model_has_no_exemplary_person",
            ),
            models.CheckConstraint(
                condition=Q(recognition_level="") | Q(status="recognised"),
                name="emulation_level_only_when_recognised",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"


class Evidence(models.Model):
    """A file backing a registration: private (under MEDIA_ROOT but never under /media/), handed
    out by an access-checked view to the agency's officers and the assessors."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="evidence_files"
    )
    file = models.FileField(_("file"), upload_to="emulation_evidence/%Y/")
    name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.name


class Assessment(models.Model):
    """One assessor's scores and comment on a registration (several assessors, several rows)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="assessments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="emulation_assessments",
    )
    assessor_name = models.CharField(_("assessor"), max_length=200)
    comment = models.TextField(_("comment"), blank=True)
    total = models.PositiveSmallIntegerField(_("total score"), default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self):
        return f"{self.assessor_name}: {self.total}"


class AssessmentScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(EmulationCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("points given"))

    class Meta:
        ordering = ["criterion__sort_order", "criterion__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="emulation_one_score_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.score}"


class Decision(models.Model):
    """A recognition decision (or a decision not to recognise): kept, never changed, so the
    registration's history reads from these rows."""

    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="decisions"
    )
    recognised = models.BooleanField(_("recognised"))
    level = models.CharField(
        _("level of recognition"), max_length=20, choices=RecognitionLevel.choices, blank=True
    )
    number = models.CharField(_("decision number"), max_length=60, blank=True)
    decided_on = models.DateField(_("decision date"))
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(recognised=True) & ~Q(level="") & ~Q(number=""))
                | (Q(recognised=False) & Q(level="")),
                name="emulation_recognition_has_level_and_number",
            )
        ]

    def __str__(self):
        return f"{self.number or '—'} ({self.decided_on:%d/%m/%Y})"


class Replication(models.Model):
    """Another agency adopted a recognised model: linked to it, counted per model."""

    source = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="replications")
    agency = models.ForeignKey(
        "cadres.Agency",
        on_delete=models.PROTECT,
        related_name="emulation_replications",
        verbose_name=_("adopting agency"),
    )
    started_on = models.DateField(_("adopted on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "pk"]
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "agency"], name="emulation_replicated_once_per_agency"
            )
        ]

    def __str__(self):
        return f"{self.agency_id} ← {self.source_id}"
