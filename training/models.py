"""Classes of courses, enrolments, learning progress, quiz attempts, feedback and hours."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from cadres.models import Agency, Cadre, CadreCategory, Job, PoliticalTheoryLevel
from curriculum.choices import ContentKind, CredentialKind


class HoursTarget(models.Model):
    """Yearly training hours (periods) a cadre category should reach: a local target, not a law."""

    category = models.ForeignKey(
        CadreCategory,
        on_delete=models.CASCADE,
        related_name="hours_targets",
        verbose_name=_("cadre category"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    hours = models.PositiveSmallIntegerField(_("target hours (periods)"))

    class Meta:
        ordering = ["-year", "category__sort_order"]
        verbose_name = _("hours target")
        verbose_name_plural = _("hours targets")
        constraints = [
            models.UniqueConstraint(fields=["category", "year"], name="hours_target_one_per_year")
        ]

    def __str__(self):
        return f"{self.category} · {self.year}: {self.hours}"


class OfferingMode(models.TextChoices):
    ONLINE = "online", pgettext_lazy("class mode", "Online")
    IN_PERSON = "in_person", pgettext_lazy("class mode", "In person")
    BLENDED = "blended", pgettext_lazy("class mode", "Blended")


class OfferingPhase(models.TextChoices):
    """Where a class stands, derived from its dates (and cancellation)."""

    UPCOMING = "upcoming", pgettext_lazy("class phase", "Upcoming")
    ENROLLING = "enrolling", pgettext_lazy("class phase", "Open for enrolment")
    RUNNING = "running", pgettext_lazy("class phase", "In progress")
    FINISHED = "finished", pgettext_lazy("class phase", "Finished")
    CANCELLED = "cancelled", pgettext_lazy("class phase", "Cancelled")


class Offering(models.Model):
    """A class (lớp) of a course: when, where, for whom and how many."""

    course = models.ForeignKey(
        "curriculum.CoursePage",
        on_delete=models.PROTECT,
        related_name="offerings",
        verbose_name=_("course"),
    )
    code = models.CharField(_("class code"), max_length=40, unique=True)
    mode = models.CharField(_("mode"), max_length=12, choices=OfferingMode.choices)
    organiser = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="organised_offerings",
        verbose_name=_("organiser"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    enrol_opens = models.DateField(_("enrolment opens"))
    enrol_closes = models.DateField(_("enrolment closes"))
    approval_required = models.BooleanField(_("approval required"), default=True)
    eligible_categories = models.ManyToManyField(
        CadreCategory,
        blank=True,
        related_name="+",
        verbose_name=_("eligible cadre categories"),
        help_text=_("Empty: every category."),
    )
    eligible_agencies = models.ManyToManyField(
        Agency,
        blank=True,
        related_name="+",
        verbose_name=_("eligible agencies"),
        help_text=_("Cadres of these agencies and those under them. Empty: every agency."),
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    # The line of a yearly training plan the class carries out (plan against actual).
    plan_item = models.ForeignKey(
        "training.TrainingPlanItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offerings",
        verbose_name=_("plan item"),
    )
    # Classes held in person (or blended): who runs them, how attendance counts, how results grade.
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organised_classes",
        verbose_name=_("organisers"),
        help_text=_(
            "Staff who run this class (a teacher, a clerk of the school): they mark attendance, "
            "show the check-in code and enter results."
        ),
    )
    late_counts_as_present = models.BooleanField(_("arriving late counts as present"), default=True)
    excused_counts_as_present = models.BooleanField(
        _("an excused absence counts as present"), default=False
    )
    grading_scheme = models.ForeignKey(
        "training.GradingScheme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grading scheme"),
        help_text=_("Empty: results are passed or not passed, without a grade."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "code"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="offering_end_not_before_start"
            ),
            models.CheckConstraint(
                condition=Q(enrol_closes__gte=F("enrol_opens")),
                name="offering_enrolment_closes_after_it_opens",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="offering_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.code} · {self.course.title}"

    def phase(self, today=None) -> OfferingPhase:
        today = today or timezone.localdate()
        if self.cancelled:
            return OfferingPhase.CANCELLED
        if today > self.end_date:
            return OfferingPhase.FINISHED
        if today >= self.start_date:
            return OfferingPhase.RUNNING
        if self.enrol_opens <= today <= self.enrol_closes:
            return OfferingPhase.ENROLLING
        return OfferingPhase.UPCOMING

    def is_enrolment_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return not self.cancelled and self.enrol_opens <= today <= self.enrol_closes

    @property
    def has_sessions(self) -> bool:
        """In person or blended: completed by attendance, a result and a decision."""
        return self.mode in (OfferingMode.IN_PERSON, OfferingMode.BLENDED)


class EnrolmentStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("enrolment status", "Requested")
    WAITLISTED = "waitlisted", pgettext_lazy("enrolment status", "Waitlisted")
    APPROVED = "approved", pgettext_lazy("enrolment status", "Approved")
    IN_PROGRESS = "in_progress", pgettext_lazy("enrolment status", "In progress")
    COMPLETED = "completed", pgettext_lazy("enrolment status", "Completed")
    FAILED = "failed", pgettext_lazy("enrolment status", "Failed")
    WITHDRAWN = "withdrawn", pgettext_lazy("enrolment status", "Withdrawn")
    REJECTED = "rejected", pgettext_lazy("enrolment status", "Rejected")


# A pending request keeps its seat until decided, so approvals never overbook a class.
SEAT_HOLDING = (
    EnrolmentStatus.REQUESTED,
    EnrolmentStatus.APPROVED,
    EnrolmentStatus.IN_PROGRESS,
    EnrolmentStatus.COMPLETED,
    EnrolmentStatus.FAILED,
)
LEARNING = (EnrolmentStatus.APPROVED, EnrolmentStatus.IN_PROGRESS)
ENDED = (EnrolmentStatus.WITHDRAWN, EnrolmentStatus.REJECTED)


class Enrolment(models.Model):
    """A cadre in a class, from the request to completion (never deleted)."""

    offering = models.ForeignKey(
        Offering, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("class")
    )
    cadre = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("cadre")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EnrolmentStatus.choices, db_index=True
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nominated by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    hours_credited = models.PositiveSmallIntegerField(_("hours credited"), default=0)
    # The cadre's agency on the day of completion: reports "as the agencies were then" read it,
    # so a later transfer or merger does not move past training to another agency.
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency when completed"),
    )

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "cadre"], name="enrolment_one_per_cadre_and_class"
            ),
            models.CheckConstraint(
                condition=Q(hours_credited=0) | Q(status=EnrolmentStatus.COMPLETED),
                name="enrolment_hours_only_when_completed",
            ),
        ]
        indexes = [models.Index(fields=["offering", "status"], name="enrolment_offering_status")]

    def __str__(self):
        return f"{self.cadre} · {self.offering.code} · {self.get_status_display()}"

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_HOLDING

    @property
    def can_learn(self) -> bool:
        return self.status in LEARNING


class LessonProgress(models.Model):
    """A lesson opened by an enrolled cadre (the first time counts)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    lesson = models.ForeignKey(
        "curriculum.LessonPage", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson"], name="lesson_progress_once_per_lesson"
            )
        ]

    def __str__(self):
        return f"{self.enrolment_id} · {self.lesson_id}"


