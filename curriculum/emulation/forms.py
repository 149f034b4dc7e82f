"""Forms of the "Dân vận khéo" pages; labels in English, shown in Vietnamese through gettext."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres.forms import DateInput
from cadres.models import Agency, Cadre
from curriculum.choices import CaseField, CaseKind, RecognitionLevel

UNKNOWN_CODES = _("No cadre with these personnel codes in your agencies: %(codes)s.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def _date_field(label, **kwargs):
    return forms.DateField(
        label=label, widget=DateInput(), input_formats=["%d/%m/%Y", "%Y-%m-%d"], **kwargs
    )


def _codes(text: str) -> list[str]:
    return [code for code in re.split(r"[\s,;]+", text or "") if code]


class RegistrationForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2010, max_value=2100)
    case_kind = forms.ChoiceField(label=_("Model or exemplar"), choices=CaseKind.choices)
    field = forms.ChoiceField(label=_("Field"), choices=CaseField.choices)
    title = forms.CharField(label=_("Name of the model or exemplar"), max_length=255)
    lead_agency = forms.ModelChoiceField(label=_("Lead agency"), queryset=Agency.objects.none())
    exemplar_code = forms.CharField(
        label=_("Exemplary person (personnel code)"),
        required=False,
        help_text=_("For an exemplar who is a person; leave empty for a collective or a model."),
    )
    participant_codes = forms.CharField(
        label=_("Cadres taking part (personnel codes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Separated by commas or spaces."),
    )
    goals = forms.CharField(label=_("Goals"), widget=forms.Textarea(attrs={"rows": 4}))
    description = forms.CharField(
        label=_("How it is done"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    start_date = _date_field(_("Start date"))
    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_(
            "PDF, JPG, PNG, DOCX, XLSX or MP4; seen only by your agency and the assessors."
        ),
    )

    def __init__(self, *args, agencies, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.cadres = cadres
        self.fields["lead_agency"].queryset = agencies
        self.fields["year"].initial = timezone.localdate().year

    def _cadres(self, codes: list[str]) -> list[Cadre]:
        found = {c.personnel_code: c for c in self.cadres.filter(personnel_code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise forms.ValidationError(UNKNOWN_CODES % {"codes": ", ".join(missing)})
        return [found[code] for code in codes]

    def clean_exemplar_code(self):
        codes = _codes(self.cleaned_data["exemplar_code"])[:1]
        return self._cadres(codes)[0] if codes else None

    def clean_participant_codes(self):
        return self._cadres(list(dict.fromkeys(_codes(self.cleaned_data["participant_codes"]))))


class EvidenceForm(forms.Form):
    evidence = MultipleFileField(label=_("Evidence files"))


class AssessmentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (0–{criterion.max_score})",
                min_value=0,
                max_value=criterion.max_score,
                help_text=criterion.description,
            )
        self.order_fields([f"score_{c.pk}" for c in self.criteria] + ["comment"])

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class DecisionForm(forms.Form):
    recognised = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Recognised")), ("0", _("Not recognised"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    level = forms.ChoiceField(label=_("Level of recognition"), required=False, choices=())
    number = forms.CharField(label=_("Decision number"), required=False, max_length=60)
    decided_on = _date_field(_("Decision date"))
    reason = forms.CharField(
        label=_("Reason or remarks"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", "—")] + [
            (level, RecognitionLevel(level).label) for level in levels
        ]
        if len(levels) == 1:
            self.fields["level"].initial = levels[0]


class ReplicationForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Recognised model"), queryset=None)
    agency = forms.ModelChoiceField(label=_("Adopting agency"), queryset=Agency.objects.none())
    started_on = _date_field(_("Adopted on"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, sources, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["source"].label_from_instance = lambda r: (
            f"{r.title} – {r.lead_agency.name} ({r.year}, {r.get_recognition_level_display()})"
        )
        self.fields["agency"].queryset = agencies
