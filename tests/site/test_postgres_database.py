import pytest
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_the_site_runs_on_postgresql(client):
    assert connection.vendor == "postgresql"
    assert client.get("/healthz").status_code == 200
    assert "Đào tạo, bồi dưỡng cán bộ dân vận" in client.get("/").content.decode()
