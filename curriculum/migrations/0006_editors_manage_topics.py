"""Data: Editors and Moderators manage topics (the snippet courses are tagged with)."""

from django.db import migrations

ACTIONS = ("add", "change", "delete")


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    topic_type, _ = ContentType.objects.get_or_create(app_label="curriculum", model="topic")
    permissions = [
        Permission.objects.get_or_create(
            content_type=topic_type,
            codename=f"{action}_topic",
            defaults={"name": f"Can {action} topic"},
        )[0]
        for action in ACTIONS
    ]
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("curriculum", "0005_content_version")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
