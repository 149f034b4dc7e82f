"""Forms of the back office: filters, cadre and agency details, transfers, imports."""

from datetime import date
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cadres.models import (
    Agency,
    AgencyKind,
    CadreCategory,
    EthnicGroup,
    Gender,
    JobPosition,
    LeadershipTitle,
    PoliticalTheoryLevel,
    ResponsibilityKind,
    RetirementCase,
    RotationForm,
    RotationRule,
    tree_indents,
)
from cadres.services import CadreDetails, LegalBasis, NewAgency
from cadres.spreadsheets import SUPPORTED_SUFFIXES
from cadres.text import has_letters

YES_NO_ANY = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]
STATUS_CHOICES = [("", _("Any")), ("serving", _("Serving")), ("left", _("Left"))]


class DateInput(forms.DateInput):
    """Every date of the site is typed as dd/mm/yyyy, whatever the browser's language.

    A browser date picker shows the order of the computer's locale (mm/dd/yyyy on an English
    one), which contradicts every other date on the page; the formats module accepts
    dd/mm/yyyy (and yyyy-mm-dd) in both languages.
    """

    def __init__(self, attrs=None, **kwargs):
        attrs = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, format="%d/%m/%Y", **kwargs)


EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
DATE_OUT_OF_RANGE = _("Not a plausible date: write a year between 1900 and 2100.")
BIRTH_IN_FUTURE = _("A date of birth cannot be in the future.")
NAME_NEEDS_LETTERS = _("A name must have letters.")


class DateField(forms.DateField):
    """A date typed as dd/mm/yyyy within 1900–2100: 01/01/0001 is a typing slip, not a date."""

    def __init__(self, *, past: bool = False, **kwargs):
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)
        self.past = past

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if not EARLIEST_DATE <= value <= LATEST_DATE:
            raise forms.ValidationError(DATE_OUT_OF_RANGE, code="out_of_range")
        if self.past and value > date.today():
            raise forms.ValidationError(BIRTH_IN_FUTURE, code="future")


FILE_TOO_LARGE = _("The file is larger than %(limit)s MB: split it or make it smaller.")


def check_upload_size(upload, limit: int) -> None:
    """Refuse an upload over `limit` bytes (the web server refuses far larger ones first)."""
    if upload.size > limit:
        raise forms.ValidationError(
            FILE_TOO_LARGE % {"limit": f"{limit / (1024 * 1024):g}"}, code="too_large"
        )


class _ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """The options from the objects the field read when it was made (validating a choice still
    asks the database)."""

    def _listed(self):
        listed = getattr(self.field, "_listed", None)
        return listed[1] if listed is not None and listed[0] is self.queryset else None

    def __iter__(self):
        objects = self._listed()
        if objects is None:  # a queryset set after the field was made: read it afresh
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in objects:
            yield self.choice(obj)

    def __len__(self):
        objects = self._listed()
        if objects is None:
            return super().__len__()
        return len(objects) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        objects = self._listed()
        if objects is None:
            return super().__bool__()
        return self.field.empty_label is not None or bool(objects)


class ListedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that reads its options once, from the queryset it is given, instead of
    once per rendering; fields given the same queryset object share that one read. Made in a
    form's __init__ (a field declared on the class would read the database at import)."""

    iterator = _ListedChoiceIterator

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset=queryset, **kwargs)
        self._listed = (self.queryset, list(queryset))


def read_choices_once(fields, queryset, objects=None) -> None:
    """Model choice fields (single or multiple) made by a ModelForm offer the objects of this
    queryset, read once for all of them, instead of each reading it on every rendering; or
    `objects`, the queryset's objects already read elsewhere in the request."""
    objects = list(queryset) if objects is None else objects
    for field in fields:
        field.iterator = _ListedChoiceIterator
        field.queryset = queryset  # a copy of it, and the widget's choices made afresh
        field._listed = (field.queryset, objects)


class AgencyChoiceField(ListedModelChoiceField):
    """Agencies in tree order, indented under the listed ones above them, so the tree shows in
    a plain select (a scope narrowed to kinds lists agencies without their parents)."""

    def label_from_instance(self, obj):
        return "\u2003" * self.indents.get(obj.pk, 0) + obj.name

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset=queryset, **kwargs)
        self.indents = tree_indents(self._listed[1])


def yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _attrs_html(attrs: dict) -> str:
    # django/forms/widgets/attrs.html, written out.
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}")
        if value is not True:
            parts.append(f'="{conditional_escape(value)}"')
    return "".join(parts)


class FastSelect(forms.Select):
    """Django's Select, its markup built in Python instead of a template per option: the same
    HTML (tests/cadres/test_fast_select.py compares them), at a fraction of the cost for the
    hundreds of agencies of a scope, on every view of the list it filters."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        out = [
            f'<select name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>'
        ]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in group_choices:
                out.append(
                    f'\n  <option value="{conditional_escape(option["value"])}"'
                    f"{_attrs_html(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out).strip())  # noqa: S308 (every part escaped above)


class CadreFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or personnel code"), required=False, max_length=100)
    agency = forms.ChoiceField(label=_("Agency (and its units)"), required=False, widget=FastSelect)
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    level = forms.ChoiceField(
        label=_("Political theory"),
        choices=[("", _("Any")), *PoliticalTheoryLevel.choices],
        required=False,
    )
    party = forms.ChoiceField(label=_("Party member"), choices=YES_NO_ANY, required=False)
    account = forms.ChoiceField(label=_("Has an account"), choices=YES_NO_ANY, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)

    def __init__(self, *args, agencies, categories, sensitive: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Any"))] + [
            (str(pk), name) for pk, name in categories
        ]
        if not sensitive:  # filtering by party membership would reveal it
            del self.fields["party"]
        indents = tree_indents(agencies)
        self.fields["agency"].choices = [("", _("All my agencies"))] + [
            (str(a.pk), "\u2003" * indents[a.pk] + a.name) for a in agencies
        ]


class CadreDetailsForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    date_of_birth = DateField(label=_("Date of birth"), past=True)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    ethnicity = forms.ChoiceField(label=_("Ethnicity"), required=False)
    religion = forms.CharField(label=_("Religion"), max_length=60, required=False)
    is_party_member = forms.BooleanField(label=_("Party member"), required=False)
    party_joined_on = DateField(
        label=_("Date of joining the Party"), required=False, widget=DateInput()
    )
    theory_level = forms.ChoiceField(
        label=_("Political theory level"),
        choices=[("", "—"), *PoliticalTheoryLevel.choices],
        required=False,
    )
    education = forms.CharField(label=_("Education"), max_length=200, required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=CadreCategory.objects.all(), required=False
    )
    email = forms.EmailField(label=_("Email address"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(g.name, g.name) for g in EthnicGroup.objects.all()]
        recorded = (self.initial.get("ethnicity") or "").strip()
        if recorded and recorded not in {value for value, _label in choices}:
            # An old record's free text that matched no group: shown until someone picks one.
            choices.append((recorded, _("%(name)s (not in the list)") % {"name": recorded}))
        self.fields["ethnicity"].choices = choices

    def clean_full_name(self):
        name = self.cleaned_data["full_name"]
        if not has_letters(name):
            raise forms.ValidationError(NAME_NEEDS_LETTERS)
        return name

    def details(self) -> CadreDetails:
        data = self.cleaned_data
        return CadreDetails(**{name: data[name] for name in CadreDetails.__dataclass_fields__})

    @classmethod
    def initial_from(cls, cadre) -> dict:
        return {name: getattr(cadre, name) for name in CadreDetails.__dataclass_fields__}


class CadreCreateForm(CadreDetailsForm):
    personnel_code = forms.RegexField(
        label=_("Personnel code"),
        max_length=32,
        regex=r"^[\w.@+-]+$",
        help_text=_("Also the login name. Letters, digits and . @ + - _ only."),
    )
    agency = AgencyChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    title = forms.ModelChoiceField(
        label=_("Leadership title (code)"), queryset=LeadershipTitle.objects.all(), required=False
    )
    job_position = forms.ModelChoiceField(
        label=_("Job position (code)"), queryset=JobPosition.objects.all(), required=False
    )
    start_date = DateField(label=_("Start date"), widget=DateInput())

    field_order = ["personnel_code", "full_name", "date_of_birth"]

    def clean_personnel_code(self):
        return self.cleaned_data["personnel_code"].upper()  # one code whatever its case

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"] = AgencyChoiceField(label=_("Agency"), queryset=agencies)


class TransferForm(forms.Form):
    agency = AgencyChoiceField(label=_("New agency"), queryset=Agency.objects.none())
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    title = forms.ModelChoiceField(
        label=_("Leadership title (code)"), queryset=LeadershipTitle.objects.all(), required=False
    )
    job_position = forms.ModelChoiceField(
        label=_("Job position (code)"), queryset=JobPosition.objects.all(), required=False
    )
    start_date = DateField(label=_("Start date"), widget=DateInput())

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"] = AgencyChoiceField(label=_("New agency"), queryset=agencies)


class LeaveForm(forms.Form):
    end_date = DateField(label=_("Last day"), widget=DateInput())


class AgencyForm(forms.Form):
    """An agency's details that are not history: its name, parent and end change by events."""

    kind = forms.ModelChoiceField(label=_("Kind"), queryset=AgencyKind.objects.all())
    admin_code = forms.RegexField(
        label=_("Administrative unit code"),
        regex=r"^(\d{2}|\d{5})$",
        required=False,
        help_text=_("2 digits for a province, 5 for a commune."),
    )
    admin_code_list = forms.CharField(label=_("Code list"), max_length=60, required=False)
    valid_from = DateField(label=_("Valid from"), required=False, widget=DateInput())


