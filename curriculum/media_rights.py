"""Who may change a course file or an image: the collection's rights, and nothing else.

Wagtail's default policy lets whoever uploaded a document or an image change and delete it with
only the right to add. Editors hold that right (they upload course files and pictures), so they
could replace a private course file with other bytes, long after a moderator approved the pages
that link it, and no moderator would see it. Here changing and deleting follow the rights
granted on the collection alone (curriculum migration 0010: moderators change, editors add and
choose), so a replaced file has always passed a moderator.
"""

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permission_policies.collections import CollectionPermissionPolicy
from wagtail.permissions import register_permission_policy


def register() -> None:
    """Called from CurriculumConfig.ready: registered for the exact classes, this policy wins
    over the one Wagtail's own apps register, whatever the order of INSTALLED_APPS."""
    for model, auth_model in (
        (get_document_model(), "wagtaildocs.Document"),
        (get_image_model(), "wagtailimages.Image"),
    ):
        register_permission_policy(
            model, CollectionPermissionPolicy(model, auth_model=auth_model), exact_class=True
        )
