"""Wagtail rights (issue 21, finding 3): an editor adds course files and images and uses them,
but replacing one (a private course file, an image in Root) is for a moderator; pages are
written under the home page only; coordinators do not reach the generic choosers and APIs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Page

from tests.curriculum import factories

pytestmark = pytest.mark.django_db


def _denied(response) -> bool:
    """Wagtail refuses a missing permission with a redirect to its dashboard (or a 403)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"].split("?")[0] == "/admin/"
    )


def test_an_editor_cannot_replace_a_private_course_file(client, editor):
    document = factories.private_document()
    document.uploaded_by_user = editor  # even one they uploaded themselves
    document.save()
    before = document.file.read()
    client.force_login(editor)
    url = reverse("wagtaildocs:edit", args=[document.pk])
    assert _denied(client.get(url))
    response = client.post(
        url,
        {
            "title": document.title,
            "collection": document.collection_id,
            "file": SimpleUploadedFile("cong-khai.pdf", b"%PDF-1.4 public bytes"),
        },
    )
    assert _denied(response)
    document.refresh_from_db()
    document.file.open()
    assert document.file.read() == before


def test_an_editor_cannot_replace_an_image_in_root(client, editor):
    image = factories.image()
    image.uploaded_by_user = editor
    image.save()
    client.force_login(editor)
    assert _denied(client.get(reverse("wagtailimages:edit", args=[image.pk])))
    assert _denied(
        client.get(reverse("wagtaildocs:delete", args=[factories.private_document().pk]))
    )


def test_a_moderator_replaces_them(client, moderator):
    document = factories.private_document()
    client.force_login(moderator)
    assert client.get(reverse("wagtaildocs:edit", args=[document.pk])).status_code == 200
    assert client.get(reverse("wagtailimages:edit", args=[factories.image().pk])).status_code == 200


def test_an_editor_still_adds_files_and_images_and_chooses_them(client, editor):
    client.force_login(editor)
    for name in ("wagtaildocs:add_multiple", "wagtailimages:add_multiple"):
        assert client.get(reverse(name)).status_code == 200, name
    for name in ("wagtaildocs_chooser:choose", "wagtailimages_chooser:choose"):
        assert client.get(reverse(name)).status_code == 200, name


def test_editors_and_moderators_write_pages_under_the_home_page_only(editor, moderator):
    root = Page.get_first_root_node()
    home = factories.home()
    for user in (editor, moderator):
        assert not root.permissions_for_user(user).can_add_subpage()
        assert home.permissions_for_user(user).can_add_subpage()
    assert home.permissions_for_user(moderator).can_publish()
    assert not home.permissions_for_user(editor).can_publish()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/choose-page/",
        "/admin/images/chooser/",
        "/admin/documents/chooser/",
        "/admin/snippets/choose/curriculum/topic/",
        "/admin/api/main/pages/",
        "/admin/api/main/documents/",
        "/admin/tag-autocomplete/",
    ],
)
def test_coordinators_do_not_reach_generic_choosers_and_apis(client, coordinator, editor, url):
    client.force_login(coordinator)
    assert client.get(url).status_code == 404
    client.force_login(editor)
    assert client.get(url).status_code == 200
