"""The CMS document form: Wagtail's, with a size limit (loaded by Wagtail once apps are ready)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

DOCUMENT_TOO_LARGE = _("The file is larger than %(limit)s MB: make it smaller or link to it.")


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form with a size limit (the types are WAGTAILDOCS_EXTENSIONS)."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        limit = settings.DOCUMENT_MAX_UPLOAD_BYTES
        if "file" in self.changed_data and getattr(upload, "size", 0) > limit:
            raise forms.ValidationError(
                DOCUMENT_TOO_LARGE % {"limit": f"{limit / (1024 * 1024):g}"}, code="too_large"
            )
        return upload
