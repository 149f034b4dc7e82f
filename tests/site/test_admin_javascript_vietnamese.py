import json

import pytest

pytestmark = pytest.mark.django_db


def test_the_admin_javascript_catalogue_is_vietnamese(client, editor):
    """Wagtail's sidebar, page explorer and editor take their words from this catalogue."""
    client.force_login(editor)
    response = client.get("/admin/jsi18n/")
    assert response.status_code == 200
    script = response.content.decode("utf-8")
    for vietnamese in ["Duyệt trang", "Mở/đóng thanh bên", "Đang tự động lưu…"]:
        assert json.dumps(vietnamese)[1:-1] in script, vietnamese