class QuizAttempt(models.Model):
    """One graded submission of a lesson's quiz; the grade was computed on the server."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="quiz_attempts")
    lesson = models.ForeignKey(
        "curriculum.LessonPage", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    block_id = models.CharField(max_length=64)
    number = models.PositiveSmallIntegerField(_("attempt"))
    answers = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField(_("score"))
    total = models.PositiveSmallIntegerField(pgettext_lazy("quiz attempt", "questions"))
    percent = models.PositiveSmallIntegerField(_("percent"))
    passed = models.BooleanField(_("passed"))
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "block_id", "number"], name="quiz_attempt_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.enrolment_id} · {self.block_id} #{self.number}: {self.percent}%"


class CourseFeedback(models.Model):
    """A cadre's short evaluation of a class after completing it."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comments = models.TextField(_("comments"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("course feedback")
        verbose_name_plural = _("course feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            )
        ]

    def __str__(self):
        return f"{self.enrolment_id}: {self.rating}/5"


class ExternalTraining(models.Model):
    """Training done elsewhere (a diploma, another school's course), recorded by personnel."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, related_name="external_trainings", verbose_name=_("cadre")
    )
    title = models.CharField(_("programme"), max_length=255)
    institution = models.CharField(_("institution"), max_length=255)
    content_kind = models.CharField(_("content kind"), max_length=30, choices=ContentKind.choices)
    hours = models.PositiveSmallIntegerField(_("hours (periods)"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    evidence = models.FileField(_("evidence"), upload_to="external_training/%Y/", blank=True)
    theory_level_gained = models.CharField(
        _("political theory level gained"),
        max_length=12,
        blank=True,
        choices=PoliticalTheoryLevel.choices,
    )
    # Empty when recorded by an operator's command or an import acting as the system.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    # The cadre's agency when the training ended (see Enrolment.agency).
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency then"),
    )

    class Meta:
        ordering = ["-end_date"]
        verbose_name = _("external training")
        verbose_name_plural = _("external training")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="external_training_end_not_before_start",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.institution})"


# --- Certificates ---------------------------------------------------------------------------


class IssuerSeparator(models.TextChoices):
    ASTERISK = "asterisk", _("An asterisk (*) under the issuing body")
    RULE = "rule", _("A short rule under the issuing body")


class SigningMode(models.TextChoices):
    DIRECT = "direct", _("The head signs in their own name")
    ON_BEHALF = "on_behalf", _("On behalf of a collective body (T/M, TM.)")
    DEPUTY = "deputy", _("A deputy signs for the head (K/T, KT.)")
    BY_ORDER = "by_order", _("By order of the head (T/L, TL.)")
    AUTHORISED = "authorised", _("By authorisation (TUQ.)")


class DocumentFormat(models.Model):
    """How a kind of issuer writes its papers (Party or State): heading, the line under the
    issuing body, signing marks and the date rule, with their basis. Data, so it can be
    corrected without code; a certificate copies what it printed when it is issued."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    heading = models.TextField(
        _("heading"),
        help_text=_("Top right, one line per printed line, e.g. “ĐẢNG CỘNG SẢN VIỆT NAM”."),
    )
    separator = models.CharField(
        _("under the issuing body"), max_length=10, choices=IssuerSeparator.choices
    )
    mark_on_behalf = models.CharField(_("mark: on behalf"), max_length=10, blank=True)
    mark_deputy = models.CharField(_("mark: deputy signs"), max_length=10, blank=True)
    mark_by_order = models.CharField(_("mark: by order"), max_length=10, blank=True)
    mark_authorised = models.CharField(
        _("mark: by authorisation"),
        max_length=10,
        blank=True,
        help_text=_("Empty where the format has no such signature."),
    )
    day_zero_below = models.PositiveSmallIntegerField(
        _("days with a leading zero: below"),
        default=10,
        help_text=_("10: days 1 to 9 are written 01 to 09; 0: never."),
    )
    month_zero_below = models.PositiveSmallIntegerField(
        _("months with a leading zero: below"),
        default=3,
        help_text=_("3: only January and February are written 01 and 02; 10: months 1 to 9."),
    )
    basis = models.CharField(_("legal basis"), max_length=255)
    note = models.TextField(
        _("note"), blank=True, help_text=_("How sure the basis is, what is still to check.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("document format")
        verbose_name_plural = _("document formats")

    def __str__(self):
        return self.name

    @property
    def heading_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.heading.splitlines() if line.strip())

    def mark_for(self, mode: str) -> str:
        """The signing mark of a way of signing; "" for a direct signature or none in the format."""
        return {
            SigningMode.ON_BEHALF: self.mark_on_behalf,
            SigningMode.DEPUTY: self.mark_deputy,
            SigningMode.BY_ORDER: self.mark_by_order,
            SigningMode.AUTHORISED: self.mark_authorised,
        }.get(mode, "")

    def date_text(self, day) -> str:
        """“ngày 05 tháng 3 năm 2026” by this format's rule for leading zeros."""
        day_text = f"{day.day:02d}" if day.day < self.day_zero_below else str(day.day)
        month = f"{day.month:02d}" if day.month < self.month_zero_below else str(day.month)
        return f"ngày {day_text} tháng {month} năm {day.year}"


class IssuingBody(models.Model):
    """Who issues certificates: its format, heading lines, place, signer and register numbers.

    Each body keeps its own register book (sổ cấp), numbered afresh every year.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(
        _("name"), max_length=255, help_text=_("E.g. Ban Tuyên giáo và Dân vận Tỉnh ủy An Giang.")
    )
    document_format = models.ForeignKey(
        DocumentFormat,
        on_delete=models.PROTECT,
        related_name="issuing_bodies",
        verbose_name=_("document format"),
        help_text=_(
            "Party bodies write as the Party does, State bodies as the State does; a political "
            "school chooses."
        ),
    )
    heading_name = models.CharField(
        _("name in the heading"),
        max_length=255,
        help_text=_("The body's name as printed under its parent, e.g. Ban Tuyên giáo và Dân vận."),
    )
    parent_name = models.CharField(
        _("parent body"),
        max_length=255,
        blank=True,
        help_text=_("Printed above the body's name, e.g. Tỉnh ủy An Giang."),
    )
    place_name = models.CharField(
        _("place"), max_length=100, help_text=_("For “Rạch Giá, ngày … tháng … năm …”.")
    )
    number_format = models.CharField(
        _("register number format"),
        max_length=60,
        default="{seq:04d}/{year}/{suffix}",
        help_text=_("Placeholders: {seq} (the number in the year), {year}, {suffix}."),
    )
    certificate_suffix = models.CharField(
        _("suffix for programme certificates"), max_length=30, default="CC-BTGDV"
    )
    attestation_suffix = models.CharField(
        _("suffix for attestations"), max_length=30, default="GCN-BTGDV"
    )
    signing_mode = models.CharField(
        _("way of signing"),
        max_length=12,
        choices=SigningMode.choices,
        default=SigningMode.DIRECT,
        help_text=_("The format gives the mark: T/M, K/T, T/L for the Party; TM., KT., TL. …"),
    )
    signing_for = models.CharField(
        _("signing for"),
        max_length=120,
        blank=True,
        help_text=_("After the mark, e.g. “TRƯỞNG BAN” (K/T TRƯỞNG BAN) or “BAN THƯỜNG VỤ”."),
    )
    signer_title = models.CharField(
        _("signer's title"),
        max_length=120,
        help_text=_("The signer's own post, e.g. “PHÓ TRƯỞNG BAN”."),
    )
    signer_name = models.CharField(_("signer's name"), max_length=120)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issuing_bodies",
        verbose_name=_("agency"),
        help_text=_("Classes organised by this agency or those under it get its certificates."),
    )
    is_default = models.BooleanField(
        _("default"), default=False, help_text=_("Used when no agency of a class matches.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="issuing_body_one_default",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        try:
            self.format_number(seq=1, year=2026, suffix="X")
        except (KeyError, ValueError, IndexError):
            raise ValidationError({"number_format": NUMBER_FORMAT_INVALID}) from None
        if "{seq" not in self.number_format:
            raise ValidationError({"number_format": NUMBER_FORMAT_INVALID})
        if self.signing_mode != SigningMode.DIRECT:
            if not self.signing_for.strip():
                raise ValidationError({"signing_for": SIGNING_FOR_REQUIRED})
            if self.document_format_id and not self.document_format.mark_for(self.signing_mode):
                raise ValidationError({"signing_mode": SIGNING_MODE_NOT_IN_FORMAT})

    def format_number(self, *, seq: int, year: int, suffix: str) -> str:
        return self.number_format.format(seq=seq, year=year, suffix=suffix)

    def suffix_for(self, kind: str) -> str:
        return (
            self.certificate_suffix
            if kind == CredentialKind.CERTIFICATE
            else self.attestation_suffix
        )

    def signature_lines(self) -> list[str]:
        """The printed title block: “K/T TRƯỞNG BAN” (the mark from the format), then the post."""
        lines = []
        mark = self.document_format.mark_for(self.signing_mode)
        if mark:
            lines.append(f"{mark} {self.signing_for.strip()}")
        lines.append(self.signer_title.strip())
        return lines

    def place_date(self, day) -> str:
        return f"{self.place_name}, {self.document_format.date_text(day)}"


SIGNING_FOR_REQUIRED = _("Give the title signed for, e.g. TRƯỞNG BAN.")
SIGNING_MODE_NOT_IN_FORMAT = _("This document format has no mark for this way of signing.")
NUMBER_FORMAT_INVALID = _(
    "The format must contain {seq} and may use only {seq}, {year} and {suffix}, "
    "e.g. {seq:04d}/{year}/{suffix}."
)


class RegisterCounter(models.Model):
    """The last register number used by a body in a year; locked while a number is taken."""

    body = models.ForeignKey(IssuingBody, on_delete=models.PROTECT, related_name="counters")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="register_counter_body_year")
        ]

    def __str__(self):
        return f"{self.body} · {self.year}: {self.last_number}"


class CertificateState(models.TextChoices):
    VALID = "valid", pgettext_lazy("certificate state", "Valid")
    EXPIRED = "expired", pgettext_lazy("certificate state", "Expired")
    REVOKED = "revoked", pgettext_lazy("certificate state", "Revoked")


def new_verification_code() -> str:
    # 15 random bytes = 120 bits, 20 URL-safe characters; never derived from ids.
    import secrets

    return secrets.token_urlsafe(15)


class Certificate(models.Model):
    """A chứng chỉ or giấy chứng nhận with its register number; revoked, never deleted.

    Everything printed is copied at issue (holder, agency, position, course, dates, the
    issuer's lines and format, place and date, signer), so a reprint is the same paper after a
    transfer, a merger or an edit of the issuing body, and the register book and verification
    page say what the paper says. A later field printed on the paper (a decision number, a
    grade) joins them here and in `training.services.printed_fields`.
    """

    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("enrolment"),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=CredentialKind.choices,
    )
    body = models.ForeignKey(
        IssuingBody,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("issuing body"),
    )
    year = models.PositiveSmallIntegerField(_("register year"))
    serial = models.PositiveIntegerField(_("number in the year"))
    number = models.CharField(_("register number"), max_length=80, unique=True)
    holder_name = models.CharField(_("holder"), max_length=200)
    holder_birth_date = models.DateField(_("date of birth"))
    holder_agency = models.CharField(_("agency"), max_length=255)
    holder_position = models.CharField(_("position"), max_length=200, blank=True)
    course_title = models.CharField(_("course"), max_length=255)
    hours = models.PositiveSmallIntegerField(_("hours (periods)"))
    course_start = models.DateField(_("studied from"))
    course_end = models.DateField(_("studied until"))
    heading = models.TextField(_("heading"))  # the format's heading lines
    issuer_parent = models.CharField(_("parent body"), max_length=255, blank=True)
    issuer_name = models.CharField(_("issuing body"), max_length=255)
    issuer_separator = models.CharField(
        _("under the issuing body"), max_length=10, choices=IssuerSeparator.choices
    )
    place_date = models.CharField(_("place and date"), max_length=255)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=120)
    signer_title = models.TextField(_("signer's title"), max_length=200)  # printed lines, marked
    # Classes held in person: the decision that confirmed the results, and the learner's grade.
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=60, blank=True)
    verification_code = models.CharField(
        _("verification code"), max_length=40, unique=True, default=new_verification_code
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    # Why a revoked certificate's learner was issued one again (a decision, never automatic).
    reissue_reason = models.TextField(_("reason for issuing again"), blank=True)

    class Meta:
        ordering = ["-issued_on", "-serial"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(revoked_at__isnull=True),
                name="certificate_one_valid_per_enrolment",
            ),
            models.UniqueConstraint(
                fields=["body", "year", "serial"], name="certificate_serial_per_body_year"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoke_reason=""),
                name="certificate_revocation_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("issued_on")),
                name="certificate_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(course_start__lte=F("course_end")) & Q(course_end__lte=F("issued_on")),
                name="certificate_course_dates_not_after_issue",
            ),
        ]
        indexes = [models.Index(fields=["expires_on"], name="certificate_expires_on")]

    def __str__(self):
        return f"{self.number} · {self.holder_name}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired_on(self, day) -> bool:
        return self.expires_on is not None and self.expires_on < day

    @property
    def is_expired(self) -> bool:
        """Past its expiry date; an expired certificate no longer satisfies a requirement."""
        return self.is_expired_on(timezone.localdate())

    def state_on(self, day) -> CertificateState:
        if self.is_revoked:
            return CertificateState.REVOKED
        if self.is_expired_on(day):
            return CertificateState.EXPIRED
        return CertificateState.VALID

    @property
    def state(self) -> CertificateState:
        return self.state_on(timezone.localdate())

    @property
    def is_valid(self) -> bool:
        return self.state == CertificateState.VALID


class CertificateBatch(Job):
    """One combined PDF of a class's certificates, built as a background job with progress.

    Coordinators all see every batch (not only the one who asked); the file is in private storage.
    """

    offering = models.ForeignKey(
        Offering, on_delete=models.PROTECT, related_name="certificate_batches"
    )

    class Meta:
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")


class ReportFile(Job):
    """A report's file (XLSX, CSV or PDF) built on the job base because its agencies are many;
    only its requester reads it. `query` is the report page's filters as it sent them."""

    report = models.CharField(max_length=20)
    file_format = models.CharField(max_length=4)
    query = models.CharField(max_length=2000, blank=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")


class SentReminder(models.Model):
    """A reminder already sent, so the periodic command never sends it twice.

    `kind` names the reminder (later issues add theirs); `subject_key` names what it was about.
    """

    kind = models.CharField(max_length=40)
    subject_key = models.CharField(max_length=80)
    recipient = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_key", "recipient"], name="sent_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.kind} · {self.subject_key} → {self.recipient}"


# --- Classes held in person: sessions, attendance, results, the completion decision ---------


class Session(models.Model):
    """One sitting of a class held in person: a day, hours, periods (tiết), a room, a teacher."""

    offering = models.ForeignKey(
        Offering, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("class")
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    periods = models.PositiveSmallIntegerField(
        _("periods"), validators=[MinValueValidator(1)], help_text=_("Teaching periods (tiết).")
    )
    place = models.CharField(_("place"), max_length=255)
    teacher = models.CharField(_("teacher"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=255, blank=True)

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_it_starts"
            ),
            models.CheckConstraint(condition=Q(periods__gte=1), name="session_periods_positive"),
        ]

    def __str__(self):
        return f"{self.offering.code} · {self.date:%d/%m/%Y} {self.starts_at:%H:%M}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", pgettext_lazy("attendance", "Present")
    LATE = "late", pgettext_lazy("attendance", "Late")
    EXCUSED = "excused", pgettext_lazy("attendance", "Excused absence")
    ABSENT = "absent", pgettext_lazy("attendance", "Absent")


class AttendanceSource(models.TextChoices):
    SHEET = "sheet", _("marked on the attendance sheet")
    IMPORT = "import", _("imported from a file")
    CHECK_IN = "check_in", _("checked in by QR code")


class Attendance(models.Model):
    """Whether a learner came to a session; the last mark stands (who and how is kept)."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    source = models.CharField(max_length=10, choices=AttendanceSource.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_once")
        ]

    def __str__(self):
        return f"{self.session} · {self.enrolment_id}: {self.status}"


class GradingScheme(ClusterableModel):
    """How a class's final score becomes a grade (xuất sắc, giỏi, khá...): bands kept as data."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    max_score = models.DecimalField(_("highest score"), max_digits=5, decimal_places=2, default=10)
    basis = models.CharField(
        _("basis"),
        max_length=255,
        blank=True,
        help_text=_("The rule the bands follow, shown to learners and organisers."),
    )
    is_example = models.BooleanField(
        _("example values"),
        default=False,
        help_text=_("The bands are an example to be checked against the school's own rules."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("grading scheme")
        verbose_name_plural = _("grading schemes")

    def __str__(self):
        return self.name

    def band_for(self, score):
        """The highest band whose minimum the score reaches (bands must be prefetched or few)."""
        for band in sorted(self.bands.all(), key=lambda b: b.min_score, reverse=True):
            if score >= band.min_score:
                return band
        return None


class GradeBand(models.Model):
    scheme = ParentalKey(GradingScheme, on_delete=models.CASCADE, related_name="bands")
    label = models.CharField(_("grade"), max_length=60)
    min_score = models.DecimalField(_("from score"), max_digits=5, decimal_places=2)
    passing = models.BooleanField(_("passing"), default=True)

    class Meta:
        ordering = ["scheme", "-min_score"]
        verbose_name = _("grade band")
        verbose_name_plural = _("grade bands")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "min_score"], name="grade_band_once")
        ]

    def __str__(self):
        return f"{self.label} ≥ {self.min_score}"


class Result(models.Model):
    """A learner's final assessment in a class: a score graded by the class's scheme, or
    passed / not passed for classes that do not grade."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="result")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=60, blank=True)  # the band's label at entry
    passed = models.BooleanField(_("passed"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self):
        return f"{self.enrolment_id}: {self.score} {self.grade}"


class CompletionDecision(models.Model):
    """The coordinator's decision confirming a class's results; certificates carry its number."""

    offering = models.OneToOneField(
        Offering, on_delete=models.PROTECT, related_name="completion_decision"
    )
    number = models.CharField(_("decision number"), max_length=100)
    decided_on = models.DateField(_("decision date"))
    signer_name = models.CharField(_("signed by"), max_length=120)
    signer_title = models.CharField(_("signer's title"), max_length=200)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("completion decision")
        verbose_name_plural = _("completion decisions")

    def __str__(self):
        return f"{self.number} · {self.offering_id}"


# --- Capacity: training requirements and qualifications --------------------------------------


class TrainingRequirement(models.Model):
    """Training a post requires: a course, or periods of one of Decree 171/2025's content kinds.

    It targets one thing: a responsibility (phụ trách dân vận), a job position, a leadership
    title or a cadre category. A completion older than `validity_years` no longer counts.
    Rules of the trade as data: coordinators edit them; the demo's are marked as examples.
    """

    name = models.CharField(_("name"), max_length=200)
    course = models.ForeignKey(
        "curriculum.CoursePage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course"),
        help_text=_("Either a course, or a content kind with a number of periods."),
    )
    content_kind = models.CharField(
        _("content kind"), max_length=30, blank=True, choices=ContentKind.choices
    )
    periods = models.PositiveSmallIntegerField(_("periods"), null=True, blank=True)
    responsibility_kind = models.ForeignKey(
        "cadres.ResponsibilityKind",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_requirements",
        verbose_name=_("responsibility"),
    )
    job_position = models.ForeignKey(
        "cadres.JobPosition",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_requirements",
        verbose_name=_("job position"),
    )
    title = models.ForeignKey(
        "cadres.LeadershipTitle",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_requirements",
        verbose_name=_("leadership title"),
    )
    category = models.ForeignKey(
        CadreCategory,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_requirements",
        verbose_name=_("cadre category"),
    )
    validity_years = models.PositiveSmallIntegerField(
        _("valid for (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: a completion counts for good."),
    )
    basis = models.CharField(_("legal basis"), max_length=255)
    is_example = models.BooleanField(
        _("example values"),
        default=False,
        help_text=_("An example to be checked against the province's own training plan."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("training requirement")
        verbose_name_plural = _("training requirements")
        constraints = [
            models.CheckConstraint(
                condition=(Q(course__isnull=False) & Q(content_kind="") & Q(periods__isnull=True))
                | (
                    Q(course__isnull=True)
                    & ~Q(content_kind="")
                    & Q(periods__isnull=False, periods__gte=1)
                ),
                name="training_requirement_course_or_kind_and_periods",
                violation_error_message=_(
                    "Require either a course, or a content kind with a number of periods."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        responsibility_kind__isnull=False,
                        job_position__isnull=True,
                        title__isnull=True,
                        category__isnull=True,
                    )
                    | Q(
                        responsibility_kind__isnull=True,
                        job_position__isnull=False,
                        title__isnull=True,
                        category__isnull=True,
                    )
                    | Q(
                        responsibility_kind__isnull=True,
                        job_position__isnull=True,
                        title__isnull=False,
                        category__isnull=True,
                    )
                    | Q(
                        responsibility_kind__isnull=True,
                        job_position__isnull=True,
                        title__isnull=True,
                        category__isnull=False,
                    )
                ),
                name="training_requirement_one_target",
                violation_error_message=_(
                    "Choose exactly one of: a responsibility, a job position, a leadership title "
                    "or a cadre category."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def target(self):
        return self.responsibility_kind or self.job_position or self.title or self.category


class QualificationArea(models.TextChoices):
    POLITICAL_THEORY = "political_theory", _("Political theory")
    STATE_MANAGEMENT = "state_management", _("State management")
    PROFESSIONAL = "professional", _("Professional degree")
    DIGITAL = "digital", _("Digital skills")
    FOREIGN_LANGUAGE = "foreign_language", _("Foreign language")
    ETHNIC_LANGUAGE = "ethnic_language", _("Ethnic minority language")


class Qualification(models.Model):
    """A diploma or certificate a cadre holds in one area (a Khmer certificate, a degree)."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, related_name="qualifications", verbose_name=_("cadre")
    )
    area = models.CharField(_("area"), max_length=20, choices=QualificationArea.choices)
    name = models.CharField(_("qualification"), max_length=255)
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True)
    institution = models.CharField(_("institution"), max_length=255, blank=True)
    # Set when it came with training done elsewhere.
    external_training = models.ForeignKey(
        ExternalTraining,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="qualifications",
        verbose_name=_("external training"),
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area", "-awarded_on"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")

    def __str__(self):
        return f"{self.cadre_id}: {self.name}"


