"""Response headers: private pages are never stored; the Content-Security-Policy."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_signed_in_pages_are_never_stored(client, cadre_user, coordinator):
    client.force_login(coordinator)
    for url in ("/", reverse("cadres:office_home"), reverse("cadres:cadre_list")):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], url
    client.force_login(cadre_user)
    assert "no-store" in client.get("/").headers["Cache-Control"]


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_the_site_allows_only_its_own_scripts_and_styles(client, coordinator):
    for who in (None, coordinator):
        if who is not None:
            client.force_login(who)
        for url in ("/", "/accounts/login/", reverse("cadres:office_home")):
            response = client.get(url, follow=True)
            policy = _policy(response)
            assert policy["script-src"] == ["'self'"], url
            assert policy["style-src"] == ["'self'"], url
            assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
            assert policy["frame-ancestors"] == ["'self'"]
            assert "nonce" not in response["Content-Security-Policy"]


def test_the_wagtail_admin_gets_what_its_inline_scripts_need_and_no_more(client, editor):
    client.force_login(editor)
    policy = _policy(client.get("/admin/"))
    # Wagtail 8 still writes inline scripts (date pickers, inline panels) and style attributes.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"] and policy["connect-src"] == ["'self'"]


SERVED_TEMPLATES = (
    "cadres/templates",
    "training/templates",
    "curriculum/templates",
    "site/templates",
)


def test_no_served_template_has_inline_script_style_or_handlers():
    """Pages are cached whole, so no nonce can be used: nothing inline may be needed."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
    offenders = []
    for folder in SERVED_TEMPLATES:
        for path in (root / folder).rglob("*.html"):
            if "/pdf/" in str(path) or "/emails/" in str(path):
                continue  # drawn into PDFs or emails, never served as a page
            text = path.read_text(encoding="utf-8")
            if (
                inline_script.search(text)
                or re.search(r"\sstyle=\"", text)
                or "<style" in text
                or re.search(r"\son[a-z]+=\"", text)
            ):
                offenders.append(str(path.relative_to(root)))
    assert offenders == []