class AgencyCreateForm(AgencyForm):
    code = forms.RegexField(label=_("Code"), max_length=40, regex=r"^[\w.@+-]+$")
    name = forms.CharField(label=_("Name"), max_length=255)
    field_order = ["code", "name", "kind"]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        help_text=_("Headers in row 1; download the template to see the columns."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SUPPORTED_SUFFIXES:
            raise forms.ValidationError(
                _("The file must be an Excel workbook (.xlsx) or a CSV file (.csv).")
            )
        check_upload_size(upload, settings.IMPORT_MAX_UPLOAD_BYTES)
        return upload


# --- Agency history, responsible officers, rotation plans ---


class LegalBasisForm(forms.Form):
    effective_date = DateField(label=_("Effective date"), widget=DateInput())
    basis_number = forms.CharField(label=_("Decision number"), max_length=100)
    basis_date = DateField(label=_("Decision date"), required=False, widget=DateInput())
    basis_issuer = forms.CharField(label=_("Issued by"), max_length=255, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def basis(self) -> LegalBasis:
        data = self.cleaned_data
        return LegalBasis(
            number=data["basis_number"], issued_on=data["basis_date"], issuer=data["basis_issuer"]
        )


class AgencyRenameForm(LegalBasisForm):
    new_name = forms.CharField(label=_("New name"), max_length=255)
    field_order = ["new_name"]


class AgencyMoveForm(LegalBasisForm):
    new_parent = AgencyChoiceField(label=_("New parent"), queryset=Agency.objects.none())
    field_order = ["new_parent"]

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"] = AgencyChoiceField(label=_("New parent"), queryset=agencies)


class AgencyMergeForm(LegalBasisForm):
    target = AgencyChoiceField(label=_("Merged into"), queryset=Agency.objects.none())
    field_order = ["target"]

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"] = AgencyChoiceField(label=_("Merged into"), queryset=agencies)


class AgencyDissolveForm(LegalBasisForm):
    pass


class OfficerAssignForm(forms.Form):
    kind = forms.ModelChoiceField(
        label=_("Responsibility"), queryset=ResponsibilityKind.objects.all()
    )
    personnel_code = forms.CharField(label=_("Personnel code of the officer"), max_length=32)
    start_date = DateField(label=_("Start date"), widget=DateInput())
    decision_number = forms.CharField(label=_("Decision number"), max_length=100, required=False)


class AssignmentEndForm(forms.Form):
    end_date = DateField(label=_("Last day"), widget=DateInput())


class RotationPlanForm(forms.Form):
    to_agency = AgencyChoiceField(label=_("To agency"), queryset=Agency.objects.none())
    to_position = forms.CharField(label=_("To position"), max_length=200)
    to_title = forms.ModelChoiceField(
        label=_("Leadership title (code)"),
        queryset=LeadershipTitle.objects.all(),
        required=False,
        help_text=_("The coded title of the target post: its training requirements are checked."),
    )
    to_job_position = forms.ModelChoiceField(
        label=_("Job position (code)"), queryset=JobPosition.objects.all(), required=False
    )
    form = forms.ChoiceField(label=_("Form"), choices=RotationForm.choices)
    planned_date = DateField(label=_("Planned date"), widget=DateInput())
    planned_end = DateField(
        label=_("Planned end or review date"),
        required=False,
        widget=DateInput(),
        help_text=_("A rotation lasts at least the time its rules set (36 months)."),
    )
    service_exception = forms.ModelChoiceField(
        label=_("Exception on service left"),
        queryset=RotationRule.objects.none(),
        required=False,
        empty_label=_("None: the general rule"),
        help_text=_("Only where the cadre is rotated under one of these cases."),
    )
    exception_reason = forms.CharField(
        label=_("Reason for the exception"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    basis_number = forms.CharField(label=_("Decision number"), max_length=100, required=False)
    basis_date = DateField(label=_("Decision date"), required=False, widget=DateInput())
    basis_issuer = forms.CharField(label=_("Issued by"), max_length=255, required=False)

    def __init__(self, *args, agencies, exceptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agency"] = AgencyChoiceField(label=_("To agency"), queryset=agencies)
        self.fields["service_exception"].queryset = exceptions
        self.fields["service_exception"].label_from_instance = lambda rule: (
            f"{rule.get_form_display()}: {rule.name}"
        )

    def basis(self) -> LegalBasis:
        data = self.cleaned_data
        return LegalBasis(
            number=data["basis_number"], issued_on=data["basis_date"], issuer=data["basis_issuer"]
        )


class RetirementForm(forms.Form):
    case = forms.ChoiceField(label=_("Case"), choices=[("", "—"), *RetirementCase.choices])
    retirement_date = DateField(
        label=_("Decided retirement date"),
        widget=DateInput(),
        help_text=_("The last working day; retirement takes effect at its end."),
    )
    reason = forms.CharField(
        label=_("Decision and reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the decision's number and date, and why."),
    )

    @classmethod
    def initial_from(cls, cadre) -> dict:
        return {
            "case": cadre.retirement_case,
            "retirement_date": cadre.retirement_override,
            "reason": cadre.retirement_reason,
        }


class PlanningEntryForm(forms.Form):
    agency = AgencyChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    title = forms.ModelChoiceField(
        label=_("Leadership title"), queryset=LeadershipTitle.objects.all()
    )
    term_start = forms.IntegerField(label=_("Term from (year)"), min_value=2000, max_value=2100)
    term_end = forms.IntegerField(label=_("Term to (year)"), min_value=2000, max_value=2100)
    basis_number = forms.CharField(label=_("Decision number"), max_length=100)
    basis_date = DateField(label=_("Decision date"), widget=DateInput())
    basis_issuer = forms.CharField(label=_("Issued by"), max_length=255, required=False)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"] = AgencyChoiceField(label=_("Agency"), queryset=agencies)

    def basis(self) -> LegalBasis:
        data = self.cleaned_data
        return LegalBasis(
            number=data["basis_number"], issued_on=data["basis_date"], issuer=data["basis_issuer"]
        )


class PlanningRemoveForm(forms.Form):
    removed_on = DateField(label=_("Removed on"), widget=DateInput())
    decision_number = forms.CharField(label=_("Decision number"), max_length=100, required=False)
    reason = forms.CharField(
        label=_("Reason for removal"), widget=forms.Textarea(attrs={"rows": 2})
    )


class RotationCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


SPLIT_MIN_PARTS = 2
SPLIT_MAX_PARTS = 5


class AgencySplitForm(LegalBasisForm):
    """A split: 2–5 parts (each new or existing), then where each current posting and unit goes.

    The fields are named by position: `part<i>_existing`, `part<i>_code`, `part<i>_name`,
    `part<i>_kind` for the parts; `posting_<pk>` and `unit_<pk>` hold a part's index. An unplaced
    posting or unit is left for the service to refuse with its own message.
    """

    def __init__(self, *args, part_count, agencies, postings, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.part_count = part_count
        self.postings = list(postings)
        self.units = list(units)
        kinds = AgencyKind.objects.all()
        for i in range(part_count):
            self.fields[f"part{i}_existing"] = AgencyChoiceField(
                label=_("Existing agency"), queryset=agencies, required=False
            )
            self.fields[f"part{i}_code"] = forms.RegexField(
                label=_("Code"), max_length=40, regex=r"^[\w.@+-]+$", required=False
            )
            self.fields[f"part{i}_name"] = forms.CharField(
                label=_("Name"), max_length=255, required=False
            )
            self.fields[f"part{i}_kind"] = ListedModelChoiceField(
                label=_("Kind"), queryset=kinds, required=False
            )
        destinations = [("", "—")] + [
            (str(i), _("Part %(number)d") % {"number": i + 1}) for i in range(part_count)
        ]
        for posting in self.postings:
            self.fields[f"posting_{posting.pk}"] = forms.TypedChoiceField(
                label=posting.cadre.full_name,
                choices=destinations,
                coerce=int,
                empty_value=None,
                required=False,
            )
        for unit in self.units:
            self.fields[f"unit_{unit.pk}"] = forms.TypedChoiceField(
                label=unit.name, choices=destinations, coerce=int, empty_value=None, required=False
            )

    def basis_fields(self):
        return [self[name] for name in LegalBasisForm.base_fields]

    def part_rows(self):
        """(number, existing, code, name, kind) bound fields of each part."""
        return [
            (
                i + 1,
                self[f"part{i}_existing"],
                self[f"part{i}_code"],
                self[f"part{i}_name"],
                self[f"part{i}_kind"],
            )
            for i in range(self.part_count)
        ]

    def posting_rows(self):
        return [(posting, self[f"posting_{posting.pk}"]) for posting in self.postings]

    def unit_rows(self):
        return [(unit, self[f"unit_{unit.pk}"]) for unit in self.units]

    def clean(self):
        data = super().clean()
        for i in range(self.part_count):
            existing = data.get(f"part{i}_existing")
            new = [data.get(f"part{i}_{f}") for f in ("code", "name", "kind")]
            if existing is not None and any(new):
                self.add_error(
                    f"part{i}_existing",
                    _("Choose an existing agency or describe a new one, not both."),
                )
            elif existing is None and not all(new):
                if any(f"part{i}_{f}" in self.errors for f in ("existing", "code", "name", "kind")):
                    continue
                self.add_error(
                    f"part{i}_existing",
                    _("Choose an existing agency, or give the code, name and kind of a new one."),
                )
        return data

    def targets(self, parent) -> list:
        """The parts for the service: existing agencies, or new ones under `parent`."""
        data = self.cleaned_data
        targets = []
        for i in range(self.part_count):
            existing = data[f"part{i}_existing"]
            if existing is not None:
                targets.append(existing)
            else:
                targets.append(
                    NewAgency(
                        parent=parent,
                        code=data[f"part{i}_code"],
                        name=data[f"part{i}_name"],
                        kind=data[f"part{i}_kind"],
                    )
                )
        return targets

    def posting_targets(self) -> dict[int, int]:
        return self._placed(self.postings, "posting")

    def child_targets(self) -> dict[int, int]:
        return self._placed(self.units, "unit")

    def _placed(self, rows, prefix) -> dict[int, int]:
        placed = {}
        for row in rows:
            index = self.cleaned_data.get(f"{prefix}_{row.pk}")
            if index is not None:
                placed[row.pk] = index
        return placed


class ScopeGrantForm(forms.Form):
    """A scope to grant: an agency's subtree or the whole province, perhaps only some kinds."""

    agency = AgencyChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("The whole province"),
        help_text=_("The agency and every unit under it."),
    )
    kinds = forms.ModelMultipleChoiceField(
        label=_("Only agencies of these kinds"),
        queryset=AgencyKind.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Leave every box empty for every kind. Tick some to follow a line down to the "
            "communes: e.g. the whole province and “Ủy ban MTTQ” for every Front committee."
        ),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=255,
        required=False,
        help_text=_("Why, or the decision the scope rests on."),
    )

    def __init__(self, *args, agencies, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"] = AgencyChoiceField(
            label=self.fields["agency"].label,
            queryset=agencies,
            required=False,
            empty_label=self.fields["agency"].empty_label,
            help_text=self.fields["agency"].help_text,
        )
        self.fields["kinds"].queryset = kinds
