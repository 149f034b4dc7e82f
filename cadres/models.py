"""The registry: users and their roles (agencies, cadres and postings join them)."""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from treebeard.mp_tree import MP_Node

from cadres.text import fold, name_sort_text, nfc


class User(AbstractUser):
    """A login. Cadres log in with their personnel code as username; staff usually by email.

    What a personnel officer or a leader sees is the union of their scopes (Scope, below);
    coordinators and superusers see the whole province.
    """

    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Language of the interface; empty means Vietnamese."),
    )
    # A new address the personnel department recorded, waiting for the holder to take it:
    # the login's own email (where password resets go) changes only with the holder's word.
    pending_email = models.EmailField(_("email waiting for confirmation"), blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    def get_full_name(self):
        # Vietnamese order: family and middle names (last_name) before the given name.
        return " ".join(part for part in (self.last_name, self.first_name) if part).strip()

    def __str__(self):
        return self.get_full_name() or self.username


class EditableTable(models.Model):
    """An editable list the rest of the system refers to (categories, kinds): code, name, order."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class CadreCategory(EditableTable):
    """A group of cadres that courses are aimed at and hour targets are set for (editable)."""

    description = models.TextField(_("description"), blank=True)

    class Meta(EditableTable.Meta):
        verbose_name = _("cadre category")
        verbose_name_plural = _("cadre categories")


class EthnicGroup(EditableTable):
    """One of Vietnam's 54 ethnic groups, coded as the statistics office codes them
    (cadres.ethnic_groups has the list and its basis); the code is two digits."""

    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_("Other names files may use, one per line (Khơ-me for Khmer, …)."),
    )

    class Meta(EditableTable.Meta):
        verbose_name = _("ethnic group")
        verbose_name_plural = _("ethnic groups")
        ordering = ["code"]

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def is_minority(self) -> bool:
        return self.code != "01"


class JobPosition(EditableTable):
    """A job position (vị trí việc làm) a posting may name by code: an editable table.

    Decree 171/2025/NĐ-CP ties civil servants' training to the job position, so training
    requirements can target one.
    """

    description = models.TextField(_("description"), blank=True)

    class Meta(EditableTable.Meta):
        verbose_name = _("job position")
        verbose_name_plural = _("job positions")


class LeadershipTitle(EditableTable):
    """A leadership title (chức vụ: Bí thư, Chủ tịch UBND …) a posting may name by code."""

    description = models.TextField(_("description"), blank=True)

    class Meta(EditableTable.Meta):
        verbose_name = _("leadership title")
        verbose_name_plural = _("leadership titles")


class AgencyKind(EditableTable):
    """A kind of agency (Tỉnh ủy, Ủy ban nhân dân, …): an editable table, defaults from migration."""

    class Meta(EditableTable.Meta):
        verbose_name = _("agency kind")
        verbose_name_plural = _("agency kinds")


class Agency(MP_Node):
    """An agency or unit in the province's tree (party, state, Front, commune, team …).

    Agencies are never deleted: they end (valid_to). Merges, splits, renames and moves are dated
    events added by the agency-history issue; the tree here is the present one.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.ForeignKey(
        AgencyKind, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("kind")
    )
    # Official codes get reused between code lists, so the list is stored with the code.
    admin_code = models.CharField(_("administrative unit code"), max_length=10, blank=True)
    admin_code_list = models.CharField(
        _("code list"),
        max_length=60,
        blank=True,
        help_text=_("The decision that issued the administrative code, e.g. QĐ 19/2025/QĐ-TTg."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    node_order_by = None  # children keep the order they were added in

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="agency_valid_to_not_before_valid_from",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None or self.valid_to >= date.today()


def listed_parents(paths) -> dict[str, str | None]:
    """For each path of a list of agencies, the nearest ancestor in the same list (or None).

    A list narrowed by a scope may leave out ancestors (every commune Front committee, without
    the communes' Party committees above them): rows indent and add up to what is listed, so
    nothing of the agencies left out shows through.
    """
    listed = set(paths)
    parents = {}
    for path in paths:
        parent = path[: -Agency.steplen]
        while parent and parent not in listed:
            parent = parent[: -Agency.steplen]
        parents[path] = parent or None
    return parents


def tree_indents(agencies) -> dict[int, int]:
    """Indent levels of agencies listed in tree order: one step per listed ancestor."""
    agencies = sorted(agencies, key=lambda a: a.path)
    parents = listed_parents([a.path for a in agencies])
    by_path: dict[str, int] = {}
    for agency in agencies:
        parent = parents[agency.path]
        by_path[agency.path] = 0 if parent is None else by_path[parent] + 1
    return {agency.pk: by_path[agency.path] for agency in agencies}


class Scope(models.Model):
    """A part of the province granted to a user: an agency's subtree (no agency: the whole
    province), optionally only the agencies of some kinds ("every Ủy ban MTTQ", "every commune
    People's Committee"). A user sees the union of their scopes.

    Grants are never changed or deleted: a scope is withdrawn (dated, by whom) and a new one
    granted, so the record of who could see what, and when, stays.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="scopes",
        verbose_name=_("user"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scopes",
        verbose_name=_("agency"),
        help_text=_("The agency and everything under it; empty for the whole province."),
    )
    kinds = models.ManyToManyField(
        AgencyKind,
        blank=True,
        related_name="scopes",
        verbose_name=_("only agencies of these kinds"),
        help_text=_("Leave empty for every kind of agency."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = _("scope")
        verbose_name_plural = _("scopes")
        indexes = [models.Index(fields=["user", "withdrawn_at"], name="scope_user_active")]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("granted_at")),
                name="scope_withdrawn_not_before_granted",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=False) | Q(withdrawn_by__isnull=True),
                name="scope_withdrawn_by_only_when_withdrawn",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.agency.name if self.agency else _('the whole province')}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class PoliticalTheoryLevel(models.TextChoices):
    ELEMENTARY = "so_cap", _("Elementary (sơ cấp)")
    INTERMEDIATE = "trung_cap", _("Intermediate (trung cấp)")
    ADVANCED = "cao_cap", _("Advanced (cao cấp)")
    BACHELOR = "cu_nhan", _("Bachelor (cử nhân)")


class RetirementCase(models.TextChoices):
    """The cases in which a cadre retires earlier or later than the roadmap's age."""

    EARLIER_HARD_WORK = (
        "earlier_hard_work",
        _(
            "Earlier: at least 15 years of heavy, toxic or dangerous work or in areas with "
            "especially difficult conditions (Decree 135/2020/NĐ-CP, art. 5)"
        ),
    )
    EARLIER_REDUCED_CAPACITY = (
        "earlier_reduced_capacity",
        _("Earlier: working capacity reduced by 61% or more (Decree 135/2020/NĐ-CP, art. 5)"),
    )
    LATER_POST = (
        "later_post",
        _(
            "Later: a post allowed to retire later (Decree 83/2022/NĐ-CP, amended by "
            "Decree 99/2024/NĐ-CP)"
        ),
    )
    LATER_AGREEMENT = (
        "later_agreement",
        _(
            "Later: high professional skills or a special case, by agreement (Labour Code 2019, "
            "art. 169.4; Decree 135/2020/NĐ-CP, art. 6)"
        ),
    )

    @classmethod
    def is_earlier(cls, case: str) -> bool:
        return case in (cls.EARLIER_HARD_WORK, cls.EARLIER_REDUCED_CAPACITY)


class RetirementAge(models.Model):
    """One step of the retirement-age roadmap: the age of those who reach it in `year`.

    A step holds from its year until the next step of the same gender; the first step also
    covers every earlier year. Seeded from Decree 135/2020/NĐ-CP, Phụ lục I; editable.
    """

    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    year = models.PositiveSmallIntegerField(_("year of retirement"))
    years = models.PositiveSmallIntegerField(_("age: years"))
    months = models.PositiveSmallIntegerField(
        _("age: months"), default=0, validators=[MaxValueValidator(11)]
    )
    basis = models.CharField(_("legal basis"), max_length=255)

    class Meta:
        ordering = ["gender", "year"]
        verbose_name = _("retirement age")
        verbose_name_plural = _("retirement ages")
        constraints = [
            models.UniqueConstraint(fields=["gender", "year"], name="retirement_age_per_year"),
            models.CheckConstraint(condition=Q(months__lt=12), name="retirement_age_months_0_11"),
        ]

    def __str__(self):
        return f"{self.get_gender_display()} · {self.year}: {self.years}/{self.months}"

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months


class Cadre(models.Model):
    """A person in the registry: cán bộ, công chức, viên chức, đảng viên."""

    personnel_code = models.CharField(_("personnel code"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    # Search and sort columns derived from full_name; services and bulk imports fill them.
    folded_name = models.CharField(max_length=200, editable=False, default="")
    name_sort_text = models.CharField(max_length=600, editable=False, default="", db_index=True)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=1, blank=True, choices=Gender.choices)
    # The group from the coded list; `ethnicity` keeps its name, or what an old record said
    # when it matched no group of the list.
    ethnic_group = models.ForeignKey(
        EthnicGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cadres",
        verbose_name=_("ethnic group"),
    )
    ethnicity = models.CharField(_("ethnicity"), max_length=60, blank=True)
    religion = models.CharField(_("religion"), max_length=60, blank=True)
    is_party_member = models.BooleanField(_("party member"), default=False)
    party_joined_on = models.DateField(_("date of joining the Party"), null=True, blank=True)
    theory_level = models.CharField(
        _("political theory level"),
        max_length=12,
        blank=True,
        choices=PoliticalTheoryLevel.choices,
    )
    education = models.CharField(_("education"), max_length=200, blank=True)
    category = models.ForeignKey(
        CadreCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cadres",
        verbose_name=_("category"),
    )
    email = models.EmailField(_("email address"), blank=True)
    # The agency of the open posting, or of the last posting after the cadre left. Kept by the
    # services that open and end postings, so scoping and filtering a 100,000-row list is one join.
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="cadres", verbose_name=_("agency")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cadre",
        verbose_name=_("user account"),
    )
    # Retirement is computed from the date of birth and gender (cadres.retirement); a decided
    # earlier or later retirement, in a case the law allows, overrides it with its reason.
    retirement_override = models.DateField(_("decided retirement date"), null=True, blank=True)
    retirement_case = models.CharField(
        _("case"), max_length=30, blank=True, choices=RetirementCase.choices
    )
    retirement_reason = models.TextField(_("decision and reason"), blank=True)

    class Meta:
        ordering = ["name_sort_text", "personnel_code"]
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        constraints = [
            models.CheckConstraint(
                condition=Q(party_joined_on__isnull=True) | Q(is_party_member=True),
                name="cadre_party_date_only_for_members",
            ),
            models.CheckConstraint(
                condition=Q(retirement_override__isnull=True, retirement_case="")
                | (
                    Q(retirement_override__isnull=False)
                    & ~Q(retirement_case="")
                    & ~Q(retirement_reason="")
                ),
                name="cadre_retirement_override_has_case_and_reason",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.personnel_code})"

    def save(self, *args, **kwargs):
        # Derived columns, not business logic: they must never disagree with full_name.
        self.fill_derived_names()
        super().save(*args, **kwargs)

    def fill_derived_names(self) -> None:
        """Normalise the name and refresh the search and sort columns (bulk writes call this)."""
        self.full_name = nfc(self.full_name)
        self.folded_name = fold(self.full_name)
        self.name_sort_text = name_sort_text(self.full_name)


class Posting(models.Model):
    """A cadre's post in an agency for a period; the open one (no end date) is the current one."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, related_name="postings", verbose_name=_("cadre")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="postings", verbose_name=_("agency")
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    # The free text stays as written; the codes (optional) are what training requirements target.
    job_position = models.ForeignKey(
        JobPosition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("job position"),
    )
    title = models.ForeignKey(
        LeadershipTitle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("leadership title"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        constraints = [
            models.UniqueConstraint(
                fields=["cadre"],
                condition=Q(end_date__isnull=True),
                name="posting_one_open_per_cadre",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="posting_end_not_before_start",
            ),
        ]

    def __str__(self):
        return f"{self.cadre.full_name} · {self.agency.name}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


# --- Agency history (issue 4): dated events with their legal basis ---


class AgencyEventKind(models.TextChoices):
    MERGE = "merge", _("Merger")
    SPLIT = "split", _("Split")
    RENAME = "rename", _("Renaming")
    MOVE = "move", _("Move to another parent")
    DISSOLVE = "dissolve", _("Dissolution")


class AgencyEvent(models.Model):
    """A dated change to the tree of agencies, with the decision that made it.

    Events are only ever added: undoing one is a new event, so the record of what happened stays.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=AgencyEventKind.choices)
    effective_date = models.DateField(_("effective date"))
    basis_number = models.CharField(_("decision number"), max_length=100)
    basis_date = models.DateField(_("decision date"), null=True, blank=True)
    basis_issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-effective_date", "-id"]
        verbose_name = _("agency event")
        verbose_name_plural = _("agency events")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.effective_date:%d/%m/%Y} · {self.basis_number}"

    def agencies_in(self, role: str) -> list[Agency]:
        """The event's agencies in one role (uses prefetched links when there are some)."""
        return [link.agency for link in self.links.all() if link.role == role]


class AgencyEventRole(models.TextChoices):
    # Context: plain "before"/"after" would pick up other apps' translations.
    SOURCE = "source", pgettext_lazy("agency event role", "before")  # ended, renamed or moved
    TARGET = "target", pgettext_lazy("agency event role", "after")  # successor or new parent
    FORMER_PARENT = "former_parent", pgettext_lazy("agency event role", "former parent")


class AgencyEventLink(models.Model):
    """One agency's part in an event: what it was before (source) or became (target)."""

    event = models.ForeignKey(
        AgencyEvent, on_delete=models.PROTECT, related_name="links", verbose_name=_("event")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="event_links", verbose_name=_("agency")
    )
    role = models.CharField(_("role"), max_length=16, choices=AgencyEventRole.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("agency in an event")
        verbose_name_plural = _("agencies in events")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "agency", "role"], name="agency_event_link_unique_role"
            ),
        ]

    def __str__(self):
        return f"{self.agency.name} ({self.get_role_display()})"


