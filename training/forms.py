"""Forms of the learning capability; labels in English, shown in Vietnamese through gettext."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import IntegerField, Value
from django.utils.translation import gettext_lazy as _

from cadres.forms import (
    DATE_OUT_OF_RANGE,
    EARLIEST_DATE,
    LATEST_DATE,
    AgencyChoiceField,
    DateField,
    DateInput,
    check_upload_size,
    read_choices_once,
)
from cadres.models import Agency, CadreCategory, JobPosition, LeadershipTitle
from cadres.roles import Role
from curriculum.choices import ContentKind
from curriculum.models import CoursePage
from training.models import (
    ExternalTraining,
    Offering,
    QualificationArea,
    Session,
    TrainingPlanItem,
)
from training.periods import PRESETS, Period, preset

DATES_ORDER = _("“%(later)s” cannot be before “%(earlier)s”.")


class DateOrderMixin:
    """Refuse a later date before its earlier one, naming both fields as the user sees them."""

    date_pairs: tuple[tuple[str, str], ...] = ()

    def clean(self):
        data = super().clean()
        for earlier, later in self.date_pairs:
            if data.get(earlier) and data.get(later) and data[later] < data[earlier]:
                self.add_error(
                    later,
                    DATES_ORDER
                    % {"later": self.fields[later].label, "earlier": self.fields[earlier].label},
                )
        return data


class OfferingForm(DateOrderMixin, forms.ModelForm):
    date_pairs = (("start_date", "end_date"), ("enrol_opens", "enrol_closes"))

    class Meta:
        model = Offering
        fields = [
            "course",
            "code",
            "mode",
            "organiser",
            "start_date",
            "end_date",
            "venue",
            "capacity",
            "enrol_opens",
            "enrol_closes",
            "approval_required",
            "eligible_categories",
            "eligible_agencies",
            "organisers",
            "late_counts_as_present",
            "excused_counts_as_present",
            "grading_scheme",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "enrol_opens": DateInput(),
            "enrol_closes": DateInput(),
            "eligible_categories": forms.CheckboxSelectMultiple,
            "eligible_agencies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        current = Agency.objects.filter(valid_to__isnull=True).order_by("path")
        read_choices_once([self.fields["organiser"], self.fields["eligible_agencies"]], current)
        # Hundreds of agencies: the page offers a box that narrows these lists as one types.
        self.filterable = ("organiser", "eligible_agencies", "organisers")
        self.fields["eligible_agencies"].required = False
        self.fields["eligible_categories"].queryset = CadreCategory.objects.all()
        # Who may run the class: staff accounts (not cadres' own logins, not leaders, who change
        # nothing), by name.
        self.fields["organisers"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__isnull=False)
            .exclude(groups__name__in=[Role.CADRE.value, Role.LEADER.value])
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["organisers"].widget = forms.CheckboxSelectMultiple()
        for name in ("start_date", "end_date", "enrol_opens", "enrol_closes"):
            self.fields[name].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 2})
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was this course?"),
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=_("Comments (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


EVIDENCE_TYPE = _("Evidence must be a scan or a document: %(types)s.")


def plausible_date(value) -> None:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise forms.ValidationError(DATE_OUT_OF_RANGE, code="out_of_range")


class ExternalTrainingForm(DateOrderMixin, forms.ModelForm):
    date_pairs = (("start_date", "end_date"),)

    class Meta:
        model = ExternalTraining
        fields = [
            "title",
            "institution",
            "content_kind",
            "hours",
            "start_date",
            "end_date",
            "theory_level_gained",
            "evidence",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    qualification_area = forms.ChoiceField(
        label=_("Qualification gained: area"),
        choices=[("", "—"), *QualificationArea.choices],
        required=False,
        help_text=_("If the training gave a diploma or certificate (a language, a degree)."),
    )
    qualification_name = forms.CharField(
        label=_("Qualification gained: name"),
        max_length=255,
        required=False,
        help_text=_("For example: Chứng chỉ tiếng Khmer trình độ B."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start_date", "end_date"):
            self.fields[name].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
            self.fields[name].validators.append(plausible_date)
        self.fields["hours"].min_value = 1

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload or not hasattr(upload, "size"):
            return upload
        suffix = Path(upload.name).suffix.lower().lstrip(".")
        if suffix not in settings.EVIDENCE_EXTENSIONS:
            raise forms.ValidationError(
                EVIDENCE_TYPE % {"types": ", ".join(settings.EVIDENCE_EXTENSIONS)}
            )
        check_upload_size(upload, settings.EVIDENCE_MAX_UPLOAD_BYTES)
        return upload


class CompareForm(forms.Form):
    """Another post to compare a cadre's training with: a job position and/or a title."""

    title = forms.ModelChoiceField(
        label=_("Leadership title"),
        queryset=LeadershipTitle.objects.all(),
        required=False,
        empty_label="—",
    )
    job_position = forms.ModelChoiceField(
        label=_("Job position"), queryset=JobPosition.objects.all(), required=False, empty_label="—"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        titles, positions = _titles_and_positions()
        for name, objects in (("title", titles), ("job_position", positions)):
            read_choices_once([self.fields[name]], self.fields[name].queryset, objects=objects)


_POST_FIELDS = ("id", "code", "name", "sort_order", "description")


def _titles_and_positions() -> tuple[list[LeadershipTitle], list[JobPosition]]:
    """Every leadership title and job position, each in its order, in one query (two small
    tables of the same columns, read together)."""
    found = {0: [], 1: []}
    models = {0: LeadershipTitle, 1: JobPosition}
    parts = [
        model.objects.annotate(table=Value(table, IntegerField()))
        .order_by()
        .values_list(*_POST_FIELDS, "table")
        for table, model in models.items()
    ]
    for *values, table in (
        parts[0].union(parts[1], all=True).order_by("table", "sort_order", "name")
    ):
        found[table].append(models[table].from_db("default", _POST_FIELDS, values))
    return found[0], found[1]


# --- Certificates ---------------------------------------------------------------------------


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for revoking the certificate.")},
    )
    reissue = forms.BooleanField(
        label=_("Issue a corrected certificate in its place (new register number)"),
        required=False,
    )


