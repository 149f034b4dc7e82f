"""The registry: users and their roles (agencies, cadres and postings join them)."""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from cadres.text import fold, name_sort_text, nfc


class User(AbstractUser):
    """A login. Cadres log in with their personnel code as username; staff usually by email."""

    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Language of the interface; empty means Vietnamese."),
    )
    # A personnel officer manages this agency and everything under it; coordinators and
    # superusers see the whole province whatever is set here.
    agency = models.ForeignKey(
        "cadres.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name=_("managed agency"),
        help_text=_("Personnel officers see and change only this agency and those under it."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    def get_full_name(self):
        # Vietnamese order: family and middle names (last_name) before the given name.
        return " ".join(part for part in (self.last_name, self.first_name) if part).strip()

    def __str__(self):
        return self.get_full_name() or self.username


class CadreCategory(models.Model):
    """A group of cadres that courses are aimed at and hour targets are set for (editable)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("cadre category")
        verbose_name_plural = _("cadre categories")

    def __str__(self):
        return self.name


class AgencyKind(models.Model):
    """A kind of agency (Tỉnh ủy, Ủy ban nhân dân, …): an editable table, defaults from migration."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("agency kind")
        verbose_name_plural = _("agency kinds")

    def __str__(self):
        return self.name


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


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class PoliticalTheoryLevel(models.TextChoices):
    ELEMENTARY = "so_cap", _("Elementary (sơ cấp)")
    INTERMEDIATE = "trung_cap", _("Intermediate (trung cấp)")
    ADVANCED = "cao_cap", _("Advanced (cao cấp)")
    BACHELOR = "cu_nhan", _("Bachelor (cử nhân)")


class Cadre(models.Model):
    """A person in the registry: cán bộ, công chức, viên chức, đảng viên."""

    personnel_code = models.CharField(_("personnel code"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    # Search and sort columns derived from full_name; services and bulk imports fill them.
    folded_name = models.CharField(max_length=200, editable=False, default="")
    name_sort_text = models.CharField(max_length=600, editable=False, default="", db_index=True)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=1, blank=True, choices=Gender.choices)
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

    class Meta:
        ordering = ["name_sort_text", "personnel_code"]
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        constraints = [
            models.CheckConstraint(
                condition=Q(party_joined_on__isnull=True) | Q(is_party_member=True),
                name="cadre_party_date_only_for_members",
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