class AgencyName(models.Model):
    """A former name of an agency. A renaming keeps the same Agency row (and so every posting,
    assignment and later record that points at it) and stores the old name here, dated."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="former_names", verbose_name=_("agency")
    )
    name = models.CharField(_("name"), max_length=255)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"))
    event = models.ForeignKey(
        AgencyEvent,
        on_delete=models.PROTECT,
        related_name="former_names",
        verbose_name=_("event"),
    )

    class Meta:
        ordering = ["-valid_to", "-id"]
        verbose_name = _("former agency name")
        verbose_name_plural = _("former agency names")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="agency_name_valid_to_not_before_valid_from",
            ),
        ]

    def __str__(self):
        return self.name


def agency_name_on(agency: Agency, day: date | None) -> str:
    """The agency's name on that day: a former name if a renaming came after it.

    Reads `agency.former_names.all()`, so prefetch it when calling this for many rows.
    """
    if day is None:
        return agency.name
    candidates = [n for n in agency.former_names.all() if n.valid_to >= day]
    if not candidates:
        return agency.name
    # The earliest former name still valid on that day is the one in use then.
    return min(candidates, key=lambda n: n.valid_to).name


# --- Responsible officers and staffing rules ---


class ResponsibilityKind(EditableTable):
    """A responsibility an agency gives one officer (dân vận work, Front work …): editable."""

    description = models.TextField(_("description"), blank=True)

    class Meta(EditableTable.Meta):
        verbose_name = _("responsibility kind")
        verbose_name_plural = _("responsibility kinds")


class OfficerAssignment(models.Model):
    """A cadre made responsible for a kind of work in an agency, by a decision, for a period."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("cadre")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("agency")
    )
    kind = models.ForeignKey(
        ResponsibilityKind,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("responsibility"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("officer assignment")
        verbose_name_plural = _("officer assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind"],
                condition=Q(end_date__isnull=True),
                name="officer_assignment_one_open_per_agency_and_kind",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="officer_assignment_end_not_before_start",
            ),
        ]

    def __str__(self):
        return f"{self.kind.name} · {self.agency.name} · {self.cadre.full_name}"


