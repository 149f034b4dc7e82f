from django.db import migrations

# The project's own roles; Editors and Moderators come from Wagtail's migrations.
ROLE_GROUPS = ["Cadres", "Personnel officers", "Coordinators"]


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("cadres", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