class IssueForm(forms.Form):
    issued_on = DateField(
        label=_("Issue date"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: today. A class that ended earlier may be issued on its last day."),
    )


class TimeInput(forms.TimeInput):
    """Hours typed as hh:mm, the 24-hour clock agencies write."""

    def __init__(self, attrs=None):
        attrs = {
            "placeholder": "hh:mm",
            "inputmode": "numeric",
            "autocomplete": "off",
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, format="%H:%M")


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["date", "starts_at", "ends_at", "periods", "place", "teacher", "topic"]
        widgets = {"date": DateInput(), "starts_at": TimeInput(), "ends_at": TimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%H:%M", "%Hh%M", "%H.%M"]


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=100)
    decided_on = DateField(label=_("Decision date"), widget=DateInput())
    signer_name = forms.CharField(label=_("Signed by"), max_length=120)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=200)


class IssueAgainForm(forms.Form):
    """Issue again to one learner whose certificate was revoked: a decision with its reason."""

    enrolment = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for issuing again"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for issuing a certificate again.")},
    )


# --- Reports ----------------------------------------------------------------------------------


class ReportFilterForm(forms.Form):
    """The filters of a report page (GET): a period preset or dates, and what to narrow to."""

    PERIODS = [*((name, label) for name, (label, _make) in PRESETS.items())]
    PERIODS.append(("custom", _("Dates below")))
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, initial="state_year")
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    start = DateField(label=_("From"), required=False, widget=DateInput())
    end = DateField(label=_("To"), required=False, widget=DateInput())
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, empty_label=_("All")
    )
    category = forms.ModelChoiceField(
        label=_("Cadre category"),
        queryset=CadreCategory.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    content_kind = forms.ChoiceField(
        label=_("Content kind"), choices=[("", _("All")), *ContentKind.choices], required=False
    )
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=CoursePage.objects.none(), required=False, empty_label=_("All")
    )
    cut = forms.ChoiceField(
        label=_("Count agencies"),
        choices=[
            ("today", _("Rolled up into today's agencies")),
            ("then", _("As they were then")),
        ],
        initial="today",
        required=False,
    )

    def __init__(self, data, *, agencies, courses, today, categories=None):
        """`categories`: the cadre categories already read in the request, offered as they are
        (the report names its rows' categories from the same read)."""
        super().__init__(data, initial={"year": today.year})
        self.fields["agency"].queryset = agencies
        self.fields["course"].queryset = courses
        if categories is not None:
            category = self.fields["category"]
            read_choices_once([category], category.queryset, objects=categories)
        self.today = today

    def agency_options(self) -> list[Agency]:
        """The agencies offered, read once: for the options and whatever else needs them."""
        field = self.fields["agency"]
        if getattr(field, "_listed", None) is None or field._listed[0] is not field.queryset:
            read_choices_once([field], field.queryset)
        return field._listed[1]

    def clean(self):
        data = super().clean()
        if data.get("period") == "custom":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("Give both dates of the period."))
            if end < start:
                raise forms.ValidationError(_("The period ends before it starts."))
        return data

    def report_period(self) -> Period:
        data = self.cleaned_data
        if data["period"] == "custom":
            return Period(data["start"], data["end"])
        return preset(data["period"], data["year"])


class TrainingPlanForm(forms.Form):
    agency = AgencyChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"] = AgencyChoiceField(label=_("Agency"), queryset=agencies)


class TrainingPlanItemForm(forms.ModelForm):
    class Meta:
        model = TrainingPlanItem
        fields = [
            "course",
            "content_kind",
            "category",
            "title",
            "job_position",
            "headcount",
            "quarter",
            "estimated_cost",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["quarter"].widget = forms.Select(
            choices=[(q, _("Quarter %(q)d") % {"q": q}) for q in range(1, 5)]
        )


class PlanReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 2})
    )