class StaffingRule(models.Model):
    """Every current agency of this kind must have this responsibility filled (editable)."""

    agency_kind = models.ForeignKey(
        AgencyKind,
        on_delete=models.CASCADE,
        related_name="staffing_rules",
        verbose_name=_("agency kind"),
    )
    responsibility_kind = models.ForeignKey(
        ResponsibilityKind,
        on_delete=models.CASCADE,
        related_name="staffing_rules",
        verbose_name=_("required responsibility"),
    )

    class Meta:
        ordering = ["agency_kind__sort_order", "responsibility_kind__sort_order"]
        verbose_name = _("staffing rule")
        verbose_name_plural = _("staffing rules")
        constraints = [
            models.UniqueConstraint(
                fields=["agency_kind", "responsibility_kind"], name="staffing_rule_unique"
            ),
        ]

    def __str__(self):
        return f"{self.agency_kind.name}: {self.responsibility_kind.name}"


# --- Rotation plans (Regulation 65-QĐ/TW) ---


class RotationForm(models.TextChoices):
    # Luân chuyển: planned rotation to train the cadre; điều động: a move decided by the
    # authority for the work's needs; biệt phái: a secondment for a time, then back.
    ROTATION = "luan_chuyen", _("Rotation (luân chuyển)")
    REASSIGNMENT = "dieu_dong", _("Reassignment (điều động)")
    SECONDMENT = "biet_phai", _("Secondment (biệt phái)")


