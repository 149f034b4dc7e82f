"""Query-string forms of the public pages: search and the listing filters."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from cadres.text import fold
from curriculum.choices import CaseField, ContentKind, ResourceKind

QUERY_TOO_SHORT = _("Type at least two letters to search.")
QUERY_TOO_LONG = _("The search text is too long (at most 200 characters).")
UNKNOWN_FILTER = _("This value is not in the list; all items are shown instead.")


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        error_messages={"max_length": QUERY_TOO_LONG, "required": QUERY_TOO_SHORT},
    )

    def clean_q(self):
        query = " ".join(self.cleaned_data["q"].split())
        if len(query) < 2:
            raise forms.ValidationError(QUERY_TOO_SHORT)
        return query


def _any(label):
    return [("", label)]


class _FilterForm(forms.Form):
    """Unknown values say so in Vietnamese and the list falls back to everything."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.error_messages["invalid_choice"] = UNKNOWN_FILTER


class CatalogFilterForm(_FilterForm):
    kind = forms.ChoiceField(
        label=_("Content kind"), choices=_any(_("All kinds")) + ContentKind.choices
    )


class ResourceFilterForm(_FilterForm):
    kind = forms.ChoiceField(
        label=_("Kind of document"), choices=_any(_("All kinds")) + ResourceKind.choices
    )


class CaseStudyFilterForm(_FilterForm):
    field = forms.ChoiceField(label=_("Field"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, empty_value=None)
    unit = forms.ChoiceField(label=_("Unit"))

    def __init__(self, *args, years=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = _any(_("All fields")) + CaseField.choices
        self.fields["year"].choices = _any(_("All years")) + [(str(y), str(y)) for y in years]
        self.fields["unit"].choices = _any(_("All units")) + [(u, u) for u in units]


class FoldedSlugPageForm(WagtailAdminPageForm):
    """Page addresses without Vietnamese marks, folded as search folds text: "Dân vận khéo"
    becomes dan-van-kheo instead of a percent-encoded URL."""

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or self.data.get("title", "")
        return slugify(fold(slug)) or slug