# --- Yearly training plans (kế hoạch đào tạo, bồi dưỡng) ---


class TrainingPlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("training plan status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("training plan status", "Submitted")
    APPROVED = "approved", pgettext_lazy("training plan status", "Approved")
    RETURNED = "returned", pgettext_lazy("training plan status", "Returned")


class TrainingPlan(models.Model):
    """An agency's training plan for a year: drafted, submitted, approved or returned with a
    reason by the level above (a coordinator, or an officer whose scope is above the agency)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="training_plans", verbose_name=_("agency")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TrainingPlanStatus.choices,
        default=TrainingPlanStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)

    class Meta:
        ordering = ["-year", "agency__path"]
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="training_plan_one_per_year"),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="training_plan_returned_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.agency.name} · {self.year}"


class TrainingPlanItem(models.Model):
    """One line of a plan: what (a course or a content kind), for whom, how many, when, cost."""

    plan = models.ForeignKey(
        TrainingPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan")
    )
    requirement = models.ForeignKey(
        TrainingRequirement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requirement it closes"),
    )
    course = models.ForeignKey(
        "curriculum.CoursePage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course"),
    )
    content_kind = models.CharField(
        _("content kind"), max_length=30, blank=True, choices=ContentKind.choices
    )
    category = models.ForeignKey(
        CadreCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("audience: category"),
    )
    title = models.ForeignKey(
        "cadres.LeadershipTitle",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("audience: title"),
    )
    job_position = models.ForeignKey(
        "cadres.JobPosition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("audience: job position"),
    )
    headcount = models.PositiveIntegerField(
        _("target headcount"), validators=[MinValueValidator(1)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    estimated_cost = models.DecimalField(
        _("estimated cost (VND)"), max_digits=14, decimal_places=0, default=0
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["quarter", "pk"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        constraints = [
            models.CheckConstraint(
                condition=Q(course__isnull=False) | ~Q(content_kind=""),
                name="training_plan_item_has_course_or_kind",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="training_plan_item_quarter"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if self.course_id:
            return self.course.title
        return str(ContentKind(self.content_kind).label)