class RotationStatus(models.TextChoices):
    # Context: Wagtail's and allauth's "Approved"/"Cancelled" would win otherwise.
    PROPOSED = "proposed", pgettext_lazy("rotation status", "Proposed")
    APPROVED = "approved", pgettext_lazy("rotation status", "Approved")
    EXECUTED = "executed", pgettext_lazy("rotation status", "Executed")
    CANCELLED = "cancelled", pgettext_lazy("rotation status", "Cancelled")


class RotationRuleKind(models.TextChoices):
    SERVICE_LEFT = "service_left", _("Service left at the time of the move")
    TIME_IN_POST = "time_in_post", _("Minimum time in the post moved to")


class RotationRule(models.Model):
    """A rule that moves of one form are checked against, with its legal basis (editable data).

    Each form and kind has at most one general rule; exceptions (service left only) are chosen
    on a plan with a reason. A plan that breaks a rule gets a warning; rules never block.
    """

    form = models.CharField(_("form"), max_length=12, choices=RotationForm.choices)
    kind = models.CharField(_("rule"), max_length=12, choices=RotationRuleKind.choices)
    name = models.CharField(
        _("case"), max_length=255, help_text=_("Which cadres or moves the rule is for.")
    )
    months = models.PositiveSmallIntegerField(
        _("months"),
        help_text=_("Service left at least this many months, or at least this long in the post."),
    )
    is_exception = models.BooleanField(
        _("exception"),
        default=False,
        help_text=_(
            "An exception a plan may choose, with a reason; otherwise the general rule of its "
            "form and kind."
        ),
    )
    basis = models.CharField(
        _("legal basis"), max_length=255, help_text=_("Document, date and article.")
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("How sure the basis is, what is still to check.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["form", "kind", "is_exception", "sort_order", "pk"]
        verbose_name = _("rotation rule")
        verbose_name_plural = _("rotation rules")
        constraints = [
            models.UniqueConstraint(
                fields=["form", "kind"],
                condition=Q(is_exception=False),
                name="rotation_rule_one_general_per_form_and_kind",
            ),
            models.CheckConstraint(
                condition=Q(is_exception=False) | Q(kind="service_left"),
                name="rotation_rule_exceptions_for_service_left",
            ),
        ]

    def __str__(self):
        return self.name


class RotationPlan(models.Model):
    """A planned move of a cadre from their current post to another agency and position."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, related_name="rotation_plans", verbose_name=_("cadre")
    )
    from_posting = models.ForeignKey(
        Posting,
        on_delete=models.PROTECT,
        related_name="rotation_plans",
        verbose_name=_("from post"),
    )
    from_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("from agency")
    )
    to_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("to agency")
    )
    to_position = models.CharField(_("to position"), max_length=200)
    to_job_position = models.ForeignKey(
        JobPosition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to job position"),
    )
    to_title = models.ForeignKey(
        LeadershipTitle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to leadership title"),
    )
    form = models.CharField(_("form"), max_length=12, choices=RotationForm.choices)
    planned_date = models.DateField(_("planned date"))
    # A rotation lasts a minimum time: the plan says when it ends or is reviewed.
    planned_end = models.DateField(_("planned end or review date"), null=True, blank=True)
    service_exception = models.ForeignKey(
        RotationRule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"is_exception": True},
        verbose_name=_("exception on service left"),
    )
    exception_reason = models.TextField(_("reason for the exception"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    basis_number = models.CharField(_("decision number"), max_length=100, blank=True)
    basis_date = models.DateField(_("decision date"), null=True, blank=True)
    basis_issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RotationStatus.choices,
        default=RotationStatus.PROPOSED,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    decided_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    executed_posting = models.OneToOneField(
        Posting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new posting"),
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        ordering = ["-planned_date", "-id"]
        verbose_name = _("rotation plan")
        verbose_name_plural = _("rotation plans")
        constraints = [
            models.UniqueConstraint(
                fields=["cadre"],
                condition=Q(status__in=["proposed", "approved"]),
                name="rotation_plan_one_active_per_cadre",
            ),
            models.CheckConstraint(
                condition=~Q(to_agency=F("from_agency")),
                name="rotation_plan_to_another_agency",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True) | Q(planned_end__gt=F("planned_date")),
                name="rotation_plan_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(service_exception__isnull=True) | ~Q(exception_reason=""),
                name="rotation_plan_exception_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="executed", executed_posting__isnull=False)
                | (~Q(status="executed") & Q(executed_posting__isnull=True)),
                name="rotation_plan_executed_has_posting",
            ),
        ]

    def __str__(self):
        return f"{self.cadre.full_name} → {self.to_agency.name}"


# --- Planning (quy hoạch, Regulation 50-QĐ/TW, replaced by Regulation 377-QĐ/TW of 2025) ---


class PlanningLimitKind(models.TextChoices):
    PEOPLE_PER_TITLE = "per_title", _("People planned per title of an agency")
    TITLES_PER_PERSON = "per_person", _("Titles one person is planned for at the same level")
    SERVICE_LEFT = "service_left", _("Months of service left when first planned")


class PlanningLimit(models.Model):
    """A limit the planning register is checked against, with its basis (editable data).

    Breaking one gives a warning on the entry, never a refusal: the regulations leave room for
    decisions of the competent level, and the text of some limits is still to be checked.
    """

    kind = models.CharField(
        _("limit"), max_length=12, choices=PlanningLimitKind.choices, unique=True
    )
    value = models.PositiveSmallIntegerField(
        _("value"), help_text=_("People, titles or months, as the limit says.")
    )
    basis = models.CharField(
        _("legal basis"), max_length=255, help_text=_("Document, date and article.")
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("How sure the basis is, what is still to check.")
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("planning limit")
        verbose_name_plural = _("planning limits")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"


class PlanningEntry(models.Model):
    """A cadre placed in planning (quy hoạch) for a leadership title of an agency for a term.

    Never deleted: a removal keeps the row with its date, decision and reason, so the
    register's history is the rows themselves.
    """

    cadre = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, related_name="planning_entries", verbose_name=_("cadre")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="planning_entries", verbose_name=_("agency")
    )
    title = models.ForeignKey(
        LeadershipTitle,
        on_delete=models.PROTECT,
        related_name="planning_entries",
        verbose_name=_("leadership title"),
    )
    term_start = models.PositiveSmallIntegerField(_("term from (year)"))
    term_end = models.PositiveSmallIntegerField(_("term to (year)"))
    basis_number = models.CharField(_("decision number"), max_length=100)
    basis_date = models.DateField(_("decision date"))
    basis_issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_reason = models.TextField(_("reason for removal"), blank=True)
    removal_number = models.CharField(_("removal decision number"), max_length=100, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )

    class Meta:
        ordering = ["-term_start", "agency__path", "title__sort_order", "cadre__name_sort_text"]
        verbose_name = _("planning entry")
        verbose_name_plural = _("planning entries")
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "agency", "title", "term_start"],
                condition=Q(removed_on__isnull=True),
                name="planning_entry_once_while_active",
            ),
            models.CheckConstraint(
                condition=Q(term_end__gt=F("term_start")), name="planning_term_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | ~Q(removal_reason=""),
                name="planning_removal_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["agency", "title", "term_start"], name="planning_slot")]

    def __str__(self):
        return f"{self.cadre.full_name} → {self.title.name}, {self.agency.name} ({self.term})"

    @property
    def term(self) -> str:
        return f"{self.term_start}–{self.term_end}"

    @property
    def is_active(self) -> bool:
        return self.removed_on is None


# --- Background jobs (cadres.jobs) and the email outbox (cadres.mail) ---


class JobStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("job status", "Queued")
    RUNNING = "running", pgettext_lazy("job status", "Running")
    WAITING = "waiting", pgettext_lazy("job status", "Waiting for confirmation")
    DONE = "done", pgettext_lazy("job status", "Done")
    FAILED = "failed", pgettext_lazy("job status", "Failed")
    CANCELLED = "cancelled", pgettext_lazy("job status", "Cancelled")


class Job(models.Model):
    """Work someone asked for that runs in the background: an import, an export, a batch.

    Each kind extends this table (ImportJob, ExportJob, training's CertificateBatch) and
    registers its runner with cadres.jobs. The row keeps what the request knew (the requester,
    their scopes and language), the progress, a heartbeat that tells a live run from a dead one,
    and the finished file in private storage (never served but through the download view).
    """

    kind = models.CharField(max_length=40)  # the runner registered in cadres.jobs
    step = models.CharField(max_length=20, blank=True)  # jobs in steps: imports check, then write
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The requester's scopes when asked, as a list (cadres.access.scope_to_list): a job never
    # reaches beyond them, even if the requester's scopes grow later.
    scopes = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=8, blank=True)  # messages are written in it
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    result_file = models.CharField(max_length=255, blank=True)  # name in private storage
    result_name = models.CharField(max_length=255, blank=True)  # name offered on download
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)  # the queued task, to retire a dead one
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat")]

    def __str__(self):
        return f"{self.kind} #{self.pk} · {self.status}"

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.rows_done / self.rows_total)) if self.rows_total else 0

    @property
    def is_running(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)


class ImportKind(models.TextChoices):
    CADRES = "cadres", _("cadres")
    AGENCIES = "agencies", _("agencies")


class ImportStep(models.TextChoices):
    CHECK = "check", _("check")
    WRITE = "write", _("write")


class ImportJob(Job):
    """An office import: checked by a first run, confirmed by the uploader, written by a second.

    The uploaded file lives in private storage under imports/ and is removed once the job is
    written, refused, failed or cancelled.
    """

    # cadres, agencies, or a kind another app registers (cadres.imports.register_import)
    import_kind = models.CharField(max_length=20)
    params = models.JSONField(default=dict, blank=True)  # what the kind needs (e.g. the class)
    file_name = models.CharField(max_length=255)  # the upload's name in private storage
    original_name = models.CharField(max_length=255)
    counts = models.JSONField(default=dict, blank=True)  # created/updated/transferred/unchanged
    problems = models.JSONField(default=list, blank=True)  # [{row, column, value, reason}]
    changes = models.JSONField(default=list, blank=True)  # [{row, what, code, name, detail}]

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self):
        return f"{self.import_kind} · {self.original_name} · {self.status}"


class ExportKind(models.TextChoices):
    CADRES_XLSX = "cadres_xlsx", _("cadres (Excel)")
    CADRES_CSV = "cadres_csv", _("cadres (CSV)")


class ExportJob(Job):
    """A cadre list export; the filters and whether sensitive columns go in are the request's."""

    export_kind = models.CharField(max_length=12, choices=ExportKind.choices)
    filters = models.JSONField(default=dict, blank=True)  # the list's filters, parsed
    sensitive = models.BooleanField(default=False)  # sensitive columns included

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")

    @property
    def extension(self) -> str:
        return "csv" if self.export_kind == ExportKind.CADRES_CSV else "xlsx"


class EmailStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("email status", "Queued")
    SENDING = "sending", pgettext_lazy("email status", "Sending")
    SENT = "sent", pgettext_lazy("email status", "Sent")
    RETRYING = "retrying", pgettext_lazy("email status", "Will be retried")
    FAILED = "failed", pgettext_lazy("email status", "Failed")


class OutgoingEmail(models.Model):
    """One email to one address, kept until sent: the page that caused it never waits for mail.

    Written in the same transaction as what caused it (so a rolled-back change mails nobody),
    sent by a background task after the commit, retried with back-off while the mail server
    is down (cadres.mail). `user` is the account it was for, when known, so people can see the
    notices sent to them.
    """

    kind = models.CharField(
        max_length=60
    )  # e.g. "account_opened", "account/email/password_reset_key"
    recipient = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails_received",
    )
    subject = models.CharField(max_length=255)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="email_due")]

    def __str__(self):
        return f"{self.kind} → {self.recipient} · {self.status}"


