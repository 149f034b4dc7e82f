"""Data: the private documents collection (login required) and the "Duyệt rồi xuất bản" workflow.

Editors may add and change pages under the home page but not publish; Moderators approve (the
workflow's one task) and publish. Wagtail created both groups and a default workflow on the root
page; the nearer workflow on the home page takes over for the whole portal.
"""

from django.db import migrations

PRIVATE_COLLECTION = "Tài liệu khóa học"
WORKFLOW_NAME = "Duyệt rồi xuất bản"
TASK_NAME = "Kiểm duyệt nội dung"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def _next_child_path(parent, model):
    # Collections are a treebeard tree; historical models lack add_child, so compute the path.
    last = (
        model.objects.filter(depth=parent.depth + 1, path__startswith=parent.path)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = 0
    if last:
        for char in last[-STEPLEN:]:
            number = number * len(ALPHABET) + ALPHABET.index(char)
        number += 1
    else:
        number = 1
    digits = ""
    for _ in range(STEPLEN):
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return parent.path + digits


def private_collection(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    collection = Collection.objects.filter(name=PRIVATE_COLLECTION, depth=2).first()
    if collection is None:
        collection = Collection.objects.create(
            name=PRIVATE_COLLECTION,
            path=_next_child_path(root, Collection),
            depth=2,
            numchild=0,
        )
        root.numchild += 1
        root.save(update_fields=["numchild"])
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")


def review_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    HomePage = apps.get_model("curriculum", "HomePage")

    home = HomePage.objects.order_by("path").first()
    editors = Group.objects.filter(name="Editors").first()
    moderators = Group.objects.filter(name="Moderators").first()
    if home is None or editors is None or moderators is None:
        return
    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")

    def permission(action):
        perm, _ = Permission.objects.get_or_create(
            content_type=page_type,
            codename=f"{action}_page",
            defaults={"name": f"Can {action} page"},
        )
        return perm

    for group, actions in ((editors, ("add", "change")), (moderators, ("add", "change", "publish"))):
        for action in actions:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=home.pk, permission=permission(action)
            )
    # Editors submit for review; they never publish, anywhere in the tree.
    GroupPagePermission.objects.filter(group=editors, permission=permission("publish")).delete()

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.set([moderators])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page_id=home.pk, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("curriculum", "0003_course_lesson_resource_case_study_pages"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("cadres", "0002_role_groups"),
    ]

    operations = [
        migrations.RunPython(private_collection, migrations.RunPython.noop),
        migrations.RunPython(review_workflow, migrations.RunPython.noop),
    ]
