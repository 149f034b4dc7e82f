"""Forms of the learning capability; labels in English, shown in Vietnamese through gettext."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cadres.models import Agency, CadreCategory
from curriculum.models import CoursePage
from training.models import ExternalTraining, Offering

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
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
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "enrol_opens": DATE_WIDGET,
            "enrol_closes": DATE_WIDGET,
            "eligible_categories": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["organiser"].queryset = Agency.objects.filter(valid_to__isnull=True)
        self.fields["eligible_agencies"].queryset = Agency.objects.filter(valid_to__isnull=True)
        self.fields["eligible_agencies"].required = False
        self.fields["eligible_categories"].queryset = CadreCategory.objects.all()
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
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start_date", "end_date"):
            self.fields[name].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
        self.fields["hours"].min_value = 1


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
    issued_on = forms.DateField(
        label=_("Issue date"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Empty: today. A class that ended earlier may be issued on its last day."),
    )


class IssueAgainForm(forms.Form):
    """Issue again to one learner whose certificate was revoked: a decision with its reason."""

    enrolment = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for issuing again"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for issuing a certificate again.")},
    )
