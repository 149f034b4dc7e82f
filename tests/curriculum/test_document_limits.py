"""CMS documents: only the listed types and a size limit, in Vietnamese."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form

pytestmark = pytest.mark.django_db


def _form(user, name, size):
    Form = get_document_form(get_document_model())
    upload = SimpleUploadedFile(name, b"%PDF-1.4 " + b"0" * size)
    from wagtail.models import Collection

    data = {"title": "Tài liệu", "collection": Collection.get_first_root_node().pk}
    return Form(data=data, files={"file": upload}, user=user)


def test_a_document_over_the_limit_is_refused_in_vietnamese(settings, editor):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 1024 * 1024
    form = _form(editor, "nghi-quyet.pdf", 2 * 1024 * 1024)
    assert not form.is_valid()
    assert "lớn hơn 1 MB" in form.errors["file"][0]
    assert _form(editor, "nghi-quyet.pdf", 1000).is_valid()


def test_a_web_page_is_not_a_document(editor):
    form = _form(editor, "trang.html", 100)
    assert not form.is_valid() and "file" in form.errors