class AuditAction(models.TextChoices):
    """What an audit entry records. Changes of the registry and of training, and the views of
    a cadre's full record by staff (Law 91/2025/QH15 on personal data: who read it, when)."""

    CREATED = "created", pgettext_lazy("audit", "created")
    CHANGED = "changed", pgettext_lazy("audit", "changed")
    TRANSFERRED = "transferred", pgettext_lazy("audit", "transferred")
    LEFT = "left", pgettext_lazy("audit", "left service")
    ENDED = "ended", pgettext_lazy("audit", "ended")
    APPROVED = "approved", pgettext_lazy("audit", "approved")
    REJECTED = "rejected", pgettext_lazy("audit", "rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("audit", "withdrawn")
    EXECUTED = "executed", pgettext_lazy("audit", "carried out")
    CANCELLED = "cancelled", pgettext_lazy("audit", "cancelled")
    ISSUED = "issued", pgettext_lazy("audit", "issued")
    REVOKED = "revoked", pgettext_lazy("audit", "revoked")
    IMPORTED = "imported", pgettext_lazy("audit", "imported")
    VIEWED = "viewed", pgettext_lazy("audit", "full record viewed")
    EXPORTED = "exported", pgettext_lazy("audit", "list exported")


class AuditEntry(models.Model):
    """One change (or one view of a cadre's full record): who, when, what, field by field.

    Written by the services (cadres.audit), in the transaction of the change, also for the
    bulk writes of imports and agency events that model signals would miss. `changes` is
    {field: [old, new]} with values as shown (dates dd/mm/yyyy). `cadre` and `agency` place
    the entry for filtering (the cadre's history, an agency's changes); `job` is the import or
    batch that made it. Nothing here is edited or removed by the site.
    """

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_name = models.CharField(max_length=150, blank=True)  # kept if the account goes
    action = models.CharField(_("action"), max_length=12, choices=AuditAction.choices)
    target_type = models.CharField(_("object type"), max_length=40)  # "app_label.model"
    target_id = models.BigIntegerField(null=True, blank=True)
    target_label = models.CharField(_("object"), max_length=255, blank=True)
    cadre = models.ForeignKey(
        Cadre, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [
            models.Index(fields=["target_type", "target_id", "-at"], name="audit_target"),
            models.Index(fields=["cadre", "-at"], name="audit_cadre"),
            models.Index(fields=["action", "-at"], name="audit_action"),
        ]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} · {self.actor_name} · {self.action} · {self.target_label}"


class RegistryVersion(models.Model):
    """One row: bumped on every change of what the office lists show (cadres, postings,
    agencies, categories, accounts), so their cached bodies in every process expire."""

    number = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("registry version")
        verbose_name_plural = _("registry versions")

    def __str__(self):
        return str(self.number)
