"""Data: Editors and Moderators keep only the rights their roles need (issue 21, finding 3).

Wagtail's defaults gave both groups add, change and delete on every document and image of the
Root collection (the private collection "Tài liệu khóa học" inherits from it) and model-wide
rights besides, so an editor could replace a private course file with public bytes without a
moderator. Now:

- Editors add documents and images and choose them for their pages; replacing or deleting one
  is a moderator's (curriculum.media_rights removes the uploader's own-file exception too).
- Moderators add, change, delete and choose them, in Root and so in the private collection.
- Page rights live on the home page only (Wagtail also granted them on the tree's root, where
  a new site could be started): editors add and change, moderators add, change, publish, lock.
"""

from django.db import migrations

MEDIA = (("wagtaildocs", "document"), ("wagtailimages", "image"))
EDITOR_MEDIA = ("add", "choose")
MODERATOR_MEDIA = ("add", "change", "delete", "choose")
MODERATOR_PAGES = ("add", "change", "publish", "lock", "unlock")
EDITOR_PAGES = ("add", "change")


def adjust(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("curriculum", "HomePage")

    editors = Group.objects.filter(name="Editors").first()
    moderators = Group.objects.filter(name="Moderators").first()
    root_collection = Collection.objects.filter(depth=1).first()
    if editors is None or moderators is None or root_collection is None:
        return

    def permission(app_label, model, action):
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        return Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_{model}",
            defaults={"name": f"Can {action} {model}"},
        )[0]

    for app_label, model in MEDIA:
        every = [permission(app_label, model, a) for a in MODERATOR_MEDIA]
        # Rights on documents and images come from collections only, never model-wide.
        for group in (editors, moderators):
            group.permissions.remove(*every)
        GroupCollectionPermission.objects.filter(
            group__in=[editors, moderators], permission__in=every
        ).delete()
        for group, actions in ((editors, EDITOR_MEDIA), (moderators, MODERATOR_MEDIA)):
            for action in actions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=permission(app_label, model, action),
                )

    home = HomePage.objects.order_by("path").first()
    root_page = Page.objects.filter(depth=1).first()
    if home is None:
        return
    if root_page is not None:
        GroupPagePermission.objects.filter(
            group__in=[editors, moderators], page=root_page
        ).delete()
    for group, actions in ((editors, EDITOR_PAGES), (moderators, MODERATOR_PAGES)):
        for action in actions:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=home.pk, permission=permission("wagtailcore", "page", action)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("curriculum", "0009_default_emulation_criteria"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(adjust, migrations.RunPython.noop)]
